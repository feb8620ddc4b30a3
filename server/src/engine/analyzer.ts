/**
 * Runs the checkers over one file. Never throws: a failing checker becomes a `rule-failed` note and
 * the other checkers' findings are kept; unreadable input becomes a `skipped` or `parse-error` note.
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { EngineConfig } from './config';
import type { AnalysisNote, AnalysisResult, ArchiveMemberVerdict, Finding, Range, SuppressedFinding } from './finding';
import type { EnginePorts } from './ports';
import type { AstChecker, AstContext, BinaryChecker, BinaryContext, Checker, FileKind, LanguageId, ReportInput, RuleMeta, TextChecker, TextContext } from './rule';
import { isRuntimeTrap, ParseFailure, type Grammars } from './parsing/grammars';
import { containCellErrors } from './parsing/cell-containment';
import { BudgetExhausted, TimeBudget } from './budget';
import { LimitsReached } from './analysis-limits';
import { DEFAULT_MAX_FINDINGS_PER_FILE } from './config';
import { appendAll } from './collections';
import { TextIndex } from './text-index';
import { KeywordIndex, presenceOf } from './keyword-index';
import { fnv1a64 } from './hash';
import { fileSizeLimit, isCodeLanguage } from './file-kinds';
import { combineFindings, stripCombineKeys } from './combine';
import { applyTestCodePolicy } from './test-code';

/** The note for a file whose tree has error nodes. */
export const SYNTAX_ERROR_NOTE = 'the file has syntax errors; code inside them may be only partly analysed';

import { advisoryDisposition, effectiveSeverity, isRuleEnabled } from './rule-selection';
import { applySuppressions, type PeerCodes } from './suppressions';
import { messageInCell, readNotebook, type NotebookDocument } from './parsing/notebook';
import { buildPythonScope } from './resolve/python-scope';
import { bindingNodesAndCalls } from './resolve/python-binding-nodes';
import { buildJsScope } from './resolve/javascript-scope';
import type { PythonScope } from './resolve/python';
import type { JsScope } from './resolve/javascript';

export interface TextInput {
  path: string;
  text: string;
  kind: FileKind;
  config: EngineConfig;
  ports: EnginePorts;
  /** A tree the caller already has for exactly this text (incremental documents); it is not deleted here. */
  tree?: Tree;
  /** The line index of `text`, when the caller keeps one (open documents). */
  index?: TextIndex;
  /** Occurrence counts of the prefilter keywords in `text` (`countKeywords`), when the caller keeps them. */
  keywordCounts?: Int32Array;
  /**
   * Milliseconds the whole analysis may take, measured with `ports.clock`. Text checkers always run; the parse
   * stops at the budget's end, and checkers that need the tree and have not started by then are skipped.
   */
  timeBudgetMs?: number;
  /** The budget of a host call that already spent part of it (open documents); wins over `timeBudgetMs`. */
  budget?: TimeBudget;
  /** Set when the caller's own parse of this text trapped: no parse is tried, and this is the note's reason. */
  treeLost?: unknown;
  /** Where the caller keeps the findings (a partial run of an open document): `TextContext.focus`. */
  focus?: readonly (readonly [number, number])[];
}

/** The analysis of one text: what the checkers reported and what they were not able to do. */
type RunInput = TextInput & { notes: AnalysisNote[]; budget: TimeBudget };

export interface BinaryInput {
  path: string;
  /** `model`, or `keystore` for a key store; only the binary checkers of that kind run. */
  kind: 'model' | 'keystore';
  bytes: Uint8Array;
  fileSize: number;
  config: EngineConfig;
  ports: EnginePorts;
}

/** Rule selections whose enabled checkers are kept (a workspace has a few: its folders' configurations). */
const MAX_KEPT_SELECTIONS = 64;

export class Analyzer {
  private readonly rulesById: ReadonlyMap<string, RuleMeta>;
  private readonly peerCodes: PeerCodes;
  private readonly keywords: KeywordIndex;
  private readonly enabledByConfig = new WeakMap<EngineConfig, Checker[]>();
  private readonly enabledBySelection = new Map<string, Checker[]>();

