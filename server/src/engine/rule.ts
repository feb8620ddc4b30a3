/**
 * The rule model. A rule is metadata plus documentation; a checker is the code that finds matches and
 * reports them under one or more rule ids. Simple rules define both at once with `defineRule`; a family
 * whose rules share one pass (the secrets provider table, the dependency risks) defines its rules as data
 * and registers one checker that reports under all of their ids.
 */
import type { ArchiveMemberVerdict, Category, CombineKey, Confidence, Fix, FlowStep, Range, Severity } from './finding';
import type { Node, Tree, QueryMatch } from 'web-tree-sitter';
import type { EngineConfig } from './config';
import type { EnginePorts } from './ports';
import type { LimitReached } from './analysis-limits';
import type { PythonScope } from './resolve/python';
import type { JsScope } from './resolve/javascript';

/** Languages with a tree-sitter grammar. */
export type LanguageId = 'python' | 'javascript' | 'typescript' | 'tsx';

/**
 * What a file is, decided from its name (see `file-kinds.ts`). Code languages are parsed; the others are
 * given to text, manifest and binary checkers as they are.
 */
export type FileKind =
  | LanguageId
  | 'notebook'
  | 'dotenv'
  | 'json'
  | 'yaml'
  | 'toml'
  | 'markdown'
  /** Instructions an AI coding assistant loads as its own (AGENTS.md, CLAUDE.md, .cursorrules, SKILL.md, ...): Markdown with optional front matter. */
  | 'agent-instructions'
  | 'shell'
  | 'requirements'
  | 'pyproject'
  | 'pipfile'
  | 'setup-cfg'
  | 'conda-env'
  | 'package-json'
  | 'package-lock'
  | 'yarn-lock'
  | 'pnpm-lock'
  | 'model'
  | 'text'
  /** An AI assistant's MCP server file (`.vscode/mcp.json`, `.mcp.json`, ...): see `agent-config/client-files.ts`. */
  | 'mcp-config'
  /** An AI assistant's settings file that may hold MCP servers and approval keys (`.claude/settings.json`, `.codex/config.toml`, ...). */
  | 'agent-settings'
  /** Source in a language AISec does not analyse where credentials are written (PHP, Gradle build scripts): read by the secrets rules only. */
  | 'other-code';

/** The fixed documentation headings every rule has (Ruff's layout). */
export interface RuleDocs {
  whatItDoes: string;
  whyIsThisBad: string;
  /** Code that raises the finding. */
  example: string;
  /** Code that does not. */
  useInstead: string;
  /** Present when the rule offers a fix: what the fix changes and why it is safe or unsafe. */
  fixSafety?: string;
  /** URLs; the CWE link first. */
  references: string[];
}

/** Metadata that every rule has. */
export interface RuleMeta {
  /** Stable code, e.g. `AIS101`. Never reused. */
  id: string;
  /** kebab-case name of the pattern (what was found, not the remedy), e.g. `unsafe-pickle-load`. */
  name: string;
  title: string;
  category: Category;
  /** File kinds the rule applies to. */
  fileKinds: readonly FileKind[];
  severity: Severity;
  confidence: Confidence;
  /** `CWE-502` form. */
  cwe: readonly string[];
  /** Default one-line message; `{{slot}}` placeholders are filled from `report({ data })`. */
  message: string;
  docs: RuleDocs;
  /** Whether the rule can offer a fix: always, sometimes or never. */
  fixAvailability: 'always' | 'sometimes' | 'none';
  /** Codes of peer tools that cover the same pattern (Bandit ids make `# nosec B301` keep working). */
  peers?: { bandit?: readonly string[]; ruff?: readonly string[]; semgrep?: readonly string[] };
  /**
   * Present when the rule (or its information-level findings) is advisory: technically right but rarely
   * worth acting on, so it belongs to the opt-in `audit` profile instead of the default one.
   */
  advisory?: AdvisoryPolicy;
}

