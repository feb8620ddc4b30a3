/**
 * The file that holds an ecosystem's registry names (`names-pypi.bin`, `names-npm.bin`): a magic line, a
 * JSON header line (ecosystem, snapshot date, source, and for each filter its parameters and byte range),
 * then the filters' fingerprints. Written by `npm run intel:build` and `aisec intel update`; read by the
 * host with one `readFileSync`, so loading costs a few milliseconds and no parsing of names.
 */
import type { Ecosystem } from '../engine/ports';
import { buildFuseFilter } from './fuse-filter';
import type { FuseFilter } from './fuse-filter';
import { normalizeName } from '../rules/dependencies/shared/names';

const MAGIC = 'AISEC-NAMES 1\n';

export interface NameListHeader {
  ecosystem: Ecosystem;
  /** When the names were listed (ISO date, `YYYY-MM-DD`). */
  date: string;
  /** Where the names came from, for messages and notices. */
  source: string;
  filters: Record<string, { count: number; seed: number; segmentLength: number; segmentCount: number; offset: number; length: number }>;
}

export interface NameList {
  header: NameListHeader;
  /** `names`: every registry name, normalised; `scopes` (npm): every scope that has a public package. */
  filters: Record<string, FuseFilter>;
}

/**
 * The sets a name list holds for raw registry names: `names` (normalised, distinct) and, for npm, `scopes`
 * (every `@scope` with a public package), so that a package under a scope nobody published to publicly
 * (a private registry's) is not called invented.
 */
export function registryNameSets(ecosystem: Ecosystem, rawNames: Iterable<string>): Record<string, string[]> {
  const names = new Set<string>();
  const scopes = new Set<string>();
  for (const raw of rawNames) {
    const name = normalizeName(ecosystem, raw);
    names.add(name);
    if (ecosystem === 'npm' && name.startsWith('@')) scopes.add(name.split('/')[0]!);
  }
  return ecosystem === 'npm' ? { names: [...names], scopes: [...scopes] } : { names: [...names] };
}

/** Builds the filters for an ecosystem's (already normalised) names and serialises them. */
export function encodeNameList(ecosystem: Ecosystem, date: string, source: string, sets: Record<string, readonly string[]>): Buffer {
  const header: NameListHeader = { ecosystem, date, source, filters: {} };
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (const [name, keys] of Object.entries(sets)) {
    const filter = buildFuseFilter(keys);
    header.filters[name] = { count: keys.length, seed: filter.seed, segmentLength: filter.segmentLength, segmentCount: filter.segmentCount, offset, length: filter.fingerprints.length };
    parts.push(filter.fingerprints);
    offset += filter.fingerprints.length;
  }
  return Buffer.concat([Buffer.from(`${MAGIC}${JSON.stringify(header)}\n`, 'utf8'), ...parts]);
}

/** Parses a name-list file; throws with `path` and what is wrong when it is not one. */
export function decodeNameList(bytes: Buffer, path: string): NameList {
  if (bytes.subarray(0, MAGIC.length).toString('latin1') !== MAGIC) throw new Error(`${path} is not an AISec name list (no "${MAGIC.trim()}" line)`);
  const end = bytes.indexOf(0x0a, MAGIC.length);
  if (end < 0) throw new Error(`${path}: the header line is not terminated`);
  let header: NameListHeader;
  try {
    header = JSON.parse(bytes.subarray(MAGIC.length, end).toString('utf8')) as NameListHeader;
  } catch (error) {
    throw new Error(`${path}: the header is not JSON (${(error as Error).message})`);
  }
  if (!header || typeof header.date !== 'string' || typeof header.filters !== 'object' || header.filters === null) throw new Error(`${path}: the header lacks "date" or "filters"`);
  const body = bytes.subarray(end + 1);
  const filters: Record<string, FuseFilter> = {};
  for (const [name, f] of Object.entries(header.filters)) {
    if (f.offset + f.length > body.length || f.length !== (f.segmentCount + 2) * f.segmentLength) throw new Error(`${path}: filter "${name}" does not fit the file (truncated?)`);
    filters[name] = { seed: f.seed, segmentLength: f.segmentLength, segmentCount: f.segmentCount, fingerprints: body.subarray(f.offset, f.offset + f.length) };
  }
  return { header, filters };
}
