/**
 * Walks the files a scan should look at, one at a time (an async generator, so memory stays bounded
 * by the depth of the tree, not its size). It honours `.gitignore` files (nested ones too, and those
 * between the scan root and the repository root), `.git/info/exclude`, the configuration's `exclude`
 * globs and the default excludes (dependency, build and cache folders). Files AISec cannot analyse by
 * name are passed over quietly; files it could analyse but will not (too large) come back as skip
 * records so the report can say so. Binary content is detected when the file is read (`read-file.ts`).
 * It lists folders and asks for sizes with the synchronous calls: a promise-based `stat` costs about ten times
 * the CPU of `statSync` (about 40 µs against 4 µs per file here), and a scan asks once per file it analyses.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { isExcludedPath } from '../engine/config-file';
import { fileKindOf, fileSizeLimit, isBinaryFileKind, type FileKind } from '../engine/index';
import { pathForConfig, type ConfigLoader, type LoadedConfig } from './config-loader';
import { describeFileType, readDiskText } from './safe-read';

/** Folder names never walked into (unless given as a scan root). */
export const DEFAULT_EXCLUDED_FOLDERS: ReadonlySet<string> = new Set([
  '.git', '.hg', '.svn', 'node_modules', 'bower_components', 'dist', 'build', '.venv', 'venv', '.env.d', '__pycache__',
  'site-packages', 'dist-packages', '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.eggs', '.ipynb_checkpoints',
  '.next', '.nuxt', '.turbo', '.cache', '.parcel-cache', 'coverage', '.aisec-cache', '.idea',
]);

/** A file to analyse. */
export interface WalkedFile {
  type: 'file';
  /** Absolute path. */
  path: string;
  kind: FileKind;
  size: number;
  /** The configuration governing the file, if any. */
  config: LoadedConfig | undefined;
}

/** A file that will not be analysed, and why (reported to the user). */
export interface SkippedFile {
  type: 'skipped';
  path: string;
  reason: string;
  /** The file exists but AISec refused to read it (a FIFO, device, socket or a link to one): it was not analysed. */
  refused?: boolean;
}

export type WalkEntry = WalkedFile | SkippedFile;

export interface WalkOptions {
  /** Files or folders to scan (absolute or relative to the process's folder). */
  roots: readonly string[];
  configs: ConfigLoader;
  /** An explicit configuration (`--config`) used for every file instead of the nearest one. */
  explicitConfig?: LoadedConfig;
  /** Text files larger than this are skipped (per-file configuration may lower or raise it). */
  maxFileBytes: (config: LoadedConfig | undefined) => number;
  /** Honour .gitignore files (on by default). */
  respectGitignore?: boolean;
  /**
   * The roots are files git chose (`--staged`, `--diff-base`), not files the user named: like files met in a
   * walk of this repository root, they are passed over quietly when the configuration's `exclude` or a default
   * excluded folder (`node_modules`, `dist`, ...) covers them, or when AISec does not analyse their kind.
   */
  listedBy?: { repositoryRoot: string };
}

