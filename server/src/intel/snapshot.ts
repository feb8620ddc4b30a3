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

/** Converts compact events back to OSV events for `isAffected`. */
export function toOsvEvents(events: readonly CompactEvent[]): OsvEvent[] {
  return events.map((e) => (e.i !== undefined ? { introduced: e.i } : e.f !== undefined ? { fixed: e.f } : e.l !== undefined ? { last_affected: e.l } : { limit: e.x ?? '0' }));
}
