/**
 * The bundled package-intelligence snapshot (built by `scripts/build-intel.mjs` into
 * `server/data/intel/snapshot.json`), read lazily on first use and indexed for constant-time lookups.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { OsvEvent } from '../engine/versions/osv-range';
import { readDiskText } from '../host/safe-read';

/** One compact advisory: id, aliases, summary, ranges of events, and (rarely) an explicit version list. */
export type CompactAdvisory = [id: string, aliases: string[], summary: string, ranges: CompactEvent[][], versions?: string[]];
/** `i` introduced, `f` fixed, `l` last_affected, `x` limit. */
export type CompactEvent = { i?: string; f?: string; l?: string; x?: string };

export interface EcosystemSnapshot {
  popular: string[];
  malicious: Record<string, string[] | null>;
  advisories: Record<string, CompactAdvisory[]>;
  hallucinations: Record<string, string>;
  /** npm: every package of the big vendors' scopes (`@azure/arm-dns`), from the registry name list. */
  vendorScoped?: string[];
  /** Import names installed by mistake (`sklearn`) → the distribution meant (`scikit-learn`). */
  importNames?: Record<string, string>;
  /** Tokens that at least 30 registered names use (`dataset`, `cookies`), sorted; see `PackageIntel.isNamingWord`. */
  namingWords?: string[];
}

export interface SnapshotFile {
  format: number;
  sources?: Record<string, string>;
  /** When each ecosystem's advisories were taken (ISO date): the bundled PyPA snapshot, or an OSV export. */
  advisoryDates?: Partial<Record<'pypi' | 'npm', string>>;
  pypi: EcosystemSnapshot;
  npm: EcosystemSnapshot;
  importMap: Record<string, string[]>;
  stdlib: string[];
}

/** Where the snapshot lives: next to the bundle (`dist/data/intel`) or in the repository (`server/data/intel`). */
export function defaultSnapshotPath(): string {
  const candidates = [
    join(__dirname, 'data', 'intel', 'snapshot.json'),
    join(__dirname, '..', 'data', 'intel', 'snapshot.json'),
    join(__dirname, '..', '..', 'data', 'intel', 'snapshot.json'),
    join(process.cwd(), 'server', 'data', 'intel', 'snapshot.json'),
  ];
  return candidates.find((p) => existsSync(p)) ?? candidates[candidates.length - 1]!;
}

export function readSnapshot(path: string): SnapshotFile {
  // The refreshed snapshot lives in the user's cache folder: read safely, like every other file.
  const read = readDiskText(path, { kind: 'cache' });
  if (!read.ok) throw new Error(`${path}: the file ${read.reason}`);
  const parsed = JSON.parse(read.text) as SnapshotFile;
  if (parsed.format !== 1 || !parsed.pypi || !parsed.npm) throw new Error(`${path} is not an AISec intel snapshot (format 1)`);
  return parsed;
}

/**
 * The bundled snapshot, with each ecosystem's part (a megabyte of JSON each, most of the snapshot) parsed when
 * first used: a Python file never pays for npm's part, which saved a sizeable share of a one-file scan's start-up
 * (see bench/startup.mjs). Only the bundled file, shipped and tested with AISec, is read so; the refreshed
 * snapshot in the user's cache is read whole by `readSnapshot`, so a damaged one is noticed at once and ignored.
 */
export function readBundledSnapshot(path: string): SnapshotFile {
  const read = readDiskText(path, { kind: 'cache' });
  if (!read.ok) throw new Error(`${path}: the file ${read.reason}`);
  const values = topLevelValues(read.text);
  const snapshot: Record<string, unknown> = {};
  for (const [key, raw] of values) {
    if (key === 'pypi' || key === 'npm') {
      Object.defineProperty(snapshot, key, {
        configurable: true,
        enumerable: true,
        get: () => {
          const parsed = JSON.parse(raw) as EcosystemSnapshot;
          Object.defineProperty(snapshot, key, { configurable: true, enumerable: true, writable: true, value: parsed });
          return parsed;
        },
      });
    } else snapshot[key] = JSON.parse(raw) as unknown;
  }
  if (snapshot.format !== 1 || !values.has('pypi') || !values.has('npm')) throw new Error(`${path} is not an AISec intel snapshot (format 1)`);
  return snapshot as unknown as SnapshotFile;
}

/**
 * The raw JSON text of each member of the top-level object in `text`, by key. Strings are skipped with
 * `indexOf` (most of the snapshot is strings), so finding the members costs a few milliseconds.
 */
export function topLevelValues(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const fail = (): never => {
    throw new Error('not a JSON object');
  };
  let i = skipSpace(text, 0);
  if (text[i] !== '{') fail();
  i = skipSpace(text, i + 1);
  if (text[i] === '}') return out;
  for (;;) {
    if (text[i] !== '"') fail();
    const keyEnd = stringEnd(text, i);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    i = skipSpace(text, keyEnd);
    if (text[i] !== ':') fail();
    const start = skipSpace(text, i + 1);
    let depth = 0;
    let j = start;
    for (; j < text.length; j++) {
      const c = text[j];
      if (c === '"') j = stringEnd(text, j) - 1;
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        if (depth === 0) break;
        depth--;
      } else if (c === ',' && depth === 0) break;
    }
    if (j >= text.length || j === start) fail();
    out.set(key, text.slice(start, j).trimEnd());
    if (text[j] === '}') return out;
    i = skipSpace(text, j + 1);
  }
}

/** The index just after the string that starts (with its quote) at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const quote = text.indexOf('"', i);
    if (quote < 0) throw new Error('unterminated JSON string');
    let backslashes = 0;
    for (let k = quote - 1; text[k] === '\\'; k--) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    i = quote + 1;
  }
}

function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  return i;
}

/** Converts compact events back to OSV events for `isAffected`. */
export function toOsvEvents(events: readonly CompactEvent[]): OsvEvent[] {
  return events.map((e) => (e.i !== undefined ? { introduced: e.i } : e.f !== undefined ? { fixed: e.f } : e.l !== undefined ? { last_affected: e.l } : { limit: e.x ?? '0' }));
}
