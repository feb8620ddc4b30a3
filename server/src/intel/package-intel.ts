/**
 * The host's `PackageIntel`: synchronous answers for the engine from the bundled snapshot plus the
 * on-disk cache of online answers. Questions it cannot answer are remembered; the host calls `refresh()`
 * (when online lookups are allowed) to fetch them, then re-analyses — so the engine stays synchronous and
 * deterministic for a given cache state.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Advisory, Ecosystem, PackageIntel, RegistryFacts } from '../engine/ports';
import { firstFixedAbove, isAffected } from '../engine/versions/osv-range';
import type { OsvEvent } from '../engine/versions/osv-range';
import { appendAll } from '../engine/collections';
import { compareVersionStrings } from '../engine/versions/pep440';
import { compareNpmVersions } from '../engine/versions/npm-semver';
import { DEFAULT_TTLS, IntelCache } from './cache';
import type { CacheTtls, OsvVuln } from './cache';
import { privateNameMatcher } from './privacy';
import { concurrencyLimit, fetchGithubCommit, fetchOsv, fetchRegistry, githubRepository, PUBLIC_ENDPOINTS } from './registries';
import type { RegistryEndpoints } from './registries';
import { RegistryNames } from './registry-names';
import { knownNamesOf, normalizeName } from './known-names';
import { defaultSnapshotPath, openSnapshot, toOsvEvents } from './snapshot';
import type { CompactAdvisory, SnapshotSource } from './snapshot';

export interface IntelOptions {
  /** The bundled snapshot (defaults to the one next to the bundle or in the repository). */
  snapshotPath?: string;
  /** A newer snapshot written by `intelUpdate()`; used instead of the bundled one when present. */
  updatedSnapshotPath?: string;
  /**
   * The registry name lists for the offline existence check (`names-<ecosystem>.bin`); the newest readable
   * one answers. Defaults to the bundled lists beside the snapshot and the refreshed ones beside
   * `updatedSnapshotPath`.
   */
  nameLists?: Partial<Record<Ecosystem, readonly string[]>>;
  /** Where online answers are cached; no file means an in-memory cache. */
  cacheFile?: string;
  /** Allow registry and OSV lookups (default false: the snapshot only). */
  online?: boolean;
  endpoints?: Partial<RegistryEndpoints>;
  /** Per request (default 5 s). */
  timeoutMs?: number;
  /**
   * For all the lookups of one refresh together (default `DEFAULT_ONLINE_DEADLINE_MS`): requests still
   * running are aborted and the rest are not made, so a silent registry cannot stall a scan for minutes.
   */
  deadlineMs?: number;
  concurrency?: number;
  /** Glob patterns (`@corp/*`, `corp-*`) of names never sent anywhere. */
  privateNames?: readonly string[];
  ttls?: Partial<CacheTtls>;
  now?: () => number;
  /** Environment for proxy variables (defaults to `process.env`). */
  env?: NodeJS.ProcessEnv;
}

export interface PendingQuery {
  kind: 'registry' | 'osv' | 'vcs';
  ecosystem: Ecosystem;
  name: string;
  /**
   * Other names the request would reveal, tested against the private-name patterns like `name`: for a
   * VCS lookup, the dependency's own name and the repository's owner and name.
   */
  reveals?: readonly string[];
}

/** The overall deadline of a refresh's online lookups unless configured otherwise. */
export const DEFAULT_ONLINE_DEADLINE_MS = 60_000;

export interface RefreshResult {
  /** Answers fetched and cached. */
  fetched: number;
  /** Lookups that failed (network errors, timeouts); they stay unknown and are retried next time. */
  failed: number;
  /** Lookups not made, or cut off, because the overall deadline passed; they stay unknown. */
  notLookedUp: PendingQuery[];
}

/** Parsed snapshots shared by every intel instance of the process (the language server makes one per folder). */
const SHARED_SNAPSHOTS = new Map<string, Indexed>();

interface ExpandedAdvisory {
  id: string;
  aliases: readonly string[];
  summary: string;
  ranges: OsvEvent[][];
  versions?: readonly string[];
}