  constructor(
    private readonly grammars: Grammars,
    rules: readonly RuleMeta[],
    private readonly checkers: readonly Checker[],
  ) {
    this.rulesById = new Map(rules.map((r) => [r.id, r]));
    this.peerCodes = new Map(rules.filter((r) => r.peers?.bandit).map((r) => [r.id, r.peers?.bandit ?? []]));
    this.keywords = new KeywordIndex(checkers.flatMap((c) => [...(c.keywords ?? []), ...(c.alsoRequires ?? []), ...(c.absentKeywords ?? []), ...(c.mentionedWords ?? [])]));
  }

  analyzeText(input: TextInput): AnalysisResult {
    const notes: AnalysisNote[] = [];
    const result: AnalysisResult = { path: input.path, findings: [], suppressed: [], notes };
    const limit = fileSizeLimit(input.path, input.kind, input.config.maxFileBytes);
    if (input.text.length > limit) {
      notes.push({ kind: 'skipped', message: `skipped: the file is larger than the ${formatBytes(limit)} limit (maxFileBytes)` });
      return result;
    }
    if (input.kind !== 'model' && looksBinary(input.text)) {
      notes.push({ kind: 'skipped', message: 'skipped: the file holds NUL bytes and looks binary' });
      return result;
    }

    const enabled = this.enabledCheckers(input.config);
    const findings: Finding[] = [];
    const run: RunInput = { ...input, notes, budget: input.budget ?? TimeBudget.of(input.ports.clock, input.timeBudgetMs, input.config) };

    if (input.kind === 'notebook') {
      const read = readNotebook(input.text);
      // The size limit applies to the code; outputs are what make most notebooks large.
      if (read.ok && read.notebook.virtualText.length > input.config.maxFileBytes) {
        notes.push({ kind: 'skipped', message: `skipped: the notebook's code cells are larger than the ${formatBytes(input.config.maxFileBytes)} limit (maxFileBytes)` });
        return result;
      }
      // Raw-notebook checkers (e.g. secrets in outputs) see the .ipynb text; code checkers see the cells.
      const raw = this.runOn(run, input.text, input.text, input.kind, enabled, undefined);
      appendAll(findings, raw.findings);
      if (!read.ok) {
        const index = new TextIndex(input.text);
        notes.push({ kind: 'parse-error', message: `the notebook is not valid JSON (${read.error}); only its raw text was checked`, range: index.rangeOf(read.offset, read.offset) });
      } else {
        const nb = read.notebook;
        // Jupyter compiles each cell alone: a cell left open does not swallow the cells after it.
        const parseText = containCellErrors(nb.parseText, nb.cells.filter((cell) => cell.virtualStart >= 0).map((cell) => cell.virtualStart), nb.language, this.grammars);
        const cells = this.runOn(run, nb.virtualText, parseText, nb.language, enabled, undefined);
        appendAll(findings, this.mapNotebookFindings(cells.findings, nb));
        for (const s of cells.suppressed) result.suppressed.push({ ...s, finding: this.mapNotebookFindings([s.finding], nb)[0] ?? s.finding });
      }
      appendAll(result.suppressed, raw.suppressed);
    } else {
      const out = this.runOn(run, input.text, input.text, input.kind, enabled, input.tree);
      appendAll(findings, out.findings);
      appendAll(result.suppressed, out.suppressed);
    }
    result.findings = finishFindings(findings, input.path, input.config);
    result.suppressed = sortSuppressed(stripCombineKeys(result.suppressed));
    if (input.kind === 'notebook') {
      // The cell is named after findings were combined, so a combined message ends with it as in the editor.
      result.findings = result.findings.map(withCellInMessage);
      result.suppressed = result.suppressed.map((s) => ({ ...s, finding: withCellInMessage(s.finding) }));
    }
    return result;
  }

