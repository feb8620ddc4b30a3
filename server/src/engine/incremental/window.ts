/**
 * The re-parse after an edit: the text between the unchanged top-level units around it, parsed with tree-sitter's
 * included ranges together with the module-level units (and, when it is safe to leave them out, without the
 * neighbouring units), giving the new list of units and the tree the partial analysis usually runs on.
 */
import type { Range as TreeRange, Tree } from 'web-tree-sitter';
import type { TextIndex } from '../text-index';
import type { LanguageId } from '../rule';
import type { DocumentAnalysisInput } from './analyze-document';
import { countFromEnd, countWhile, mayKeepInterface, type PreviousRun, type TextDiff } from './plan';
import { unitNodes, sameUnit, type UnitNode } from './unit-nodes';
import { definersOf, movedUnit, unitsOf, withClasses, type TopLevelUnit } from './units';
import { classKeys, unitsLinked } from './attribute-scope';
import { memberLinks } from './module-calls';

export interface Window {
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
  /**
   * Set when the tree holds nothing after the edited text, which has a syntax error that would run on into the
   * units after it (`leanWindow`): those units are neither parsed nor analysed again; they keep their findings.
   */
  truncated?: boolean;
}

/** Why an edit's analysis stopped when its time budget ran out (the host then notes the budget). */
export const BUDGET_RAN_OUT = 'the time budget ran out';

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
export function leanWindow(input: DocumentAnalysisInput, previous: PreviousRun, diff: TextDiff, index: TextIndex): Window | undefined {
  const old = previous.units;
  // What the tree is parsed from (a notebook's magics are comments there).
  const text = input.document.parseSource;
  const { before, after } = keptAroundEdit(input.language, old, text, diff);
  const start = before > 0 ? old[before - 1].end : 0;
  const end = after > 0 ? movedUnit(old[old.length - after], diff.oldEnd, diff.newEnd - diff.oldEnd).start : text.length;
  if (end <= start) return undefined;
  // The edited text may lie in the class of the unit before or after it: that class's header comes along.
  const neighbourClasses = [old[before - 1]?.container, old[old.length - after]?.container];
  const moved = old.slice(old.length - after).map((u) => movedUnit(u, diff.oldEnd, diff.newEnd - diff.oldEnd));
  const leanParse = (likely: ReadonlySet<number>): LeanParse => {
    const kept = withClasses(old, text, (u, i) => (i < before || i >= old.length - after) && (!u.isolated || likely.has(i)), neighbourClasses);
    return {
      start,
      end,
      before,
      after,
      expectedBefore: old.slice(0, before).filter((_, i) => kept[i]),
      expectedAfter: moved.filter((_, k) => kept[old.length - after + k]),
      units: { before: old.slice(0, before), moved },
    };
  };
  // Text that had a syntax error before the edit most likely still has it (a call being typed): it is parsed
  // without the units after it first, since tree-sitter's error recovery through them costs more than the rest.
  // Such text is parsed without what the edited units refer to: the plan analyses a broken edited unit, and one
  // that parses again with the interface of its last clean version, without its dependencies (`planPartial`), so
  // those units would only be parsed for the partial run to parse the text a second time without them (two
  // parses per keystroke while a statement typed into a TypeScript class body breaks the class).
  const brokenBefore = old.slice(before, old.length - after).some((u) => u.hasError);
  if (brokenBefore) {
    const cut = parseLean(input, index, text, { ...leanParse(new Set()), expectedAfter: [], truncated: true });
    if (cut !== undefined && cut !== 'swallowed') return cut;
  }
  // An edit that may keep its function's interface most likely takes the early cutoff, which parses only what
  // the edited statements refer to: the units the function refers to (in pandas' NDFrame, through the
  // attributes of `self`, half of a 12,000-line file) would be parsed here for nothing.
  const likely = brokenBefore || mayKeepInterface(previous, { before, after }, diff, input.document.text) ? new Set<number>() : likelyNeeded(old, before, old.length - after);
  const lean = leanParse(likely);
  const whole = parseLean(input, index, text, lean);
  if (whole !== 'swallowed') return whole;
  // The edited text has a syntax error that swallows the units after it (an open bracket typed inside a method
  // runs on to the end of the file). It is parsed without them, so the error stays in the edited units, as it
  // would in a partial parse of them alone; the units after the edit keep their findings (`truncated`).
  // Such a run is inexact either way, and the host settles it with a full run once typing pauses; parsing the
  // neighbours instead made every keystroke of a call typed in a method a full analysis of the file.
  const truncated = parseLean(input, index, text, { ...leanParse(new Set()), expectedAfter: [], truncated: true });
  return truncated === 'swallowed' ? undefined : truncated;
}

