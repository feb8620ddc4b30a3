/** AIS602 model-file-unknown-global: a pickle imports a global that is neither dangerous nor known to be safe. */
import type { RuleMeta } from '../../../engine/rule';
import { CONVERT_TO_SAFETENSORS, MODEL_FILE_REFERENCES } from '../shared-docs';

export const meta: RuleMeta = {
  id: 'AIS602',
  name: 'model-file-unknown-global',
  title: 'Model file imports a global outside the allow list',
  category: 'model-files',
  fileKinds: ['model'],
  severity: 'warning',
  confidence: 'medium',
  cwe: ['CWE-502'],
  message: 'Loading this model file imports `{{global}}` (byte {{offset}}), which is not on the allow list of names known to be safe in model files.',
  fixAvailability: 'none',
  docs: {
    whatItDoes:
      'Reports pickle-based model files that import a global outside the allow list of names that plain checkpoints use: PyTorch tensor rebuilders and storages (`torch._utils._rebuild_tensor_v2`, `torch.FloatStorage`, …), NumPy array reconstruction (`numpy.core.multiarray._reconstruct`, `numpy.dtype`), `collections.OrderedDict`, joblib\'s array wrapper, built-in PyTorch layer classes, scikit-learn estimator classes and a few standard containers. Typical hits are classes of your own code (`__main__.Net`), whole-model pickles of third-party libraries, and functions. Names you trust can be added with the `modelFiles.allowGlobals` option (exact names; the deny list always wins).',
    whyIsThisBad:
      'Every imported global is code that runs while the file loads: a class\'s `__setstate__`/`__reduce__` or a function called by `REDUCE`. A name outside the allow list is not proof of an attack, but it means the file cannot be loaded with `torch.load(..., weights_only=True)` and that whoever loads it runs code from that module, so it must come from a source you trust.',
    example: '# pipeline.pkl imports mylab.pipelines.TrainingPipeline\nimport pickle\npipeline = pickle.load(open("pipeline.pkl", "rb"))',
    useInstead: `# Save only tensors and plain data, then load them without unpickling:\n${CONVERT_TO_SAFETENSORS}\n# If the class really is needed, rebuild it in code and load only its weights:\nmodel = Net()\nmodel.load_state_dict(torch.load("model.pt", weights_only=True))`,
    references: ['https://cwe.mitre.org/data/definitions/502.html', ...MODEL_FILE_REFERENCES, 'https://pytorch.org/docs/stable/notes/serialization.html#weights-only'],
  },
};