  /**
   * A notebook's code cells joined into one program (`joinCodeCells`), analysed as the code part of an
   * `.ipynb` scan: the checkers of `language` over the text, the parser over `parseText`, file kind `notebook`.
   * Ranges are in the joined text; the host maps them to cells.
   */
  analyzeJoinedCells(input: Omit<TextInput, 'kind'> & { language: LanguageId; parseText: string }): AnalysisResult {
    const notes: AnalysisNote[] = [];
    const result: AnalysisResult = { path: input.path, findings: [], suppressed: [], notes };
    if (input.text.length > input.config.maxFileBytes) {
      notes.push({ kind: 'skipped', message: `skipped: the notebook's code cells are larger than the ${formatBytes(input.config.maxFileBytes)} limit (maxFileBytes)` });
      return result;
    }
    const run: RunInput = { ...input, kind: 'notebook', notes, budget: input.budget ?? TimeBudget.of(input.ports.clock, input.timeBudgetMs, input.config) };
    const out = this.runOn(run, input.text, input.parseText, input.language, this.enabledCheckers(input.config), input.tree);
    result.findings = finishFindings(out.findings, input.path, input.config);
    result.suppressed = sortSuppressed(stripCombineKeys(out.suppressed));
    return result;
  }

  analyzeBinary(input: BinaryInput): AnalysisResult {
    const notes: AnalysisNote[] = [];
    const findings: Finding[] = [];
    const members: AnalysisResult[] = [];
    let archiveMembers: ArchiveMemberVerdict[] | undefined;
    for (const checker of this.enabledCheckers(input.config)) {
      if (checker.kind !== 'binary' || !checker.fileKinds.includes(input.kind)) continue;
      const ctx: BinaryContext = {
        path: input.path,
        fileKind: input.kind,
        config: input.config,
        ports: input.ports,
        bytes: input.bytes,
        fileSize: input.fileSize,
        report: (r) => this.collect((f) => findings.push(f), checker, r, input.path, input.config, () => ''),
        analyzeMemberCode: (member, text) => members.push(this.analyzeText({ path: memberPath(input.path, member), text, kind: 'python', config: input.config, ports: input.ports })),
        reportMembers: (verdicts) => {
          archiveMembers = [...verdicts];
        },
      };
      this.guard(checker, input.path, notes, () => (checker as BinaryChecker).check(ctx));
    }
    const result: AnalysisResult = { path: input.path, findings: finishFindings(findings, input.path, input.config), suppressed: [], notes, ...(archiveMembers ? { archiveMembers } : {}) };
    for (const analysed of members) appendMemberAnalysis(result, analysed);
    return result;
  }

  /** Runs every applicable checker over one text (a file, or a notebook's virtual document). */
  private runOn(
    input: RunInput,
    text: string,
    parseText: string,
    kind: FileKind,
    enabled: readonly Checker[],
    givenTree: Tree | undefined,
  ): { findings: Finding[]; suppressed: AnalysisResult['suppressed'] } {
    const built: { index?: TextIndex } = {};
    const findings = this.runCheckers(input, text, parseText, kind, enabled, givenTree, built);
    return this.suppress(findings, text, built.index, input.config);
  }

