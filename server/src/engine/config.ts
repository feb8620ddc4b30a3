/**
 * The resolved configuration the engine receives for one file. Hosts read `.aisec.toml`,
 * `[tool.aisec]` and editor settings, merge them (see `config-file.ts`) and resolve per-path overrides
 * before calling the engine.
 */
import type { Severity } from './finding';
import type { TestCodePolicy } from './test-code';

/**
 * `default`: what a reviewer would act on. `audit`: also the advisory findings (rules whose metadata has
 * `advisory`), for a deliberate review of a codebase.
 */
export type Profile = 'default' | 'audit';

export const PROFILES: readonly Profile[] = ['default', 'audit'];

export interface EngineConfig {
  /** Rule codes, names or categories to enable; empty means every rule. */
  select: readonly string[];
  /**
   * Rule codes or names added to the selection (`extend-select`). With an empty `select` every rule stays on;
   * what this list adds is that naming an advisory rule here reports it outside the audit profile.
   */
  extendSelect?: readonly string[];
  /** Rule codes, names or categories to disable (wins over `select`). */
  ignore: readonly string[];
  /** `default` when absent. */
  profile?: Profile;
  /**
   * Set by the language server: under the default profile, keep the advisory findings of rules whose
   * policy says `editor: 'hint'`, marked `advisory: 'hint'`, so they can be shown as hints.
   */
  advisoryHints?: boolean;
  /** Severity overrides keyed by rule code, name or category (the most specific wins: code, name, category). */
  severity: Readonly<Record<string, Severity>>;
  /** Honour Bandit's `# nosec` comments. */
  honourNosec: boolean;
  /** Text files larger than this are skipped with a note. */
  maxFileBytes: number;
  /** Findings in test code are advisory hints one severity lower (`hint`, the default when absent), one severity lower (`lower`) or keep theirs (`same`). */
  testCode?: TestCodePolicy;
  /**
   * The file's path relative to its project (repository or workspace folder), `/`-separated, set by hosts per
   * file so path-based policies (test code) see the same path from any working directory.
   */
  projectPath?: string;
  /** Family options, e.g. `secrets.entropy`. Unknown keys are reported by the config reader, not here. */
  options: Readonly<Record<string, unknown>>;
  /**
   * Findings kept per file (default `DEFAULT_MAX_FINDINGS_PER_FILE`); the rest are counted and the file gets an
   * `incomplete` note. Bounds memory and output when a generated file repeats one pattern a million times.
   */
  maxFindingsPerFile?: number;
  /**
   * The longest a parse may run (default `DEFAULT_MAX_PARSE_MS`), measured with the ports' clock, even without
   * a time budget; with one, the parse also stops where the budget ends.
   */
  maxParseMs?: number;
}

export const DEFAULT_MAX_FINDINGS_PER_FILE = 10_000;

/** Ordinary files parse in milliseconds and a 16 MB one in a few seconds; only a pathological input gets here. */
export const DEFAULT_MAX_PARSE_MS = 30_000;

export const DEFAULT_CONFIG: EngineConfig = {
  select: [],
  ignore: [],
  severity: {},
  honourNosec: true,
  maxFileBytes: 2 * 1024 * 1024,
  options: {},
  maxFindingsPerFile: DEFAULT_MAX_FINDINGS_PER_FILE,
  maxParseMs: DEFAULT_MAX_PARSE_MS,
};
