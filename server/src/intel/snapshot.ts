/**
 * The bundled package-intelligence snapshot (built by `scripts/build-intel.mjs` into
 * `server/data/intel/snapshot.json`), read lazily on first use and indexed for constant-time lookups.
 * The bundle ships it as a folder of parts (`dist/data/intel/snapshot/`, written by `snapshot-parts.ts`), and
 * `aisec intel update` writes its refreshed copy the same way, so that a scan parses only the parts its questions
 * need; `openSnapshot` reads either form.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Ecosystem } from '../engine/ports';
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

/**
 * Where the snapshot lives: next to the bundle (`dist/data/intel/snapshot`, a parts folder) or in the repository
 * (`server/data/intel/snapshot.json`).
 */
export function defaultSnapshotPath(): string {
  const folders = [join(__dirname, 'data', 'intel'), join(__dirname, '..', 'data', 'intel'), join(__dirname, '..', '..', 'data', 'intel'), join(process.cwd(), 'server', 'data', 'intel')];
  const candidates = folders.flatMap((folder) => [join(folder, 'snapshot'), join(folder, 'snapshot.json')]);
  return candidates.find((p) => existsSync(p)) ?? candidates[candidates.length - 1]!;
}

/**
 * Parts derived from an ecosystem's fields, which a parts folder holds so that a scan need not derive them: the
 * package names its advisories are about, and the names known to exist (`known-names.ts`).
 */
const DERIVED_PARTS = ['advisoryNames', 'knownNames'] as const;
type EcosystemPart = keyof EcosystemSnapshot | (typeof DERIVED_PARTS)[number];

/** A snapshot whose parts are read on first use; the whole file or a parts folder behind it. */
export interface SnapshotSource {
  readonly advisoryDates: SnapshotFile['advisoryDates'];
  stdlib(): readonly string[];
  importMap(): SnapshotFile['importMap'];
  /** One field of one ecosystem (`undefined` only for the optional ones a snapshot may lack). */
  of<K extends keyof EcosystemSnapshot>(ecosystem: Ecosystem, field: K): EcosystemSnapshot[K];
  /** The normalised names `of(ecosystem, 'advisories')` has entries for, without reading the advisories. */
  advisoryNames(ecosystem: Ecosystem): readonly string[];
  /** The normalised names known to exist, when the snapshot holds them (a parts folder); else undefined. */
  knownNames(ecosystem: Ecosystem): readonly string[] | undefined;
}

/** Opens a snapshot file or parts folder; a parts folder reads only its manifest now. */
export function openSnapshot(path: string): SnapshotSource {
  return isFolder(path) ? new SnapshotParts(path) : snapshotSource(readSnapshot(path));
}

/** A snapshot already in memory, answering like one read from disk. */
export function snapshotSource(file: SnapshotFile): SnapshotSource {
  return new WholeSnapshot(file);
}

/** The whole snapshot in memory (for `aisec intel update`, which rewrites it); a parts folder is put back together. */
export function readSnapshot(path: string): SnapshotFile {
  if (isFolder(path)) return new SnapshotParts(path).assemble();
  const parsed = readJson(path) as SnapshotFile;
  if (parsed.format !== 1 || !parsed.pypi || !parsed.npm) throw new Error(`${path} is not an AISec intel snapshot (format 1)`);
  return parsed;
}

