/**
 * Analysis of an open document after an edit. The first run (and any run the plan cannot cover) parses and
 * analyses the whole file; later runs re-parse only a window around the edit, re-analyse only the top-level
 * units the edit can affect (see `plan.ts`) and keep, moved, the findings of the others.
 *
 * The partial run sees the whole text (so text checkers and file-wide tests read what they always read); its
 * tree is parsed from the included units only (tree-sitter's included ranges), and suppressions,
 * de-duplication and ordering are applied to the merged findings exactly as in a full run. While the partial
 * parse has a syntax error (in the edited window or in another unit it includes), it may differ inside that
 * error from the whole file's (tree-sitter's error recovery depends on what follows); such runs, and runs built
 * on them, are marked inexact and the host re-analyses the whole file once typing pauses.
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { Analyzer } from '../analyzer';
import type { EngineConfig } from '../config';
import type { EngineDocument } from '../document';
import type { AnalysisNote, AnalysisResult } from '../finding';
import type { Grammars } from '../parsing/grammars';
import type { EnginePorts } from '../ports';
import type { LanguageId } from '../rule';
import type { TextIndex } from '../text-index';
import type { TimeBudget } from '../budget';
import { planOutsideChange } from './outside-change';
import { certainlyReachesMost, diffTexts, planPartial, rememberLastClean, type PartialPlan, type PreviousRun, type TextDiff } from './plan';
import { sameUnit, unitNodes } from './unit-nodes';
import { topLevelUnits, topLevelUnitsAfterEdit, unitAt, withClasses, withConstructorsRelinked, type TopLevelUnit } from './units';
import { BUDGET_RAN_OUT, keptAroundEdit, leanWindow, reparseWindow, spansOf, toTreeRanges, type Window } from './window';

/** What a document keeps of its last analysis; valid only for the same configuration and ports. */
export interface DocumentRun extends PreviousRun {
  configKey: string;
  ports: EnginePorts;
  /** False once a run stood on a window parse with a syntax error; it stays false until a full run. */
  exact: boolean;
}

export interface DocumentAnalysisInput {
  analyzer: Analyzer;
  grammars: Grammars;
  document: EngineDocument;
  language: LanguageId;
  config: EngineConfig;
  ports: EnginePorts;
  /** The call's time budget; `shouldStop` is its parse stopper. */
  budget: TimeBudget;
  shouldStop?: () => boolean;
}

/**
 * How the last analysis of a document was done, for hosts, tests and benchmarks. `exact` is false when this
 * run or one it built on parsed a syntax error on a partial text; hosts run a full analysis
 * (`forgetAnalysis`) once typing pauses.
 */
export type RunKind = { kind: 'full'; reason: string } | { kind: 'partial'; freshUnits: number; units: number; exact: boolean };

/**
 * The analysis of an open document, or (without `result`) why it stopped: the parse was stopped, or the time
 * budget ran out in the incremental path. The host then analyses the text alone, which notes the budget.
 */
export function analyzeOpenDocument(input: DocumentAnalysisInput): { result?: AnalysisResult; run: RunKind } {
  const { document, config, ports } = input;
  const configKey = JSON.stringify(config);
  const previous = document.lastRun;
  let reason = 'first analysis';
  const outside = document.namesChangedOutside;
  if (previous && previous.configKey === configKey && previous.ports === ports && outside) {
    // Names imported from another module changed: with the text unchanged, only the units using them run again.
    const partial = document.changedSinceLastRun === undefined ? outsideChange(input, previous, configKey, outside) : 'the text and names it imports both changed';
    if (typeof partial !== 'string') return partial;
    reason = partial;
  } else if (previous && previous.configKey === configKey && previous.ports === ports) {
    const partial = tryPartial(input, previous, configKey);
    if (typeof partial !== 'string') return partial;
    reason = partial;
    // A full analysis after a partial one that used up the budget would spend as much again past its end
    // (an edited 256 KB file took 5 s for a 2 s budget): the call ends here like a full one at its budget.
    if (input.budget.spent()) return { run: { kind: 'full', reason: `${BUDGET_RAN_OUT} in the incremental analysis${reason === BUDGET_RAN_OUT ? '' : ` (${reason})`}` } };
  } else if (previous) reason = 'the configuration or project changed';
  const result = runFull(input, configKey);
  return result ? { result, run: { kind: 'full', reason } } : { run: { kind: 'full', reason: `${reason}; the full parse was stopped` } };
}

