/**
 * The editor settings of the `aisec` section, as the client declares them in `package.json` and the
 * server pulls them per workspace folder (`workspace/configuration` with a scope URI). Types only, plus
 * the defaults and a validator, so client and server agree on one shape.
 */

/** `default` shows what a reviewer would act on; `audit` also the advisory findings (see `aisec rules`). */
export type SettingProfile = 'default' | 'audit';

/** Severity names a user may write in `aisec.severity`. */
export type SettingSeverity = 'error' | 'warning' | 'info';

/**
 * Which side wins when an editor setting and `.aisec.toml` / `[tool.aisec]` both set a value:
 * `editorFirst` (settings win), `filesystemFirst` (the file wins), `editorOnly` (config files are ignored).
 */
export type ConfigurationPreference = 'editorFirst' | 'filesystemFirst' | 'editorOnly';

export interface AisecSettings {
  /** Turns analysis off for the folder without uninstalling the extension. */
  enable: boolean;
  /** Rule codes, names or categories to enable; empty means all. */
  select: string[];
  /** Rule codes, names or categories to disable (wins over `select`). */
  ignore: string[];
  /** Severity overrides keyed by rule code, name or category. */
  severity: Record<string, SettingSeverity>;
  /** Honour Bandit's `# nosec` comments. */
  honourNosec: boolean;
  /** `audit` reports advisory findings as ordinary diagnostics; `default` shows some of them as hints only. */
  profile: SettingProfile;
  /** Glob patterns (relative to the folder) excluded from workspace scans and live diagnostics. */
  exclude: string[];
  /** Files larger than this many kilobytes are skipped with one information diagnostic. */
  maxFileSizeKb: number;
  /** Time budget per document analysis in milliseconds; a run over budget is reported, not retried. */
  timeBudgetMs: number;
  /**
   * Debounce between the last keystroke and the analysis, in milliseconds. None by default, as Pylance and
   * Ruff's server: a debounce adds its whole length to the time to the squiggle, and keystrokes that arrive
   * while an analysis runs are coalesced anyway (only the latest version is analysed).
   */
  debounceMs: number;
  /** When open files are analysed: after each change (`onType`, debounced) or when they are saved (`onSave`). */
  run: 'onType' | 'onSave';
  configurationPreference: ConfigurationPreference;
  /** `hint`: findings in test code (tests/, test_*.py, *.test.ts, ...) are hints one severity lower; `lower`: one severity lower; `same`: unchanged. */
  testCode: 'hint' | 'lower' | 'same';
  /** An explicit `.aisec.toml` (absolute, or relative to the folder); empty means discover it next to the files. */
  configFile: string;
  /** Base of the rule documentation links (the rule name is appended); empty for the shipped documentation. */
  docsBaseUrl: string;
  snippetReview: {
    enable: boolean;
    /** An insertion of at least this many lines is reviewed. */
    minLines: number;
    /** ...or of at least this many characters. */
    minChars: number;
  };
  dependencies: {
    /** Ask PyPI, npm and OSV about packages the bundled snapshot does not know (names and versions only). */
    online: boolean;
    /** Package-name globs that are never sent to a registry. */
    privateNames: string[];
  };
}

/** Where the generated rule pages (docs/rules) are published; their "Online:" lines point here. */
export const DEFAULT_DOCS_BASE_URL = 'https://github.com/aisec-dev/aisec/blob/main/docs/rules/';

export const DEFAULT_SETTINGS: AisecSettings = {
  enable: true,
  select: [],
  ignore: [],
  severity: {},
  honourNosec: true,
  profile: 'default',
  exclude: [],
  maxFileSizeKb: 2048,
  timeBudgetMs: 2000,
  debounceMs: 0,
  run: 'onType',
  configurationPreference: 'editorFirst',
  testCode: 'hint',
  configFile: '',
  // Empty: diagnostics link to the documentation shipped with the extension, rendered in VS Code.
  docsBaseUrl: '',
  snippetReview: { enable: true, minLines: 3, minChars: 200 },
  dependencies: { online: false, privateNames: [] },
};

/** The result of reading untrusted settings: usable values plus a message per rejected value. */
export interface SettingsReadResult {
  settings: AisecSettings;
  problems: string[];
}

/**
 * Turns whatever `workspace/configuration` returned into valid settings. Bad values are replaced by the
 * default and reported, never thrown, so a typo in settings.json cannot take the server down.
 */
