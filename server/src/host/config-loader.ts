/**
 * Finds and reads AISec configuration files for the CLI and the language server: the nearest
 * `.aisec.toml`, or `pyproject.toml` with a `[tool.aisec]` table, from a file's folder up to the
 * repository root (the first folder holding `.git`) or the file-system root. Parsing and validation are
 * the engine's pure `config-file.ts`; this module only does the I/O and caches per folder.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseConfigFile, type ConfigError, type ProjectConfig } from '../engine/config-file';
import type { RuleMeta } from '../engine/index';
import { isRegularFile, readDiskText } from './safe-read';

/** A configuration file that was found and read, with the folder its globs are relative to. */
export interface LoadedConfig {
  /** Absolute path of the file. */
  file: string;
  /** The folder holding it: `exclude` and override globs are relative to it. */
  root: string;
  config: ProjectConfig;
  errors: ConfigError[];
}

/** File names that may hold AISec configuration, in the order they are preferred within one folder. */
export const CONFIG_FILE_NAMES = ['.aisec.toml', 'aisec.toml', 'pyproject.toml'] as const;

/**
 * Caches lookups for one run (a CLI scan, or the language server until a configuration file changes).
 * Errors are reported with the file path as the host displays it (relative to `displayBase`).
 */
export class ConfigLoader {
  private readonly byFolder = new Map<string, LoadedConfig | null>();
  private readonly nearest = new Map<string, LoadedConfig | null>();

  constructor(
    private readonly rules?: readonly RuleMeta[],
    private readonly displayBase: string = process.cwd(),
  ) {}

  /** Reads one file given explicitly (`--config FILE`); a missing or unreadable file is an error, never a throw. */
  loadExplicit(file: string): LoadedConfig {
    const absolute = resolve(file);
    const loaded = this.read(absolute);
    if (loaded) return loaded;
    const display = this.display(absolute);
    const reason = existsSync(absolute) ? 'it holds no AISec configuration (no [tool.aisec] table)' : 'the file does not exist';
    return { file: absolute, root: dirname(absolute), config: { extendSelect: [], extendIgnore: [], severity: {}, exclude: [], overrides: [], options: {}, source: display }, errors: [{ file: display, line: 0, message: `cannot use this configuration: ${reason}` }] };
  }

  /** The configuration governing `path` (a file or a folder), or undefined when there is none. */
  forPath(path: string): LoadedConfig | undefined {
    const absolute = resolve(path);
    const folder = isDirectory(absolute) ? absolute : dirname(absolute);
    return this.forFolder(folder);
  }

  /** The configuration defined in exactly this folder (no upward search), or undefined. */
  inFolder(folder: string): LoadedConfig | undefined {
    const cached = this.byFolder.get(folder);
    if (cached !== undefined) return cached ?? undefined;
    let found: LoadedConfig | undefined;
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(folder, name);
      if (!isRegularFile(candidate)) continue;
      found = this.read(candidate);
      if (found) break;
    }
    this.byFolder.set(folder, found ?? null);
    return found;
  }

  private forFolder(folder: string): LoadedConfig | undefined {
    const cached = this.nearest.get(folder);
    if (cached !== undefined) return cached ?? undefined;
    let found = this.inFolder(folder);
    if (!found && !existsSync(join(folder, '.git'))) {
      const parent = dirname(folder);
      if (parent !== folder) found = this.forFolder(parent);
    }
    this.nearest.set(folder, found ?? null);
    return found;
  }

  /** Reads and parses a file; undefined for a `pyproject.toml` without `[tool.aisec]`. */
  private read(file: string): LoadedConfig | undefined {
    const display = this.display(file);
    const read = readDiskText(file, { kind: 'config' });
    if (!read.ok) {
      if (read.missing) return undefined;
      return { file, root: dirname(file), config: { extendSelect: [], extendIgnore: [], severity: {}, exclude: [], overrides: [], options: {}, source: display }, errors: [{ file: display, line: 0, message: `cannot be used: the file ${read.reason}` }] };
    }
    const text = read.text;
    const parsed = parseConfigFile(display, text, this.rules ? { rules: this.rules } : {});
    if (!parsed.config) {
      // A syntax error in pyproject.toml still matters when it might hold [tool.aisec].
      if (parsed.errors.length > 0 && (!file.endsWith('pyproject.toml') || /\[\s*tool\s*\.\s*aisec/.test(text))) {
        return { file, root: dirname(file), config: { extendSelect: [], extendIgnore: [], severity: {}, exclude: [], overrides: [], options: {}, source: display }, errors: parsed.errors };
      }
      return undefined;
    }
    return { file, root: dirname(file), config: parsed.config, errors: parsed.errors };
  }

  private display(file: string): string {
    const rel = relative(this.displayBase, file);
    return rel && !rel.startsWith('..') ? rel.split(sep).join('/') : file;
  }
}

/** `path` relative to the configuration's folder, `/`-separated (what its globs are matched against). */
export function pathForConfig(loaded: LoadedConfig, path: string): string {
  return relative(loaded.root, resolve(path)).split(sep).join('/');
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