function tryPartial(input: DocumentAnalysisInput, previous: DocumentRun, configKey: string): { result: AnalysisResult; run: RunKind } | string {
  const index = input.document.textIndex;
  const changed = input.document.changedSinceLastRun;
  if (changed === undefined) return { result: rerun(input, previous), run: { kind: 'partial', freshUnits: 0, units: previous.units.length, exact: previous.exact } };
  const diff = changed === 'unknown' ? diffTexts(previous.text, input.document.text) : changed;
  const kept = keptAroundEdit(input.language, previous.units, input.document.parseSource, diff);
  const hopeless = certainlyReachesMost(previous, kept, diff, input.document.text);
  if (hopeless) return hopeless;
  // A window wider than the edited function (its text parses differently without its neighbours) replaces more
  // than one unit, which the early cutoff never covers: the callers then decide before that wider parse.
  const lean = leanWindow(input, previous, diff, index);
  const hopelessWider = lean ? undefined : certainlyReachesMost(previous, kept, diff, input.document.text, false);
  if (hopelessWider) return hopelessWider;
  const window = lean ?? reparseWindow(input, previous, diff, index);
  if (typeof window === 'string') return window;
  try {
    if (input.budget.spent()) return BUDGET_RAN_OUT;
    // A truncated window's tree holds nothing after the edit: the units there keep their findings.
    const frozenFrom = window.truncated ? window.units.length - window.kept.after : undefined;
    window.units = withConstructorsRelinked(window.units);
    rememberLastClean(previous.units, window.units, window.kept);
    const plan = planPartial(previous, index, window.units, window.kept, diff, input.language, frozenFrom);
    if (typeof plan === 'string') return plan;
    if (input.budget.spent()) return BUDGET_RAN_OUT;
    const exact = previous.exact && !window.hasError && !plan.approximate;
    const keywordCounts = updatedKeywordCounts(input.analyzer, previous, input.document.text, diff);
    const partial = runPartial(input, plan, window, index, configKey, exact, keywordCounts);
    if (typeof partial === 'string') return partial;
    return { result: partial.result, run: { kind: 'partial', freshUnits: plan.fresh.filter(Boolean).length, units: window.units.length, exact: partial.exact } };
  } finally {
    input.grammars.release(window.tree);
  }
}

/** The same text after names it imports changed (`outside-change.ts`): the units using them are analysed again. */
function outsideChange(input: DocumentAnalysisInput, previous: DocumentRun, configKey: string, names: ReadonlySet<string>): { result: AnalysisResult; run: RunKind } | string {
  const plan = planOutsideChange(previous, names);
  if (typeof plan === 'string') return plan;
  const freshUnits = plan.fresh.filter(Boolean).length;
  if (freshUnits === 0) {
    input.document.remember(previous);
    return { result: rerun(input, previous), run: { kind: 'partial', freshUnits, units: previous.units.length, exact: previous.exact } };
  }
  const text = input.document.text;
  const window = { start: 0, end: text.length, units: [...previous.units], hasError: false, treeUnits: [] };
  const partial = runPartial(input, plan, window, input.document.textIndex, configKey, previous.exact, previous.keywordCounts);
  if (typeof partial === 'string') return partial;
  return { result: partial.result, run: { kind: 'partial', freshUnits, units: previous.units.length, exact: partial.exact } };
}

/** The same text, configuration and ports as the last run: its findings, with suppressions applied again. */
function rerun(input: DocumentAnalysisInput, previous: DocumentRun): AnalysisResult {
  return input.analyzer.finishResult(input.document.path, previous.text, previous.index, input.config, [...previous.findings], []);
}

