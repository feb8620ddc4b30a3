/**
 * Reads AISec's configuration from the text of `.aisec.toml` or of `pyproject.toml` (`[tool.aisec]`),
 * validates it and resolves it for one file. Pure: the host reads the file and hands over its text.
 *
 * A bad configuration never throws and is never silently ignored: every problem becomes a
 * `ConfigError` naming the file, the line and the key, and the valid parts still apply.
 *
 * Keys (kebab-case; the snake_case spelling is accepted too):
 * `select`, `ignore`, `extend-select`, `extend-ignore`, `severity` (table: code, name or category →
 * error | warning | info), `exclude`, `extend-exclude`, `honour-nosec` (or `honor-nosec`),
 * `max-file-size` (bytes, or a string such as "2MB"), `max-model-file-size`, `profile` ("default" or
 * "audit": whether advisory findings are reported), `test-code` ("hint", "lower" or "same": whether findings in
 * test code are advisory hints one severity lower, reported one severity lower, or unchanged), `[[overrides]]` (each with
 * `files` globs and its own `select`, `ignore`, `severity`, `honour-nosec`), and one table per category
 * for family options (`[secrets]`, `[dependencies]`, `[model-files]`, ...), passed to the engine as
 * `options[category]`. `[licenses]` (also `[licences]`) is the licence policy: `deny` and `allow` lists of SPDX
 * ids, expressions or `*` patterns, and `unknown` ("warn", "error" or "ignore"), validated here and passed as
 * `options.licence`.
 */
// @ts-expect-error TS1479: smol-toml's typings are ESM-only, but it ships a CommonJS build (exports.require) that esbuild and tsx load.
import { parse as parseToml, TomlError } from 'smol-toml';
import picomatch from 'picomatch/posix';
import parseSpdx from 'spdx-expression-parse';
import type { EngineConfig, Profile } from './config';
import { DEFAULT_CONFIG, PROFILES } from './config';
import { CATEGORIES, type Severity } from './finding';
import { TEST_CODE_POLICIES, type TestCodePolicy } from './test-code';
import type { RuleMeta } from './rule';
import { appendAll } from './collections';

/** A problem in a configuration file, located as precisely as the text allows. */
export interface ConfigError {
  /** The file name given to the parser (the host decides whether it is relative or absolute). */
  file: string;
  /** 1-based line; 0 when the problem has no line (the file cannot be read). */
  line: number;
  /** 1-based column when known. */
  column?: number;
  /** The dotted key, e.g. `tool.aisec.severity.AIS101`. */
  key?: string;
  message: string;
}

/** One `[[overrides]]` entry: settings for the files matching `files`. */
export interface ConfigOverride {
  files: readonly string[];
  select?: readonly string[];
  ignore?: readonly string[];
  severity?: Readonly<Record<string, Severity>>;
  honourNosec?: boolean;
}

/**
 * A validated project configuration. Absent fields keep the defaults (or whatever the host layers
 * underneath, e.g. editor settings); `exclude` and override globs are relative to `root`.
 */
export interface ProjectConfig {
  /** The file it came from; undefined for the built-in defaults. */
  source?: string;
  select?: readonly string[];
  ignore?: readonly string[];
  extendSelect: readonly string[];
  extendIgnore: readonly string[];
  severity: Readonly<Record<string, Severity>>;
  exclude: readonly string[];
  honourNosec?: boolean;
  maxFileBytes?: number;
  maxModelFileBytes?: number;
  profile?: Profile;
  testCode?: TestCodePolicy;
  overrides: readonly ConfigOverride[];
  /** Family options keyed by category. */
  options: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export interface ParsedConfigFile {
  /** Undefined when the file holds no AISec configuration (a `pyproject.toml` without `[tool.aisec]`). */
  config: ProjectConfig | undefined;
  errors: ConfigError[];
}

export interface ParseConfigOptions {
  /** The registry, so that unknown rule codes and names in select/ignore/severity are reported. */
  rules?: readonly RuleMeta[];
}

/** The configuration used when no file is found. */
export const EMPTY_PROJECT_CONFIG: ProjectConfig = { extendSelect: [], extendIgnore: [], severity: {}, exclude: [], overrides: [], options: {} };

/** Parses and validates the text of `.aisec.toml` or `pyproject.toml` (decided by `fileName`). */
export function parseConfigFile(fileName: string, text: string, options: ParseConfigOptions = {}): ParsedConfigFile {
  const errors: ConfigError[] = [];
  let document: Record<string, unknown>;
  try {
    document = parseToml(text) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof TomlError) {
      const reason = error.message.replace(/^Invalid TOML document:\s*/, '').split('\n')[0] ?? 'invalid TOML';
      errors.push({ file: fileName, line: error.line, column: error.column, message: `invalid TOML: ${reason}` });
    } else {
      errors.push({ file: fileName, line: 1, message: `invalid TOML: ${(error as Error).message}` });
    }
    return { config: undefined, errors };
  }