  /**
   * Runs every applicable checker over one text and returns its findings before suppression. Text checkers run
   * first and whatever happens to the parse (its deadline, a trap, the budget), so a file that defeats the
   * parser still gets its secrets and other text findings; checkers that need the tree run after them.
   */
  private runCheckers(
    input: RunInput,
    text: string,
    parseText: string,
    kind: FileKind,
    enabled: readonly Checker[],
    givenTree: Tree | undefined,
    /** Receives the line index if one was built, so suppressions need not build another. */
    built: { index?: TextIndex } = {},
  ): Finding[] {
    // The line index costs a pass over the text; most files report nothing, so build it on first use.
    let lazyIndex: TextIndex | undefined = input.index?.text === text ? input.index : undefined;
    const index = (): TextIndex => (lazyIndex ??= built.index = new TextIndex(text));
    const findings: Finding[] = [];
    const language = isCodeLanguage(kind) ? kind : undefined;
    let present: Uint8Array | undefined;
    const presence = (): Uint8Array => (present ??= input.keywordCounts && input.text === text ? presenceOf(input.keywordCounts) : this.keywords.scan(text));
    const has = (words: readonly string[] | undefined): boolean => {
      if (!words || words.length === 0) return true;
      const found = presence();
      for (const word of words) if (found[this.keywords.idOf(word) ?? -1] === 1) return true;
      return false;
    };
    const mentions = (word: string): boolean => {
      const id = this.keywords.idOf(word);
      return id === undefined ? text.includes(word) : presence()[id] === 1;
    };
    const applicable = enabled.filter((c) => c.fileKinds.includes(kind) && has(c.keywords) && has(c.alsoRequires) && !(c.absentKeywords && has(c.absentKeywords)));
    if (applicable.length === 0) return findings;
    const ordered = [...applicable.filter((c) => c.kind !== 'ast'), ...applicable.filter((c) => c.kind === 'ast')];

    const cap = { limit: input.config.maxFindingsPerFile ?? DEFAULT_MAX_FINDINGS_PER_FILE, reported: 0 };
    const keep = (finding: Finding): void => {
      cap.reported += 1;
      if (findings.length < cap.limit) findings.push(finding);
    };
    const missing: MissingTree = { skipped: [], withoutTree: [], stopped: [], ...(input.treeLost !== undefined && !givenTree ? { reason: this.treeLost(input.treeLost) } : {}) };
    let tree: Tree | undefined = givenTree;
    let parsedHere = false;
    const getTree = (): Tree | undefined => {
      if (!language || tree || missing.reason) return tree;
      try {
        const parsed = this.grammars.parse(language, parseText, null, input.budget.parseStopper());
        if (!parsed) {
          missing.reason = `not analysed: ${input.budget.parseStopReason()}`;
          return undefined;
        }
        tree = parsed;
        parsedHere = true;
        if (tree.rootNode.hasError) input.notes.push({ kind: 'partial', message: SYNTAX_ERROR_NOTE });
      } catch (error) {
        missing.reason = this.treeLost(error);
        tree = undefined;
      }
      return tree;
    };

    let pythonScope: PythonScope | undefined;
    let jsScope: JsScope | undefined;
    let calls: Node[] | undefined;
    let walked: PythonNodes | undefined;
    // One walk gives a Python tree's binding nodes and its calls, whichever of the scope and the calls is asked for first.
    const pythonNodes = (root: Node): PythonNodes => (walked ??= bindingNodesAndCalls(root));
    const limits = new LimitsReached();
    const limitReached = limits.add;
    // Several dependencies (and checkers) may miss the same data: the file says so once per message.
    const uncheckedMessages = new Set<string>();
    const notChecked = (ruleId: string, message: string): void => {
      // Only a rule that runs on this file can miss its data: a disabled one was not going to check anything.
      const rule = this.rulesById.get(ruleId);
      if (!rule || !isRuleEnabled(rule, input.config) || uncheckedMessages.has(message)) return;
      uncheckedMessages.add(message);
      input.notes.push({ kind: 'unchecked', ruleId, message });
    };
    try {
      for (const checker of ordered) {
        const report = (r: ReportInput): void => {
          // A checker that needs the tree stops at the budget (its findings so far are kept); text checkers never do.
          if (checker.kind === 'ast') input.budget.check();
          this.collect(keep, checker, r, input.path, input.config, () => text.slice(index().offsetAt(r.range.start), index().offsetAt(r.range.end)));
        };
        const base: TextContext = {
          path: input.path,
          fileKind: input.kind,
          config: input.config,
          ports: input.ports,
          text,
          language,
          report,
          limitReached,
          notChecked,
          positionAt: (offset) => index().positionAt(offset),
          rangeOf: (start, end) => index().rangeOf(start, end),
          ...(input.focus && input.text === text ? { focus: input.focus } : {}),
          mentions,
          tree: () => {
            const t = getTree();
            if (!t && missing.reason && !missing.withoutTree.includes(checker.name)) missing.withoutTree.push(checker.name);
            return t;
          },
        };
        if (checker.kind === 'ast') {
          if (!language) continue;
          if (checker.textGate) {
            const gate = checker.textGate;
            let open = false;
            const trap = this.guard(checker, input.path, input.notes, () => (open = gate(base)));
            if (trap || !open) continue;
          }
          if (input.budget.spent() && !missing.reason) missing.reason = 'not analysed: the time budget ran out';
          const t = missing.reason ? undefined : getTree();
          if (!t) {
            if (missing.reason) missing.skipped.push(checker.name);
            continue;
          }
          const ast: AstContext = {
            ...base,
            language,
            root: t.rootNode,
            // The scope is checked against the budget once built: a checker then stops instead of using it late.
            python: () => (pythonScope ??= checkedScope(buildPythonScope(t.rootNode, limitReached, pythonNodes(t.rootNode).bindings), input.budget)),
            js: () => (jsScope ??= buildJsScope(t.rootNode, limitReached)),
            rangeOfNode: nodeRange,
            calls: () => (calls ??= language === 'python' ? pythonNodes(t.rootNode).calls : collectCalls(language, t.rootNode)),
          };
          const failure = this.guard(checker, input.path, input.notes, () => runAstChecker(this.grammars, checker, ast, language, input.budget));
          if (failure instanceof BudgetExhausted) {
            missing.reason = 'not analysed: the time budget ran out';
            missing.stopped.push(checker.name);
          } else if (failure) {
            missing.reason = this.treeLost(failure);
            tree = undefined;
          }
        } else if (checker.kind === 'text' || checker.kind === 'manifest') {
          const trap = this.guard(checker, input.path, input.notes, () => (checker as TextChecker).check(base));
          if (trap) {
            missing.reason = this.treeLost(trap);
            tree = undefined;
          }
        }
      }
    } finally {
      if (parsedHere) this.grammars.release(tree);
    }
    if (missing.reason) input.notes.push({ kind: 'incomplete', message: missingTreeMessage(missing) });
    if (limits.size > 0) input.notes.push({ kind: 'incomplete', message: limits.note() });
    if (cap.reported > cap.limit) {
      input.notes.push({ kind: 'incomplete', message: `only the first ${cap.limit} of ${cap.reported} findings of this file are reported (maxFindingsPerFile)` });
    }
    return findings;
  }

