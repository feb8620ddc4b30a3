/**
 * AIS604 model-file-not-fully-checked: part of a model file could not be scanned (damaged, truncated,
 * hostile, over a size limit, or in a format the scanner does not open), so "no finding" would be a lie.
 */
import type { RuleMeta } from '../../../engine/rule';
import { CONVERT_TO_SAFETENSORS, MODEL_FILE_REFERENCES } from '../shared-docs';

export const meta: RuleMeta = {
  id: 'AIS604',
  name: 'model-file-not-fully-checked',
  title: 'Model file could not be fully checked',
  category: 'model-files',
  fileKinds: ['model'],
  severity: 'warning',
  confidence: 'medium',
  cwe: ['CWE-502'],
  message: 'This model file could not be fully checked: {{reason}}.',
  fixAvailability: 'none',
  docs: {
    whatItDoes:
      'Reports model files that the scanner could only partly read, so that they are never shown as clean by omission. As a warning: a malformed or truncated pickle, a damaged archive, a stream that expands beyond the decompression limit (a zip bomb), archives nested deeper than the limit, a file whose content does not match its extension. As information: a file larger than the model-file size limit (`maxModelFileBytes` in the configuration, `--max-model-file-size` on the command line; only a prefix is read), compression the scanner does not decode (bzip2, xz, lz4, zstd; 7z members coded with bzip2, PPMd, BCJ2 or other coders than copy, LZMA, LZMA2, DEFLATE and the x86 branch filter), encrypted archive members, TensorFlow protobuf graphs. Globals found before the problem are still reported by the other rules.',
    whyIsThisBad:
      'Scanners that stop at the first error and report nothing are a known evasion route: a payload placed after a deliberately broken opcode, or in a member the scanner skips, would otherwise pass unnoticed. `pickle.load` itself may well load parts a scanner gave up on.',
    example: '# model.pkl ends in the middle of an opcode, or model.joblib is xz-compressed\nimport joblib\nclf = joblib.load("model.joblib")',
    useInstead: `# Re-download the file from a trusted source, or decompress it so that it can be scanned:\nunxz model.joblib.xz\naisec scan model.joblib\n# For large files, raise the limit: aisec scan --max-model-file-size 4GB   (or maxModelFileBytes in the configuration)\n# Better, remove the pickle entirely:\n${CONVERT_TO_SAFETENSORS}`,
    references: ['https://cwe.mitre.org/data/definitions/502.html', ...MODEL_FILE_REFERENCES],
  },
};