/** What `leanWindow` parses: the edited span between the kept units, and the kept units parsed with it. */
interface LeanParse {
  start: number;
  end: number;
  before: number;
  after: number;
  expectedBefore: TopLevelUnit[];
  expectedAfter: TopLevelUnit[];
  /** The previous run's units before the edit, and those after it moved to the new text. */
  units: { before: TopLevelUnit[]; moved: TopLevelUnit[] };
  /** Parse nothing after the edited text (see `Window.truncated`). */
  truncated?: boolean;
}

/**
 * The lean window's parse, or why it cannot stand in for the file's: `swallowed` when the edited text has a
 * syntax error and runs on into the units parsed after it. Without units after the edit the window is
 * `truncated`, and it is only used when the edited text has an error.
 */
function parseLean(input: DocumentAnalysisInput, index: TextIndex, text: string, lean: LeanParse): Window | 'swallowed' | undefined {
  const { start, end, before, after, expectedBefore, expectedAfter, units: around, truncated = false } = lean;
  // The edited text runs to the line holding the next unit, not into it (its indentation may precede it).
  const spans = spansOf([...expectedBefore, { start, end: Math.max(start, lineStartBefore(text, end) - 1) }, ...expectedAfter], text);
  const tree = input.document.windowSyntaxTree(toTreeRanges(spans, index), input.shouldStop);
  if (!tree) return undefined;
  let handedOver = false;
  try {
    const children = unitNodes(tree.rootNode, input.language);
    const middle = matchEdges(children, expectedBefore, expectedAfter);
    if (middle === 'leading') return undefined;
    const outside = typeof middle === 'string' || middle.some((node) => node.start < start || node.end > end);
    if (outside) if (outside) return !truncated && after > 0 ? 'swallowed' : undefined;
    // Edited text with a syntax error is analysed as parsed here, without its neighbours: such a run is inexact
    // either way (error recovery depends on what follows), and the host settles it with a full run.
    const hasError = middle.some((node) => node.hasError);
    if (truncated && !hasError) return undefined;
    const previousUnit = before > 0 ? around.before[before - 1] : undefined;
    const nextStart = after > 0 ? end : undefined;
    if (!hasError && !joinsSafely(input.language, text, previousUnit?.end, middle, nextStart)) return undefined;
    if (input.language === 'python' && commentJoinsMethod(text, previousUnit, middle)) return undefined;
    if (input.language === 'python' && topUnitSplitsClass(previousUnit, middle, around.moved[0])) return undefined;
    const middleUnits = unitsOf(middle, input.language, text, () => input.budget.spent());
    if (!middleUnits) return undefined;
    const units = [...around.before, ...middleUnits, ...around.moved];
    const treeUnits = [...expectedBefore, ...middleUnits, ...expectedAfter];
    handedOver = true;
    return { start, end, units, kept: { before, after }, hasError, tree, treeUnits, ...(truncated ? { truncated } : {}) };
  } finally {
    if (!handedOver) input.grammars.release(tree);
  }
}

/** How many of the previous units stay unchanged before and after an edit, when the edit is parsed on its own. */
export function keptAroundEdit(language: LanguageId, old: readonly TopLevelUnit[], text: string, diff: TextDiff): { before: number; after: number } {
  const before = keptBeforeEdit(language, old, countWhile(old, (u) => u.end < diff.start), text, diff.start);
  return { before, after: keptAfterEdit(language, old, countFromEnd(old, (u) => u.start > diff.oldEnd), text, diff.newEnd - diff.oldEnd, diff.newEnd) };
}

