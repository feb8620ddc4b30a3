/**
 * AIS610 ambiguous-model-archive: the ZIP readers that load model files (Python's `zipfile` behind
 * `numpy.load` and Keras, PyTorch's miniz, streaming readers) would see different members, names or sizes
 * in this archive. Legitimate writers never produce that; it is how a payload is shown to one reader and
 * hidden from another (a scanner among them). Every member any reader sees is scanned as well.
 */
import type { RuleMeta } from '../../../engine/rule';
import { MODEL_FILE_REFERENCES } from '../shared-docs';

export const meta: RuleMeta = {
  id: 'AIS610',
  name: 'ambiguous-model-archive',
  title: 'ZIP readers disagree about this model archive',
  category: 'model-files',
  fileKinds: ['model'],
  severity: 'warning',
  confidence: 'high',
  cwe: ['CWE-436'],
  message: 'ZIP readers disagree about this archive: {{reason}}.',
  fixAvailability: 'none',
  docs: {
    whatItDoes:
      'Reads the archive the way each loader does and reports where they differ: the entry count in the end record against the entries the central directory really holds (a count that wrapped at 65,536, or was lowered), the ZIP64 end record against the classic one, a second end record, a central-directory name or size against the member\'s local header, and local headers that no directory lists. The scanner itself lists every member any of those readers would see, so a payload in any of them is reported by the other rules as well.',
    whyIsThisBad:
      'Python\'s `zipfile` (and so `numpy.load` and Keras) reads central-directory entries until the directory\'s size is used up and never reads the entry count; PyTorch\'s reader reads exactly the declared count; streaming readers follow local headers. An archive with 65,537 members whose 16-bit count says 1 shows one member to a count-based scanner and all of them to `numpy.load`, which then unpickles an object array hidden in `weights.npy`. Scanners have been bypassed this way repeatedly (picklescan CVE-2025-1944 used a local-header name that differs from the directory). No legitimate writer produces such an archive.',
    example: '# model.npz: the end record says 1 member, the central directory holds 65,537; one of them is weights.npy with an object array\nimport numpy\ndata = numpy.load("model.npz", allow_pickle=True)\nweights = data["weights"]  # unpickles the object array: runs os.system',
    useInstead: '# Do not load the file. Ask its publisher for a clean copy, or rebuild it from arrays you trust:\nimport numpy\nnumpy.savez("model.npz", weights=weights)   # written by numpy, read back with allow_pickle=False\narrays = numpy.load("model.npz", allow_pickle=False)',
    references: ['https://cwe.mitre.org/data/definitions/436.html', 'https://docs.python.org/3/library/zipfile.html', 'https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT', ...MODEL_FILE_REFERENCES],
  },
};
