/**
 * Per-resource settings: editor settings pulled per workspace folder (never stored in globals), merged
 * with `.aisec.toml` / `[tool.aisec]` according to `aisec.configurationPreference`. Caches are cleared
 * when the client reports a configuration change or a configuration file changes on disk.
 * Invalid values are reported once per folder and replaced by defaults; they never crash the server.
 */
import { isAbsolute, join, relative } from 'node:path';
import picomatch from 'picomatch';
import type { Connection } from 'vscode-languageserver';
import { configForPath, globProblem, isExcludedPath } from '../engine/config-file';
import { DEFAULT_CONFIG } from '../engine/index';
import type { EngineConfig, RuleMeta } from '../engine/index';
import { DEFAULT_SETTINGS, readSettings } from '../shared/settings';
import type { AisecSettings, SettingsReadResult } from '../shared/settings';
import { formatConfigError } from '../engine/config-file';
import { redactText } from '../rules/secrets/redact-text';
import { ConfigLoader, pathForConfig } from '../host/config-loader';
import type { LoadedConfig } from '../host/config-loader';
import type { Folder, WorkspaceFolders } from './workspace-folders';

/** Everything the server needs to analyse one file. */
export interface ResolvedSettings {
  settings: AisecSettings;
  config: EngineConfig;
  folder: Folder | undefined;
  /** True when the user's exclude globs (settings or config file) cover the file. */
  isExcluded(path: string): boolean;
}

export class SettingsStore {
  private readonly editor = new Map<string, Promise<SettingsReadResult>>();
  private loader = new ConfigLoader();
  private rules: readonly RuleMeta[] = [];
  private readonly reported = new Set<string>();
  /** False until the client says it answers `workspace/configuration`. */
  canPull = false;

  constructor(
    private readonly connection: Connection,
    private readonly folders: WorkspaceFolders,
  ) {}

  /** Forgets every cached value (after `workspace/didChangeConfiguration`). */
  clear(): void {
    this.editor.clear();
    this.loader = new ConfigLoader(this.rules);
    this.reported.clear();
  }

  /** Forgets cached configuration files (after one changed on disk). */
  clearFiles(): void {
    this.loader = new ConfigLoader(this.rules);
  }

  /** The rule registry, so unknown rule codes in configuration files are reported. */
  setRules(rules: readonly RuleMeta[]): void {
    this.rules = rules;
    this.loader = new ConfigLoader(rules);
  }

  /** The shared configuration-file loader (the workspace walker reads the same cache). */
  configLoader(): ConfigLoader {
    return this.loader;
  }

  async forPath(path: string | undefined): Promise<ResolvedSettings> {
    const folder = path ? this.folders.folderOf(path) : undefined;
    const { settings, problems } = await this.editorSettings(folder);
    this.reportOnce(folder?.uri ?? '', problems);
    const found = path && settings.configurationPreference !== 'editorOnly' ? this.fileConfig(path, folder, settings.configFile) : undefined;
    if (found) this.reportOnce(found.file, found.errors.map(formatConfigError));
    return resolve(settings, found, folder, path);
  }

  private editorSettings(folder: Folder | undefined): Promise<SettingsReadResult> {
    const key = folder?.uri ?? '';
    let pending = this.editor.get(key);
    if (!pending) {
      pending = this.pull(folder);
      this.editor.set(key, pending);
    }
    return pending;
  }

  private async pull(folder: Folder | undefined): Promise<SettingsReadResult> {
    if (!this.canPull) return { settings: DEFAULT_SETTINGS, problems: [] };
    try {
      const raw: unknown = await this.connection.workspace.getConfiguration(folder ? { scopeUri: folder.uri, section: 'aisec' } : { section: 'aisec' });
      return withValidExcludes(readSettings(flatten(raw)));
    } catch (error) {
      return { settings: DEFAULT_SETTINGS, problems: [`aisec: could not read the settings (${(error as Error).message}); using defaults.`] };
    }
  }

  private fileConfig(path: string, folder: Folder | undefined, explicit: string): LoadedConfig | undefined {
    if (explicit) return this.loader.loadExplicit(isAbsolute(explicit) || !folder ? explicit : join(folder.path, explicit));
    return this.loader.forPath(path);
  }