  const isPyproject = /(^|[\\/])pyproject\.toml$/i.test(fileName);
  let table: Record<string, unknown>;
  let prefix: string[];
  if (isPyproject) {
    const tool = document.tool;
    if (!isTable(tool) || tool.aisec === undefined) return { config: undefined, errors };
    prefix = ['tool', 'aisec'];
    if (!isTable(tool.aisec)) {
      errors.push(at(fileName, text, prefix, '[tool.aisec] must be a table'));
      return { config: { ...EMPTY_PROJECT_CONFIG, source: fileName }, errors };
    }
    table = tool.aisec;
  } else {
    prefix = [];
    table = document;
  }

  const reader = new Reader(fileName, text, prefix, errors, options.rules);
  const config = reader.readRoot(table);
  return { config: { ...config, source: fileName }, errors };
}

/**
 * The engine configuration for one file: the project configuration applied over `base` (defaults or
 * editor settings), then every override whose `files` globs match `relativePath` (relative to the
 * configuration file's folder, `/`-separated), in order.
 */
export function configForPath(project: ProjectConfig, relativePath: string, base: EngineConfig = DEFAULT_CONFIG): EngineConfig {
  const path = normalisePath(relativePath);
  const baseSelect = project.select ?? base.select;
  // An empty selection means every rule, so `extend-select` on top of it keeps every rule.
  let select = baseSelect.length === 0 ? [] : [...baseSelect, ...project.extendSelect];
  let ignore = [...base.ignore, ...(project.ignore ?? []), ...project.extendIgnore];
  let severity: Record<string, Severity> = { ...base.severity, ...project.severity };
  let honourNosec = project.honourNosec ?? base.honourNosec;
  for (const override of project.overrides) {
    if (!matchesAny(override.files, path)) continue;
    if (override.select) select = [...override.select];
    if (override.ignore) ignore = [...ignore, ...override.ignore];
    if (override.severity) severity = { ...severity, ...override.severity };
    if (override.honourNosec !== undefined) honourNosec = override.honourNosec;
  }
  const extendSelect = [...(base.extendSelect ?? []), ...project.extendSelect];
  const profile = project.profile ?? base.profile;
  return {
    select,
    ...(extendSelect.length > 0 ? { extendSelect } : {}),
    ignore,
    severity,
    honourNosec,
    maxFileBytes: project.maxFileBytes ?? base.maxFileBytes,
    options: { ...base.options, ...project.options },
    ...(profile ? { profile } : {}),
    ...(base.advisoryHints !== undefined ? { advisoryHints: base.advisoryHints } : {}),
    ...testCodeOf(project, base),
    ...(base.maxFindingsPerFile !== undefined ? { maxFindingsPerFile: base.maxFindingsPerFile } : {}),
    ...(base.maxParseMs !== undefined ? { maxParseMs: base.maxParseMs } : {}),
  };
}

/** The test-code policy and project path carried into a file's configuration (absent keys stay absent). */
function testCodeOf(project: ProjectConfig, base: EngineConfig): Pick<EngineConfig, 'testCode' | 'projectPath'> {
  const testCode = project.testCode ?? base.testCode;
  return { ...(testCode ? { testCode } : {}), ...(base.projectPath ? { projectPath: base.projectPath } : {}) };
}

/**
 * True when `relativePath` (relative to the configuration's folder) is excluded by the `exclude` globs.
 * A pattern without a slash matches a file or folder name at any depth (`*.gen.py`, `legacy`); a folder
 * that matches excludes everything below it.
 */
