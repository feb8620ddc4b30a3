/**
 * Online lookups: the PyPI JSON API, the npm registry (full packument, for the creation date) and OSV
 * `querybatch` plus `/v1/vulns/{id}` for details. Base URLs are configurable so tests point them at
 * loopback servers; every request has a timeout, and callers bound concurrency with `limit`.
 */
import type { Ecosystem } from '../engine/ports';
import type { OsvEvent } from '../engine/versions/osv-range';
import type { OsvVuln, RegistryAnswer } from './cache';
import { httpRequest, type HttpOptions } from './http';
import { appendAll } from '../engine/collections';

export interface RegistryEndpoints {
  pypi: string;
  npm: string;
  osv: string;
  /** The GitHub REST API, used only to resolve a git ref to its commit for pinning fixes. */
  github: string;
  /** OSV's per-ecosystem exports (`<base>/PyPI/all.zip`, `<base>/npm/all.zip`), for `aisec intel update`. */
  osvExports: string;
  /** The Hugging Face Hub API, asked for model and dataset licences only by `aisec bom --online`. */
  huggingface: string;
}

export const PUBLIC_ENDPOINTS: RegistryEndpoints = {
  pypi: 'https://pypi.org',
  npm: 'https://registry.npmjs.org',
  osv: 'https://api.osv.dev',
  github: 'https://api.github.com',
  osvExports: 'https://osv-vulnerabilities.storage.googleapis.com',
  huggingface: 'https://huggingface.co',
};

