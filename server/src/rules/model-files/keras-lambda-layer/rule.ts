/** AIS606 keras-lambda-layer: a Keras model (`.keras` config.json or `.h5` model_config) holds a Lambda layer. */
import type { RuleMeta } from '../../../engine/rule';

export const meta: RuleMeta = {
  id: 'AIS606',
  name: 'keras-lambda-layer',
  title: 'Keras model with a Lambda layer',
  category: 'model-files',
  fileKinds: ['model'],
  severity: 'warning',
  confidence: 'high',
  cwe: ['CWE-94'],
  message: 'Keras layer "{{layer}}" is a Lambda layer: its serialized Python function runs when the model is loaded.',
  fixAvailability: 'none',
  docs: {
    whatItDoes:
      'Reads the model configuration of Keras v3 `.keras` archives (`config.json`) and of legacy `.h5` files (the `model_config` attribute, located in the raw bytes; the scanner does not parse HDF5 structures, and says so when it finds the attribute name but cannot read its JSON) and reports every `Lambda` layer.',
    whyIsThisBad:
      'A Lambda layer stores its function as marshalled Python bytecode. Keras 2 and `.h5` loading run it unconditionally; Keras 3 runs it when the model is loaded with `safe_mode=False`, which tutorials often recommend to silence the error. The bytecode can do anything the Python process can.',
    example: 'import keras\nmodel = keras.models.load_model("model.keras", safe_mode=False)  # runs the Lambda bytecode',
    useInstead:
      '# Keep safe_mode on (the default) and replace the Lambda with a registered layer class whose code you ship:\nimport keras\n\n@keras.saving.register_keras_serializable(package="mylab")\nclass Scale(keras.layers.Layer):\n    def call(self, x):\n        return x * 2.0\n\nmodel = keras.models.load_model("model.keras")  # safe_mode=True',
    references: ['https://cwe.mitre.org/data/definitions/94.html', 'https://keras.io/api/models/model_saving_apis/model_saving_and_loading/', 'https://keras.io/api/layers/core_layers/lambda/', 'https://github.com/protectai/modelscan'],
  },
};
