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
import type { Node, Range as TreeRange, Tree } from 'web-tree-sitter';
import type { Analyzer } from '../analyzer';
import type { EngineConfig } from '../config';
import type { EngineDocument } from '../document';
import type { AnalysisNote, AnalysisResult } from '../finding';
import type { Grammars } from '../parsing/grammars';
import type { EnginePorts } from '../ports';
import type { LanguageId } from '../rule';
import type { TextIndex } from '../text-index';
import { countFromEnd, countWhile, diffTexts, planPartial, type PartialPlan, type PreviousRun, type TextDiff } from './plan';
import { topLevelUnits, unitOf, type TopLevelUnit } from './units';

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
  timeBudgetMs?: number;
  shouldStop?: () => boolean;
}

/**
 * How the last analysis of a document was done, for hosts, tests and benchmarks. `exact` is false when this
 * run or one it built on parsed a syntax error on a partial text; hosts run a full analysis
 * (`forgetAnalysis`) once typing pauses.
 */
export type RunKind = { kind: 'full'; reason: string } | { kind: 'partial'; freshUnits: number; units: number; exact: boolean };

export function analyzeOpenDocument(input: DocumentAnalysisInput): { result: AnalysisResult; run: RunKind } | undefined {
  const { document, config, ports } = input;
  const configKey = JSON.stringify(config);
  const previous = document.lastRun;
  let reason = 'first analysis';
  if (previous && previous.configKey === configKey && previous.ports === ports) {
    const partial = tryPartial(input, previous, configKey);
    if (typeof partial !== 'string') return partial;
    reason = partial;
  } else if (previous) reason = 'the configuration or project changed';
  const result = runFull(input, configKey);
  return result ? { result, run: { kind: 'full', reason } } : undefined;
}

function tryPartial(input: DocumentAnalysisInput, previous: DocumentRun, configKey: string): { result: AnalysisResult; run: RunKind } | string {
  const index = input.document.textIndex;
  const changed = input.document.changedSinceLastRun;
  if (changed === undefined) return { result: rerun(input, previous), run: { kind: 'partial', freshUnits: 0, units: previous.units.length, exact: previous.exact } };
  const diff = changed === 'unknown' ? diffTexts(previous.text, input.document.text) : changed;
  const window = leanWindow(input, previous, diff, index) ?? reparseWindow(input, previous, diff, index);
  if (typeof window === 'string') return window;
  try {
    const plan = planPartial(previous, index, window.units, window.kept, diff);
    if (typeof plan === 'string') return plan;
    const exact = previous.exact && !window.hasError && !plan.approximate;
    const keywordCounts = updatedKeywordCounts(input.analyzer, previous, input.document.text, diff);
    const partial = runPartial(input, plan, window, index, configKey, exact, keywordCounts);
    if (typeof partial === 'string') return partial;
    return { result: partial.result, run: { kind: 'partial', freshUnits: plan.fresh.filter(Boolean).length, units: window.units.length, exact: partial.exact } };
  } finally {
    window.tree.delete();
  }
}

/** The same text, configuration and ports as the last run: its findings, with suppressions applied again. */
function rerun(input: DocumentAnalysisInput, previous: DocumentRun): AnalysisResult {
  return input.analyzer.finishResult(input.document.path, previous.text, previous.index, input.config, [...previous.findings], []);
}