/** `owner/repo` of a GitHub repository URL in any of the forms pip and npm accept, or undefined. */
export function githubRepository(url: string): string | undefined {
  const m = /^(?:git\+)?(?:https?|ssh|git)?:?\/*(?:git@)?github\.com[/:]([\w.-]+)\/([\w.-]+?)(?:\.git)?(?:[@#/]|$)/i.exec(url) ?? /^github:([\w.-]+)\/([\w.-]+?)(?:#|$)/.exec(url) ?? /^([\w.-]+)\/([\w.-]+?)(?:#|$)/.exec(url);
  return m ? `${m[1]}/${m[2]}` : undefined;
}

/** The commit a ref (branch, tag, or empty for the default branch) points to, via the GitHub API. */
export async function fetchGithubCommit(repository: string, ref: string | undefined, options: FetchOptions): Promise<string | null> {
  const res = await httpRequest(`${trim(options.endpoints.github)}/repos/${repository}/commits/${encodeURIComponent(ref || 'HEAD')}`, { ...transportOf(options), headers: { accept: 'application/vnd.github.sha' }, maxBytes: 1024 });
  if (res.status === 404 || res.status === 422) return null;
  if (res.status !== 200) throw new Error(`GitHub answered ${res.status} for ${repository}@${ref ?? ''}`);
  const sha = res.body.trim();
  return /^[0-9a-f]{40}$/.test(sha) ? sha : null;
}

export interface FetchOptions {
  endpoints: RegistryEndpoints;
  /** Per request. */
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  /** Aborts every request still running (the overall deadline of a refresh). */
  signal?: AbortSignal;
}

/** The per-request options every lookup passes on to `httpRequest`. */
function transportOf(options: FetchOptions): Pick<HttpOptions, 'timeoutMs' | 'env' | 'signal'> {
  return { timeoutMs: options.timeoutMs, env: options.env, ...(options.signal ? { signal: options.signal } : {}) };
}

/** Existence and facts for one name; throws on network errors and unexpected statuses (the caller keeps "unknown"). */
export async function fetchRegistry(ecosystem: Ecosystem, name: string, options: FetchOptions): Promise<RegistryAnswer> {
  return ecosystem === 'pypi' ? fetchPypi(name, options) : fetchNpm(name, options);
}

/** Hosts of source repositories: a package linking one can be reviewed before it is trusted. */
const SOURCE_HOSTS = /(github\.com|gitlab\.com|bitbucket\.org|codeberg\.org)\/[^/\s"]+\/[^/\s"]+|^github:[^/\s]+\/|^[\w.-]+\/[\w.-]+$/i;

async function fetchPypi(name: string, options: FetchOptions): Promise<RegistryAnswer> {
  const res = await httpRequest(`${trim(options.endpoints.pypi)}/pypi/${encodeURIComponent(name)}/json`, { ...transportOf(options), maxBytes: 64 * 1024 * 1024 });
  if (res.status === 404) return { exists: false };
  if (res.status !== 200) throw new Error(`PyPI answered ${res.status} for ${name}`);
  const doc = JSON.parse(res.body) as { info?: { version?: string; home_page?: string | null; project_urls?: Record<string, string> | null }; releases?: Record<string, { upload_time_iso_8601?: string; upload_time?: string }[]> };
  let first: string | undefined;
  let releaseCount = 0;
  for (const files of Object.values(doc.releases ?? {})) {
    if (files.length === 0) continue;
    releaseCount++;
    for (const f of files) {
      const t = f.upload_time_iso_8601 ?? f.upload_time;
      if (t && (!first || Date.parse(t) < Date.parse(first))) first = t;
    }
  }
  const links = [doc.info?.home_page ?? '', ...Object.values(doc.info?.project_urls ?? {})];
  return { exists: true, facts: { firstRelease: first, releaseCount, latestVersion: doc.info?.version, hasRepository: links.some((l) => SOURCE_HOSTS.test(l)) } };
}

async function fetchNpm(name: string, options: FetchOptions): Promise<RegistryAnswer> {
  const path = name.startsWith('@') ? `@${encodeURIComponent(name.slice(1))}` : encodeURIComponent(name);
  const res = await httpRequest(`${trim(options.endpoints.npm)}/${path}`, { ...transportOf(options), maxBytes: 128 * 1024 * 1024 });
  if (res.status === 404) return { exists: false };
  if (res.status !== 200) throw new Error(`the npm registry answered ${res.status} for ${name}`);
  const doc = JSON.parse(res.body) as { time?: Record<string, string>; versions?: Record<string, { scripts?: Record<string, string>; repository?: unknown }>; 'dist-tags'?: Record<string, string>; repository?: unknown };
  if (doc.time?.unpublished) return { exists: false };
  const latest = doc['dist-tags']?.latest;
  const scripts = latest ? doc.versions?.[latest]?.scripts ?? {} : {};
  return {
    exists: true,
    facts: {
      firstRelease: doc.time?.created,
      releaseCount: Object.keys(doc.versions ?? {}).length,
      latestVersion: latest,
      hasInstallScripts: ['preinstall', 'install', 'postinstall'].some((s) => s in scripts),
      hasRepository: [doc.repository, latest ? doc.versions?.[latest]?.repository : undefined].some((r) => SOURCE_HOSTS.test(typeof r === 'string' ? r : JSON.stringify(r ?? ''))),
    },
  };
}

/** Every OSV record for each name (no version: the matching happens locally), in batches of at most 1,000 queries. */
export async function fetchOsv(ecosystem: Ecosystem, names: readonly string[], options: FetchOptions, limit: <T>(task: () => Promise<T>) => Promise<T>): Promise<Map<string, OsvVuln[]>> {
  const out = new Map<string, OsvVuln[]>();
  const osvEcosystem = ecosystem === 'pypi' ? 'PyPI' : 'npm';
  const ids = new Map<string, string[]>();
  for (let i = 0; i < names.length; i += 1000) {
    const batch = names.slice(i, i + 1000);
    let queries = batch.map((name) => ({ package: { ecosystem: osvEcosystem, name } }));
    const pageTokens = new Map<number, string>();
    for (let page = 0; page < 10 && queries.length > 0; page++) {
      const res = await limit(() => httpRequest(`${trim(options.endpoints.osv)}/v1/querybatch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ queries: queries.map((q, k) => (pageTokens.has(k) ? { ...q, page_token: pageTokens.get(k) } : q)) }), ...transportOf(options), maxBytes: 32 * 1024 * 1024 }));
      if (res.status !== 200) throw new Error(`OSV answered ${res.status}`);
      const body = JSON.parse(res.body) as { results?: { vulns?: { id: string }[]; next_page_token?: string }[] };
      const next: typeof queries = [];
      const nextTokens = new Map<number, string>();
      (body.results ?? []).forEach((r, k) => {
        const name = queries[k]!.package.name;
        const list = ids.get(name) ?? [];
        for (const v of r.vulns ?? []) list.push(v.id);
        ids.set(name, list);
        if (r.next_page_token) {
          nextTokens.set(next.length, r.next_page_token);
          next.push(queries[k]!);
        }
      });
      queries = next;
      pageTokens.clear();
      for (const [k, t] of nextTokens) pageTokens.set(k, t);
    }
  }
  const details = new Map<string, FetchedVuln | undefined>();
  const unique = [...new Set([...ids.values()].flat())];
  await Promise.all(unique.map((id) => limit(async () => details.set(id, await fetchVuln(id, ecosystem, options)))));
  for (const name of names) {
    out.set(name, (ids.get(name) ?? []).map((id) => details.get(id)).filter((v): v is FetchedVuln => v !== undefined).map((v) => forPackage(v, ecosystem, name)));
  }
  return out;
}

export interface OsvRecord {
  id: string;
  aliases?: string[];
  summary?: string;
  details?: string;
  withdrawn?: string;
  affected?: { package?: { ecosystem?: string; name?: string }; ranges?: { type: string; events: OsvEvent[] }[]; versions?: string[] }[];
}

/** A record's common fields plus its affected ranges per package name (one record can cover several packages). */
export interface FetchedVuln {
  vuln: Omit<OsvVuln, 'ranges' | 'versions'>;
  perPackage: Map<string, { ranges: OsvEvent[][]; versions: string[] }>;
}

async function fetchVuln(id: string, ecosystem: Ecosystem, options: FetchOptions): Promise<FetchedVuln | undefined> {
  const res = await httpRequest(`${trim(options.endpoints.osv)}/v1/vulns/${encodeURIComponent(id)}`, { ...transportOf(options), maxBytes: 8 * 1024 * 1024 });
  if (res.status !== 200) return undefined;
  return parseOsvRecord(JSON.parse(res.body) as OsvRecord, ecosystem);
}

/** An OSV record's fields and its affected ranges per package of `ecosystem`; undefined when withdrawn. */
export function parseOsvRecord(record: OsvRecord, ecosystem: Ecosystem): FetchedVuln | undefined {
  if (record.withdrawn || typeof record.id !== 'string') return undefined;
  const perPackage = new Map<string, { ranges: OsvEvent[][]; versions: string[] }>();
  for (const a of record.affected ?? []) {
    if ((a.package?.ecosystem ?? '').toLowerCase() !== (ecosystem === 'pypi' ? 'pypi' : 'npm') || !a.package?.name) continue;
    const key = packageKey(ecosystem, a.package.name);
    const entry = perPackage.get(key) ?? { ranges: [], versions: [] };
    for (const r of a.ranges ?? []) if (r.type === 'ECOSYSTEM' || r.type === 'SEMVER') entry.ranges.push(r.events);
    appendAll(entry.versions, a.versions ?? []);
    perPackage.set(key, entry);
  }
  const vuln = {
    id: record.id,
    aliases: (record.aliases ?? []).filter((x) => /^(CVE|GHSA|PYSEC)-/.test(x)),
    summary: oneLine(record.summary ?? record.details ?? record.id),
    malicious: record.id.startsWith('MAL-'),
  };
  return { vuln, perPackage };
}

export function forPackage(fetched: FetchedVuln, ecosystem: Ecosystem, name: string): OsvVuln {
  const entry = fetched.perPackage.get(packageKey(ecosystem, name)) ?? { ranges: [], versions: [] };
  return { ...fetched.vuln, ranges: entry.ranges, versions: entry.versions };
}

function packageKey(ecosystem: Ecosystem, name: string): string {
  return ecosystem === 'pypi' ? name.toLowerCase().replace(/[-_.]+/g, '-') : name;
}

/** Runs at most `n` tasks at once. */
export function concurrencyLimit(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((resolve) => queue.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      queue.shift()?.();
    }
  };
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const sentence = /^(.{20,160}?[.!?])(\s|$)/.exec(flat)?.[1];
  if (sentence || flat.length <= 160) return sentence ?? flat;
  return `${flat.slice(0, 157).replace(/\s+\S*$/, '')}…`;
}

function trim(base: string): string {
  return base.replace(/\/+$/, '');
}
