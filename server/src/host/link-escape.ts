/**
 * Symbolic links on the way from a model file's folder to a file the model names relative to it (ONNX external
 * data): the engine checks the path as text (`..`, absolute), and only the file system knows that
 * `weights.bin` is a link to `/etc/passwd` (CVE-2026-27489, CVE-2026-34447: onnx before 1.21 followed it).
 */
import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * Why `relativePath`, joined to the folder of `modelFile`, leaves that folder through a symbolic link, or
 * undefined when every link on the way stays inside it (or there is none, or the path does not exist).
 * Each component is checked in turn, so a linked folder (`data/` → `/home/user`) counts as well as a linked file.
 */
export function symlinkEscape(modelFile: string, relativePath: string): string | undefined {
  if (isAbsolute(relativePath) || relativePath.includes('\u0000')) return undefined;
  const folder = dirname(resolve(modelFile));
  let realFolder: string;
  try {
    realFolder = realpathSync(folder);
  } catch {
    return undefined;
  }
  let current = folder;
  for (const part of relativePath.split(/[\\/]/)) {
    if (part === '' || part === '.') continue;
    current = resolve(current, part);
    let isLink: boolean;
    try {
      isLink = lstatSync(current).isSymbolicLink();
    } catch {
      return undefined;
    }
    if (!isLink) continue;
    const shown = relative(folder, current) || part;
    let target: string;
    try {
      target = realpathSync(current);
    } catch {
      return `is a symbolic link (\`${shown}\` → \`${readTarget(current)}\`) whose target does not exist; if it is created, loading reads it`;
    }
    if (!inside(realFolder, target)) return `is a symbolic link (\`${shown}\` → \`${target}\`) to a file outside the model folder`;
  }
  return undefined;
}

function inside(folder: string, target: string): boolean {
  const rel = relative(folder, target);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

function readTarget(link: string): string {
  try {
    return readlinkSync(link);
  } catch {
    return '?';
  }
}