/** Full analysis: the document's own tree, re-parsed incrementally from its edited old tree. Undefined when the parse was stopped. */
function runFull(input: DocumentAnalysisInput, configKey: string): AnalysisResult | undefined {
  const { analyzer, document, config, ports } = input;
  let tree = document.syntaxTree(input.shouldStop);
  if (tree?.rootNode.hasError) tree = document.freshSyntaxTree(input.shouldStop);
  if (!tree) {
    document.forgetAnalysis();
    return undefined;
  }
  const text = document.text;
  const index = document.textIndex;
  const units = topLevelUnits(tree.rootNode, input.language, text);
  const keywordCounts = analyzer.countKeywords(text);
  const out = analyzer.collectUnsuppressed({ ...analyzeInput(input, tree), keywordCounts }, text);
  const unitOfFinding = out.findings.map((f) => unitAt(units, index.offsetAt(f.range.start)));
  const reusable = complete(out.notes) && unitOfFinding.every((u) => u >= 0);
  document.remember(reusable ? { text, index, units, findings: out.findings, unitOf: unitOfFinding, configKey, ports, exact: true, keywordCounts } : undefined);
  return analyzer.finishResult(document.path, text, index, config, out.findings, out.notes);
}

interface Window {
  /** Span of the new text that was re-parsed: the edit, widened to the unchanged units on either side. */
  start: number;
  end: number;
  /** All units of the new text: the previous ones outside the window (moved) and the window's. */
  units: TopLevelUnit[];
  /** How many of the previous run's units are kept unchanged at the start and at the end. */
  kept: { before: number; after: number };
  hasError: boolean;
  /** The window's parse, with the module-level units outside it; the caller deletes it. */
  tree: Tree;
  /** The units whose nodes are the children of `tree`, in order. */
  treeUnits: TopLevelUnit[];
}

/** Widening steps: each time a unit next to the window parses differently, two more units on that side join it. */
const WINDOW_ATTEMPTS = 4;

/** Characters that can continue a JavaScript statement on the next line (no automatic semicolon before them). */
const JS_CONTINUATIONS = new Set([...'([+-*/%,.?:<>=&|^!~`']);

/**
 * The common case, parsed once: only the text between the unchanged units around the edit, with the
 * module-level units and the units the edited ones referred to (which the analysis will most likely need).
 * It is used unless the edited text swallows a unit after it, or parses cleanly but could run on into its
 * neighbours (a Python line continuation, a JavaScript statement the next line continues); then
 * `reparseWindow` decides with the neighbours parsed too.
 */
function leanWindow(input: DocumentAnalysisInput, previous: PreviousRun, diff: TextDiff, index: TextIndex): Window | undefined {
  const old = previous.units;
  const text = input.document.text;
  const delta = diff.newEnd - diff.oldEnd;
  const before = countWhile(old, (u) => u.end < diff.start);
  const after = countFromEnd(old, (u) => u.start > diff.oldEnd);
  const start = before > 0 ? old[before - 1].end : 0;
  const end = after > 0 ? old[old.length - after].start + delta : text.length;
  if (end <= start) return undefined;
  const likely = likelyNeeded(old, before, old.length - after);
  const kept = (u: TopLevelUnit, i: number): boolean => !u.isolated || likely.has(i);
  const expectedBefore = old.slice(0, before).filter(kept);
  const expectedAfter = old
    .slice(old.length - after)
    .map((u) => ({ ...u, start: u.start + delta, end: u.end + delta }))
    .filter((u, k) => kept(u, old.length - after + k));
  const spans = spansOf([...expectedBefore, { start, end: end - 1 }, ...expectedAfter], text);
  const tree = input.grammars.parse(input.language, text, null, input.shouldStop, toTreeRanges(spans, index));
  if (!tree) return undefined;
  let handedOver = false;
  try {
    const children = tree.rootNode.children.filter((c): c is Node => c !== null);
    if (children.length < expectedBefore.length + expectedAfter.length) return undefined;
    for (let k = 0; k < expectedBefore.length; k++) if (!sameNode(children[k], expectedBefore[k], 0)) return undefined;
    for (let k = 1; k <= expectedAfter.length; k++) if (!sameNode(children[children.length - k], expectedAfter[expectedAfter.length - k], 0)) return undefined;
    const middle = children.slice(expectedBefore.length, children.length - expectedAfter.length);
    if (middle.some((node) => node.startIndex < start || node.endIndex > end)) return undefined;
    // Edited text with a syntax error is analysed as parsed here, without its neighbours: such a run is inexact
    // either way (error recovery depends on what follows), and the host settles it with a full run.
    const hasError = middle.some((node) => node.hasError);
    const previousUnit = before > 0 ? old[before - 1] : undefined;
    const nextStart = after > 0 ? old[old.length - after].start + delta : undefined;
    if (!hasError && !joinsSafely(input.language, text, previousUnit?.end, middle, nextStart)) return undefined;
    const middleUnits = middle.map((node) => unitOf(node, input.language, text));
    const units = [...old.slice(0, before), ...middleUnits, ...old.slice(old.length - after).map((u) => ({ ...u, start: u.start + delta, end: u.end + delta }))];
    const treeUnits = [...units.slice(0, before).filter(kept), ...middleUnits, ...units.slice(units.length - after).filter((u, k) => kept(u, old.length - after + k))];
    handedOver = true;
    return { start, end, units, kept: { before, after }, hasError, tree, treeUnits };
  } finally {
    if (!handedOver) tree.delete();
  }
}

