/** AIS615 onnx-custom-operator: an ONNX model whose nodes need a custom-operator library. */
import type { RuleMeta } from '../../../engine/rule';

export const meta: RuleMeta = {
  id: 'AIS615',
  name: 'onnx-custom-operator',
  title: 'ONNX model needs custom operators',
  category: 'model-files',
  fileKinds: ['model'],
  severity: 'info',
  confidence: 'high',
  cwe: ['CWE-829'],
  message: 'This ONNX model uses operators from the custom domain `{{domain}}` ({{ops}}): running it needs a native operator library that the application registers.',
  fixAvailability: 'none',
  docs: {
    whatItDoes:
      'Decodes ONNX models and lists the operator domains of every node (subgraphs and local functions included). Nodes in the standard domains (`""`, `ai.onnx`, `ai.onnx.ml`, the training domains), in onnxruntime\'s built-in `com.microsoft` domains, or calling a function defined in the model itself are not reported.',
    whyIsThisBad:
      'A node in any other domain runs code that is not in the file: the application must register a shared library (`SessionOptions.register_custom_ops_library`, onnxruntime-extensions) before the model loads. The model therefore decides which native code is called with its inputs, and a model that asks for a library you did not review is a reason to stop and check where both came from.',
    example: '# model.onnx has nodes {domain: "com.example.ops", op_type: "Decode"}\nimport onnxruntime as ort\nopts = ort.SessionOptions()\nopts.register_custom_ops_library("./libexample_ops.so")  # native code the model calls\nort.InferenceSession("model.onnx", opts)',
    useInstead: '# Prefer models built from standard ONNX operators; when a custom library is needed, build it from reviewed source and pin it:\nopts.register_custom_ops_library(str(Path("vendor/libops.so").resolve()))',
    references: ['https://cwe.mitre.org/data/definitions/829.html', 'https://onnxruntime.ai/docs/reference/operators/add-custom-op.html', 'https://onnx.ai/onnx/repo-docs/IR.html'],
  },
};
