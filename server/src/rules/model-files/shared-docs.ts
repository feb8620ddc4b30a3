/**
 * Documentation text shared by the model-file rules: how to replace a pickle-based model file with
 * safetensors, and how to load the ones that must stay pickles as safely as the libraries allow.
 */

/** The exact commands to convert a trusted checkpoint once and load tensors without unpickling. */
export const CONVERT_TO_SAFETENSORS = [
  '# 1. Inspect the file without loading it (AISec: "Show model file details", or `aisec scan model.pt`).',
  '# 2. In a throwaway environment, load only tensors and re-save them as safetensors:',
  'pip install torch safetensors',
  'python - <<\'EOF\'',
  'import torch',
  'from safetensors.torch import save_file',
  '# weights_only=True refuses every global outside torch\'s tensor allow list (default since torch 2.6).',
  'state = torch.load("model.pt", map_location="cpu", weights_only=True)',
  'state = state.get("state_dict", state)  # Lightning checkpoints nest the weights',
  'save_file({k: v.contiguous() for k, v in state.items()}, "model.safetensors")',
  'EOF',
  '# 3. Load the converted file; safetensors never runs code:',
  'python -c "from safetensors.torch import load_file; print(len(load_file(\'model.safetensors\')))"',
  '# Hugging Face models: model.save_pretrained("out", safe_serialization=True) writes model.safetensors.',
].join('\n');

/** Loading code that stays safe when a file must remain a pickle. */
export const SAFE_LOADING = [
  'import torch',
  'from safetensors.torch import load_file',
  '',
  'weights = load_file("model.safetensors")                                   # preferred: no code at all',
  'state = torch.load("model.pt", map_location="cpu", weights_only=True)       # pickles: tensors and allow-listed types only',
  'arr = numpy.load("array.npy", allow_pickle=False)                           # NumPy: refuse object arrays',
].join('\n');

/** Common references (after each rule's CWE link). */
export const MODEL_FILE_REFERENCES = [
  'https://huggingface.co/docs/hub/security-pickle',
  'https://github.com/huggingface/safetensors',
  'https://pytorch.org/docs/stable/generated/torch.load.html',
  'https://docs.python.org/3/library/pickle.html',
];
