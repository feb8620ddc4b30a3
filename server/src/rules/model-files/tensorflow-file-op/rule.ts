/** AIS609 tensorflow-file-op: a TensorFlow protobuf graph that reads or writes files (`ReadFile`, `WriteFile` ops). */
import type { RuleMeta } from '../../../engine/rule';

export const meta: RuleMeta = {
  id: 'AIS609',
  name: 'tensorflow-file-op',
  title: 'TensorFlow graph reads or writes files',
  category: 'model-files',
  fileKinds: ['model'],
  severity: 'warning',
  confidence: 'medium',
  cwe: ['CWE-73'],
  message: 'This TensorFlow graph uses `{{op}}` (byte {{offset}}): running the model reads or writes files the graph names.',
  fixAvailability: 'none',
  docs: {
    whatItDoes:
      'Looks inside TensorFlow protobuf graphs (`saved_model.pb`, frozen `.pb` graphs) for the file-system ops `ReadFile` and `WriteFile`, found where the protobuf wire format stores an op name. The scanner does not decode the whole graph; it matches the exact encoded op-name field, so a longer name that contains `ReadFile` does not match. Keras `Lambda` layers recorded in `keras_metadata.pb` are reported by AIS606.',
    whyIsThisBad:
      'A SavedModel is a program for the TensorFlow runtime. `WriteFile` can overwrite any file the process may write (shell start-up files, source code, other models) and `ReadFile` can read secrets into the model\'s outputs, the moment a downloaded model is served or called. modelscan rates both ops as high severity.',
    example: '# saved_model.pb contains a node {op: "WriteFile", input: ["path", "contents"]}\nimport tensorflow as tf\nmodel = tf.saved_model.load("model_dir")\nmodel(x)  # writes the file',
    useInstead: '# Load graphs only from trusted sources; review what a graph does before serving it:\nsaved_model_cli show --dir model_dir --all\n# Ship weights as safetensors and build the graph from reviewed code.',
    references: ['https://cwe.mitre.org/data/definitions/73.html', 'https://www.tensorflow.org/api_docs/python/tf/io/write_file', 'https://github.com/protectai/modelscan', 'https://www.tensorflow.org/guide/saved_model'],
  },
};
