/**
 * The model-files family (AIS6xx): model files in the workspace that run code when loaded. One binary
 * checker scans each file once and reports under every rule of the family.
 */
import { defineRuleFamily, type RuleModule } from '../../engine/rule';
import { meta as dangerousGlobal } from './model-file-dangerous-global/rule';
import { meta as unknownGlobal } from './model-file-unknown-global/rule';
import { meta as pickleBased } from './pickle-based-model-file/rule';
import { meta as notFullyChecked } from './model-file-not-fully-checked/rule';
import { meta as invalidSafetensors } from './invalid-safetensors-header/rule';
import { meta as kerasLambda } from './keras-lambda-layer/rule';
import { meta as kerasCustomObject } from './keras-custom-object/rule';
import { meta as torchScript } from './torchscript-archive/rule';
import { meta as tensorflowFileOp } from './tensorflow-file-op/rule';
import { meta as ambiguousArchive } from './ambiguous-model-archive/rule';
import { meta as chatTemplate } from './chat-template-injection/rule';
import { meta as metadataTarget } from './model-metadata-target/rule';
import { meta as remoteCode } from './model-remote-code/rule';
import { meta as onnxExternalData } from './onnx-external-data-escape/rule';
import { meta as onnxCustomOperator } from './onnx-custom-operator/rule';
import { meta as tensorflowPythonOp } from './tensorflow-python-op/rule';
import { meta as torchServeHandler } from './torchserve-handler-code/rule';
import { meta as assetPathEscape } from './model-asset-path-escape/rule';
import { meta as exportArchiveCode } from './export-archive-code/rule';
import { modelFileChecker } from './model-file-checker';
import { hfRepoFilesChecker } from './hf-repo-files-checker';

export const modules: readonly RuleModule[] = [
  defineRuleFamily(
    [dangerousGlobal, unknownGlobal, pickleBased, notFullyChecked, invalidSafetensors, kerasLambda, kerasCustomObject, torchScript, tensorflowFileOp, ambiguousArchive, chatTemplate, metadataTarget, remoteCode, onnxExternalData, onnxCustomOperator, tensorflowPythonOp, torchServeHandler, assetPathEscape, exportArchiveCode],
    [modelFileChecker, hfRepoFilesChecker],
  ),
];