export function isExcludedPath(globs: readonly string[], relativePath: string): boolean {
  if (globs.length === 0) return false;
  const path = normalisePath(relativePath);
  const parts = path.split('/');
  for (let i = parts.length; i >= 1; i -= 1) {
    if (matchesAny(globs, parts.slice(0, i).join('/'))) return true;
  }
  return false;
}

/** Longer globs, or globs with more groups, are refused: picomatch compiles deeply nested groups in time that grows faster than their length (20,000 `(` took seconds). */
const MAX_GLOB_LENGTH = 1024;
const MAX_GLOB_GROUPS = 64;

/** Validates one glob pattern; returns a reason when picomatch cannot compile it, or would take too long to. */
export function globProblem(glob: string): string | undefined {
  if (glob.trim() === '') return 'a glob may not be empty';
  if (glob.length > MAX_GLOB_LENGTH) return `a glob may be at most ${MAX_GLOB_LENGTH} characters long (this one has ${glob.length})`;
  // A trailing backslash escapes nothing; picomatch 4 never returns from a glob with a slash that ends in four of them.
  if (glob.endsWith('\\')) return 'a glob may not end with a backslash (it escapes nothing)';
  let groups = 0;
  for (const ch of glob) if (ch === '(' || ch === '[' || ch === '{') groups += 1;
  if (groups > MAX_GLOB_GROUPS) return `a glob may open at most ${MAX_GLOB_GROUPS} groups with (, [ or { (this one opens ${groups})`;
  try {
    picomatch.makeRe(stripSlashes(glob), GLOB_OPTIONS);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Parses a size such as `2097152`, `"2MB"`, `"512 KiB"`; undefined when it is not one. */
export function parseSize(value: unknown): number | undefined {
  if (typeof value === 'number' || typeof value === 'bigint') {
    const n = Number(value);
    return Number.isFinite(n) && n > 0 && Number.isInteger(n) ? n : undefined;
  }
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?\s*$/i.exec(value);
  if (!match) return undefined;
  const unit = (match[2] ?? 'b').toLowerCase().replace(/i?b$/, '') || 'b';
  const multiplier = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  const n = Math.round(Number(match[1]) * multiplier);
  return n > 0 ? n : undefined;
}

/**
 * The entries of a select/ignore list that name no rule code, rule name, category or code prefix
 * (`AIS1`), each with a near-miss suggestion when there is one. Used for command-line lists.
 */
export function unknownSelectors(entries: readonly string[], rules: readonly RuleMeta[]): { entry: string; suggestion: string }[] {
  const known = new Set(['all', ...CATEGORIES, ...rules.flatMap((r) => [r.id.toLowerCase(), r.name.toLowerCase()])]);
  return entries
    .filter((entry) => !known.has(entry.toLowerCase()) && !(/^ais\d{1,2}$/i.test(entry)))
    .map((entry) => ({ entry, suggestion: suggestion(entry, [...known]) }));
}

/** Formats a config error the way compilers do: `file:line:column: key: message`. */
export function formatConfigError(error: ConfigError): string {
  const where = error.line > 0 ? `${error.file}:${error.line}${error.column ? `:${error.column}` : ''}` : error.file;
  return `${where}: ${error.key ? `${error.key}: ` : ''}${error.message}`;
}

const GLOB_OPTIONS = { dot: true, windows: false } as const;
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

type Table = Record<string, unknown>;

/** Canonical key names; every canonical key may also be spelled with underscores. */
/** What the licence policy does with a licence the repository does not state: report a warning, an error, or nothing. */
export const UNKNOWN_LICENCE_POLICIES = ['warn', 'error', 'ignore'] as const;
export type UnknownLicencePolicy = (typeof UNKNOWN_LICENCE_POLICIES)[number];

/** Why a licence pattern cannot match anything, or undefined: a pattern is a name, a `*` pattern or an SPDX expression. */
function licencePatternProblem(pattern: string): string | undefined {
  const trimmed = pattern.trim();
  if (trimmed === '') return 'is empty';
  if (!/\s/.test(trimmed)) return /^[A-Za-z0-9.*+-]+$/.test(trimmed) ? undefined : 'is not a licence name: use letters, digits, ".", "-", "+" and "*"';
  try {
    parseSpdx(trimmed);
    return undefined;
  } catch (error) {
    return `is not an SPDX expression (${(error as Error).message})`;
  }
}

const ROOT_KEYS = ['licenses', 'select', 'ignore', 'extend-select', 'extend-ignore', 'severity', 'exclude', 'extend-exclude', 'honour-nosec', 'max-file-size', 'max-model-file-size', 'profile', 'test-code', 'overrides'] as const;
const OVERRIDE_KEYS = ['files', 'select', 'ignore', 'severity', 'honour-nosec'] as const;
const ALIASES: Readonly<Record<string, string>> = { 'honor-nosec': 'honour-nosec' };

/** Walks the parsed tables, collecting values and errors with their location. */
class Reader {
  private readonly knownSelectors: Set<string> | undefined;

  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly prefix: readonly string[],
    private readonly errors: ConfigError[],
    rules: readonly RuleMeta[] | undefined,
  ) {
    this.knownSelectors = rules ? new Set(['all', ...CATEGORIES, ...rules.flatMap((r) => [r.id.toLowerCase(), r.name.toLowerCase()])]) : undefined;
  }

  readRoot(table: Table): Omit<ProjectConfig, 'source'> {
    const config: {
      select?: string[]; ignore?: string[]; extendSelect: string[]; extendIgnore: string[]; severity: Record<string, Severity>;
      exclude: string[]; honourNosec?: boolean; maxFileBytes?: number; maxModelFileBytes?: number; profile?: Profile; testCode?: TestCodePolicy; overrides: ConfigOverride[]; options: Record<string, Record<string, unknown>>;
    } = { extendSelect: [], extendIgnore: [], severity: {}, exclude: [], overrides: [], options: {} };
    for (const [rawKey, value] of Object.entries(table)) {
      const key = canonical(rawKey);
      const path = [rawKey];
      switch (key) {
        case 'select': config.select = this.selectors(value, path); break;
        case 'ignore': config.ignore = this.selectors(value, path); break;
        case 'extend-select': config.extendSelect = this.selectors(value, path) ?? []; break;
        case 'extend-ignore': config.extendIgnore = this.selectors(value, path) ?? []; break;
        case 'severity': config.severity = this.severities(value, path); break;
        case 'exclude': case 'extend-exclude': appendAll(config.exclude, this.globs(value, path) ?? []); break;
        case 'honour-nosec': config.honourNosec = this.boolean(value, path); break;
        case 'max-file-size': config.maxFileBytes = this.size(value, path); break;
        case 'max-model-file-size': config.maxModelFileBytes = this.size(value, path); break;
        case 'profile': config.profile = this.profile(value, path); break;
        case 'test-code': config.testCode = this.testCodePolicy(value, path); break;
        case 'overrides': config.overrides = this.overrides(value, path); break;
        // The licence policy is the options table of the `licence` category, spelled as users write it.
        case 'licenses': case 'licences': case 'licence': { const policy = this.licencePolicy(value, path); if (policy) config.options['licence'] = policy; break; }
        default:
          if ((CATEGORIES as readonly string[]).includes(key)) {
            if (isTable(value)) config.options[key] = plain(value) as Record<string, unknown>;
            else this.error(path, `family options for "${key}" must be a table`);
          } else {
            this.error(path, `unknown key "${rawKey}"${suggestion(rawKey, [...ROOT_KEYS, ...CATEGORIES])}`);
          }
      }
    }
    for (const k of ['select', 'ignore', 'honourNosec', 'maxFileBytes', 'maxModelFileBytes', 'profile', 'testCode'] as const) if (config[k] === undefined) delete config[k];
    return config;
  }

  private overrides(value: unknown, path: string[]): ConfigOverride[] {
    if (!Array.isArray(value) || !value.every(isTable)) {
      this.error(path, 'overrides must be an array of tables ([[overrides]] with a files list)');
      return [];
    }
    const out: ConfigOverride[] = [];
    value.forEach((entry, index) => {
      const base = [...path, String(index)];
      const override: { files: string[]; select?: string[]; ignore?: string[]; severity?: Record<string, Severity>; honourNosec?: boolean } = { files: [] };
      for (const [rawKey, item] of Object.entries(entry)) {
        const key = canonical(rawKey);
        const itemPath = [...base, rawKey];
        switch (key) {
          case 'files': override.files = this.globs(item, itemPath) ?? []; break;
          case 'select': { const s = this.selectors(item, itemPath); if (s) override.select = s; break; }
          case 'ignore': { const s = this.selectors(item, itemPath); if (s) override.ignore = s; break; }
          case 'severity': override.severity = this.severities(item, itemPath); break;
          case 'honour-nosec': { const b = this.boolean(item, itemPath); if (b !== undefined) override.honourNosec = b; break; }
          default: this.error(itemPath, `unknown key "${rawKey}" in an override${suggestion(rawKey, OVERRIDE_KEYS)}`);
        }
      }
      if (override.files.length === 0) {
        this.error([...base, 'files'], 'an override needs a non-empty files list of globs; this override is ignored');
        return;
      }
      out.push(override);
    });
    return out;
  }

  private selectors(value: unknown, path: string[]): string[] | undefined {
    const list = this.strings(value, path);
    if (!list) return undefined;
    return list.filter((entry) => {
      if (this.isKnownSelector(entry)) return true;
      this.error(path, `"${entry}" is not a rule code, rule name or category${this.selectorSuggestion(entry)}`);
      return false;
    });
  }

  private severities(value: unknown, path: string[]): Record<string, Severity> {
    const out: Record<string, Severity> = {};
    if (!isTable(value)) {
      this.error(path, 'severity must be a table of rule code, name or category = "error" | "warning" | "info"');
      return out;
    }
    for (const [selector, level] of Object.entries(value)) {
      const itemPath = [...path, selector];
      if (!this.isKnownSelector(selector) || selector.toLowerCase() === 'all') {
        this.error(itemPath, `"${selector}" is not a rule code, rule name or category${this.selectorSuggestion(selector)}`);
        continue;
      }
      if (typeof level === 'string' && (SEVERITIES as readonly string[]).includes(level.toLowerCase())) out[selector] = level.toLowerCase() as Severity;
      else this.error(itemPath, `severity must be "error", "warning" or "info", not ${describe(level)}`);
    }
    return out;
  }

  private globs(value: unknown, path: string[]): string[] | undefined {
    const list = this.strings(value, path);
    if (!list) return undefined;
    return list.filter((glob) => {
      const problem = globProblem(glob);
      if (problem) this.error(path, `invalid glob "${glob}": ${problem}`);
      return problem === undefined;
    });
  }

  /** `[licenses]`: `deny` and `allow` lists of SPDX ids, expressions or `*` patterns, and `unknown`. */
  private licencePolicy(value: unknown, path: string[]): Record<string, unknown> | undefined {
    if (!isTable(value)) {
      this.error(path, `must be a table with deny, allow and unknown, not ${describe(value)}`);
      return undefined;
    }
    const policy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const itemPath = [...path, key];
      if (key === 'deny' || key === 'allow') {
        const list = this.strings(item, itemPath);
        if (list) policy[key] = list.filter((pattern) => {
          const problem = licencePatternProblem(pattern);
          if (problem) this.error(itemPath, `"${pattern}" ${problem}`);
          return problem === undefined;
        });
      } else if (key === 'unknown') {
        if (typeof item === 'string' && (UNKNOWN_LICENCE_POLICIES as readonly string[]).includes(item)) policy.unknown = item;
        else this.error(itemPath, `unknown must be ${UNKNOWN_LICENCE_POLICIES.map((p) => `"${p}"`).join(', ')}, not ${describe(item)}`);
      } else {
        this.error(itemPath, `unknown key "${key}" in the licence policy${suggestion(key, ['deny', 'allow', 'unknown'])}`);
      }
    }
    return policy;
  }

  private strings(value: unknown, path: string[]): string[] | undefined {
    if (typeof value === 'string') return [value];
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
    this.error(path, `must be a list of strings, not ${describe(value)}`);
    return undefined;
  }

  private boolean(value: unknown, path: string[]): boolean | undefined {
    if (typeof value === 'boolean') return value;
    this.error(path, `must be true or false, not ${describe(value)}`);
    return undefined;
  }

  private profile(value: unknown, path: string[]): Profile | undefined {
    if (typeof value === 'string' && (PROFILES as readonly string[]).includes(value.toLowerCase())) return value.toLowerCase() as Profile;
    this.error(path, `profile must be ${PROFILES.map((p) => `"${p}"`).join(' or ')}, not ${describe(value)}${typeof value === 'string' ? suggestion(value, PROFILES) : ''}`);
    return undefined;
  }

  private testCodePolicy(value: unknown, path: string[]): TestCodePolicy | undefined {
    if (typeof value === 'string' && (TEST_CODE_POLICIES as readonly string[]).includes(value)) return value as TestCodePolicy;
    this.error(path, `must be "hint" (findings in test code are advisory hints one severity lower), "lower" (reported one severity lower) or "same", not ${describe(value)}`);
    return undefined;
  }

  private size(value: unknown, path: string[]): number | undefined {
    const size = parseSize(value);
    if (size === undefined) this.error(path, `must be a positive size in bytes (e.g. 2097152 or "2MB"), not ${describe(value)}`);
    return size;
  }

  private isKnownSelector(entry: string): boolean {
    const lower = entry.toLowerCase();
    if (/^ais\d{1,3}$/i.test(entry) && entry.length < 6) return true; // code prefixes such as AIS1 or AIS10
    if (!this.knownSelectors) return /^[a-z0-9-]+$/i.test(entry);
    return this.knownSelectors.has(lower);
  }

  private selectorSuggestion(entry: string): string {
    return this.knownSelectors ? suggestion(entry, [...this.knownSelectors]) : '';
  }

  private error(path: readonly string[], message: string): void {
    this.errors.push(at(this.file, this.text, [...this.prefix, ...path], message));
  }
}