/** Full analysis: the document's own tree, re-parsed incrementally from its edited old tree. Undefined when the parse was stopped. */
function runFull(input: DocumentAnalysisInput, configKey: string): AnalysisResult | undefined {
  const { analyzer, document, config, ports } = input;
  const tree = document.analysisSyntaxTree(input.shouldStop);
  if (!tree) {
    document.forgetAnalysis();
    return undefined;
  }
  const text = document.text;
  const index = document.textIndex;
  const keywordCounts = analyzer.countKeywords(text);
  const out = analyzer.collectUnsuppressed({ ...analyzeInput(input, tree), keywordCounts }, document.parseSource);
  // The units are only needed to reuse this run after the next edit; naming them is skipped once the budget is spent.
  // A full run analyses a broken unit as it is: the version that last parsed (`lastClean`, which inexact runs
  // compare the next versions with) no longer describes what its callers were analysed with.
  const named = complete(out.notes) ? namedUnits(input, tree)?.map(withoutLastClean) : undefined;
  const units = named && withConstructorsRelinked(named);
  const unitOfFinding = units ? out.findings.map((f) => unitAt(units, index.offsetAt(f.range.start))) : [];
  const reusable = units && unitOfFinding.every((u) => u >= 0);
  document.remember(reusable ? { text, index, units, findings: out.findings, unitOf: unitOfFinding, configKey, ports, exact: true, keywordCounts } : undefined);
  return analyzer.finishResult(document.path, text, index, config, out.findings, out.notes);
}

function runPartial(input: DocumentAnalysisInput, plan: PartialPlan, window: Omit<Window, 'tree' | 'kept'> & { tree?: Tree }, index: TextIndex, configKey: string, exact: boolean, keywordCounts: Int32Array): { result: AnalysisResult; exact: boolean } | string {
  const { analyzer, document, config, ports } = input;
  const text = document.text;
  const units = window.units;
  const inWindow = (u: TopLevelUnit): boolean => u.start >= window.start && u.end <= window.end;
  // The window's tree holds the window (with the unchanged units at its edges) and the module-level units.
  // A window with a syntax error is analysed in that tree, edges included, since error recovery depends on
  // them; otherwise the fresh and module-level units get a parse of their own unless the window's tree holds
  // exactly those (edge units would only be analysed to be thrown away).
  const picked = withClasses(units, input.document.parseSource, (u, i) => plan.fresh[i] || plan.context?.[i] === true || !u.isolated || (window.hasError && inWindow(u))).map((p, i) => p && !(window.truncated && units[i].start >= window.end));
  const included = units.filter((_, i) => picked[i]);
  const windowHolds = window.treeUnits;
  const ownTree = windowHolds.length !== included.length || windowHolds.some((u, i) => u !== included[i]);
  const source = document.parseSource;
  const tree = ownTree || !window.tree ? input.document.windowSyntaxTree(toTreeRanges(spansOf(included, source), index), input.shouldStop) : window.tree;
  if (!tree) return 'the partial parse was stopped';
  try {
    if (!sameUnits(tree.rootNode, input.language, included)) return 'the partial text parses differently';
    // Error recovery inside a unit can differ with what follows it, which differs in the partial parse.
    const treeExact = exact && !tree.rootNode.hasError;
    const focus = keptFindingSpans(units, plan.fresh, text);
    const out = analyzer.collectUnsuppressed({ ...analyzeInput(input, tree), keywordCounts, focus }, source);
    if (!complete(out.notes)) return 'a rule failed or the time budget ran out';
    const findings = [...plan.carried];
    const unitOfFinding = [...plan.carriedUnits];
    for (const finding of out.findings) {
      const unit = unitAt(units, index.offsetAt(finding.range.start));
      if (unit < 0) return 'a finding outside every top-level unit';
      if (!plan.fresh[unit]) continue;
      if (plan.freshSpan && !inSpan(index, finding, plan.freshSpan)) continue;
      findings.push(finding);
      unitOfFinding.push(unit);
    }
    document.remember({ text, index, units, findings, unitOf: unitOfFinding, configKey, ports, exact: treeExact, keywordCounts });
    return { result: analyzer.finishResult(document.path, text, index, config, findings, out.notes), exact: treeExact };
  } finally {
    if (tree !== window.tree) input.grammars.release(tree);
  }
}

/**
 * The units of a full run's tree, reusing the previous run's names for the units the edits since then left
 * alone; undefined once the budget is spent.
 */
