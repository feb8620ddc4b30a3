/** The deserialization family: every rule module, in code order (new rules are appended). */
import type { RuleModule } from '../../engine/rule';
import unsafePickleLoad from './unsafe-pickle-load/rule';
import unsafeTorchLoad from './unsafe-torch-load/rule';
import torchJitOrPackageLoad from './torch-jit-or-package-load/rule';
import numpyAllowPickle from './numpy-allow-pickle/rule';
import pandasReadPickle from './pandas-read-pickle/rule';
import joblibLoad from './joblib-load/rule';
import kerasUnsafeDeserialization from './keras-unsafe-deserialization/rule';
import kerasLambdaLayer from './keras-lambda-layer-in-code/rule';
import nativeLibraryOrSavedModelLoad from './native-library-or-saved-model-load/rule';
import distributedObjectCollective from './distributed-object-collective/rule';
import msgpackNumpyLoad from './msgpack-numpy-load/rule';
import unsafeYamlLoad from './unsafe-yaml-load/rule';
import nodeSerializeUnserialize from './node-serialize-unserialize/rule';
import jsYamlUnsafeLoad from './js-yaml-unsafe-load/rule';
import unsafeRuamelYaml from './unsafe-ruamel-yaml/rule';
import mlflowModelLoad from './mlflow-model-load/rule';
import langchainLoad from './langchain-load/rule';
import langchainDangerousDeserialization from './langchain-dangerous-deserialization/rule';
import serializeJavascriptUnsafe from './serialize-javascript-unsafe/rule';

export const modules: readonly RuleModule[] = [
  unsafePickleLoad,
  unsafeTorchLoad,
  torchJitOrPackageLoad,
  numpyAllowPickle,
  pandasReadPickle,
  joblibLoad,
  kerasUnsafeDeserialization,
  kerasLambdaLayer,
  nativeLibraryOrSavedModelLoad,
  distributedObjectCollective,
  msgpackNumpyLoad,
  unsafeYamlLoad,
  nodeSerializeUnserialize,
  jsYamlUnsafeLoad,
  unsafeRuamelYaml,
  mlflowModelLoad,
  langchainLoad,
  langchainDangerousDeserialization,
  serializeJavascriptUnsafe,
];