/** Builds an error located at the line that defines the dotted key `path`. */
function at(file: string, text: string, path: readonly string[], message: string): ConfigError {
  const { line, column } = locateKey(text, path);
  return { file, line, ...(column ? { column } : {}), key: path.join('.'), message };
}

/**
 * Finds the line that defines a dotted key, e.g. `tool.aisec.overrides.1.files`: the key written inside
 * its table (`[tool.aisec.severity]` then `AIS101 = ...`), as a dotted key (`severity.AIS101 = ...`), or
 * the header of the table itself. Falls back to the nearest enclosing table's header, then line 1.
 */
export function locateKey(text: string, path: readonly string[]): { line: number; column?: number } {
  const { lines, sections } = keyIndexOf(text);

  let best: { line: number; column?: number; depth: number } = { line: 1, depth: -1 };
  for (const section of sections) {
    if (!startsWith(path, section.path)) continue;
    const rest = path.slice(section.path.length);
    if (rest.length === 0) {
      if (section.path.length > best.depth) best = { line: section.line + 1, column: 1, depth: section.path.length };
      continue;
    }
    for (let l = section.line + 1; l < section.end; l += 1) {
      const found = keyOnLine(lines[l] ?? '', rest);
      if (found !== undefined && section.path.length + found.depth > best.depth) {
        best = { line: l + 1, column: found.column + 1, depth: section.path.length + found.depth };
      }
    }
    if (section.line >= 0 && section.path.length > best.depth) best = { line: section.line + 1, column: 1, depth: section.path.length };
  }
  return best.column !== undefined ? { line: best.line, column: best.column } : { line: best.line };
}

