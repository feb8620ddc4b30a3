/** AIS605 invalid-safetensors-header: a `.safetensors` file whose header is not a valid, consistent safetensors header. */
import type { RuleMeta } from '../../../engine/rule';
import { MODEL_FILE_REFERENCES } from '../shared-docs';

export const meta: RuleMeta = {
  id: 'AIS605',
  name: 'invalid-safetensors-header',
  title: 'Malformed safetensors header',
  category: 'model-files',
  fileKinds: ['model'],
  severity: 'warning',
  confidence: 'high',
  cwe: ['CWE-20'],
  message: 'This safetensors file has a malformed header: {{problem}}.',
  fixAvailability: 'none',
  docs: {
    whatItDoes:
      'Validates the header of safetensors files: an 8-byte little-endian size of at most 100 MB that fits the file, a JSON object of tensors with a known `dtype`, a non-negative integer `shape` and `data_offsets` inside the data section, whose byte count matches dtype and shape, with no overlap and no gap between tensors, and an optional `__metadata__` map of strings. A file that only pretends to be safetensors (a ZIP or pickle renamed to `.safetensors`) is scanned as what it really is by the other rules.',
    whyIsThisBad:
      'safetensors is the safe format because it holds nothing executable; a header that does not validate means the file is damaged, truncated, or was crafted to confuse a parser (overlapping tensors, offsets outside the data). The safetensors library refuses such files, and other readers may misbehave on them.',
    example: '# fc.bias claims data_offsets [16, 4096] in a file with 24 bytes of data\nfrom safetensors.torch import load_file\nweights = load_file("model.safetensors")  # SafetensorError',
    useInstead: '# Re-export the weights from their source:\nfrom safetensors.torch import save_file\nsave_file(state_dict, "model.safetensors")\n# or re-download them and compare the checksum the publisher gives.',
    references: ['https://cwe.mitre.org/data/definitions/20.html', ...MODEL_FILE_REFERENCES],
  },
};