/**
 * Which of a rule's findings are advisory and how the editor shows them under the default profile.
 * Advisory findings are reported normally in the `audit` profile, or when `select` / `extend-select`
 * names the rule by code or name (a category, a code prefix or `all` does not).
 */
export interface AdvisoryPolicy {
  /** `all`: every finding of the rule; `info`: only those it reports at information level (its uncertain cases). */
  findings: 'all' | 'info';
  /**
   * Under the default profile: `hint` shows them in the editor as hints (a dotted underline, never in the Problems list),
   * `hidden` shows them nowhere. The CLI reports neither outside the audit profile.
   */
  editor: 'hint' | 'hidden';
  /** One sentence saying why (shown by `aisec explain` and in the documentation). */
  reason: string;
}

/** What a checker hands to `report`. */
export interface ReportInput {
  ruleId: string;
  range: Range;
  /** Overrides the rule's default message (already filled, redacted). */
  message?: string;
  /** Values for `{{slot}}` placeholders in the message. */
  data?: Record<string, string>;
  /** Appended to the message (after the placeholders are filled), e.g. how a locked package is pulled in. */
  messageSuffix?: string;
  severity?: Severity;
  confidence?: Confidence;
  fixes?: Fix[];
  flow?: FlowStep[];
  /** Content that identifies the finding independent of its line (hashed into the fingerprint). Defaults to the matched text. */
  fingerprintSeed?: string;
  properties?: Record<string, string | number | boolean>;
  /** Merge with the other findings of this key on the same range into one finding (see `combine.ts`). */
  combine?: CombineKey;
  /**
   * This one finding is advisory although its rule is not (e.g. an install line in documentation): it is
   * reported like the findings of a rule with `advisory: { findings: 'all', editor: 'hint' }`.
   */
  advisory?: boolean;
}

/** Shared by every checker context. */
export interface BaseContext {
  /** The path given to the engine. */
  readonly path: string;
  readonly fileKind: FileKind;
  readonly config: EngineConfig;
  readonly ports: EnginePorts;
  report(input: ReportInput): void;
}

/** Context for text and manifest checkers. */
export interface TextContext extends BaseContext {
  /**
   * Records that a depth limit cut a walk that could have led to a finding (see `analysis-limits.ts`): the file
   * gets one `incomplete` note naming each limit reached.
   */
  limitReached: LimitReached;
  /**
   * Records that rule `ruleId` could not make a check because the host's data cannot answer it (no advisories for
   * an ecosystem): the file gets one `unchecked` note per distinct message (none when the rule is disabled), so a
   * clean result is never mistaken for a checked one.
   */
  notChecked(ruleId: string, message: string): void;
  readonly text: string;
  /** Converts a UTF-16 offset in `text` to a position. */
  positionAt(offset: number): { line: number; column: number };
  rangeOf(start: number, end: number): Range;
  /** The syntax tree when the file is a code language (parsed once per analysis, lazily); otherwise undefined. */
  tree(): Tree | undefined;
  /** For code languages: the language id. */
  readonly language?: LanguageId;
}

/** Context for syntax-tree checkers. */
export interface AstContext extends TextContext {
  readonly language: LanguageId;
  readonly root: Node;
  /** Python import/alias/binding resolution for the node's scope (only for Python files). */
  python(): PythonScope;
  /** JS/TS module binding resolution (only for JS/TS files). */
  js(): JsScope;
  rangeOfNode(node: Node): Range;
  /**
   * Every call in the file, collected once per analysis and shared by all checkers (Python `call`;
   * JS/TS `call_expression` and `new_expression`), in document order. Iterating these and resolving the
   * callee is cheaper than one query per rule.
   */
  calls(): readonly Node[];
}