interface KeySection {
  line: number;
  path: string[];
  end: number;
}

/** The last text's lines and table sections: a file with many errors is located once, not once per error. */
let lastKeyIndex: { text: string; lines: string[]; sections: KeySection[] } | undefined;

/**
 * The table sections of `text` with their resolved paths (array-of-tables entries numbered: the Nth header with
 * the same path is index N), counted in one pass so that thousands of `[[overrides]]` stay linear.
 */
function keyIndexOf(text: string): { lines: string[]; sections: KeySection[] } {
  if (lastKeyIndex?.text === text) return lastKeyIndex;
  const lines = text.split(/\r?\n/);
  const headers: { line: number; path: string[]; array: boolean }[] = [];
  lines.forEach((raw, index) => {
    const header = /^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$/.exec(raw);
    if (header?.[1] && header[2]) headers.push({ line: index, path: splitDotted(header[2]), array: header[1] === '[[' });
  });
  const arrayEntries = new Map<string, number>();
  const resolved = headers.map((h, i): KeySection => {
    if (h.array) {
      const full = h.path.join('.');
      arrayEntries.set(full, (arrayEntries.get(full) ?? 0) + 1);
    }
    const parts: string[] = [];
    for (let depth = 0; depth < h.path.length; depth += 1) {
      parts.push(h.path[depth] ?? '');
      const entries = arrayEntries.get(h.path.slice(0, depth + 1).join('.'));
      if (entries !== undefined) parts.push(String(entries - 1));
    }
    return { line: h.line, path: parts, end: headers[i + 1]?.line ?? lines.length };
  });
  const sections = [{ line: -1, path: [] as string[], end: headers[0]?.line ?? lines.length }, ...resolved];
  lastKeyIndex = { text, lines, sections };
  return lastKeyIndex;
}