export function readSettings(raw: unknown): SettingsReadResult {
  const problems: string[] = [];
  const source = isRecord(raw) ? raw : {};
  if (raw !== undefined && raw !== null && !isRecord(raw)) problems.push('aisec: the settings section is not an object; using defaults.');
  const d = DEFAULT_SETTINGS;
  const review = isRecord(source.snippetReview) ? source.snippetReview : {};
  const dependencies = isRecord(source.dependencies) ? source.dependencies : {};
  const settings: AisecSettings = {
    enable: bool(source, 'enable', d.enable, problems),
    select: strings(source, 'select', d.select, problems),
    ignore: strings(source, 'ignore', d.ignore, problems),
    severity: severities(source.severity, problems),
    honourNosec: bool(source, 'honourNosec', d.honourNosec, problems),
    profile: oneOf(source, 'profile', ['default', 'audit'] as const, d.profile, problems),
    exclude: strings(source, 'exclude', d.exclude, problems),
    maxFileSizeKb: positive(source, 'maxFileSizeKb', d.maxFileSizeKb, problems),
    timeBudgetMs: positive(source, 'timeBudgetMs', d.timeBudgetMs, problems),
    debounceMs: nonNegative(source, 'debounceMs', d.debounceMs, problems),
    run: oneOf(source, 'run', ['onType', 'onSave'] as const, d.run, problems),
    configurationPreference: oneOf(source, 'configurationPreference', ['editorFirst', 'filesystemFirst', 'editorOnly'] as const, d.configurationPreference, problems),
    testCode: oneOf(source, 'testCode', ['hint', 'lower', 'same'] as const, d.testCode, problems),
    configFile: text(source, 'configFile', d.configFile, problems),
    docsBaseUrl: url(source, 'docsBaseUrl', d.docsBaseUrl, problems),
    snippetReview: {
      enable: bool(review, 'enable', d.snippetReview.enable, problems, 'snippetReview.'),
      minLines: positive(review, 'minLines', d.snippetReview.minLines, problems, 'snippetReview.'),
      minChars: positive(review, 'minChars', d.snippetReview.minChars, problems, 'snippetReview.'),
    },
    dependencies: {
      online: bool(dependencies, 'online', d.dependencies.online, problems, 'dependencies.'),
      privateNames: strings(dependencies, 'privateNames', d.dependencies.privateNames, problems),
    },
  };
  return { settings, problems };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function bool(source: Record<string, unknown>, key: string, fallback: boolean, problems: string[], prefix = ''): boolean {
  const value = source[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value;
  problems.push(`aisec.${prefix}${key} must be true or false; using ${fallback}.`);
  return fallback;
}

function strings(source: Record<string, unknown>, key: string, fallback: string[], problems: string[]): string[] {
  const value = source[key];
  if (value === undefined || value === null) return fallback;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  problems.push(`aisec.${key} must be a list of strings; ignoring it.`);
  return fallback;
}

function text(source: Record<string, unknown>, key: string, fallback: string, problems: string[]): string {
  const value = source[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'string') return value;
  problems.push(`aisec.${key} must be a string; ignoring it.`);
  return fallback;
}

function positive(source: Record<string, unknown>, key: string, fallback: number, problems: string[], prefix = ''): number {
  const value = source[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
  problems.push(`aisec.${prefix}${key} must be a positive number; using ${fallback}.`);
  return fallback;
}

function nonNegative(source: Record<string, unknown>, key: string, fallback: number, problems: string[]): number {
  const value = source[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  problems.push(`aisec.${key} must be zero or a positive number; using ${fallback}.`);
  return fallback;
}

function oneOf<T extends string>(source: Record<string, unknown>, key: string, allowed: readonly T[], fallback: T, problems: string[]): T {
  const value = source[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  problems.push(`aisec.${key} must be one of ${allowed.join(', ')}; using ${fallback}.`);
  return fallback;
}

function url(source: Record<string, unknown>, key: string, fallback: string, problems: string[]): string {
  const value = source[key];
  if (value === undefined || value === null || value === '') return fallback;
  if (typeof value === 'string' && /^https?:\/\//.test(value)) return value.endsWith('/') ? value : `${value}/`;
  problems.push(`aisec.${key} must be an http(s) URL; using the default.`);
  return fallback;
}

function severities(value: unknown, problems: string[]): Record<string, SettingSeverity> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) {
    problems.push('aisec.severity must map rule codes, names or categories to error, warning or info; ignoring it.');
    return {};
  }
  const out: Record<string, SettingSeverity> = {};
  for (const [rule, level] of Object.entries(value)) {
    if (level === 'error' || level === 'warning' || level === 'info') out[rule] = level;
    else problems.push(`aisec.severity.${rule} must be error, warning or info; ignoring it.`);
  }
  return out;
}
