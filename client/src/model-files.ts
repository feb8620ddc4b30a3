/**
 * Which files are model files for the client: the extensions of the model report editor
 * (package.json `customEditors`) and of "Show Model File Report". Free of the VS Code API.
 */
export const MODEL_FILE_EXTENSIONS = ['pt', 'pth', 'bin', 'ckpt', 'pkl', 'pickle', 'joblib', 'npy', 'npz', 'keras', 'h5', 'hdf5', 'safetensors', 'gguf', 'onnx', 'dill', 'sav', 'mar', 'pb'] as const;

/** Model files (pickles, checkpoints, archives) the report can describe, as a glob for `findFiles`. */
export const MODEL_FILE_GLOB = `**/*.{${MODEL_FILE_EXTENSIONS.join(',')}}`;

export function isModelFile(uri: { path: string }): boolean {
  const name = uri.path.split('/').pop() ?? '';
  const dot = name.lastIndexOf('.');
  return dot > 0 && (MODEL_FILE_EXTENSIONS as readonly string[]).includes(name.slice(dot + 1).toLowerCase());
}
