/** AIS603 pickle-based-model-file: a model file is a pickle (only allow-listed globals): prefer safetensors. */
import type { RuleMeta } from '../../../engine/rule';
import { CONVERT_TO_SAFETENSORS, MODEL_FILE_REFERENCES, SAFE_LOADING } from '../shared-docs';

export const meta: RuleMeta = {
  id: 'AIS603',
  name: 'pickle-based-model-file',
  title: 'Pickle-based model file (prefer safetensors)',
  category: 'model-files',
  fileKinds: ['model'],
  severity: 'info',
  advisory: { findings: 'all', editor: 'hidden', reason: 'A pickle-based checkpoint whose globals are all on the allow list is how most PyTorch weights are stored; only a conversion to safetensors is suggested.' },
  confidence: 'high',
  cwe: ['CWE-502'],
  message: 'Loading this {{format}} unpickles {{pickles}}; the format can run code, so prefer safetensors.',
  fixAvailability: 'none',
  docs: {
    whatItDoes:
      'Notes model files whose loading unpickles data (PyTorch `.pt`/`.pth`/`.bin`/`.ckpt`, raw pickles, joblib files, NumPy object arrays) when every global they import is on the allow list. It is information, not an alarm: the file looks like a plain checkpoint today.',
    whyIsThisBad:
      'A pickle is a program. The scanner proves what this file imports now, but the format itself lets the next version of the file run code, and loaders such as `pickle.load`, `joblib.load` or `torch.load(weights_only=False)` will run whatever it contains. safetensors holds only tensors and a JSON header, so loading it can never execute code.',
    example: 'import torch\nstate = torch.load("model.pt")',
    useInstead: `${SAFE_LOADING}\n\n# Convert once:\n${CONVERT_TO_SAFETENSORS}`,
    references: ['https://cwe.mitre.org/data/definitions/502.html', ...MODEL_FILE_REFERENCES],
  },
};