  private reportOnce(key: string, unredacted: readonly string[]): void {
    if (unredacted.length === 0 || this.reported.has(key)) return;
    // A settings value or configuration file may hold a pasted key: no problem echoes one.
    const problems = unredacted.map(redactText);
    this.reported.add(key);
    for (const problem of problems) this.connection.console.warn(problem);
    void this.connection.window.showWarningMessage(`AISec settings: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more, see the AISec output)` : ''}`);
  }
}

/**
 * Drops the `aisec.exclude` globs picomatch cannot compile, or would take too long to (a workspace's
 * settings.json is as hostile as any file in it), with a problem naming each, as `.aisec.toml` globs are.
 */
function withValidExcludes(read: SettingsReadResult): SettingsReadResult {
  const problems = [...read.problems];
  const exclude = read.settings.exclude.filter((glob) => {
    const problem = globProblem(glob);
    if (problem) problems.push(`aisec.exclude: the glob "${glob.slice(0, 80)}" is ignored: ${problem}.`);
    return problem === undefined;
  });
  return exclude.length === read.settings.exclude.length ? read : { settings: { ...read.settings, exclude }, problems };
}

/** The file's path inside its workspace folder, for path-based policies (test code); nothing outside the folder. */
function projectPathOf(folder: Folder | undefined, path: string | undefined): Pick<EngineConfig, 'projectPath'> {
  if (!folder || !path) return {};
  const inside = relative(folder.path, path);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? { projectPath: toPosix(inside) } : {};
}

/**
 * Merges editor settings and a configuration file into the engine's configuration for one file.
 * `filesystemFirst` lays the file over the settings; `editorFirst` lays the settings the user changed
 * from their defaults over the file; `editorOnly` never gets here with a file.
 */
export function resolve(settings: AisecSettings, found: LoadedConfig | undefined, folder: Folder | undefined, path: string | undefined): ResolvedSettings {
  const editor: EngineConfig = {
    select: settings.select,
    ignore: settings.ignore,
    severity: settings.severity,
    honourNosec: settings.honourNosec,
    maxFileBytes: settings.maxFileSizeKb * 1024,
    options: {},
    profile: settings.profile,
    // The editor keeps the advisory findings that rules mark `editor: 'hint'`, shown as hints (never in Problems).
    advisoryHints: true,
    testCode: settings.testCode,
    ...projectPathOf(folder, path),
  };
  let config = editor;
  if (found) {
    const relativePath = path ? pathForConfig(found, path) : '';
    if (settings.configurationPreference === 'filesystemFirst') {
      config = configForPath(found.config, relativePath, editor);
    } else {
      const fromFile = configForPath(found.config, relativePath, DEFAULT_CONFIG);
      const d = DEFAULT_SETTINGS;
      config = {
        select: settings.select.length > 0 ? settings.select : fromFile.select,
        ignore: [...fromFile.ignore, ...settings.ignore],
        severity: { ...fromFile.severity, ...settings.severity },
        honourNosec: settings.honourNosec !== d.honourNosec ? settings.honourNosec : fromFile.honourNosec,
        maxFileBytes: settings.maxFileSizeKb !== d.maxFileSizeKb ? editor.maxFileBytes : fromFile.maxFileBytes,
        options: fromFile.options,
        ...(fromFile.extendSelect ? { extendSelect: fromFile.extendSelect } : {}),
        profile: settings.profile !== d.profile ? settings.profile : fromFile.profile ?? d.profile,
        advisoryHints: true,
        testCode: settings.testCode !== d.testCode ? settings.testCode : fromFile.testCode ?? settings.testCode,
        ...projectPathOf(folder, path),
      };
    }
  }
  const matcher = settings.exclude.length > 0 ? picomatch(settings.exclude, { dot: true }) : undefined;
  return {
    settings,
    config,
    folder,
    isExcluded(candidate: string): boolean {
      if (found && isExcludedPath(found.config.exclude, pathForConfig(found, candidate))) return true;
      if (!matcher) return false;
      const rel = folder ? toPosix(relative(folder.path, candidate)) : candidate;
      return matcher(rel) || matcher(rel.split('/').pop() ?? rel);
    },
  };
}

function toPosix(path: string): string {
  return path.split('\\').join('/');
}

/**
 * VS Code returns dotted setting names as nested objects (`snippetReview: { enable }`), but clients that
 * send flat keys (`"snippetReview.enable"`) are accepted too.
 */
function flatten(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const dot = key.indexOf('.');
    if (dot < 0) {
      out[key] = typeof value === 'object' && value !== null && !Array.isArray(value) && typeof out[key] === 'object' ? { ...(out[key] as object), ...value } : value;
      continue;
    }
    const head = key.slice(0, dot);
    const nested = (typeof out[head] === 'object' && out[head] !== null ? out[head] : {}) as Record<string, unknown>;
    nested[key.slice(dot + 1)] = value;
    out[head] = nested;
  }
  return out;
}