interface Indexed {
  /** Read part by part on first use: a Python file never parses npm's names, nor the advisories unless asked. */
  source: SnapshotSource;
  expanded: Map<string, readonly ExpandedAdvisory[]>;
  /**
   * The names known to exist, per ecosystem, indexed on first use (see `knownNames`): a Python file never pays
   * for npm's names, and a file without third-party imports for neither.
   */
  known: Partial<Record<Ecosystem, Set<string>>>;
  stdlib?: Set<string>;
}

export class HostPackageIntel implements PackageIntel {
  private indexed: Indexed | undefined;
  private readonly cache: IntelCache;
  private readonly pendingQueries = new Map<string, PendingQuery>();
  private isPrivate: (name: string) => boolean;
  private readonly endpoints: RegistryEndpoints;
  private scheduled: NodeJS.Timeout | undefined;
  private readonly names: RegistryNames;
  private readonly namingWords = new Map<Ecosystem, ReadonlySet<string>>();
  private privateNamesKey: string;

  constructor(private readonly options: IntelOptions = {}) {
    this.cache = new IntelCache(options.cacheFile, options.now, { ...DEFAULT_TTLS, ...options.ttls });
    this.names = new RegistryNames(options.nameLists ?? defaultNameLists(options));
    this.isPrivate = privateNameMatcher(options.privateNames ?? []);
    this.privateNamesKey = JSON.stringify(options.privateNames ?? []);
    this.endpoints = { ...PUBLIC_ENDPOINTS, ...options.endpoints };
  }

  exists(ecosystem: Ecosystem, name: string): boolean | undefined {
    const key = normalize(ecosystem, name);
    const snap = this.snapshot();
    if (knownNames(snap, ecosystem).has(key) || snap.source.of(ecosystem, 'malicious')[key] !== undefined) return true;
    const cached = this.cache.registry(`${ecosystem}:${key}`);
    if (cached) return cached.exists;
    // A name the user declared private is never looked up, not even in the public list.
    if (this.isPrivate(key)) return undefined;
    const listed = this.names.lookup(ecosystem, key);
    if (listed === 'listed') return true;
    // A name the list lacks may be newer than the list: when online lookups are allowed the registry is asked,
    // and its cached answer replaces the list's on the next analysis. Until then (and offline) the list
    // answers, except for packages under a scope with nothing public (a private registry's).
    this.want('registry', ecosystem, key);
    return listed === 'absent' ? false : undefined;
  }

  isListed(ecosystem: Ecosystem, name: string): boolean {
    const key = normalize(ecosystem, name);
    return knownNames(this.snapshot(), ecosystem).has(key) || this.names.lookup(ecosystem, key) === 'listed';
  }

  isUnlisted(ecosystem: Ecosystem, name: string): boolean {
    const key = normalize(ecosystem, name);
    if (knownNames(this.snapshot(), ecosystem).has(key) || this.isPrivate(key)) return false;
    if (this.cache.registry(`${ecosystem}:${key}`)?.exists === true) return false;
    return this.names.lookup(ecosystem, key) === 'absent';
  }

  advisoryDate(ecosystem: Ecosystem): string | undefined {
    return this.snapshot().source.advisoryDates?.[ecosystem];
  }

  /**
   * Online, OSV answers every name; offline, the snapshot in use must hold the ecosystem's advisories: dated ones
   * (the bundled PyPA set, an OSV export fetched by `aisec intel update`) or, without a date, those an update
   * queried name by name when the export could not be read. The bundled snapshot has none for npm.
   */
  hasAdvisories(ecosystem: Ecosystem): boolean {
    if (this.options.online) return true;
    const source = this.snapshot().source;
    return source.advisoryDates?.[ecosystem] !== undefined || source.advisoryNames(ecosystem).length > 0;
  }

  vendorScopedNames(ecosystem: Ecosystem): readonly string[] {
    return this.snapshot().source.of(ecosystem, 'vendorScoped') ?? [];
  }

  isNamingWord(ecosystem: Ecosystem, word: string): boolean {
    let words = this.namingWords.get(ecosystem);
    if (!words) {
      words = new Set(this.snapshot().source.of(ecosystem, 'namingWords') ?? []);
      this.namingWords.set(ecosystem, words);
    }
    return words.has(word);
  }

  /** The date of the offline name list when it, not an online answer, says whether `name` exists. */
  nameListDate(ecosystem: Ecosystem, name: string): string | undefined {
    if (this.cache.registry(`${ecosystem}:${normalize(ecosystem, name)}`)) return undefined;
    return this.names.date(ecosystem);
  }

