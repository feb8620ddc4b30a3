/**
 * The resolved configuration the engine receives for one file. Hosts read `.aisec.toml`,
 * `[tool.aisec]` and editor settings, merge them (see `config-file.ts`) and resolve per-path overrides
 * before calling the engine.
 */
import type { Severity } from './finding';

export interface EngineConfig {
  /** Rule codes, names or categories to enable; empty means every rule. */
  select: readonly string[];
  /** Rule codes, names or categories to disable (wins over `select`). */
  ignore: readonly string[];
  /** Severity overrides keyed by rule code, name or category (the most specific wins: code, name, category). */
  severity: Readonly<Record<string, Severity>>;
  /** Honour Bandit's `# nosec` comments. */
  honourNosec: boolean;
  /** Text files larger than this are skipped with a note. */
  maxFileBytes: number;
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