/** When `line` assigns a dotted key that is a prefix of `rest`, its depth and column. */
function keyOnLine(line: string, rest: readonly string[]): { depth: number; column: number } | undefined {
  const assignment = /^(\s*)((?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+)(?:\s*\.\s*(?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+))*)\s*=/.exec(line);
  if (!assignment?.[2]) return undefined;
  const keys = splitDotted(assignment[2]);
  const column = assignment[1]?.length ?? 0;
  if (startsWith(rest, keys)) return { depth: keys.length, column };
  // An inline table or array value holding the rest of the path: `severity = { AIS101 = "x" }`.
  if (startsWith(keys, rest.slice(0, keys.length)) && keys.length <= rest.length) {
    const tail = rest[rest.length - 1] ?? '';
    const inline = line.indexOf(tail, assignment[0].length);
    return { depth: keys.length + (inline >= 0 ? rest.length - keys.length : 0), column: inline >= 0 && rest.length > keys.length ? inline : column };
  }
  return undefined;
}

function splitDotted(key: string): string[] {
  const parts: string[] = [];
  const re = /\s*("([^"]*)"|'([^']*)'|[^.\s]+)\s*(\.|$)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(key)) !== null && m[0] !== '') parts.push(m[2] ?? m[3] ?? m[1] ?? '');
  return parts;
}

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => p === path[i]);
}