function namedUnits(input: DocumentAnalysisInput, tree: Tree): TopLevelUnit[] | undefined {
  const { document, language } = input;
  const stop = (): boolean => input.budget.spent();
  const previous = document.lastRun;
  const changed = document.changedSinceLastRun;
  if (!previous || changed === undefined) return topLevelUnits(tree.rootNode, language, document.parseSource, stop);
  const edit = changed === 'unknown' ? diffTexts(previous.text, document.text) : changed;
  return topLevelUnitsAfterEdit(tree.rootNode, language, document.parseSource, { units: previous.units, edit }, stop);
}

function analyzeInput(input: DocumentAnalysisInput, tree: Tree): Parameters<Analyzer['collectUnsuppressed']>[0] {
  return {
    path: input.document.path,
    text: input.document.text,
    kind: input.document.kind,
    // A notebook's joined cells: the checkers of its language run, and see the file kind `notebook`.
    codeKind: input.language,
    config: input.config,
    ports: input.ports,
    tree,
    index: input.document.textIndex,
    budget: input.budget,
  };
}

/**
 * The keyword counts of the new text from the previous ones: matches near the edit (within the longest
 * keyword's length) are counted again in both texts; matches farther away are the same in both.
 */
function updatedKeywordCounts(analyzer: Analyzer, previous: PreviousRun, text: string, diff: TextDiff): Int32Array {
  const reach = analyzer.keywordReach;
  const from = Math.max(0, diff.start - reach);
  const removed = analyzer.countKeywords(previous.text, from, Math.min(previous.text.length, diff.oldEnd + reach));
  const added = analyzer.countKeywords(text, from, Math.min(text.length, diff.newEnd + reach));
  const counts = Int32Array.from(previous.keywordCounts);
  for (let i = 0; i < counts.length; i++) counts[i] += added[i] - removed[i];
  return counts;
}

function withoutLastClean(unit: TopLevelUnit): TopLevelUnit {
  if (!unit.lastClean) return unit;
  const { lastClean: _dropped, ...rest } = unit;
  return rest;
}

/** A run whose findings can be kept: no rule failed and nothing was skipped (for time, a trap or the findings cap). */
function complete(notes: readonly AnalysisNote[]): boolean {
  return notes.every((note) => note.kind !== 'rule-failed' && note.kind !== 'partial' && note.kind !== 'incomplete');
}

/**
 * Where a finding of this run can be kept (`TextContext.focus`): every offset that `unitAt` may give to a fresh
 * unit, and the text between units (a finding there makes the run fail over to a full one, so checkers must
 * still report it), except gaps that hold only blanks, where no finding starts. A finding anywhere else starts
 * inside a unit whose findings are carried, and is dropped below.
 */
function keptFindingSpans(units: readonly TopLevelUnit[], fresh: readonly boolean[], text: string): [number, number][] {
  const spans: [number, number][] = [];
  const add = (start: number, end: number): void => {
    const last = spans[spans.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else spans.push([start, end]);
  };
  let previousEnd = 0;
  for (const [i, unit] of units.entries()) {
    if (!/^[ \t\r\n]*$/.test(text.slice(previousEnd, unit.start))) add(previousEnd, unit.start);
    if (fresh[i]) add(unit.start, unit.end);
    previousEnd = Math.max(previousEnd, unit.end);
  }
  if (!/^[ \t\r\n]*$/.test(text.slice(previousEnd))) add(previousEnd, text.length);
  return spans;
}

/** Whether a finding lies in `span` (offsets of the new text): its range, flow and fixes. */
function inSpan(index: TextIndex, finding: AnalysisResult['findings'][number], span: [number, number]): boolean {
  const inside = (p: { line: number; column: number }): boolean => {
    const offset = index.offsetAt(p);
    return offset >= span[0] && offset <= span[1];
  };
  return inside(finding.range.start) && inside(finding.range.end);
}

function sameUnits(root: Node, language: LanguageId, included: readonly TopLevelUnit[]): boolean {
  const parsed = unitNodes(root, language);
  return parsed.length === included.length && parsed.every((node, i) => sameUnit(node, included[i]));
}