  /**
   * Parses a code file and runs `inspect` over it with a context that collects no findings (the project pass
   * of a host: `summarizeTaintModule`). Undefined when the file does not parse within the configured limits;
   * a parser trap drops the runtime as in an analysis.
   */
  inspectAst<T>(path: string, text: string, language: LanguageId, config: EngineConfig, ports: EnginePorts, inspect: (ctx: AstContext) => T): T | undefined {
    const budget = TimeBudget.of(ports.clock, undefined, config);
    let tree: Tree | null | undefined;
    try {
      tree = this.grammars.parse(language, text, null, budget.parseStopper());
      if (!tree) return undefined;
      const root = tree.rootNode;
      let index: TextIndex | undefined;
      let calls: Node[] | undefined;
      let pythonScope: PythonScope | undefined;
      let jsScope: JsScope | undefined;
      let walked: PythonNodes | undefined;
      const pythonNodes = (): PythonNodes => (walked ??= bindingNodesAndCalls(root));
      const ctx: AstContext = {
        path,
        fileKind: language,
        config,
        ports,
        text,
        language,
        report: () => undefined,
        // A project pass collects facts, not findings: a limit it reaches is noted where those facts are used.
        limitReached: () => undefined,
        notChecked: () => undefined,
        mentions: (word) => text.includes(word),
        positionAt: (offset) => (index ??= new TextIndex(text)).positionAt(offset),
        rangeOf: (start, end) => (index ??= new TextIndex(text)).rangeOf(start, end),
        tree: () => tree ?? undefined,
        root,
        python: () => (pythonScope ??= buildPythonScope(root, undefined, pythonNodes().bindings)),
        js: () => (jsScope ??= buildJsScope(root)),
        rangeOfNode: nodeRange,
        calls: () => (calls ??= language === 'python' ? pythonNodes().calls : collectCalls(language, root)),
      };
      return inspect(ctx);
    } catch (error) {
      if (isRuntimeTrap(error)) this.grammars.discard();
      return undefined;
    } finally {
      if (tree) this.grammars.release(tree);
    }
  }