function canonical(key: string): string {
  const kebab = key.replace(/_/g, '-').toLowerCase();
  return ALIASES[kebab] ?? kebab;
}

function matchesAny(globs: readonly string[], path: string): boolean {
  return globs.some((glob) => matcherFor(glob)(path));
}

/** Compiled globs, reused across files (a walk tests every path against the same few globs). */
const matchers = new Map<string, (path: string) => boolean>();

function matcherFor(glob: string): (path: string) => boolean {
  let matcher = matchers.get(glob);
  if (!matcher) {
    const pattern = stripSlashes(glob);
    // picomatch's basename option applies to every pattern, so it is only set for slash-free ones.
    matcher = picomatch(pattern, { ...GLOB_OPTIONS, basename: !pattern.includes('/') });
    if (matchers.size > 1000) matchers.clear();
    matchers.set(glob, matcher);
  }
  return matcher;
}

/** `./src/` and `/src` mean the folder `src` relative to the configuration. */
function stripSlashes(glob: string): string {
  return glob.replace(/^\.\//, '').replace(/^\/+/, '').replace(/\/+$/, '');
}

function normalisePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.\//, '').replace(/^\/+/, '');
}

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** A deep copy with ordinary prototypes (smol-toml builds null-prototype tables). */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (isTable(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `"${value}"`;
  if (Array.isArray(value)) return 'a list';
  if (isTable(value)) return 'a table';
  return String(value);
}

/** ` (did you mean "x"?)` for a near miss, by edit distance. */
function suggestion(word: string, candidates: readonly string[]): string {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(lower.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best ? ` (did you mean "${best}"?)` : '';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    let previous = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const current = row[j] ?? 0;
      row[j] = Math.min((row[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] ?? 0;
}
