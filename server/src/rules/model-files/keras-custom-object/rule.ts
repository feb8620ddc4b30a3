/** AIS607 keras-custom-object: a Keras v3 config names an object from a module outside Keras and TensorFlow. */
import type { RuleMeta } from '../../../engine/rule';

export const meta: RuleMeta = {
  id: 'AIS607',
  name: 'keras-custom-object',
  title: 'Keras model imports a custom object',
  category: 'model-files',
  fileKinds: ['model'],
  severity: 'warning',
  confidence: 'medium',
  cwe: ['CWE-502'],
  message: 'Keras object "{{layer}}" imports `{{global}}`, code from outside Keras and TensorFlow, when the model is loaded.',
  fixAvailability: 'none',
  docs: {
    whatItDoes:
      'Reads Keras v3 configs, where every serialized object names the `module` the loader imports, and reports objects whose module is neither Keras nor TensorFlow (for example `"module": "mylab.layers"` or `"__main__"`). Modules on the dangerous-global deny list (`os`, `builtins`, `subprocess`, …) are reported as AIS601 instead. Keras\'s own functions from outside the model parts (layers, activations, losses, initializers, optimizers and the like) are reported too: a config that names `keras.utils.pad_sequences` or `keras.config.set_dtype_policy` makes even a safe-mode load call it (the "dead op" bypasses), and the known gadgets (`get_file`, CVE-2025-8747; `enable_unsafe_deserialization`, CVE-2025-9906) are reported as AIS601.',
    whyIsThisBad:
      'Loading imports that module and calls the class or function the config names. Keras 3.8 and earlier imported any module a config named even in safe mode (CVE-2025-1550); later versions still import registered custom objects. A model that needs custom code only works, and is only safe, with code you trust installed.',
    example: '{"module": "mylab.layers", "class_name": "AttentionBlock", "registered_name": "mylab>AttentionBlock", "config": {...}}',
    useInstead:
      '# Register the class in your own code and pass it explicitly when loading:\nimport keras\nfrom mylab.layers import AttentionBlock\nmodel = keras.models.load_model("model.keras", custom_objects={"AttentionBlock": AttentionBlock})\n# Keep Keras up to date (>= 3.9 restricts module imports in safe mode).',
    references: ['https://cwe.mitre.org/data/definitions/502.html', 'https://nvd.nist.gov/vuln/detail/CVE-2025-1550', 'https://github.com/advisories/GHSA-c9rc-mg46-23w3', 'https://github.com/advisories/GHSA-36fq-jgmw-4r9c', 'https://keras.io/guides/serialization_and_saving/'],
  },
};