  /** The reason for the note when the tree is lost: a trap drops the runtime, so the next file gets a fresh one. */
  private treeLost(error: unknown): string {
    if (error instanceof ParseFailure && error.reason === 'unavailable') return `not analysed: ${error.message}`;
    this.grammars.discard();
    const detail = error instanceof Error ? error.message : String(error);
    return `not analysed: the parser trapped on this file (${detail.replace(/^the parser trapped \((.*)\)$/, '$1')}) and was restarted for the next file`;
  }

  /** Occurrences of each prefilter keyword entirely inside text[from, to), for callers that keep counts up to date. */
  countKeywords(text: string, from?: number, to?: number): Int32Array {
    return this.keywords.count(text, from, to);
  }

  /** How far from an edit keyword matches can change (the longest keyword). */
  get keywordReach(): number {
    return this.keywords.longest;
  }

  /** Applies suppression comments to findings of `text` (before de-duplication). */
  suppress(findings: Finding[], text: string, index: TextIndex | undefined, config: EngineConfig): { findings: Finding[]; suppressed: AnalysisResult['suppressed'] } {
    if (findings.length === 0) return { findings, suppressed: [] };
    const { kept, suppressed } = applySuppressions(findings, text, index ?? new TextIndex(text), { honourNosec: config.honourNosec, peerCodes: this.peerCodes });
    return { findings: kept, suppressed };
  }

  /**
   * Runs the checkers of a code file over `text` with a tree the caller parsed from `parseText` (a text of the
   * same length and line structure, see `incremental/`), and returns the findings before suppression.
   */
  collectUnsuppressed(input: TextInput & { tree: Tree; codeKind?: LanguageId }, parseText: string): { findings: Finding[]; notes: AnalysisNote[] } {
    const notes: AnalysisNote[] = [];
    const budget = input.budget ?? TimeBudget.of(input.ports.clock, input.timeBudgetMs, input.config);
    const findings = this.runCheckers({ ...input, notes, budget }, input.text, parseText, input.codeKind ?? input.kind, this.enabledCheckers(input.config), input.tree);
    return { findings, notes };
  }

  /** The result of a run from its unsuppressed findings: suppressions, de-duplication and order, as `analyzeText` does. */
  finishResult(path: string, text: string, index: TextIndex, config: EngineConfig, unsuppressed: Finding[], notes: AnalysisNote[]): AnalysisResult {
    const { findings, suppressed } = this.suppress(unsuppressed, text, index, config);
    return { path, findings: finishFindings(findings, path, config), suppressed: sortSuppressed(stripCombineKeys(suppressed)), notes };
  }

  /**
   * The checkers with a rule enabled under `config`, computed once per config object and, since a scan gives
   * files of different folders or kinds (test code, examples) config objects of their own, once per selection:
   * the fields `isRuleEnabled` reads.
   */
  private enabledCheckers(config: EngineConfig): Checker[] {
    let enabled = this.enabledByConfig.get(config);
    if (enabled) return enabled;
    const selection = JSON.stringify([config.ignore, config.select, config.extendSelect ?? [], config.profile, config.advisoryHints === true]);
    enabled = this.enabledBySelection.get(selection);
    if (!enabled) {
      enabled = this.checkers.filter((c) => c.ruleIds.some((id) => {
        const rule = this.rulesById.get(id);
        return rule !== undefined && isRuleEnabled(rule, config);
      }));
      if (this.enabledBySelection.size >= MAX_KEPT_SELECTIONS) this.enabledBySelection.clear();
      this.enabledBySelection.set(selection, enabled);
    }
    this.enabledByConfig.set(config, enabled);
    return enabled;
  }

