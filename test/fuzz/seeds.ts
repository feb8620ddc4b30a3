/**
 * The fuzzer's seed inputs: real files of the repository (rule fixtures, the example project, model-file
 * samples, dependency fixtures, the test workspace and the repository's own manifests), grouped by the kind
 * of input they exercise. Mutating real files reaches deeper than random bytes: most mutants still look
 * like Python, a notebook or a ZIP to the first layer of the engine.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileKindOf } from '../../server/src/engine/index';

export type FuzzKind = 'python' | 'javascript' | 'typescript' | 'notebook' | 'manifest' | 'config' | 'model' | 'other';

export const FUZZ_KINDS: readonly FuzzKind[] = ['python', 'javascript', 'typescript', 'notebook', 'manifest', 'config', 'model', 'other'];

export interface Seed {
  /** Path relative to the repository, for reports and reproductions. */
  name: string;
  /** The base name the engine sees (it decides the file kind), e.g. `requirements.txt`. */
  baseName: string;
  kind: FuzzKind;
  bytes: Uint8Array;
}

export const REPO = join(__dirname, '..', '..');

/** Folders whose files are seeds (a file is used when its kind is one AISec analyses). */
const SEED_FOLDERS = ['server/src/rules', 'examples', 'test/model-files/real-samples', 'test/dependencies/fixtures', 'test/fixtures/workspace'];
/** The repository's own manifests: a real package.json and a 200 KB lockfile. */
const SEED_FILES = ['package.json', 'package-lock.json'];

/** Every seed, sorted by name so that a seed number means the same input on every machine. */
export function loadSeeds(): Seed[] {
  const paths: string[] = [...SEED_FILES.map((f) => join(REPO, f))];
  for (const folder of SEED_FOLDERS) collect(join(REPO, folder), folder === 'server/src/rules', paths);
  const seeds: Seed[] = [];
  for (const path of paths) {
    const name = relative(REPO, path);
    const baseName = name.split('/').pop() ?? name;
    const kind = fuzzKindOf(baseName);
    if (kind) seeds.push({ name, baseName, kind, bytes: new Uint8Array(readFileSync(path)) });
  }
  return seeds.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The fuzz kind of a file name, or undefined for files the engine does not analyse. */
export function fuzzKindOf(baseName: string): FuzzKind | undefined {
  if (baseName === '.aisec.toml') return 'config';
  const kind = fileKindOf(baseName);
  switch (kind) {
    case undefined:
      return undefined;
    case 'python':
      return 'python';
    case 'javascript':
      return 'javascript';
    case 'typescript':
    case 'tsx':
      return 'typescript';
    case 'notebook':
      return 'notebook';
    case 'model':
      return 'model';
    case 'requirements':
    case 'pyproject':
    case 'pipfile':
    case 'setup-cfg':
    case 'conda-env':
    case 'package-json':
    case 'package-lock':
    case 'yarn-lock':
    case 'pnpm-lock':
      return 'manifest';
    default:
      // Python lockfiles have generic kinds (poetry.lock is TOML, Pipfile.lock JSON) and are read by name.
      return /^(poetry\.lock|uv\.lock|pdm\.lock|pipfile\.lock)$/i.test(baseName) ? 'manifest' : 'other';
  }
}

function collect(dir: string, onlyFixtures: boolean, out: string[], insideFixtures = false): void {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      collect(full, onlyFixtures, out, insideFixtures || name === 'fixtures');
    } else if ((!onlyFixtures || insideFixtures) && !name.endsWith('.expect') && name !== 'PROVENANCE.md') {
      out.push(full);
    }
  }
}
