/**
 * `aisec intel update`: refreshes the package-intelligence snapshot from OSV while online. Every
 * advisory and MAL record for the most popular names (and any names the caller adds) is fetched with
 * `querybatch` and merged into a copy of the bundled snapshot, written to a user-writable file that
 * `createPackageIntel({ updatedSnapshotPath })` prefers over the bundled one.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Ecosystem } from '../engine/ports';
import type { OsvEvent } from '../engine/versions/osv-range';
import { privateNameMatcher } from './privacy';
import { concurrencyLimit, fetchOsv, PUBLIC_ENDPOINTS } from './registries';
import type { RegistryEndpoints } from './registries';
import { defaultSnapshotPath, readSnapshot } from './snapshot';
import type { CompactAdvisory, CompactEvent } from './snapshot';
import { normalize } from './package-intel';
import { updateRegistryNames } from './names-update';
import type { NamesUpdateResult } from './names-update';

export interface IntelUpdateOptions {
  /** Where the refreshed snapshot is written. */
  outFile: string;
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
  /** Also refresh the registry name lists of the offline existence check (default true). */
  registryNames?: boolean;
  /** Today, for the PyPI name list's date (defaults to the wall clock). */
  now?: () => number;
}

export interface IntelUpdateResult {
  outFile: string;
  queried: Record<Ecosystem, number>;
  advisories: Record<Ecosystem, number>;
  malicious: Record<Ecosystem, number>;
  /** Registry names written per ecosystem, and why a list was not refreshed (the previous one stays). */
  registryNames?: NamesUpdateResult;
}

export async function intelUpdate(options: IntelUpdateOptions): Promise<IntelUpdateResult> {
  const snapshot = readSnapshot(options.snapshotPath ?? defaultSnapshotPath());
  const isPrivate = privateNameMatcher(options.privateNames ?? []);
  const fetchOptions = { endpoints: { ...PUBLIC_ENDPOINTS, ...options.endpoints }, timeoutMs: options.timeoutMs ?? 15_000, env: options.env };
  const limit = concurrencyLimit(options.concurrency ?? 8);
  const result: IntelUpdateResult = { outFile: options.outFile, queried: { pypi: 0, npm: 0 }, advisories: { pypi: 0, npm: 0 }, malicious: { pypi: 0, npm: 0 } };
  for (const ecosystem of ['pypi', 'npm'] as const) {
    const eco = snapshot[ecosystem];
    const names = [...new Set([...eco.popular.slice(0, options.popularLimit ?? 1000), ...(options.names?.[ecosystem] ?? [])].map((n) => normalize(ecosystem, n)))].filter((n) => !isPrivate(n));
    result.queried[ecosystem] = names.length;
    const answers = await fetchOsv(ecosystem, names, fetchOptions, limit);
    for (const [name, vulns] of answers) {
      const key = normalize(ecosystem, name);
      const list: CompactAdvisory[] = [...(eco.advisories[key] ?? [])];
      for (const v of vulns) {
        if (v.malicious) {
          const all = v.versions.length === 0 && v.ranges.some((r) => r.some((e) => e.introduced === '0'));
          const existing = eco.malicious[key];
          if (existing !== null) eco.malicious[key] = all ? null : [...new Set([...(existing ?? []), ...v.versions])];
          result.malicious[ecosystem]++;
          continue;
        }
        if (list.some(([id, aliases]) => id === v.id || aliases.includes(v.id) || v.aliases.includes(id))) continue;
        const entry: CompactAdvisory = [v.id, v.aliases.filter((a) => /^(CVE|GHSA)-/.test(a)), v.summary, v.ranges.map(compact)];
        if (v.ranges.length === 0 && v.versions.length > 0) entry.push(v.versions);
        list.push(entry);
        result.advisories[ecosystem]++;
      }
      if (list.length > 0) eco.advisories[key] = list;
    }
  }
  snapshot.sources = { ...snapshot.sources, osvUpdate: new Date().toISOString() };
  if (options.registryNames !== false) {
    const today = new Date(options.now?.() ?? Date.now()).toISOString().slice(0, 10);
    result.registryNames = await updateRegistryNames({ outDir: dirname(options.outFile), endpoints: fetchOptions.endpoints, timeoutMs: Math.max(options.timeoutMs ?? 15_000, 120_000), env: options.env, today });
  }
  mkdirSync(dirname(options.outFile), { recursive: true });
  const temp = `${options.outFile}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(snapshot));
  renameSync(temp, options.outFile);
  return result;
}

function compact(events: readonly OsvEvent[]): CompactEvent[] {
  return events.map((e) => (e.introduced !== undefined ? { i: e.introduced } : e.fixed !== undefined ? { f: e.fixed } : e.last_affected !== undefined ? { l: e.last_affected } : { x: e.limit ?? '0' }));
}