  private collect(keep: (finding: Finding) => void, checker: Checker, r: ReportInput, path: string, config: EngineConfig, matched: () => string): void {
    const rule = this.rulesById.get(r.ruleId);
    // A checker may only report its own rules, and only those that are enabled for this file.
    if (!rule || !checker.ruleIds.includes(r.ruleId) || !isRuleEnabled(rule, config)) return;
    const advisory = advisoryDisposition(rule, config, r.severity, r.advisory);
    if (advisory === 'drop') return;
    const message = (r.message ?? fillSlots(rule.message, r.data ?? {})) + (r.messageSuffix ?? '');
    const seed = r.fingerprintSeed ?? normaliseSpace(matched());
    keep({
      ruleId: rule.id,
      ruleName: rule.name,
      category: rule.category,
      severity: effectiveSeverity(rule, config, r.severity),
      confidence: r.confidence ?? rule.confidence,
      message,
      path,
      range: r.range,
      cwe: [...rule.cwe],
      fixes: r.fixes ?? [],
      ...(r.flow ? { flow: r.flow } : {}),
      ...(r.properties ? { properties: r.properties } : {}),
      ...(advisory !== 'report' ? { advisory } : {}),
      ...(r.combine ? { combine: r.combine } : {}),
      fingerprint: fnv1a64(`${rule.id}\u0000${seed}`),
    });
  }

  /**
   * Runs one checker; its crash becomes a note. Returns the error when it was a trap of the parser runtime or the
   * end of the time budget (which is no crash, and gets no note here).
   */
  private guard(checker: Checker, path: string, notes: AnalysisNote[], run: () => void): unknown {
    try {
      run();
      return undefined;
    } catch (error) {
      if (error instanceof BudgetExhausted) return error;
      const detail = error instanceof Error ? error.message : String(error);
      notes.push({ kind: 'rule-failed', ruleId: checker.ruleIds[0], message: `${checker.name} failed on ${path}: ${detail}` });
      return isRuntimeTrap(error) ? error : undefined;
    }
  }

  private mapNotebookFindings(findings: Finding[], nb: NotebookDocument): Finding[] {
    const out: Finding[] = [];
    for (const f of findings) {
      const mapped = nb.mapRange(f.range);
      if (!mapped) continue;
      out.push({
        ...f,
        range: mapped.fileRange,
        notebook: mapped.notebook,
        // Edits inside cells cannot be applied to the .ipynb text directly; the editor fixes cells as documents.
        fixes: f.fixes.filter((fix) => fix.edits.every((e) => e.file !== undefined)),
        flow: f.flow?.map((step) => (step.path !== undefined ? step : { ...step, range: nb.mapRange(step.range)?.fileRange ?? mapped.fileRange })),
      });
    }
    return out;
  }
}

function runAstChecker(grammars: Grammars, checker: AstChecker, ctx: AstContext, language: LanguageId, budget: TimeBudget): void {
  const source = checker.query?.[language];
  if (source && checker.onMatch) {
    const query = grammars.query(checker.name, language, source);
    if (query instanceof Error) throw new Error(`invalid query for ${language}: ${query.message}`);
    // The query stops at the budget (it then returns no matches, so the budget is checked again after it).
    const matches = query.matches(ctx.root, { progressCallback: () => budget.spent() });
    budget.check();
    for (let i = 0; i < matches.length; i++) {
      if (i % 256 === 255) budget.check();
      checker.onMatch(ctx, matches[i]!);
    }
  }
  checker.onFile?.(ctx);
}

/** Tree-sitter node → engine range (web-tree-sitter already counts columns in UTF-16 code units). */
export function nodeRange(node: Node): Range {
  return {
    start: { line: node.startPosition.row, column: node.startPosition.column },
    end: { line: node.endPosition.row, column: node.endPosition.column },
  };
}

const CALL_TYPES: Readonly<Record<LanguageId, string[]>> = {
  python: ['call'],
  javascript: ['call_expression', 'new_expression'],
  typescript: ['call_expression', 'new_expression'],
  tsx: ['call_expression', 'new_expression'],
};

/** Every call node in document order; `descendantsOfType` filters inside the parser's WASM (about twice as fast as a query here). */
function checkedScope<T>(scope: T, budget: TimeBudget): T {
  budget.check();
  return scope;
}

/** A Python tree's binding nodes and calls, from one walk (`bindingNodesAndCalls`). */
type PythonNodes = ReturnType<typeof bindingNodesAndCalls>;

function collectCalls(language: LanguageId, root: Node): Node[] {
  return root.descendantsOfType(CALL_TYPES[language]).filter((n): n is Node => n !== null);
}