  isPopular(ecosystem: Ecosystem, name: string): boolean {
    return knownNames(this.snapshot(), ecosystem).has(normalize(ecosystem, name));
  }

  popularNames(ecosystem: Ecosystem): readonly string[] {
    return this.snapshot().source.of(ecosystem, 'popular');
  }

  malicious(ecosystem: Ecosystem, name: string): 'all' | readonly string[] | undefined {
    const key = normalize(ecosystem, name);
    const listed = this.snapshot().source.of(ecosystem, 'malicious')[key];
    if (listed === null) return 'all';
    const versions = new Set(listed ?? []);
    for (const v of this.cache.osv(`${ecosystem}:${key}`) ?? []) {
      if (!v.malicious) continue;
      if (v.versions.length === 0 && v.ranges.some((r) => r.some((e) => e.introduced === '0'))) return 'all';
      for (const version of v.versions) versions.add(version);
    }
    return versions.size > 0 ? [...versions] : undefined;
  }

  vulnerabilities(ecosystem: Ecosystem, name: string, version: string): readonly Advisory[] {
    const key = normalize(ecosystem, name);
    const out: Advisory[] = [];
    const seen = new Set<string>();
    const add = (id: string, aliases: readonly string[], summary: string, affected: { ranges: readonly OsvEvent[][]; versions?: readonly string[] }): void => {
      if (seen.has(id) || aliases.some((a) => seen.has(a))) return;
      if (!isAffected(ecosystem, version, affected)) return;
      seen.add(id);
      for (const a of aliases) seen.add(a);
      out.push({ id, aliases, summary, fixedIn: firstFixedAbove(ecosystem, version, affected) });
    };
    for (const a of this.advisoriesOf(ecosystem, key)) add(a.id, a.aliases, a.summary, a);
    const cached = this.cache.osv(`${ecosystem}:${key}`);
    if (cached) {
      for (const v of cached) if (!v.malicious) add(v.id, v.aliases, v.summary, v);
    } else {
      this.want('osv', ecosystem, key);
    }
    const compare = ecosystem === 'pypi' ? compareVersionStrings : compareNpmVersions;
    return out.sort((a, b) => (a.fixedIn && b.fixedIn ? compare(a.fixedIn, b.fixedIn) : a.fixedIn ? -1 : 1));
  }

  registryFacts(ecosystem: Ecosystem, name: string): RegistryFacts | undefined {
    const key = normalize(ecosystem, name);
    const cached = this.cache.registry(`${ecosystem}:${key}`);
    if (cached) return cached.facts;
    if (!knownNames(this.snapshot(), ecosystem).has(key)) this.want('registry', ecosystem, key);
    return undefined;
  }

  latestVersion(ecosystem: Ecosystem, name: string): string | undefined {
    const key = normalize(ecosystem, name);
    const cached = this.cache.registry(`${ecosystem}:${key}`);
    if (cached) return cached.facts?.latestVersion;
    this.want('registry', ecosystem, key);
    return undefined;
  }

  distributionsForImport(importName: string): readonly string[] | undefined {
    return this.snapshot().source.importMap()[importName];
  }

  isPythonStdlib(moduleName: string): boolean {
    const snap = this.snapshot();
    snap.stdlib ??= new Set(snap.source.stdlib());
    return snap.stdlib.has(moduleName);
  }

  knownHallucination(ecosystem: Ecosystem, name: string): string | undefined {
    return this.snapshot().source.of(ecosystem, 'hallucinations')[normalize(ecosystem, name)];
  }

  resolveVcsCommit(url: string, ref: string | undefined, dependencyName?: string): string | undefined {
    const repository = githubRepository(url);
    if (!repository) return undefined;
    const key = `${repository}#${ref ?? ''}`;
    const cached = this.cache.vcs(key);
    if (cached !== undefined) return cached ?? undefined;
    // The request names the owner, the repository and the ref: a private dependency name, owner or
    // repository (matched like any package name) keeps all of them from being sent.
    this.want('vcs', 'npm', key, [repository, ...repository.split('/'), ...(dependencyName ? [dependencyName] : [])]);
    return undefined;
  }

