/**
 * The workspace scan's results, kept across reloads: for each file, the hash of the content it was analysed
 * on, a stamp of everything else that decides its findings (server version, rule set, settings and
 * configuration, the project's manifests and model files), and the diagnostics published for it. A file
 * whose content and stamp are unchanged is not analysed again, and after a reload the stored diagnostics
 * are published again before any scan runs, so the Problems panel does not go blank.
 * Diagnostics hold no secret in clear text (they are redacted before they reach the client), so they may be
 * written to the extension's storage folder. A missing or damaged cache file just means an empty cache.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver';
import type { FileKind } from '../engine/index';
import { fnv1a64 } from '../engine/hash';
import { writeFileAtomically } from '../host/atomic-write';
import { readDiskText } from '../host/safe-read';

/** Kinds of file the project facts read (declared dependencies, model-file verdicts): they change other files' findings. */
export const READ_BY_FACTS = new Set<FileKind>(['requirements', 'pyproject', 'pipfile', 'setup-cfg', 'conda-env', 'package-json', 'package-lock', 'yarn-lock', 'pnpm-lock', 'model']);

const FORMAT = 1;

interface Stored {
  format?: number;
  entries?: Record<string, Entry>;
  factFiles?: string[];
}

interface Entry {
  hash: string;
  stamp: string;
  diagnostics: Diagnostic[];
}

export class ScanCache {
  private entries = new Map<string, Entry>();
  /** The manifests and model files of the last scan: their state is part of every stamp. */
  private facts: string[] = [];
  private changed = false;

  /** `file` undefined: the cache lives in memory only (the client gave no storage folder). */
  constructor(
    private readonly file: string | undefined,
    private readonly warn: (message: string) => void,
  ) {
    if (!file) return;
    const read = readDiskText(file, { kind: 'cache' });
    if (!read.ok) {
      if (!read.missing) warn(`AISec: the scan cache ${file} was not read: it ${read.reason}; the next scan rebuilds it`);
      return;
    }
    try {
      const stored = JSON.parse(read.text) as Stored;
      if (stored.format === FORMAT && stored.entries && typeof stored.entries === 'object') {
        this.entries = new Map(Object.entries(stored.entries));
        this.facts = Array.isArray(stored.factFiles) ? stored.factFiles.filter((path) => typeof path === 'string') : [];
      }
    } catch (error) {
      warn(`AISec: the scan cache ${file} is damaged (${(error as Error).message}); the next scan rebuilds it`);
    }
  }

  /** The stored diagnostics of `path` when its content hash and stamp are the ones they were computed for. */
  lookup(path: string, hash: string, stamp: string): Diagnostic[] | undefined {
    const entry = this.entries.get(path);
    return entry && entry.hash === hash && entry.stamp === stamp ? entry.diagnostics : undefined;
  }

  store(path: string, hash: string, stamp: string, diagnostics: Diagnostic[]): void {
    this.entries.set(path, { hash, stamp, diagnostics });
    this.changed = true;
  }

  forget(path: string): void {
    if (this.entries.delete(path)) this.changed = true;
  }

  factFiles(): readonly string[] {
    return this.facts;
  }

  setFactFiles(paths: readonly string[]): void {
    this.facts = [...paths];
    this.changed = true;
  }

  /** Every stored file with the hash and stamp its diagnostics were computed for. */
  stored(): Array<[string, Entry]> {
    return [...this.entries];
  }

  /** Writes the cache (atomically) when it changed since it was read or last written. */
  save(): void {
    if (!this.file || !this.changed) return;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      writeFileAtomically(this.file, Buffer.from(JSON.stringify({ format: FORMAT, entries: Object.fromEntries(this.entries), factFiles: this.facts } satisfies Stored)));
      this.changed = false;
    } catch (error) {
      this.warn(`AISec: the scan cache ${this.file} could not be written: ${(error as Error).message}`);
    }
  }
}

/**
 * The state of the files project facts read, from their size and modification time (model files can be
 * gigabytes, too many to hash on each scan); a file that is gone counts too.
 */
export async function factsStampOf(paths: readonly string[]): Promise<string> {
  const states = await Promise.all(
    paths.map(async (path) => {
      try {
        const info = await stat(path);
        return [path, info.size, info.mtimeMs];
      } catch {
        return [path, 'missing'];
      }
    }),
  );
  return stampOf(states);
}

/** The hash a file's cache entry is keyed by: its bytes as read for the analysis. */
export function contentHash(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/**
 * One stamp for many inputs (settings objects, rule lists, hashes): sets and maps are written as lists, so
 * two equal configurations give the same stamp.
 */
export function stampOf(...parts: unknown[]): string {
  return fnv1a64(
    JSON.stringify(parts, (_key, value: unknown) => {
      if (value instanceof Set) return [...(value as Set<unknown>)];
      if (value instanceof Map) return [...(value as Map<unknown, unknown>)];
      if (value instanceof RegExp) return value.source;
      if (typeof value === 'function') return undefined;
      return value;
    }),
  );
}