/**
 * How many units after the edit stay unchanged. In Python a unit whose first line the edit reaches is not one (its
 * indentation may have changed), and a top-level unit that starts on an indented line (an
 * unexpected indent the parser recovered from, such as a method pasted below a comment) belongs to whatever
 * block the text before it opens: a `def` typed above it takes it in as its body in a full parse. Such units
 * count as edited, so the window parses them with the typed text.
 */
function keptAfterEdit(language: LanguageId, old: readonly TopLevelUnit[], after: number, text: string, shift: number, editEnd: number): number {
  if (language !== 'python') return after;
  let k = after;
  // An edit that ends on the line where the next unit starts changed that line's indentation (it deleted the
  // blank line above a method and two of its spaces): the unit may now belong to another block, or to none.
  const next = k > 0 ? old[old.length - k] : undefined;
  if (next && !text.slice(editEnd, next.start + shift).includes('\n')) k--;
  while (k > 0) {
    const unit = old[old.length - k];
    if (unit.role !== 'top') break;
    const start = unit.start + shift;
    const indentation = text.slice(text.lastIndexOf('\n', start - 1) + 1, start);
    if (indentation.length === 0 || !/^[ \t]+$/.test(indentation)) break;
    k--;
  }
  return k;
}

/**
 * How many units before the edit stay unchanged. In Python a line indented deeper than the line where a unit
 * starts continues that unit, past blank and comment lines (a statement typed after a method's last statement
 * belongs to the method): that unit is edited too. Parsed without it, the typed line would be read as a
 * statement of its own (in a class body, a class-level statement) and its units would differ from the file's.
 */
