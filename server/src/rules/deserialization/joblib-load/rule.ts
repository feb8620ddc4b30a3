/**
 * AIS106 joblib-load: `joblib.load` unpickles the file (scikit-learn models are usually saved this way).
 */
import { defineRule } from '../../../engine/rule';
import { pythonCallsTo, importedNameKeywords } from '../../shared/python-calls';
import { ownFileNote, ownFileWrite } from '../../shared/python-own-files';
import { isLiteralStringArg, modelFileNote, scannedDangerous } from '../../shared/python-values';

const LOADERS = new Set(['joblib.load', 'sklearn.externals.joblib.load', 'joblib.numpy_pickle.load']);

export default defineRule(
  {
    id: 'AIS106',
    name: 'joblib-load',
    title: 'joblib.load loads pickle data',
    category: 'deserialization',
    fileKinds: ['python'],
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-502'],
    message: '`{{callee}}` unpickles the file, which runs code embedded in it; load only files you produced, or use skops.',
    fixAvailability: 'none',
    docs: {
      whatItDoes: 'Flags `joblib.load(...)` and the old `sklearn.externals.joblib.load(...)`, through any alias. A load of the file the same code writes (the same path expression, in one function, at module level, or in one class through `self.`; e.g. a cache the class `pickle.dump`s to `self.db_path`, or a training script resuming from the checkpoint it `torch.save`s) is advisory (audit profile): the program\'s own artefact. A value loaded and saved back to the same path (read-modify-write) is not. A load whose result is read only through string keys of a checkpoint dictionary the same module saves (`torch.save({"model": ..., "optimizer": ...}, path)`, then `ckpt = torch.load(from_file)` and `ckpt["model"]`), with at least two saved keys and no download in its path, is advisory too, even when a parameter names the file: the program\'s own checkpoint layout. A load of a file name that another Python file of the project writes (nanoGPT\'s `prepare.py` pickles `meta.pkl`, `train.py` reads `os.path.join(data_dir, "meta.pkl")`) is advisory too, when the loading code names the folder itself (no parameter or `self.` attribute in the path).',
      whyIsThisBad: 'joblib files are pickles with inline NumPy buffers: loading one runs any callable it names. scikit-learn models shared as `.joblib` or `.pkl` files are a common way to ship code that runs on load. Bandit and Ruff do not flag `joblib.load`.',
      example: 'import joblib\n\nmodel = joblib.load(downloaded_path)\n',
      useInstead: 'import skops.io as sio\n\nuntrusted = sio.get_untrusted_types(file=path)  # review these first\nmodel = sio.load(path, trusted=untrusted)\n',
      references: ['https://cwe.mitre.org/data/definitions/502.html', 'https://joblib.readthedocs.io/en/stable/persistence.html', 'https://skops.readthedocs.io/en/stable/persistence.html'],
    },
  },
  {
    kind: 'ast',
    keywords: ['joblib.load', 'jl.load(', 'getattr(joblib', ...importedNameKeywords('load')],
    onFile(ctx) {
      for (const { call, callee } of pythonCallsTo(ctx, LOADERS)) {
        const path = ctx.python().argument(call, 0, 'filename');
        const literal = isLiteralStringArg(ctx, path);
        const own = scannedDangerous(ctx, path) ? undefined : ownFileWrite(ctx, call, path);
        ctx.report({
          ruleId: 'AIS106',
          range: ctx.rangeOfNode(call),
          message: `\`${callee.text}\` unpickles the file, which runs code embedded in it; load only files you produced, or use skops.${own ? ownFileNote(own) : modelFileNote(ctx, path)}`,
          ...((literal || own) && !scannedDangerous(ctx, path) ? { severity: 'warning' as const, confidence: 'medium' as const } : {}),
          ...(own ? { advisory: true, flow: own } : {}),
        });
      }
    },
  },
);