/** Kept units the edited ones referred to before the edit, and what those refer to: the likely fresh set. */
function likelyNeeded(units: readonly TopLevelUnit[], from: number, to: number): Set<number> {
  const definers = new Map<string, number[]>();
  units.forEach((u, i) => {
    for (const name of u.defines) {
      const list = definers.get(name);
      if (list) list.push(i);
      else definers.set(name, [i]);
    }
  });
  const found = new Set<number>();
  const pending: number[] = [];
  for (let i = from; i < to; i++) pending.push(i);
  while (pending.length > 0) {
    const i = pending.pop() as number;
    for (const name of units[i].references) {
      for (const j of definers.get(name) ?? []) {
        if (found.has(j) || (j >= from && j < to)) continue;
        found.add(j);
        pending.push(j);
      }
    }
  }
  return found;
}

/**
 * Whether the edited statements and their unchanged neighbours stay separate statements in the whole file:
 * a Python statement ends at its line unless a backslash continues it; a JavaScript statement may be continued
 * by a next line starting with an operator, bracket or template unless it ends in `;` or `}`.
 */
function joinsSafely(language: LanguageId, text: string, previousEnd: number | undefined, middle: readonly Node[], nextStart: number | undefined): boolean {
  if (language === 'python') {
    // A backslash at the end of the edited text's last line would join it to the next statement.
    const tail = text.slice(middle.length > 0 ? middle[middle.length - 1].endIndex : (previousEnd ?? 0), nextStart ?? text.length);
    return !/\\\s*$/.test(tail);
  }
  // Pairs (end of one statement, start of the next) around and inside the edited text.
  const pairs: [number, number][] = [];
  const boundaries = [...(previousEnd !== undefined ? [previousEnd] : []), ...middle.flatMap((node) => [node.startIndex, node.endIndex]), ...(nextStart !== undefined ? [nextStart] : [])];
  const startsFrom = previousEnd !== undefined ? 0 : 1;
  for (let k = startsFrom; k + 1 < boundaries.length; k += 2) pairs.push([boundaries[k], boundaries[k + 1]]);
  return pairs.every(([endOfOne, startOfNext]) => {
    const last = text[endOfOne - 1];
    return last === ';' || last === '}' || !JS_CONTINUATIONS.has(text[startOfNext] ?? '');
  });
}

/**
 * Re-parses the text between the unchanged units next to the edit (those units included, so a statement that
 * now runs on into its neighbour is noticed) and checks that they parse as before; when one does not (an
 * unclosed bracket swallowed it), the window widens on that side and the swallowed units count as edited.
 */
