/** AIS616 tensorflow-python-op: a TensorFlow graph that calls back into Python (`PyFunc`, `EagerPyFunc`). */
import type { RuleMeta } from '../../../engine/rule';

export const meta: RuleMeta = {
  id: 'AIS616',
  name: 'tensorflow-python-op',
  title: 'TensorFlow graph calls Python functions',
  category: 'model-files',
  fileKinds: ['model'],
  severity: 'warning',
  confidence: 'medium',
  cwe: ['CWE-94'],
  message: 'This TensorFlow graph uses `{{op}}`: running the model calls a Python function of the loading process by its token.',
  fixAvailability: 'none',
  docs: {
    whatItDoes:
      'Decodes TensorFlow protobuf graphs (`saved_model.pb` meta graphs, frozen `.pb` graphs), including the function library where `tf.function` bodies live, and reports nodes whose op is `PyFunc`, `PyFuncStateless` or `EagerPyFunc` (what `tf.py_function` and `tf.numpy_function` record).',
    whyIsThisBad:
      'These ops leave the graph and call Python: the node holds a token that the runtime looks up among the functions registered in the process. A SavedModel from elsewhere that contains them is asking the serving process to run Python code chosen by whoever built it, and it only runs where that code is importable, which usually means custom code shipped next to the model. ModelAudit rates them critical.',
    example: '# saved_model.pb: a function whose body has node {op: "EagerPyFunc", attr {token: "pyfunc_0"}}\nimport tensorflow as tf\nmodel = tf.saved_model.load("model_dir")\nmodel.serve(x)',
    useInstead: '# Express the computation with TensorFlow ops, or keep the Python step outside the exported graph:\nfeatures = preprocess(x)           # reviewed Python\noutputs = model.serve(features)     # graph without py_function',
    references: ['https://cwe.mitre.org/data/definitions/94.html', 'https://www.tensorflow.org/api_docs/python/tf/py_function', 'https://github.com/tensorflow/tensorflow/blob/master/SECURITY.md'],
  },
};