/** Yields files to analyse and skip records, in a stable (sorted, depth-first) order. */
export async function* walkFiles(options: WalkOptions): AsyncGenerator<WalkEntry> {
  const seen = new Set<string>();
  for (const root of options.roots) {
    const absolute = resolve(root);
    let info;
    try {
      info = statSync(absolute);
    } catch (error) {
      yield { type: 'skipped', path: absolute, reason: `cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, refused: true };
      continue;
    }
    if (info.isFile()) {
      if (seen.has(absolute)) continue;
      seen.add(absolute);
      // A file named explicitly is analysed even when ignored, as long as AISec knows its kind.
      const kind = fileKindOf(absolute);
      const config = options.explicitConfig ?? options.configs.forPath(absolute);
      if (options.listedBy && (!kind || isExcludedFromListedFiles(options.listedBy.repositoryRoot, absolute, config))) continue;
      if (!kind) {
        yield { type: 'skipped', path: absolute, reason: 'AISec does not analyse this kind of file' };
        continue;
      }
      yield* fileEntry(absolute, kind, info.size, config, options);
      continue;
    }
    if (!info.isDirectory()) {
      yield { type: 'skipped', path: absolute, reason: notRegular(describeFileType(info)), refused: true };
      continue;
    }
    const ancestors = options.respectGitignore === false ? { ignores: [], refused: [] } : ancestorIgnores(absolute);
    yield* ancestors.refused;
    yield* walkFolder(absolute, ancestors.ignores, options, seen);
  }
}

/** The `.gitignore` rules of one folder. */
interface FolderIgnore {
  folder: string;
  rules: Ignore;
}

async function* walkFolder(folder: string, inherited: readonly FolderIgnore[], options: WalkOptions, seen: Set<string>): AsyncGenerator<WalkEntry> {
  let ignores = inherited;
  if (options.respectGitignore !== false) {
    const own = readIgnoreFile(join(folder, '.gitignore'));
    if (own.rules) ignores = [...inherited, { folder, rules: own.rules }];
    if (own.refused) yield own.refused;
  }
  const config = options.explicitConfig ?? options.configs.forPath(folder);
  let names: { name: string; isDirectory: boolean; isFile: boolean; isSymbolicLink: boolean }[];
  try {
    names = readdirSync(folder, { withFileTypes: true }).map((entry) => ({ name: entry.name, isDirectory: entry.isDirectory(), isFile: entry.isFile(), isSymbolicLink: entry.isSymbolicLink() }));
  } catch (error) {
    yield { type: 'skipped', path: folder, reason: `folder cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
    return;
  }
  names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of names) {
    const path = join(folder, entry.name);
    const isDirectory = entry.isDirectory;
    let isFile = entry.isFile;
    if (entry.isSymbolicLink) {
      // Symbolic links to folders are not followed (they can form cycles); links to files are.
      try {
        const target = statSync(path);
        if (target.isDirectory()) continue;
        isFile = target.isFile();
      } catch {
        continue;
      }
    }
    if (!isDirectory && !isFile) {
      // A FIFO, socket or device (or a link to one) under a name AISec reads is never opened, and the report says so.
      const special = specialFileEntry(path, ignores, config);
      if (special) yield special;
      continue;
    }
    if (isDirectory) {
      if (DEFAULT_EXCLUDED_FOLDERS.has(entry.name) || entry.name.endsWith('.egg-info')) continue;
      if (isIgnored(ignores, path, true) || isConfigExcluded(config, path)) continue;
      yield* walkFolder(path, ignores, options, seen);
      continue;
    }
    // The full path: a folder can make a file an instruction file (`.claude/rules/style.md`).
    const kind = fileKindOf(path);
    if (!kind || seen.has(path)) continue;
    if (isIgnored(ignores, path, false) || isConfigExcluded(config, path)) continue;
    seen.add(path);
    let size: number;
    try {
      size = statSync(path).size;
    } catch (error) {
      yield { type: 'skipped', path, reason: `cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, refused: true };
      continue;
    }
    yield* fileEntry(path, kind, size, config, options);
  }
}

function* fileEntry(path: string, kind: FileKind, size: number, config: LoadedConfig | undefined, options: WalkOptions): Generator<WalkEntry> {
  if (!isBinaryFileKind(kind)) {
    const limit = fileSizeLimit(path, kind, options.maxFileBytes(config));
    if (size > limit) {
      yield { type: 'skipped', path, reason: `larger than the ${formatBytes(limit)} limit (${formatBytes(size)}); raise it with --max-file-size or max-file-size` };
      return;
    }
  }
  yield { type: 'file', path, kind, size, config };
}

/**
 * Whether a file git listed (`--staged`, `--diff-base`, `--history`) is one a walk would not have reached: it lies
 * in a folder a walk never enters, or the configuration excludes it.
 */
export function isExcludedFromListedFiles(repositoryRoot: string, file: string, config: LoadedConfig | undefined): boolean {
  return isInExcludedFolder(repositoryRoot, file) || isConfigExcluded(config, file);
}

/** Whether a folder on the way from `root` to `file` is one a walk never enters. */
function isInExcludedFolder(root: string, file: string): boolean {
  const folders = relative(root, file).split(sep).slice(0, -1);
  return folders.some((name) => DEFAULT_EXCLUDED_FOLDERS.has(name) || name.endsWith('.egg-info'));
}

function isConfigExcluded(config: LoadedConfig | undefined, path: string): boolean {
  if (!config || config.config.exclude.length === 0) return false;
  const relativePath = pathForConfig(config, path);
  if (relativePath.startsWith('..')) return false;
  return isExcludedPath(config.config.exclude, relativePath);
}

function isIgnored(ignores: readonly FolderIgnore[], path: string, isDirectory: boolean): boolean {
  // Later (deeper) files may re-include what an outer file ignored, so the deepest verdict wins.
  let ignored = false;
  for (const { folder, rules } of ignores) {
    const rel = relative(folder, path).split(sep).join('/');
    if (!rel || rel.startsWith('..')) continue;
    const result = rules.test(isDirectory ? `${rel}/` : rel);
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}

/**
 * True when the `.gitignore` files (and `.git/info/exclude`) of the repository containing `path` ignore it.
 * False outside a repository: there nothing is git-ignored.
 */
export function isGitIgnored(path: string): boolean {
  return isIgnored(ancestorIgnores(path).ignores, path, false);
}

/** The ignore files between the repository root and `folder` (exclusive of `folder` itself), and skip records for those refused. */
function ancestorIgnores(folder: string): { ignores: FolderIgnore[]; refused: SkippedFile[] } {
  const chain: string[] = [];
  let current = dirname(folder);
  let repositoryRoot: string | undefined = existsSync(join(folder, '.git')) ? folder : undefined;
  while (!repositoryRoot) {
    chain.unshift(current);
    if (existsSync(join(current, '.git'))) repositoryRoot = current;
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  const ignores: FolderIgnore[] = [];
  const refused: SkippedFile[] = [];
  if (!repositoryRoot) return { ignores, refused };
  const files: [string, string][] = [[repositoryRoot, join(repositoryRoot, '.git', 'info', 'exclude')], ...chain.map((dir): [string, string] => [dir, join(dir, '.gitignore')])];
  for (const [dir, file] of files) {
    const read = readIgnoreFile(file);
    if (read.rules) ignores.push({ folder: dir, rules: read.rules });
    if (read.refused) refused.push(read.refused);
  }
  return { ignores, refused };
}

/** The rules of one ignore file; a file that exists but is refused (a FIFO, too large) gives a skip record instead. */
function readIgnoreFile(file: string): { rules?: Ignore; refused?: SkippedFile } {
  const read = readDiskText(file, { kind: 'ignore' });
  if (read.ok) return { rules: ignore({ allowRelativePaths: true }).add(read.text) };
  if (read.missing) return {};
  return { refused: { type: 'skipped', path: file, reason: `not read: the file ${read.reason}; its ignore rules are not applied`, refused: true } };
}

/** A skip record for a special file whose name AISec would analyse, unless ignored or excluded. */
function specialFileEntry(path: string, ignores: readonly FolderIgnore[], config: LoadedConfig | undefined): SkippedFile | undefined {
  if (!fileKindOf(path) || isIgnored(ignores, path, false) || isConfigExcluded(config, path)) return undefined;
  let description = 'a special file';
  try {
    description = describeFileType(statSync(path));
  } catch {
    // A dangling or looping link: described generically.
  }
  return { type: 'skipped', path, reason: notRegular(description), refused: true };
}

function notRegular(description: string): string {
  return `not read: the file is ${description}, not a regular file; AISec reads regular files only`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KB`;
  return `${bytes} bytes`;
}
