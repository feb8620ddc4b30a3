/**
 * `aisec intel update`: refreshes the package-intelligence snapshot from OSV while online. Every
 * advisory and MAL record for the most popular names (and any names the caller adds) is fetched with
 * `querybatch` and merged into a copy of the bundled snapshot, written to a user-writable folder of parts (the
 * bundled snapshot's form, `snapshot-parts.ts`, so a scan still parses only the parts it asks about) that
 * `createPackageIntel({ updatedSnapshotPath })` prefers over the bundled one.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Ecosystem } from '../engine/ports';
import type { OsvEvent } from '../engine/versions/osv-range';
import { privateNameMatcher } from './privacy';
import { concurrencyLimit, fetchOsv, PUBLIC_ENDPOINTS } from './registries';
import type { RegistryEndpoints } from './registries';
import { defaultSnapshotPath, readSnapshot } from './snapshot';
import type { CompactAdvisory, CompactEvent, SnapshotFile } from './snapshot';
import type { OsvVuln } from './cache';
import { normalize } from './package-intel';
import { updateRegistryNames } from './names-update';
import { fetchOsvExport } from './osv-export';
import { writeSnapshotParts } from './snapshot-parts';
import type { NamesUpdateResult } from './names-update';

export interface IntelUpdateOptions {
  /** The folder the refreshed snapshot's parts are written to (replaced as a whole). */
  outDir: string;
  /** The snapshot to start from (defaults to the bundled one). */
  snapshotPath?: string;
  endpoints?: Partial<RegistryEndpoints>;
  /** How many of the most popular names per ecosystem to query (default 1,000). */
  popularLimit?: number;
  /** Extra names to query, e.g. every dependency of the current workspace. */
  names?: Partial<Record<Ecosystem, readonly string[]>>;
  privateNames?: readonly string[];
  timeoutMs?: number;
  concurrency?: number;
  env?: NodeJS.ProcessEnv;
  /**
   * Read OSV's whole per-ecosystem exports (default true); when one cannot be had, the popular and listed
   * names are queried one batch at a time instead.
   */
  osvExports?: boolean;
  /** Also refresh the registry name lists of the offline existence check (default true). */
  registryNames?: boolean;
  /** Today, for the PyPI name list's date (defaults to the wall clock). */
  now?: () => number;
}

export interface IntelUpdateResult {
  outDir: string;
  queried: Record<Ecosystem, number>;
  advisories: Record<Ecosystem, number>;
  malicious: Record<Ecosystem, number>;
  /** Per ecosystem: the export's record count, or why it could not be read (then names were queried). */
  exports: Partial<Record<Ecosystem, { records: number } | { error: string }>>;
  /** Registry names written per ecosystem, and why a list was not refreshed (the previous one stays). */
  registryNames?: NamesUpdateResult;
}

export async function intelUpdate(options: IntelUpdateOptions): Promise<IntelUpdateResult> {
  const snapshot = readSnapshot(options.snapshotPath ?? defaultSnapshotPath());
  const isPrivate = privateNameMatcher(options.privateNames ?? []);
  const fetchOptions = { endpoints: { ...PUBLIC_ENDPOINTS, ...options.endpoints }, timeoutMs: options.timeoutMs ?? 15_000, env: options.env };
  const limit = concurrencyLimit(options.concurrency ?? 8);
  const result: IntelUpdateResult = { outDir: options.outDir, queried: { pypi: 0, npm: 0 }, advisories: { pypi: 0, npm: 0 }, malicious: { pypi: 0, npm: 0 }, exports: {} };
  const now = new Date(options.now?.() ?? Date.now()).toISOString();
  for (const ecosystem of ['pypi', 'npm'] as const) {
    if (options.osvExports !== false) {
      try {
        const exported = await fetchOsvExport(ecosystem, fetchOptions.endpoints.osvExports, { timeoutMs: Math.max(fetchOptions.timeoutMs, 300_000), env: options.env });
        mergeOsvAnswers(snapshot, ecosystem, exported.answers, result);
        result.exports[ecosystem] = { records: exported.records };
        // The date findings give for this ecosystem's advisories (see `advisoryDate`).
        snapshot.sources = { ...snapshot.sources, [`osvExport-${ecosystem}`]: now };
        snapshot.advisoryDates = { ...snapshot.advisoryDates, [ecosystem]: now.slice(0, 10) };
        continue;
      } catch (error) {
        result.exports[ecosystem] = { error: (error as Error).message };
      }
    }
    const eco = snapshot[ecosystem];
    const names = [...new Set([...eco.popular.slice(0, options.popularLimit ?? 1000), ...(options.names?.[ecosystem] ?? [])].map((n) => normalize(ecosystem, n)))].filter((n) => !isPrivate(n));
    result.queried[ecosystem] = names.length;
    const answers = await fetchOsv(ecosystem, names, fetchOptions, limit);
    mergeOsvAnswers(snapshot, ecosystem, answers, result);
  }
  snapshot.sources = { ...snapshot.sources, osvUpdate: now };
  if (options.registryNames !== false) {
    const today = now.slice(0, 10);
    result.registryNames = await updateRegistryNames({ outDir: dirname(options.outDir), endpoints: fetchOptions.endpoints, timeoutMs: Math.max(options.timeoutMs ?? 15_000, 120_000), env: options.env, today });
  }
  mkdirSync(dirname(options.outDir), { recursive: true });
  writeSnapshotParts(snapshot, options.outDir);
  return result;
}

/** Adds OSV answers (package name → records) to a snapshot: MAL records to `malicious`, the rest to `advisories`. */
export function mergeOsvAnswers(snapshot: SnapshotFile, ecosystem: Ecosystem, answers: ReadonlyMap<string, readonly OsvVuln[]>, counts: Pick<IntelUpdateResult, 'advisories' | 'malicious'>): void {
  const eco = snapshot[ecosystem];
  for (const [name, vulns] of answers) {
    const key = normalize(ecosystem, name);
    const list: CompactAdvisory[] = [...(eco.advisories[key] ?? [])];
    for (const v of vulns) {
      if (v.malicious) {
        const all = v.versions.length === 0 && v.ranges.some((r) => r.some((e) => e.introduced === '0'));
        const existing = eco.malicious[key];
        if (existing !== null) eco.malicious[key] = all ? null : [...new Set([...(existing ?? []), ...v.versions])];
        counts.malicious[ecosystem]++;
        continue;
      }
      if (list.some(([id, aliases]) => id === v.id || aliases.includes(v.id) || v.aliases.includes(id))) continue;
      const entry: CompactAdvisory = [v.id, v.aliases.filter((a) => /^(CVE|GHSA)-/.test(a)), v.summary, v.ranges.map(compact)];
      if (v.ranges.length === 0 && v.versions.length > 0) entry.push(v.versions);
      list.push(entry);
      counts.advisories[ecosystem]++;
    }
    if (list.length > 0) eco.advisories[key] = list;
  }
}

function compact(events: readonly OsvEvent[]): CompactEvent[] {
  return events.map((e) => (e.introduced !== undefined ? { i: e.introduced } : e.fixed !== undefined ? { f: e.fixed } : e.last_affected !== undefined ? { l: e.last_affected } : { x: e.limit ?? '0' }));
}