/** Context for checkers of binary files (model files). */
export interface BinaryContext extends BaseContext {
  readonly bytes: Uint8Array;
  /** The real size of the file when `bytes` is only a prefix or window. */
  readonly fileSize: number;
  /**
   * Runs the Python code rules over a Python file inside the model archive (`member`: its path in the archive,
   * nested archives joined with `!`); their findings join the file's, each naming the member and its line.
   */
  analyzeMemberCode(member: string, text: string): void;
  /** Records the verdict of every archive member the checker examined (`AnalysisResult.archiveMembers`), findings or not. */
  reportMembers(members: readonly ArchiveMemberVerdict[]): void;
}

interface CheckerBase {
  /** Unique checker name (for logs: "checker X failed on file Y"). */
  name: string;
  /** Rule ids this checker may report; reports under any other id are a bug and are dropped. */
  ruleIds: readonly string[];
  fileKinds: readonly FileKind[];
  /**
   * Prefilter: the checker runs only when the text contains at least one of these substrings
   * (case-sensitive). Omit to always run. Lets the engine skip parsing files that no rule cares about.
   */
  keywords?: readonly string[];
  /**
   * A second prefilter group: when given, the text must also contain at least one of these (e.g. an
   * installer name in `keywords` and a process-spawning API here).
   */
  alsoRequires?: readonly string[];
  /**
   * A negative prefilter group: the checker does not run when the text contains any of these (the file belongs
   * to another checker of the family, as a file naming a model source belongs to the model-output walk). Found in
   * the same single pass as the keywords, before any `textGate`.
   */
  unlessKeywords?: readonly string[];
}

export interface AstChecker extends CheckerBase {
  kind: 'ast';
  /**
   * A tree-sitter query per language (compiled once per language and reused). When given, `onMatch`
   * receives each match; `onFile` (if any) runs once per file after the matches.
   */
  query?: Partial<Record<LanguageId, string>>;
  onMatch?(ctx: AstContext, match: QueryMatch): void;
  onFile?(ctx: AstContext): void;
  /**
   * A cheap test of the text and the host's facts, run after the keyword prefilter and before the file is
   * parsed: false skips the checker, so a file no other checker needs is never parsed for this one.
   */
  textGate?(ctx: TextContext): boolean;
}

export interface TextChecker extends CheckerBase {
  kind: 'text' | 'manifest';
  check(ctx: TextContext): void;
}

export interface BinaryChecker extends CheckerBase {
  kind: 'binary';
  check(ctx: BinaryContext): void;
}

export type Checker = AstChecker | TextChecker | BinaryChecker;

/** A rule together with its checker(s); the registry is a flat list of these. */
export interface RuleModule {
  rules: readonly RuleMeta[];
  checkers: readonly Checker[];
}

/** Defines one rule and the checker that reports it. */
export function defineRule(
  meta: RuleMeta,
  checker: Omit<AstChecker, 'name' | 'ruleIds' | 'fileKinds'> & { fileKinds?: readonly FileKind[] },
): RuleModule;
export function defineRule(
  meta: RuleMeta,
  checker: Omit<TextChecker, 'name' | 'ruleIds' | 'fileKinds'> & { fileKinds?: readonly FileKind[] },
): RuleModule;
export function defineRule(
  meta: RuleMeta,
  checker: Omit<BinaryChecker, 'name' | 'ruleIds' | 'fileKinds'> & { fileKinds?: readonly FileKind[] },
): RuleModule;
export function defineRule(
  meta: RuleMeta,
  checker: Omit<Checker, 'name' | 'ruleIds' | 'fileKinds'> & { fileKinds?: readonly FileKind[] },
): RuleModule {
  const full = { ...checker, name: meta.name, ruleIds: [meta.id], fileKinds: checker.fileKinds ?? meta.fileKinds } as Checker;
  return { rules: [meta], checkers: [full] };
}

/** Defines a family whose rules are reported by shared checkers. */
export function defineRuleFamily(rules: readonly RuleMeta[], checkers: readonly Checker[]): RuleModule {
  return { rules, checkers };
}