function reparseWindow(input: DocumentAnalysisInput, previous: PreviousRun, diff: TextDiff, index: TextIndex): Window | string {
  const old = previous.units;
  let before = countWhile(old, (u) => u.end < diff.start);
  let after = countFromEnd(old, (u) => u.start > diff.oldEnd);
  for (let attempt = 0; attempt < WINDOW_ATTEMPTS; attempt++) {
    const window = parseWindow(input, old, diff, index, before, after);
    if (window === 'leading' && before > 0) before = Math.max(0, before - 2);
    else if (window === 'trailing' && after > 0) after = Math.max(0, after - 2);
    else if (window === 'leading' || window === 'trailing') return 'the units around the edit parse differently';
    else return window;
  }
  return 'the units around the edit keep parsing differently';
}

function parseWindow(input: DocumentAnalysisInput, old: readonly TopLevelUnit[], diff: TextDiff, index: TextIndex, before: number, after: number): Window | 'leading' | 'trailing' | string {
  const text = input.document.text;
  const delta = diff.newEnd - diff.oldEnd;
  const start = before > 0 ? index.lineStart(index.positionAt(old[before - 1].start).line) : 0;
  const end = after > 0 ? lineEndAfter(text, old[old.length - after].end + delta) : text.length;
  // Module-level units outside the window are parsed with it: the partial analysis needs them, and the same
  // tree then serves it whenever the fresh units lie in the window.
  const expectedBefore = old.slice(0, before).filter((u) => u.start >= start || !u.isolated);
  const expectedAfter = old
    .slice(old.length - after)
    .map((u) => ({ ...u, start: u.start + delta, end: u.end + delta }))
    .filter((u) => u.end <= end || !u.isolated);
  const spans = spansOf([...expectedBefore.filter((u) => u.start < start), { start, end: end - 1 }, ...expectedAfter.filter((u) => u.end > end)], text);
  const tree = input.grammars.parse(input.language, text, null, input.shouldStop, toTreeRanges(spans, index));
  if (!tree) return 'the window parse was stopped';
  let kept = false;
  try {
    const children = tree.rootNode.children.filter((c): c is Node => c !== null);
    // Units of the previous run must come back unchanged on both sides of the edit.
    if (children.length < expectedBefore.length + expectedAfter.length) return 'trailing';
    for (let k = 0; k < expectedBefore.length; k++) if (!sameNode(children[k], expectedBefore[k], 0)) return 'leading';
    for (let k = 1; k <= expectedAfter.length; k++) if (!sameNode(children[children.length - k], expectedAfter[expectedAfter.length - k], 0)) return 'trailing';
    const middle = children.slice(expectedBefore.length, children.length - expectedAfter.length);
    const units = [
      ...old.slice(0, before),
      ...middle.map((node) => unitOf(node, input.language, text)),
      ...old.slice(old.length - after).map((u) => ({ ...u, start: u.start + delta, end: u.end + delta })),
    ];
    kept = true;
    const treeUnits = units.filter((u) => (u.start >= start && u.end <= end) || !u.isolated);
    return { start, end, units, kept: { before, after }, hasError: middle.some((node) => node.hasError), tree, treeUnits };
  } finally {
    if (!kept) tree.delete();
  }
}

/**
 * The spans a partial parse reads: each unit through the end of its last line (Python's indentation scanner
 * needs the line break after a statement), merged where they touch.
 */
function spansOf(units: readonly { start: number; end: number }[], text: string): [number, number][] {
  const spans: [number, number][] = [];
  for (const unit of units) {
    const span: [number, number] = [unit.start, lineEndAfter(text, unit.end)];
    const last = spans[spans.length - 1];
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else spans.push(span);
  }
  return spans;
}

