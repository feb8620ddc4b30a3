/** AIS614 onnx-external-data-escape: an ONNX tensor whose external data file lies outside the model's folder. */
import type { RuleMeta } from '../../../engine/rule';

export const meta: RuleMeta = {
  id: 'AIS614',
  name: 'onnx-external-data-escape',
  title: 'ONNX external data outside the model folder',
  category: 'model-files',
  fileKinds: ['model'],
  severity: 'error',
  confidence: 'high',
  cwe: ['CWE-22'],
  message: 'ONNX tensor "{{tensor}}" reads its data from `{{location}}`, which {{escape}}: loading the model reads that file into the tensor.',
  fixAvailability: 'none',
  docs: {
    whatItDoes:
      'Decodes ONNX models (`ModelProto`, the graph, every subgraph of `If`/`Loop`/`Scan`, training graphs and local functions) and reads the `external_data` entries of every tensor. A `location` that is absolute, names a drive, holds a backslash or climbs out of the model folder with `..` (after resolving `.` and `dir/..`) is reported with the tensor\'s name and the byte offset of the location. For a model file on disk, a location that stays inside as text but passes through a symbolic link leading outside the folder (the data file itself, or a folder on the way), or a link whose target does not exist, is reported too: the CLI and the language server check the links, since the engine sees only the text.',
    whyIsThisBad:
      'ONNX stores large tensors in separate files named by `location`, relative to the folder of the `.onnx` file. `onnx.load` and onnxruntime join the location to that folder, so `/etc/passwd`, `~/.ssh/id_rsa` reached through `../../..`, or a cloud credentials file is read into a tensor, where the model\'s outputs can return it (CVE-2022-25882, and CVE-2024-27318 for the `subdir/../../` bypass of its fix); onnx before 1.21 also follows a symbolic link named by a plain location (CVE-2026-27489, CVE-2026-34447). Real exporters always write a plain file name next to the model.',
    example: '# model.onnx: initializer "w" with external_data {location: "../../../../etc/passwd"}\nimport onnxruntime\nsession = onnxruntime.InferenceSession("models/model.onnx")  # reads /etc/passwd into w',
    useInstead: '# Keep external data next to the model and re-save a model you received:\nimport onnx\nmodel = onnx.load("model.onnx", load_external_data=False)\nonnx.save_model(model, "clean.onnx", save_as_external_data=True, location="clean.onnx.data")\n# Upgrade onnx to 1.21 or later, which refuses locations outside the folder and symbolic links.',
    references: ['https://cwe.mitre.org/data/definitions/22.html', 'https://nvd.nist.gov/vuln/detail/CVE-2022-25882', 'https://nvd.nist.gov/vuln/detail/CVE-2024-27318', 'https://onnx.ai/onnx/repo-docs/ExternalData.html'],
  },
};