function looksBinary(text: string): boolean {
  const head = text.length > 8192 ? text.slice(0, 8192) : text;
  return head.includes('\u0000');
}

function fillSlots(template: string, data: Record<string, string>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, key: string) => data[key] ?? `{{${key}}}`);
}

function normaliseSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** De-duplication, one finding per expression (`combine.ts`) and the test-code policy (`test-code.ts`), in document order. */
function withCellInMessage(finding: Finding): Finding {
  return finding.notebook ? { ...finding, message: messageInCell(finding.message, finding.notebook) } : finding;
}

/** How a Python member of an archive is named while the code rules read it: `model.mar!/handler.py`. */
function memberPath(archive: string, member: string): string {
  return `${archive}!/${member}`;
}

/**
 * Moves the analysis of a Python member into its archive's result: each finding keeps its place in the member
 * (`Finding.member`, also named in the message) and sits on the archive's first line, since the member cannot
 * be opened or edited on its own (so it carries no fixes); notes name the member.
 */
function appendMemberAnalysis(result: AnalysisResult, analysed: AnalysisResult): void {
  const prefix = `${result.path}!/`;
  const member = analysed.path.slice(prefix.length);
  const rehome = (f: Finding): Finding => {
    const { line } = f.range.start;
    return {
      ...f,
      path: result.path,
      range: { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } },
      message: `${f.message} (in the archive member ${member}, line ${line + 1})`,
      fixes: [],
      member: { member, range: f.range },
      ...(f.flow ? { flow: f.flow.map((step) => ({ ...step, path: step.path ?? analysed.path })) } : {}),
    };
  };
  appendAll(result.findings, analysed.findings.map(rehome));
  appendAll(result.suppressed, analysed.suppressed.map((s) => ({ ...s, finding: rehome(s.finding) })));
  // A note's range is in the member's text, which the archive's report cannot show, so the message names the line.
  appendAll(result.notes, analysed.notes.map((n) => ({ kind: n.kind, message: `${member}${n.range ? ` line ${n.range.start.line + 1}` : ''}: ${n.message}`, ...(n.ruleId ? { ruleId: n.ruleId } : {}) })));
}

function finishFindings(findings: Finding[], path: string, config: EngineConfig): Finding[] {
  return sortFindings(applyTestCodePolicy(combineFindings(dedupe(findings)), path, config));
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}:${f.range.start.line}:${f.range.start.column}:${f.range.end.line}:${f.range.end.column}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Document order, with ties broken by everything else, so the order never depends on which checker ran first. */
function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(compareFindings);
}

function sortSuppressed(suppressed: SuppressedFinding[]): SuppressedFinding[] {
  return suppressed.sort((a, b) => compareFindings(a.finding, b.finding) || a.by.localeCompare(b.by));
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    a.range.start.line - b.range.start.line ||
    a.range.start.column - b.range.start.column ||
    a.ruleId.localeCompare(b.ruleId) ||
    a.range.end.line - b.range.end.line ||
    a.range.end.column - b.range.end.column ||
    a.message.localeCompare(b.message)
  );
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.round(n / 1024)} KB`;
}

/** Why a run had no tree, and which checkers went without it. */
interface MissingTree {
  reason?: string;
  /** Checkers that need the tree and did not run. */
  skipped: string[];
  /** Text checkers that use the tree when they have it and ran without it. */
  withoutTree: string[];
  /** Checkers that need the tree and were stopped by the time budget (their findings so far are kept). */
  stopped: string[];
}

function missingTreeMessage(missing: MissingTree): string {
  const parts = [`${missing.reason ?? 'not analysed'}.`];
  if (missing.stopped.length > 0) parts.push(`Stopped at the budget (findings so far are kept): ${missing.stopped.join(', ')}.`);
  if (missing.skipped.length > 0) parts.push(`Rules that need the syntax tree were skipped: ${missing.skipped.join(', ')}.`);
  if (missing.withoutTree.length > 0) parts.push(`Ran without it (fewer findings): ${missing.withoutTree.join(', ')}.`);
  parts.push('The text rules (secrets and others) ran.');
  return parts.join(' ');
}