function runPartial(input: DocumentAnalysisInput, plan: PartialPlan, window: Window, index: TextIndex, configKey: string, exact: boolean, keywordCounts: Int32Array): { result: AnalysisResult; exact: boolean } | string {
  const { analyzer, document, config, ports } = input;
  const text = document.text;
  const units = window.units;
  const inWindow = (u: TopLevelUnit): boolean => u.start >= window.start && u.end <= window.end;
  // The window's tree holds the window (with the unchanged units at its edges) and the module-level units.
  // A window with a syntax error is analysed in that tree, edges included, since error recovery depends on
  // them; otherwise the fresh and module-level units get a parse of their own unless the window's tree holds
  // exactly those (edge units would only be analysed to be thrown away).
  const included = units.filter((u, i) => plan.fresh[i] || !u.isolated || (window.hasError && inWindow(u)));
  const windowHolds = window.treeUnits;
  const ownTree = windowHolds.length !== included.length || windowHolds.some((u, i) => u !== included[i]);
  const tree = ownTree ? input.grammars.parse(input.language, text, null, input.shouldStop, toTreeRanges(spansOf(included, text), index)) : window.tree;
  if (!tree) return 'the partial parse was stopped';
  try {
    if (!sameTopLevel(tree.rootNode, included)) return 'the partial text parses differently';
    // Error recovery inside a unit can differ with what follows it, which differs in the partial parse.
    const treeExact = exact && !tree.rootNode.hasError;
    const out = analyzer.collectUnsuppressed({ ...analyzeInput(input, tree), keywordCounts }, text);
    if (!complete(out.notes)) return 'a rule failed or the time budget ran out';
    const findings = [...plan.carried];
    const unitOfFinding = [...plan.carriedUnits];
    for (const finding of out.findings) {
      const unit = unitAt(units, index.offsetAt(finding.range.start));
      if (unit < 0) return 'a finding outside every top-level unit';
      if (!plan.fresh[unit]) continue;
      findings.push(finding);
      unitOfFinding.push(unit);
    }
    document.remember({ text, index, units, findings, unitOf: unitOfFinding, configKey, ports, exact: treeExact, keywordCounts });
    return { result: analyzer.finishResult(document.path, text, index, config, findings, out.notes), exact: treeExact };
  } finally {
    if (ownTree) tree.delete();
  }
}

function analyzeInput(input: DocumentAnalysisInput, tree: Tree): Parameters<Analyzer['collectUnsuppressed']>[0] {
  return {
    path: input.document.path,
    text: input.document.text,
    kind: input.document.kind,
    config: input.config,
    ports: input.ports,
    tree,
    index: input.document.textIndex,
    ...(input.timeBudgetMs !== undefined ? { timeBudgetMs: input.timeBudgetMs } : {}),
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

/** A run whose findings can be kept: no rule failed and nothing was skipped for time. */
function complete(notes: readonly AnalysisNote[]): boolean {
  return notes.every((note) => note.kind !== 'rule-failed' && note.kind !== 'partial');
}

/** The unit that contains `offset` (ends inclusive), or -1. */
function unitAt(units: readonly TopLevelUnit[], offset: number): number {
  let lo = 0;
  let hi = units.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (units[mid].end < offset) lo = mid + 1;
    else if (units[mid].start > offset) hi = mid - 1;
    else return mid;
  }
  return -1;
}

/** The offset just past the line break that ends the line holding `offset` (or the text's end). */
function lineEndAfter(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline + 1;
}

/** Spans as tree-sitter ranges; web-tree-sitter takes offsets and columns in UTF-16 code units. */
function toTreeRanges(spans: readonly [number, number][], index: TextIndex): TreeRange[] {
  return spans.map(([start, end]) => {
    const from = index.positionAt(start);
    const to = index.positionAt(end);
    return { startIndex: start, endIndex: end, startPosition: { row: from.line, column: from.column }, endPosition: { row: to.line, column: to.column } };
  });
}

function sameNode(node: Node, unit: TopLevelUnit, delta: number): boolean {
  return node.type === unit.type && node.startIndex === unit.start + delta && node.endIndex === unit.end + delta;
}

function sameTopLevel(root: Node, included: readonly TopLevelUnit[]): boolean {
  if (root.childCount !== included.length) return false;
  for (let i = 0; i < included.length; i++) {
    const child = root.child(i);
    if (!child || !sameNode(child, included[i], 0)) return false;
  }
  return true;
}
