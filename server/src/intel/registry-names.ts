/**
 * The offline existence check: which names the registries had when the name lists were made. The lists
 * (`names-<ecosystem>.bin`, see `name-list-file.ts`) are read on the first question about an ecosystem and
 * shared by every intel instance of the process; when both a bundled and a refreshed list exist (written
 * by `aisec intel update`), the newer one answers.
 */
import { existsSync, statSync } from 'node:fs';
import type { Ecosystem } from '../engine/ports';
import { fuseHas } from './fuse-filter';
import { decodeNameList } from './name-list-file';
import type { NameList } from './name-list-file';
import { readDiskFile } from '../host/safe-read';

/** What a name list says about a (normalised) name. */
export type NameAnswer = 'listed' | 'absent' | 'private-scope';

const LOADED = new Map<string, NameList | Error>();

/** The largest name list accepted (npm's is about 6 MB today). */
const MAX_LIST_BYTES = 64 * 1024 * 1024;

export class RegistryNames {
  private readonly chosen = new Map<Ecosystem, NameList | undefined>();

  /** `candidates`: the files that may hold each ecosystem's list (missing files are skipped). */
  constructor(private readonly candidates: Partial<Record<Ecosystem, readonly string[]>>) {}

  /** Undefined when no list is available for the ecosystem. */
  lookup(ecosystem: Ecosystem, normalizedName: string): NameAnswer | undefined {
    const list = this.list(ecosystem);
    if (!list) return undefined;
    const names = list.filters['names'];
    if (!names) return undefined;
    if (fuseHas(names, normalizedName)) return 'listed';
    // A package under a scope that has nothing public comes from a private registry (an `.npmrc` scope mapping).
    const scopes = list.filters['scopes'];
    if (scopes && normalizedName.startsWith('@') && !fuseHas(scopes, normalizedName.split('/')[0]!)) return 'private-scope';
    return 'absent';
  }

  /** The date of the list that answers for `ecosystem` (`2026-11`, `2026-09-29`). */
  date(ecosystem: Ecosystem): string | undefined {
    return this.list(ecosystem)?.header.date;
  }

  private list(ecosystem: Ecosystem): NameList | undefined {
    if (this.chosen.has(ecosystem)) return this.chosen.get(ecosystem);
    let best: NameList | undefined;
    for (const path of this.candidates[ecosystem] ?? []) {
      const list = load(path);
      if (list && list.header.ecosystem === ecosystem && (!best || list.header.date > best.header.date)) best = list;
    }
    this.chosen.set(ecosystem, best);
    return best;
  }
}

/** Reads a list once per process; a missing or broken file counts as no list (the check stays quiet). */
function load(path: string): NameList | undefined {
  const key = existsSync(path) ? `${path}\u0000${statSync(path).mtimeMs}` : undefined;
  if (!key) return undefined;
  let entry = LOADED.get(key);
  if (!entry) {
    const read = readDiskFile(path, { kind: 'cache', maxBytes: MAX_LIST_BYTES });
    try {
      if (!read.ok) throw new Error(`${path}: the file ${read.reason}`);
      entry = decodeNameList(read.bytes, path);
    } catch (error) {
      entry = error as Error;
    }
    LOADED.set(key, entry);
  }
  return entry instanceof Error ? undefined : entry;
}