  /** The snapshot's advisories for a package, converted to OSV events once. */
  private advisoriesOf(ecosystem: Ecosystem, key: string): readonly ExpandedAdvisory[] {
    const snap = this.snapshot();
    const cacheKey = `${ecosystem}:${key}`;
    let list = snap.expanded.get(cacheKey);
    if (!list) {
      list = (snap.source.of(ecosystem, 'advisories')[key] ?? ([] as CompactAdvisory[])).map(([id, aliases, summary, ranges, versions]) => ({ id, aliases, summary, ranges: ranges.map(toOsvEvents), versions }));
      snap.expanded.set(cacheKey, list);
    }
    return list;
  }

  importNameConfusion(ecosystem: Ecosystem, name: string): string | undefined {
    return this.snapshot().source.of(ecosystem, 'importNames')?.[normalize(ecosystem, name)];
  }

  /** Questions asked since the last refresh that only an online lookup can answer. */
  pending(): PendingQuery[] {
    return [...this.pendingQueries.values()];
  }

  /**
   * Fetches the pending questions (online mode only), caches the answers and saves the cache. No question
   * that reveals a private name is sent, and everything stops at the overall deadline.
   */
  async refresh(): Promise<RefreshResult> {
    const queries = this.pending().filter((q) => !this.revealsPrivateName(q));
    this.pendingQueries.clear();
    const result: RefreshResult = { fetched: 0, failed: 0, notLookedUp: [] };
    if (!this.options.online || queries.length === 0) return result;
    const limit = concurrencyLimit(this.options.concurrency ?? 4);
    const deadline = AbortSignal.timeout(this.options.deadlineMs ?? DEFAULT_ONLINE_DEADLINE_MS);
    const fetchOptions = { endpoints: this.endpoints, timeoutMs: this.options.timeoutMs ?? 5000, env: this.options.env, signal: deadline };
    // One lookup: skipped once the deadline has passed, and counted as not looked up when it cut the lookup off.
    const lookUp = async (covered: readonly PendingQuery[], run: () => Promise<number>): Promise<void> => {
      if (deadline.aborted) {
        appendAll(result.notLookedUp, covered);
        return;
      }
      try {
        // Awaited first: `result.fetched += await run()` would read the count before the wait and lose concurrent additions.
        const answers = await run();
        result.fetched += answers;
      } catch {
        if (deadline.aborted) appendAll(result.notLookedUp, covered);
        else result.failed += covered.length;
      }
    };
    await Promise.all(queries.filter((q) => q.kind === 'registry').map((q) => limit(() => lookUp([q], async () => {
      this.cache.setRegistry(`${q.ecosystem}:${q.name}`, await fetchRegistry(q.ecosystem, q.name, fetchOptions));
      return 1;
    }))));
    await Promise.all(queries.filter((q) => q.kind === 'vcs').map((q) => limit(() => lookUp([q], async () => {
      const [repository, ref] = q.name.split('#') as [string, string];
      this.cache.setVcs(q.name, await fetchGithubCommit(repository, ref || undefined, fetchOptions));
      return 1;
    }))));
    for (const ecosystem of ['pypi', 'npm'] as const) {
      const osv = queries.filter((q) => q.kind === 'osv' && q.ecosystem === ecosystem);
      if (osv.length === 0) continue;
      await lookUp(osv, async () => {
        const answers = await fetchOsv(ecosystem, osv.map((q) => q.name), fetchOptions, limit);
        for (const [name, vulns] of answers) this.cache.setOsv(`${ecosystem}:${normalize(ecosystem, name)}`, vulns);
        return answers.size;
      });
    }
    this.cache.save();
    return result;
  }

  /**
   * For the language server: after an analysis left questions pending, fetch them a moment later (several
   * analyses share one fetch) and call `onUpdated` when new answers arrived, so the host can ask the client
   * to pull diagnostics again. Does nothing offline or when nothing is pending; never rejects.
   */
  scheduleRefresh(onUpdated: (result: RefreshResult) => void, delayMs = 300): void {
    if (!this.options.online || this.pendingQueries.size === 0 || this.scheduled) return;
    this.scheduled = setTimeout(() => {
      this.scheduled = undefined;
      this.refresh().then(
        (result) => {
          if (result.fetched > 0) onUpdated(result);
        },
        () => undefined,
      );
    }, delayMs);
  }

