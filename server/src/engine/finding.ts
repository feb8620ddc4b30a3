/**
 * Plain data that crosses every boundary: the engine produces `Finding`s and each host
 * (language server, CLI, tests) converts them with exactly one converter per transport.
 */

/** How loudly a finding is reported; users may override it per rule. */
export type Severity = 'error' | 'warning' | 'info';

/** How sure a rule is that the match is a real problem. */
export type Confidence = 'high' | 'medium' | 'low';

/** Exactly one category per rule; the CLI summary and SARIF tags group by it. */
export type Category =
  | 'deserialization'
  | 'code-execution'
  | 'secrets'
  | 'dependencies'
  | 'model-provenance'
  | 'model-files'
  | 'transport'
  | 'agent-config'
  | 'pipeline'
  | 'licence';

export const CATEGORIES: readonly Category[] = [
  'deserialization',
  'code-execution',
  'secrets',
  'dependencies',
  'model-provenance',
  'model-files',
  'transport',
  'agent-config',
  'pipeline',
  'licence',
];

/**
 * A zero-based position. `column` counts UTF-16 code units, which is what LSP expects by default
 * and what JavaScript string indices are, so no host has to re-encode.
 */
export interface Position {
  line: number;
  column: number;
}

/** A half-open range in the analysed text (for notebooks: in the cell source, see `NotebookLocation`). */
export interface Range {
  start: Position;
  end: Position;
}

/**
 * `safe` fixes cannot change what a working program does for its author, so they may be applied in bulk
 * (fix-all, on save, `aisec fix`); `unsafe` ones may change behaviour and are applied on request (one quick
 * fix, or `aisec fix --unsafe` after review); `display-only` fixes (replacing one package with another) are
 * suggestions, never applied in bulk: the editor offers them one at a time.
 */
export type Applicability = 'safe' | 'unsafe' | 'display-only';

/** A text replacement. `file` is set when the edit targets another file (e.g. `.env`), relative to the analysed file's folder. */
export interface TextEdit {
  range: Range;
  newText: string;
  /** Path of another file, relative to the directory of the analysed file; absent means the analysed file. */
  file?: string;
  /** With `file`: create the file when it does not exist (the range is then ignored and the text appended). */
  appendToFile?: boolean;
  /**
   * With `file` and a range: the SHA-256 (hex, of the UTF-8 encoding) of the text the range was computed on.
   * A host applies the edit only to that exact text, so an edit never lands at a stale offset (a manifest
   * changed since the analysis, or already changed by another fix in the same run).
   */
  fileDigest?: string;
}

export interface Fix {
  title: string;
  applicability: Applicability;
  edits: TextEdit[];
  /** Shown first in the editor's quick-fix list. */
  preferred?: boolean;
  /**
   * The edits hold a redacted placeholder instead of a secret (see `redactFindingForOutput`); a host
   * applies such a fix by analysing the file again and taking the same fix from the fresh finding.
   */
  redacted?: boolean;
  /**
   * The edits delete a value that is kept nowhere else (a hard-coded secret the program needs). A user may
   * pick such a fix in the editor; bulk fixing (`aisec fix --unsafe`) never applies it, and takes the
   * finding's fix that stores the value first (in `.env`) instead.
   */
  losesValue?: boolean;
}

/** One step of a source-to-sink path (taint findings). */
export interface FlowStep {
  range: Range;
  message: string;
  /**
   * The file of this step when it is not the finding's own file (a helper module the flow passes through),
   * named as hosts name `Finding.path`; its range is in that file and never moves with edits of this one.
   */
  path?: string;
}

/** Where a finding of a Python file inside a model archive lives: the member and the place in its text. */
export interface ArchiveMemberLocation {
  member: string;
  range: Range;
}

/** Where a notebook finding lives: the code cell (0-based index among all cells) and the line inside it. */
export interface NotebookLocation {
  cellIndex: number;
  /** 0-based line within the cell source. */
  cellLine: number;
  /** Range within the cell source. */
  cellRange: Range;
}

export interface Finding {
  ruleId: string;
  ruleName: string;
  category: Category;
  severity: Severity;
  confidence: Confidence;
  /** One line, already redacted (never holds a raw secret). */
  message: string;
  /** The path given to the engine (hosts decide whether it is absolute or relative). */
  path: string;
  /** Range in the file's own text; for notebooks, in the `.ipynb` file itself. */
  range: Range;
  cwe: string[];
  fixes: Fix[];
  /** Source-to-sink path for taint findings: source first, sink last. */
  flow?: FlowStep[];
  notebook?: NotebookLocation;
  /**
   * For a finding of the code rules in a Python file inside a model archive (a TorchServe handler): the member
   * (`handler.py`, nested archives joined with `!`) and the place in its text. `path` and `range` stay those of
   * the archive, since the member cannot be opened or edited on its own.
   */
  member?: ArchiveMemberLocation;
  /**
   * A location-independent key (rule, path and a hash of the matched content), used by baselines and
   * SARIF `partialFingerprints`; it never contains a raw secret.
   */
  fingerprint: string;
  /** Extra facts for JSON/SARIF properties (e.g. the pickle global and byte offset). Never raw secrets. */
  properties?: Record<string, string | number | boolean>;
  /**
   * Present on advisory findings (see `RuleMeta.advisory`): `reported` when the audit profile or an explicit
   * selection asked for them, `hint` when the language server keeps them only to show as hints.
   */
  advisory?: 'reported' | 'hint';
  /**
   * Engine-internal until the result is finished: findings with the same key and range are merged into one
   * (see `combine.ts`), and the key is removed before any host sees the finding.
   */
  combine?: CombineKey;
}

/** How a finding joins others on the same expression: a shared key and a short phrase naming its problem. */
export interface CombineKey {
  key: string;
  /** A clause for the combined message, e.g. "no revision pins the download to a commit". */
  problem: string;
}

/** A finding that a suppression comment or baseline removed; counted, never dropped silently. */
export interface SuppressedFinding {
  finding: Finding;
  by: 'aisec-ignore' | 'aisec-ignore-file' | 'nosec' | 'pragma-allowlist' | 'gitleaks-allow' | 'baseline';
}

/** A note about the analysis itself (a skipped file, a rule that failed, a partial parse). */
export interface AnalysisNote {
  /**
   * `incomplete`: rules were skipped for this file (the parser trapped or hit its deadline, the time budget ran out, too many findings).
   * `unchecked`: the file was analysed, but a check had no data to answer from (no advisories for an ecosystem), so
   * its silence means "not checked", not "fine".
   */
  kind: 'skipped' | 'partial' | 'incomplete' | 'unchecked' | 'rule-failed' | 'config-error' | 'parse-error';
  message: string;
  ruleId?: string;
  range?: Range;
}

/** What one member of a model archive would do when loaded (see `engine/formats/member-verdicts.ts`). */
export interface ArchiveMemberVerdict {
  /** The member's path in the archive, nested archives joined with `!`. */
  member: string;
  verdict: 'dangerous' | 'suspicious' | 'not-checked' | 'pickle' | 'safe';
  /** Why, in words: the first global or problem, or what the member is. */
  reason: string;
}

export interface AnalysisResult {
  path: string;
  findings: Finding[];
  suppressed: SuppressedFinding[];
  notes: AnalysisNote[];
  /** For a model archive: every member the scan examined, with its verdict, findings or not. */
  archiveMembers?: ArchiveMemberVerdict[];
}