function isFolder(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

function readJson(path: string): unknown {
  // The refreshed snapshot lives in the user's cache folder: read safely, like every other file.
  const read = readDiskText(path, { kind: 'cache' });
  if (!read.ok) throw new Error(`${path}: the file ${read.reason}`);
  return JSON.parse(read.text) as unknown;
}

class WholeSnapshot implements SnapshotSource {
  readonly advisoryDates: SnapshotFile['advisoryDates'];
  constructor(private readonly file: SnapshotFile) {
    this.advisoryDates = file.advisoryDates;
  }
  stdlib(): readonly string[] {
    return this.file.stdlib;
  }
  importMap(): SnapshotFile['importMap'] {
    return this.file.importMap;
  }
  of<K extends keyof EcosystemSnapshot>(ecosystem: Ecosystem, field: K): EcosystemSnapshot[K] {
    return this.file[ecosystem][field];
  }
  advisoryNames(ecosystem: Ecosystem): readonly string[] {
    return Object.keys(this.file[ecosystem].advisories);
  }
  knownNames(): undefined {
    return undefined;
  }
}

interface PartsManifest {
  format: number;
  sources?: SnapshotFile['sources'];
  advisoryDates?: SnapshotFile['advisoryDates'];
  /** The part files present (`pypi.popular` is `pypi.popular.json`). */
  parts: string[];
}

/** A parts folder: `index.json` (the manifest) and one `<part>.json` per part, each parsed on first use. */
class SnapshotParts implements SnapshotSource {
  readonly advisoryDates: SnapshotFile['advisoryDates'];
  private readonly manifest: PartsManifest;
  private readonly loaded = new Map<string, unknown>();

  constructor(private readonly folder: string) {
    const manifest = readJson(join(folder, 'index.json')) as PartsManifest;
    if (manifest.format !== 1 || !Array.isArray(manifest.parts)) throw new Error(`${folder} is not an AISec intel snapshot (format 1)`);
    this.manifest = manifest;
    this.advisoryDates = manifest.advisoryDates;
  }

  stdlib(): readonly string[] {
    return this.part('stdlib') as string[];
  }
  importMap(): SnapshotFile['importMap'] {
    return this.part('importMap') as SnapshotFile['importMap'];
  }
  of<K extends keyof EcosystemSnapshot>(ecosystem: Ecosystem, field: K): EcosystemSnapshot[K] {
    return this.part(`${ecosystem}.${field}`) as EcosystemSnapshot[K];
  }
  advisoryNames(ecosystem: Ecosystem): readonly string[] {
    return (this.part(`${ecosystem}.advisoryNames` satisfies `${Ecosystem}.${EcosystemPart}`) as string[] | undefined) ?? [];
  }
  knownNames(ecosystem: Ecosystem): readonly string[] | undefined {
    return this.part(`${ecosystem}.knownNames` satisfies `${Ecosystem}.${EcosystemPart}`) as string[] | undefined;
  }

  assemble(): SnapshotFile {
    const ecosystem = (name: Ecosystem): EcosystemSnapshot => {
      const fields = Object.fromEntries(
        this.manifest.parts
          .filter((p) => p.startsWith(`${name}.`) && !(DERIVED_PARTS as readonly string[]).includes(p.slice(name.length + 1)))
          .map((p) => [p.slice(name.length + 1), this.part(p)]),
      );
      return fields as unknown as EcosystemSnapshot;
    };
    const { format, sources, advisoryDates } = this.manifest;
    return { format, ...(sources ? { sources } : {}), ...(advisoryDates ? { advisoryDates } : {}), pypi: ecosystem('pypi'), npm: ecosystem('npm'), importMap: this.importMap(), stdlib: [...this.stdlib()] };
  }

  /** A part the manifest lists, parsed once; an optional field the snapshot lacks is `undefined`. */
  private part(name: string): unknown {
    if (!this.manifest.parts.includes(name)) return undefined;
    if (!this.loaded.has(name)) this.loaded.set(name, readJson(join(this.folder, `${name}.json`)));
    return this.loaded.get(name);
  }
}

/** Converts compact events back to OSV events for `isAffected`. */
export function toOsvEvents(events: readonly CompactEvent[]): OsvEvent[] {
  return events.map((e) => (e.i !== undefined ? { introduced: e.i } : e.f !== undefined ? { fixed: e.f } : e.l !== undefined ? { last_affected: e.l } : { limit: e.x ?? '0' }));
}