  /** Replaces the private-name globs (the language server reads them from settings that may change). */
  /** Returns true when the patterns changed (answers about matching names change with them). */
  setPrivateNames(patterns: readonly string[]): boolean {
    const key = JSON.stringify(patterns);
    if (key === this.privateNamesKey) return false;
    this.privateNamesKey = key;
    this.isPrivate = privateNameMatcher(patterns);
    for (const [id, query] of this.pendingQueries) if (this.revealsPrivateName(query)) this.pendingQueries.delete(id);
    return true;
  }

  /** Seeds the cache with answers (used by tests and by hosts that share one cache between processes). */
  remember(ecosystem: Ecosystem, name: string, answer: { exists: boolean; facts?: RegistryFacts }, osv?: OsvVuln[]): void {
    const key = normalize(ecosystem, name);
    this.cache.setRegistry(`${ecosystem}:${key}`, answer);
    if (osv) this.cache.setOsv(`${ecosystem}:${key}`, osv);
  }

  private want(kind: PendingQuery['kind'], ecosystem: Ecosystem, key: string, reveals?: readonly string[]): void {
    const query: PendingQuery = { kind, ecosystem, name: key, ...(reveals ? { reveals } : {}) };
    if (!this.options.online || this.revealsPrivateName(query)) return;
    const id = `${kind}:${ecosystem}:${key}`;
    if (!this.pendingQueries.has(id)) this.pendingQueries.set(id, query);
  }

  /** True when the request for `query` would send a name matching the private-name patterns. */
  private revealsPrivateName(query: PendingQuery): boolean {
    return this.isPrivate(query.name) || (query.reveals ?? []).some((name) => this.isPrivate(name));
  }

  /** The snapshot written by `intelUpdate()`, when there is a valid one. */
  private readUpdated(): SnapshotSource | undefined {
    const path = this.options.updatedSnapshotPath;
    if (!path || !existsSync(path)) return undefined;
    try {
      return openSnapshot(path);
    } catch {
      return undefined;
    }
  }

  private snapshot(): Indexed {
    if (this.indexed) return this.indexed;
    const updated = this.readUpdated();
    const path = this.options.snapshotPath ?? defaultSnapshotPath();
    const shared = updated ? undefined : SHARED_SNAPSHOTS.get(path);
    if (shared) return (this.indexed = shared);
    const source = updated ?? openSnapshot(path);
    this.indexed = { source, expanded: new Map(), known: {} };
    if (!updated) SHARED_SNAPSHOTS.set(path, this.indexed);
    return this.indexed;
  }
}

/**
 * The snapshot's names of `ecosystem` known to exist (see `knownNamesOf`), from its own part when it has one;
 * built on first use and kept with the snapshot.
 */
function knownNames(snap: Indexed, ecosystem: Ecosystem): Set<string> {
  let known = snap.known[ecosystem];
  if (known) return known;
  known = new Set(snap.source.knownNames(ecosystem) ?? knownNamesOf(snap.source, ecosystem));
  snap.known[ecosystem] = known;
  return known;
}

/** The bundled name lists beside the snapshot, and the refreshed ones beside the updated snapshot. */
function defaultNameLists(options: IntelOptions): Record<Ecosystem, string[]> {
  const folders = [dirname(options.snapshotPath ?? defaultSnapshotPath()), ...(options.updatedSnapshotPath ? [dirname(options.updatedSnapshotPath)] : [])];
  return { pypi: folders.map((f) => join(f, 'names-pypi.bin')), npm: folders.map((f) => join(f, 'names-npm.bin')) };
}

export function createPackageIntel(options: IntelOptions = {}): HostPackageIntel {
  return new HostPackageIntel(options);
}

/** Normalised names by raw name: every dependency asks several questions under the same name. */
const NORMALIZED: Record<Ecosystem, Map<string, string>> = { pypi: new Map(), npm: new Map() };

export function normalize(ecosystem: Ecosystem, name: string): string {
  const memo = NORMALIZED[ecosystem];
  let out = memo.get(name);
  if (out === undefined) {
    out = normalizeName(ecosystem, name);
    if (memo.size > 100_000) memo.clear();
    memo.set(name, out);
  }
  return out;
}