function keptBeforeEdit(language: LanguageId, old: readonly TopLevelUnit[], before: number, text: string, editStart: number): number {
  if (language !== 'python') return before;
  let k = before;
  while (k > 0 && old[k - 1].type === 'comment') k--;
  const unit = old[k - 1];
  if (!unit || unit.role === 'class-header') return before;
  const editLine = text.lastIndexOf('\n', editStart - 1) + 1;
  // Text added at the end of the unit's last line continues it.
  if (editLine <= unit.end) return k - 1;
  const between = text.slice(text.indexOf('\n', unit.end) + 1, editLine).split('\n');
  if (!between.every((line) => /^\s*(#.*)?$/.test(line))) return before;
  // A comment typed deeper than the unit's line is also part of its block in a full parse (tree-sitter keeps a
  // trailing comment in the block it is indented into), though it holds no code.
  const indentation = Math.max(firstCodeIndentation(text, editLine), firstCodeIndentation(text, editLine, true));
  return indentation > unit.start - (text.lastIndexOf('\n', unit.start - 1) + 1) ? k - 1 : before;
}

/**
 * The indentation of the first line from `lineStart` on that holds code (blank lines never count, comment lines only with `commentsCount`:
 * pasted text often starts with a line break), or -1 when none does.
 */
function firstCodeIndentation(text: string, lineStart: number, commentsCount = false): number {
  for (let start = lineStart; start < text.length; ) {
    let k = start;
    while (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9) k++;
    const next = text.charCodeAt(k);
    if (k < text.length && next !== 10 && next !== 13 && (commentsCount || next !== 35)) return k - start;
    const end = text.indexOf('\n', k);
    if (end < 0) break;
    start = end + 1;
  }
  return -1;
}

/**
 * The parsed units between the expected ones at both edges, or which edge did not come back unchanged
 * (a unit before the edit, or one after it, parses differently).
 */
function matchEdges(children: readonly UnitNode[], expectedBefore: readonly TopLevelUnit[], expectedAfter: readonly TopLevelUnit[]): UnitNode[] | 'leading' | 'trailing' {
  if (children.length < expectedBefore.length + expectedAfter.length) return 'trailing';
  for (let k = 0; k < expectedBefore.length; k++) if (!keptAsItWas(children[k], expectedBefore[k])) return 'leading';
  for (let k = 1; k <= expectedAfter.length; k++) if (!keptAsItWas(children[children.length - k], expectedAfter[expectedAfter.length - k])) return 'trailing';
  return children.slice(expectedBefore.length, children.length - expectedAfter.length);
}

/**
 * Whether a kept unit came back as it was: the same unit, and no syntax error it did not have. An error the
 * edit caused can land in a kept unit without changing its extent: a docstring left open after a class's
 * header (`"""Doc.""` joined to the next line) runs to the end of the parsed text, and the parser drops its
 * opening quotes as an error of the class, outside every member, which marks the header. Matched as unchanged,
 * that error belonged to no edited unit and the run passed for exact; the window widens instead.
 */
function keptAsItWas(node: UnitNode, unit: TopLevelUnit): boolean {
  return sameUnit(node, unit) && (unit.hasError || !node.hasError);
}

/** Kept units the edited ones referred to before the edit, and what those refer to: the likely fresh set. */
function likelyNeeded(units: readonly TopLevelUnit[], from: number, to: number): Set<number> {
  const definers = definersOf(units);
  const keys = classKeys(units);
  const links = memberLinks(units);
  const found = new Set<number>();
  const pending: number[] = [];
  for (let i = from; i < to; i++) pending.push(i);
  while (pending.length > 0) {
    const i = pending.pop() as number;
    for (const name of units[i].references) {
      if (!links.refers(units[i], name)) continue;
      for (const j of definers.get(name) ?? []) {
        if (found.has(j) || (j >= from && j < to) || !unitsLinked(name, links.own(units[i]), keys[i], links.own(units[j]), keys[j])) continue;
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
function joinsSafely(language: LanguageId, text: string, previousEnd: number | undefined, middle: readonly UnitNode[], nextStart: number | undefined): boolean {
  if (language === 'python') {
    // A backslash at the end of the edited text's last line would join it to the next statement.
    const tail = text.slice(middle.length > 0 ? middle[middle.length - 1].end : (previousEnd ?? 0), nextStart ?? text.length);
    return !/\\\s*$/.test(tail);
  }
  // Pairs (end of one statement, start of the next) around and inside the edited text.
  const pairs: [number, number][] = [];
  const boundaries = [...(previousEnd !== undefined ? [previousEnd] : []), ...middle.flatMap((node) => [node.start, node.end]), ...(nextStart !== undefined ? [nextStart] : [])];
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
export function reparseWindow(input: DocumentAnalysisInput, previous: PreviousRun, diff: TextDiff, index: TextIndex): Window | string {
  const old = previous.units;
  let before = countWhile(old, (u) => u.end < diff.start);
  let after = countFromEnd(old, (u) => u.start > diff.oldEnd);
  for (let attempt = 0; attempt < WINDOW_ATTEMPTS; attempt++) {
    const window = parseWindow(input, old, diff, index, before, after);
    if (typeof window !== 'string' || (window !== 'leading' && window !== 'trailing')) return window;
    // Text that no longer parses inside a class (a half-typed statement in a method) is recovered differently
    // without the class's other members: the window takes the whole class at once, as it did before classes
    // were split, and widens two units at a time from there.
    // In a notebook the cell is the next bound: Jupyter compiles each cell alone, and the joined parse keeps a
    // cell's error inside it (`containCellErrors`), so the units outside the cell come back as they were.
    const wholeClass = attempt === 0 ? classAround(old, before, after) : attempt === 1 ? cellAround(input, old, diff, before, after) : undefined;
    if (wholeClass) ({ before, after } = wholeClass);
    else if (window === 'leading' && before > 0) before = Math.max(0, before - 2);
    else if (window === 'trailing' && after > 0) after = Math.max(0, after - 2);
    else return 'the units around the edit parse differently';
  }
  return 'the units around the edit keep parsing differently';
}

/** Kept-unit counts that put the whole class around the edit (and one unit on either side) in the window. */
function classAround(old: readonly TopLevelUnit[], before: number, after: number): { before: number; after: number } | undefined {
  const container = old[before - 1]?.container ?? old[old.length - after]?.container;
  if (container === undefined) return undefined;
  const first = old.findIndex((u) => u.container === container);
  let last = first;
  while (last + 1 < old.length && old[last + 1].container === container) last++;
  return { before: Math.min(before, Math.max(0, first)), after: Math.min(after, Math.max(0, old.length - last - 2)) };
}

/**
 * A widened window re-parses units the edit did not touch; those at its edges that came back exactly as they
 * were (outside the edit, same kind, extent and class, no syntax error: the same text parsed the same way) stay
 * kept units, so widening never makes them count as edited (their names as changed). They are the previous
 * run's units (moved after the edit), in the window's list too.
 */
function keptAtEdges(old: readonly TopLevelUnit[], named: TopLevelUnit[], before: number, after: number, diff: TextDiff): { middleUnits: TopLevelUnit[]; keptBefore: number; keptAfter: number } {
  const delta = diff.newEnd - diff.oldEnd;
  const same = (unit: TopLevelUnit, was: TopLevelUnit): boolean => !unit.hasError && !was.hasError && unit.type === was.type && unit.start === was.start && unit.end === was.end && unit.role === was.role && unit.container === was.container;
  const middleUnits = [...named];
  let keptBefore = before;
  while (keptBefore - before < middleUnits.length && old[keptBefore].end < diff.start && same(middleUnits[keptBefore - before], old[keptBefore])) {
    middleUnits[keptBefore - before] = old[keptBefore];
    keptBefore++;
  }
  let keptAfter = after;
  for (;;) {
    const k = middleUnits.length - 1 - (keptAfter - after);
    const j = old.length - 1 - keptAfter;
    if (k < keptBefore - before || j < keptBefore || old[j].start <= diff.oldEnd) break;
    const moved = movedUnit(old[j], diff.oldEnd, delta);
    if (!same(middleUnits[k], moved)) break;
    middleUnits[k] = moved;
    keptAfter++;
  }
  return { middleUnits, keptBefore, keptAfter };
}

/** Kept-unit counts that put the whole notebook cell holding the edit in the window, when the edit lies in one cell. */
function cellAround(input: DocumentAnalysisInput, old: readonly TopLevelUnit[], diff: TextDiff, before: number, after: number): { before: number; after: number } | undefined {
  const starts = input.document.codeCellStarts;
  if (input.document.kind !== 'notebook' || starts.length < 2) return undefined;
  const cell = countWhile(starts, (start) => start <= diff.start) - 1;
  const cellStart = starts[cell] ?? 0;
  const cellEnd = starts[cell + 1] ?? input.document.text.length;
  if (diff.newEnd > cellEnd) return undefined;
  const delta = diff.newEnd - diff.oldEnd;
  const outsideBefore = countWhile(old, (u) => u.end < cellStart);
  const outsideAfter = countFromEnd(old, (u) => u.start > diff.oldEnd && u.start + delta >= cellEnd);
  return { before: Math.min(before, outsideBefore), after: Math.min(after, outsideAfter) };
}

function parseWindow(input: DocumentAnalysisInput, old: readonly TopLevelUnit[], diff: TextDiff, index: TextIndex, before: number, after: number): Window | 'leading' | 'trailing' | string {
  // What the tree is parsed from (a notebook's magics are comments there).
  const text = input.document.parseSource;
  const delta = diff.newEnd - diff.oldEnd;
  const moved = old.slice(old.length - after).map((u) => movedUnit(u, diff.oldEnd, delta));
  const start = before > 0 ? index.lineStart(index.positionAt(old[before - 1].start).line) : 0;
  const end = after > 0 ? lineEndAfter(text, moved[0].end) : text.length;
  // Module-level units outside the window (and the classes of members in it) are parsed with it: the partial
  // analysis needs them, and the same tree then serves it whenever the fresh units lie in the window.
  const inWindow = (u: TopLevelUnit): boolean => u.start >= start && u.end <= end;
  const keptUnits = [...old.slice(0, before), ...moved];
  const kept = withClasses(keptUnits, text, (u) => inWindow(u) || !u.isolated);
  const expectedBefore = keptUnits.slice(0, before).filter((_, i) => kept[i]);
  const expectedAfter = moved.filter((_, k) => kept[before + k]);
  const spans = spansOf([...expectedBefore.filter((u) => u.start < start), { start, end: end - 1 }, ...expectedAfter.filter((u) => u.end > end)], text);
  const tree = input.document.windowSyntaxTree(toTreeRanges(spans, index), input.shouldStop);
  if (!tree) return 'the window parse was stopped';
  let handedOver = false;
  try {
    // Units of the previous run must come back unchanged on both sides of the edit.
    const middle = matchEdges(unitNodes(tree.rootNode, input.language), expectedBefore, expectedAfter);
    if (typeof middle === 'string') return middle;
    if (input.language === 'python' && commentJoinsMethod(text, old[before - 1], middle)) return 'a comment may belong to the method before it';
    if (input.language === 'python' && topUnitSplitsClass(old[before - 1], middle, moved[0])) return 'a top-level unit between members of a class splits or joins the class';
    const named = unitsOf(middle, input.language, text, () => input.budget.spent());
    if (!named) return BUDGET_RAN_OUT;
    const { middleUnits, keptBefore, keptAfter } = keptAtEdges(old, named, before, after, diff);
    const units = [...old.slice(0, before), ...middleUnits, ...moved];
    handedOver = true;
    const treeUnits = [...expectedBefore, ...middleUnits, ...expectedAfter];
    return { start, end, units, kept: { before: keptBefore, after: keptAfter }, hasError: middle.some((node) => node.hasError), tree, treeUnits };
  } finally {
    if (!handedOver) input.grammars.release(tree);
  }
}

/**
 * The spans a partial parse reads: each unit through the end of its last line (Python's indentation scanner
 * needs the line break after a statement) and, for a unit that starts its line (a method), from the line's
 * start (the scanner measures indentation from the characters it reads), merged where they touch.
 */
export function spansOf(units: readonly { start: number; end: number }[], text: string): [number, number][] {
  const spans: [number, number][] = [];
  for (const unit of units) {
    const span: [number, number] = [lineStartBefore(text, unit.start), lineEndAfter(text, unit.end)];
    const last = spans[spans.length - 1];
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else spans.push(span);
  }
  return spans;
}

/** The start of the line holding `offset` when only spaces and tabs precede it there, else `offset`. */
/**
 * Python: a comment indented deeper than the method before it is part of that method's block in a full parse
 * (tree-sitter keeps trailing comments in the block they are indented into), but a window that starts at the
 * comment parses it as a comment of the class. Such a window cannot stand in for the full parse.
 */
function commentJoinsMethod(text: string, previous: { role: string; start: number } | undefined, middle: readonly UnitNode[]): boolean {
  let before = previous;
  for (const node of middle) {
    if (node.role === 'class-comment' && before?.role === 'method' && columnOf(text, node.start) > columnOf(text, before.start)) return true;
    before = node;
  }
  return false;
}

/**
 * Python: a unit parsed at top level between two members of one class cannot stand in for the full parse.
 * In the whole file a comment there belongs to the class, whatever its column (tree-sitter keeps a comment in
 * the block that goes on after it), and a statement at column 0 ends the class, so the members after it are
 * top-level definitions; a window that parses the members after it in their class's context sees neither.
 */
function topUnitSplitsClass(previous: TopLevelUnit | undefined, middle: readonly UnitNode[], next: TopLevelUnit | undefined): boolean {
  if (previous?.container === undefined || next?.container !== previous.container) return false;
  return middle.some((node) => node.role === 'top');
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

function lineStartBefore(text: string, offset: number): number {
  let k = offset;
  while (k > 0 && (text.charCodeAt(k - 1) === 32 || text.charCodeAt(k - 1) === 9)) k--;
  return k === 0 || text.charCodeAt(k - 1) === 10 ? k : offset;
}

/** The offset just past the line break that ends the line holding `offset` (or the text's end). */
export function lineEndAfter(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline + 1;
}

/** Spans as tree-sitter ranges; web-tree-sitter takes offsets and columns in UTF-16 code units. */
export function toTreeRanges(spans: readonly [number, number][], index: TextIndex): TreeRange[] {
  return spans.map(([start, end]) => ({ startIndex: start, endIndex: end, startPosition: index.pointAt(start), endPosition: index.pointAt(end) }));
}
