// Splits the package-intelligence snapshot (server/data/intel/snapshot.json) into one JSON file per part, written
// by esbuild.mjs into dist/data/intel/snapshot/ so that the bundle parses only the parts a scan asks about: a
// Python file with `import pickle` reads the stdlib list, not npm's names or the advisories.
// The loader is server/src/intel/snapshot.ts (`openSnapshot`); the part names below are its contract.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The parts of one snapshot: file name (without `.json`) → value; `index` is the manifest the loader reads first. */
export function snapshotParts(snapshot) {
  const parts = new Map();
  parts.set('stdlib', snapshot.stdlib);
  parts.set('importMap', snapshot.importMap);
  for (const ecosystem of ['pypi', 'npm']) {
    for (const [field, value] of Object.entries(snapshot[ecosystem])) parts.set(`${ecosystem}.${field}`, value);
    // The known-name set needs only the advisories' package names, not the 600 KB of advisories themselves.
    parts.set(`${ecosystem}.advisoryNames`, Object.keys(snapshot[ecosystem].advisories));
  }
  const manifest = { format: snapshot.format, sources: snapshot.sources, advisoryDates: snapshot.advisoryDates, parts: [...parts.keys()] };
  return new Map([['index', manifest], ...parts]);
}

/** Writes `snapshot` as a parts folder at `dir` (replacing one already there). */
export function writeSnapshotParts(snapshot, dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [name, value] of snapshotParts(snapshot)) writeFileSync(join(dir, `${name}.json`), JSON.stringify(value));
}
