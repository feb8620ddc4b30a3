/** AIS618 model-asset-path-escape: a TensorFlow SavedModel whose asset file, or a constant path its file ops use, lies outside the model folder. */
import type { RuleMeta } from '../../../engine/rule';

export const meta: RuleMeta = {
  id: 'AIS618',
  name: 'model-asset-path-escape',
  title: 'SavedModel asset or file path outside the model folder',
  category: 'model-files',
  fileKinds: ['model'],
  severity: 'error',
  confidence: 'high',
  cwe: ['CWE-22'],
  message: 'This TensorFlow model {{source}} `{{filename}}`, which {{escape}}: {{effect}}.',
  fixAvailability: 'none',
  docs: {
    whatItDoes:
      'Decodes `saved_model.pb` (`SavedModel.meta_graphs` → `MetaGraphDef.asset_file_def` → `AssetFileDef.filename`) and reports an asset name that is absolute, names a drive, holds a backslash or climbs out of the model folder with `..`, counted from the `assets/` folder the name is joined to. Also follows the path input of the graph\'s file ops (`ReadFile`, `WriteFile`, `MatchingFiles`, `InitializeTableFromTextFile(V2)`, in the graph and in every `tf.function` body) through `Identity` nodes to a `Const` string and reports one that is absolute, names a drive, holds a backslash or climbs with `..` (a constant that `asset_file_def.tensor_info` names is skipped: TensorFlow 1 SavedModels keep the export-time asset path there and the loader feeds the real one). The message names the file, the op and the byte offset of the name.',
    whyIsThisBad:
      'A SavedModel lists the files it needs at load time (vocabularies, lookup tables) by name, and TensorFlow joins each name to `<export dir>/assets/` without checking that the result stays inside. An asset named `../../../../etc/passwd` or `/home/user/.aws/credentials` is read into the graph when the model is loaded, where a lookup table or the model\'s outputs can return it. `tf.saved_model.save` only ever writes plain names of files it copied into `assets/`. A `tf.io.read_file("/home/user/.ssh/id_rsa")` or `tf.io.write_file("../../.bashrc", ...)` traced into a `tf.function` is stored as a constant path that the graph reads or overwrites whenever the model runs.',
    example: '# saved_model.pb: asset_file_def {filename: "../../../../etc/passwd"}\nimport tensorflow as tf\nmodel = tf.saved_model.load("downloaded_model")  # reads /etc/passwd as an asset',
    useInstead: '# Load only SavedModels you built or reviewed, and check the asset names first:\nsaved_model_cli show --dir downloaded_model --all\nls downloaded_model/assets',
    references: ['https://cwe.mitre.org/data/definitions/22.html', 'https://www.tensorflow.org/guide/saved_model', 'https://github.com/tensorflow/tensorflow/blob/master/SECURITY.md'],
  },
};
