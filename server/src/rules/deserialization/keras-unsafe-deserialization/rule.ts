/**
 * AIS107 keras-unsafe-deserialization: Keras `load_model(..., safe_mode=False)`, a call to
 * `enable_unsafe_deserialization()`, or loading a legacy HDF5 model lets a model file run Lambda bytecode.
 */
import type { Node } from 'web-tree-sitter';
import type { Fix } from '../../../engine/finding';
import { defineRule, type AstContext } from '../../../engine/rule';
import { literalTruthiness, resolvedCalls } from '../../shared/python-calls';
import { keywordArgumentNode, removeArgumentEdit, removeStatementEdit, replaceNodeEdit } from '../../shared/python-edits';
import { literalString, modelFileNote } from '../../shared/python-values';

const KERAS_ROOT = /^(keras|tensorflow\.keras|tensorflow\.python\.keras|tf_keras)\./;
const LOAD_MODEL = /^(keras|tensorflow\.keras|tensorflow\.python\.keras|tf_keras)\.(models|saving|src\.saving|saving\.saving_api|src\.saving\.saving_api)\.load_model$|^(keras|tensorflow\.keras|tf_keras)\.load_model$/;
const LEGACY_FORMAT = /\.(h5|hdf5|keras\.h5)$/i;

export default defineRule(
  {
    id: 'AIS107',
    name: 'keras-unsafe-deserialization',
    title: 'Keras safe mode switched off',
    category: 'deserialization',
    fileKinds: ['python'],
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-502'],
    message: '{{what}}; a crafted model file can then run Python code through a Lambda layer.',
    fixAvailability: 'sometimes',
    docs: {
      whatItDoes: 'Flags Keras `load_model(...)` (`keras.models.load_model`, `keras.saving.load_model`, `tf.keras.models.load_model`, `tf_keras`) when `safe_mode` is falsy (keyword or fourth positional argument), any call to `enable_unsafe_deserialization()` (`keras.config`, `tf.keras.config`), and, with lower severity, `load_model` on a literal legacy `.h5`/`.hdf5` path, where `safe_mode` does not apply.',
      whyIsThisBad: 'Keras serializes `Lambda` layers as Python bytecode. Safe mode (the default for the `.keras` format since Keras 3) refuses to rebuild them; switching it off, or loading the legacy HDF5 format, runs that bytecode when the model is loaded. CVE-2025-1550 and CVE-2025-9906 showed that a crafted config can even re-enable unsafe loading on unpatched Keras, so keep Keras up to date as well.',
      example: 'import keras\n\nmodel = keras.models.load_model(path, safe_mode=False)\nkeras.config.enable_unsafe_deserialization()\n',
      useInstead: 'import keras\n\n# Replace Lambda layers with a registered Layer subclass, save as .keras, and load in safe mode.\nmodel = keras.models.load_model("model.keras")\n',
      fixSafety: 'The fix removes `safe_mode=False` or the `enable_unsafe_deserialization()` call. It is unsafe: models that contain `Lambda` layers stop loading until the lambda is rewritten as a registered `Layer` subclass.',
      references: ['https://cwe.mitre.org/data/definitions/502.html', 'https://keras.io/api/models/model_saving_apis/model_saving_and_loading/', 'https://nvd.nist.gov/vuln/detail/CVE-2025-1550'],
    },
  },
  {
    kind: 'ast',
    keywords: ['safe_mode', 'enable_unsafe_deserialization', '.h5', '.hdf5'],
    onFile(ctx) {
      for (const { call, callee, qualified } of resolvedCalls(ctx)) {
        if (!qualified || !KERAS_ROOT.test(qualified)) continue;
        if (qualified.endsWith('.enable_unsafe_deserialization')) {
          const edit = removeStatementEdit(ctx, call);
          ctx.report({
            ruleId: 'AIS107',
            range: ctx.rangeOfNode(call),
            data: { what: `\`${callee.text}()\` turns Keras safe mode off for every later load` },
            fixes: edit ? [{ title: 'Remove the call', applicability: 'unsafe', preferred: true, edits: [edit] }] : [],
          });
        } else if (LOAD_MODEL.test(qualified)) {
          checkLoadModel(ctx, call, callee);
        }
      }
    },
  },
);

function checkLoadModel(ctx: AstContext, call: Node, callee: Node): void {
  const scope = ctx.python();
  const path = scope.argument(call, 0, 'filepath');
  const safeMode = scope.argument(call, 3, 'safe_mode');
  const truth = literalTruthiness(ctx, safeMode);
  if (safeMode && truth !== true) {
    const known = truth === false;
    ctx.report({
      ruleId: 'AIS107',
      range: ctx.rangeOfNode(call),
      message: `\`${callee.text}\` is called with ${known ? '`safe_mode` off' : 'a `safe_mode` value that may be false'}; a crafted model file can then run Python code through a Lambda layer.${modelFileNote(ctx, path)}`,
      ...(known ? {} : { severity: 'warning' as const, confidence: 'low' as const }),
      fixes: known ? safeModeFixes(ctx, call, safeMode) : [],
    });
    return;
  }
  const file = literalString(ctx, path);
  if (file && LEGACY_FORMAT.test(file)) {
    ctx.report({
      ruleId: 'AIS107',
      range: ctx.rangeOfNode(call),
      message: `\`${callee.text}\` loads the legacy HDF5 format, where safe mode does not apply; Lambda layers in the file run as Python code. Prefer the \`.keras\` format.${modelFileNote(ctx, path)}`,
      severity: 'warning',
      confidence: 'medium',
    });
  }
}

function safeModeFixes(ctx: AstContext, call: Node, safeMode: Node): Fix[] {
  const keyword = keywordArgumentNode(call, 'safe_mode');
  const edit = keyword ? removeArgumentEdit(ctx, call, keyword) : replaceNodeEdit(ctx, safeMode, 'True');
  return edit ? [{ title: keyword ? 'Remove `safe_mode=False`' : 'Set `safe_mode` to `True`', applicability: 'unsafe', preferred: true, edits: [edit] }] : [];
}
