/**
 * Finds and reads the configuration file that governs a document: the nearest `.aisec.toml`, or
 * `pyproject.toml` with a `[tool.aisec]` table, from the document's folder up to its workspace folder.
 * Parsing and validation are the engine's (`engine/config-file.ts`); this module only does the I/O.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { formatConfigError, parseConfigFile } from '../engine/config-file';
import type { ProjectConfig } from '../engine/config-file';
import type { RuleMeta } from '../engine/index';

export interface FoundConfig {
  /** The validated configuration. */
  project: ProjectConfig;
  /** The folder of the configuration file; its globs are relative to it. */
  root: string;
  source: string;
  /** Problems found in the file, formatted `file:line:column: key: message`. */
  problems: string[];
}

/** The configuration governing `filePath`; `explicit` (a path, relative to `rootPath`) replaces the search. */
export function findFileConfig(filePath: string, rootPath: string | undefined, rules: readonly RuleMeta[], explicit?: string): FoundConfig | undefined {
  if (explicit) return readConfig(isAbsolute(explicit) || !rootPath ? explicit : join(rootPath, explicit), rules, true);
  let dir = dirname(filePath);
  for (;;) {
    for (const name of ['.aisec.toml', 'pyproject.toml']) {
      const candidate = join(dir, name);
      if (!isFile(candidate)) continue;
      const found = readConfig(candidate, rules, false);
      if (found) return found;
    }
    const parent = dirname(dir);
    if (parent === dir || !rootPath || dir === rootPath || relative(rootPath, dir).startsWith('..')) return undefined;
    dir = parent;
  }
}

function readConfig(path: string, rules: readonly RuleMeta[], required: boolean): FoundConfig | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (!required) return undefined;
    return { project: { extendSelect: [], extendIgnore: [], severity: {}, exclude: [], overrides: [], options: {} }, root: dirname(path), source: path, problems: [`${path}: cannot be read (${(error as Error).message})`] };
  }
  const parsed = parseConfigFile(path, text, { rules });
  if (!parsed.config && parsed.errors.length === 0) return undefined;
  return {
    project: parsed.config ?? { extendSelect: [], extendIgnore: [], severity: {}, exclude: [], overrides: [], options: {}, source: path },
    root: dirname(path),
    source: path,
    problems: parsed.errors.map(formatConfigError),
  };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
