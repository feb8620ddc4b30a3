/**
 * The on-disk cache of online answers. Positive answers (the name exists, with its facts) are kept for
 * days; negative answers (404) only for hours, because anyone can register a missing name at any time
 * and re-checking it is the point. OSV answers are kept for a day. Writes are atomic (temp file + rename).
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RegistryFacts } from '../engine/ports';
import type { OsvEvent } from '../engine/versions/osv-range';
import { readDiskText } from '../host/safe-read';

export interface RegistryAnswer {
  exists: boolean;
  facts?: RegistryFacts;
}

/** One OSV record reduced to what version matching needs. */
export interface OsvVuln {
  id: string;
  aliases: string[];
  summary: string;
  malicious: boolean;
  ranges: OsvEvent[][];
  versions: string[];
}

interface Entry<T> {
  at: number;
  value: T;
}

interface CacheFile {
  version: 1;
  registry: Record<string, Entry<RegistryAnswer>>;
  osv: Record<string, Entry<OsvVuln[]>>;
  /** `<repository url>#<ref>` → the commit SHA it pointed to (null when the ref did not resolve). */
  vcs?: Record<string, Entry<string | null>>;
}

export interface CacheTtls {
  positiveMs: number;
  negativeMs: number;
  osvMs: number;
}

export const DEFAULT_TTLS: CacheTtls = { positiveMs: 7 * 86_400_000, negativeMs: 6 * 3_600_000, osvMs: 86_400_000 };

export class IntelCache {
  // Maps in memory (lookups of absent keys on large plain objects are slow); plain objects on disk.
  private readonly registryEntries = new Map<string, Entry<RegistryAnswer>>();
  private readonly osvEntries = new Map<string, Entry<OsvVuln[]>>();
  private readonly vcsEntries = new Map<string, Entry<string | null>>();
  private dirty = false;

  constructor(
    private readonly file: string | undefined,
    private readonly now: () => number = Date.now,
    private readonly ttls: CacheTtls = DEFAULT_TTLS,
  ) {
    if (!file) return;
    try {
      const read = readDiskText(file, { kind: 'cache' });
      if (!read.ok) return;
      const parsed = JSON.parse(read.text) as CacheFile;
      if (parsed.version !== 1 || !parsed.registry || !parsed.osv) return;
      for (const [k, v] of Object.entries(parsed.registry)) this.registryEntries.set(k, v);
      for (const [k, v] of Object.entries(parsed.osv)) this.osvEntries.set(k, v);
      for (const [k, v] of Object.entries(parsed.vcs ?? {})) this.vcsEntries.set(k, v);
    } catch {
      // A missing or corrupt cache is an empty cache.
    }
  }

  registry(key: string): RegistryAnswer | undefined {
    const entry = this.registryEntries.get(key);
    if (!entry) return undefined;
    const ttl = entry.value.exists ? this.ttls.positiveMs : this.ttls.negativeMs;
    return this.now() - entry.at <= ttl ? entry.value : undefined;
  }

  setRegistry(key: string, value: RegistryAnswer): void {
    this.registryEntries.set(key, { at: this.now(), value });
    this.dirty = true;
  }

  osv(key: string): OsvVuln[] | undefined {
    const entry = this.osvEntries.get(key);
    return entry && this.now() - entry.at <= this.ttls.osvMs ? entry.value : undefined;
  }

  setOsv(key: string, value: OsvVuln[]): void {
    this.osvEntries.set(key, { at: this.now(), value });
    this.dirty = true;
  }

  vcs(key: string): string | null | undefined {
    const entry = this.vcsEntries.get(key);
    if (!entry) return undefined;
    // A branch moves: resolved SHAs are only as fresh as OSV answers.
    return this.now() - entry.at <= this.ttls.osvMs ? entry.value : undefined;
  }

  setVcs(key: string, sha: string | null): void {
    this.vcsEntries.set(key, { at: this.now(), value: sha });
    this.dirty = true;
  }

  /** Writes the cache when it changed; expired entries are dropped on the way. */
  save(): void {
    if (!this.file || !this.dirty) return;
    const now = this.now();
    const keep = <T>(entries: Map<string, Entry<T>>, ttl: number): Record<string, Entry<T>> => Object.fromEntries([...entries].filter(([, e]) => now - e.at <= ttl));
    const data: CacheFile = {
      version: 1,
      registry: keep(this.registryEntries, Math.max(this.ttls.positiveMs, this.ttls.negativeMs)),
      osv: keep(this.osvEntries, this.ttls.osvMs),
      vcs: keep(this.vcsEntries, this.ttls.osvMs),
    };
    mkdirSync(dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(data));
    renameSync(temp, this.file);
    this.dirty = false;
  }
}
