/**
 * Writes a package-intelligence snapshot as a folder of parts, the form `openSnapshot` reads part by part on first
 * use: a manifest `index.json` and one `<part>.json` per field (`stdlib`, `importMap`, `pypi.popular`,
 * `npm.advisories`, ...), plus each ecosystem's derived parts (the advisories' package names, the names known to
 * exist), so that a Python file with `import pickle` parses the 40 KB stdlib list instead of the whole snapshot.
 * `esbuild.mjs` writes the bundled snapshot with it and `aisec intel update` its refreshed copy; the part names
 * are the contract with `snapshot.ts`.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Ecosystem } from '../engine/ports';
import { knownNamesOf } from './known-names';
import { snapshotSource, type SnapshotFile } from './snapshot';

const ECOSYSTEMS: readonly Ecosystem[] = ['pypi', 'npm'];

/** The parts of one snapshot: file name (without `.json`) → value; `index` is the manifest the loader reads first. */
export function snapshotParts(snapshot: SnapshotFile): Map<string, unknown> {
  const source = snapshotSource(snapshot);
  const parts = new Map<string, unknown>();
  parts.set('stdlib', snapshot.stdlib);
  parts.set('importMap', snapshot.importMap);
  for (const ecosystem of ECOSYSTEMS) {
    for (const [field, value] of Object.entries(snapshot[ecosystem])) parts.set(`${ecosystem}.${field}`, value);
    // The known-name set needs only the advisories' package names, not the 600 KB of advisories themselves.
    parts.set(`${ecosystem}.advisoryNames`, source.advisoryNames(ecosystem));
    parts.set(`${ecosystem}.knownNames`, knownNamesOf(source, ecosystem));
  }
  const manifest = { format: snapshot.format, sources: snapshot.sources, advisoryDates: snapshot.advisoryDates, parts: [...parts.keys()] };
  return new Map<string, unknown>([['index', manifest], ...parts]);
}

/**
 * Writes `snapshot` as a parts folder at `dir`, replacing one already there (or a single-file snapshot of that
 * name). The parts are written into a sibling folder first and swapped in with renames, so a scan starting
 * meanwhile reads the old folder or the new one, never a half-written one.
 */
export function writeSnapshotParts(snapshot: SnapshotFile, dir: string): void {
  const parent = dirname(dir);
  const staging = join(parent, `.${basename(dir)}.${process.pid}.tmp`);
  const previous = join(parent, `.${basename(dir)}.${process.pid}.old`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    for (const [name, value] of snapshotParts(snapshot)) writeFileSync(join(staging, `${name}.json`), JSON.stringify(value));
    rmSync(previous, { recursive: true, force: true });
    let replaced = false;
    try {
      renameSync(dir, previous);
      replaced = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    renameSync(staging, dir);
    if (replaced) rmSync(previous, { recursive: true, force: true });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
