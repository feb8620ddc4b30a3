/**
 * Paths that a model file names relative to its own folder (ONNX external data, TorchServe manifest
 * entries): why such a path leaves the folder, or undefined when it stays inside. Loaders join it to the
 * folder with `os.path.join`, so an absolute path replaces the folder and `..` climbs out of it; a
 * backslash or drive letter does the same on Windows. `startDepth` counts the folders below the model folder
 * that the path is joined to (1 for a SavedModel asset, joined to `<export dir>/assets/`).
 */
export function folderEscape(location: string, startDepth = 0): string | undefined {
  if (location.includes('\u0000')) return 'contains a NUL character';
  if (location.startsWith('/')) return 'is an absolute path';
  if (/^[A-Za-z]:/.test(location)) return 'names a drive (an absolute Windows path)';
  if (location.includes('\\')) return 'contains a backslash (a Windows path separator, which can climb out of the folder on Windows)';
  let depth = startDepth;
  for (const part of location.split('/')) {
    if (part === '..') {
      depth--;
      if (depth < 0) return 'climbs out of the model folder with `..`';
    } else if (part !== '' && part !== '.') depth++;
  }
  return undefined;
}
