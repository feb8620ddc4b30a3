/**
 * Plans a partial analysis after an edit: which top-level units must be analysed again ("fresh") and which
 * keep the findings of the previous run, moved to their new positions.
 *
 * A unit is fresh when the edit touched it, when it refers to a name that a fresh unit defines (its findings
 * may have followed a call into the edited code), and when a fresh unit refers to a name it defines (the
 * fresh unit's findings may follow a call into it). The first two are closed over name definitions, the
 * third over references, so every fresh unit is analysed together with everything its findings can depend
 * on. Units that are not isolated (imports, module-level statements) are always part of the partial parse.
 */
import type { Finding, Position, Range } from '../finding';
import type { TextIndex } from '../text-index';
import type { LanguageId } from '../rule';
import { withLinesRenumbered, type LineShift } from './line-mentions';
import { freeNameDefiners } from './free-name-definers';
import { definersOf, referencesIn, serializedLoadLinks, unitAt, WILDCARD, type TopLevelUnit } from './units';
import { classKeys, definitionScope, linkHolds, unitsLinked, widerScope, type NameScope } from './attribute-scope';
import { memberLinks, onModulesOnly, type MemberLinks } from './module-calls';

/** The analysis of a document's previous version, kept by the document for the next edit. */
export interface PreviousRun {
  text: string;
  index: TextIndex;
  units: readonly TopLevelUnit[];
  /** Findings before suppressions, with the index of the unit each one starts in. */
  findings: readonly Finding[];
  unitOf: readonly number[];
  /** Occurrences of the prefilter keywords in `text`. */
  keywordCounts: Int32Array;
  /** False when the run stood on a parse with a syntax error (`DocumentRun.exact`). */
  exact?: boolean;
}

export interface PartialPlan {
  /** Per unit of the new text: analysed again. */
  fresh: boolean[];
  /** The previous findings of units that are not fresh, at their new positions, and their unit indices. */
  carried: Finding[];
  carriedUnits: number[];
  /** An edited unit with a syntax error had its names left out, so the result may differ from a full run. */
  approximate: boolean;
  /**
   * Set when only inert statements of one function changed (`planInertEdit`): the units parsed with the fresh
   * one without being analysed again (what the edited statements refer to), and the span of the new text whose
   * findings replace the fresh unit's there (its other findings are carried).
   */
  context?: boolean[];
  freshSpan?: [number, number];
}

/** A fresh part larger than this share of the text is analysed in full: the partial run would not pay. */
export const MAX_FRESH_SHARE = 0.5;

/** The changed span between two texts: a common prefix of `start` characters and a common suffix. */
export interface TextDiff {
  start: number;
  oldEnd: number;
  newEnd: number;
}

export function diffTexts(before: string, after: string): TextDiff {
  const limit = Math.min(before.length, after.length);
  let start = 0;
  while (start < limit && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let suffix = 0;
  const maxSuffix = limit - start;
  while (suffix < maxSuffix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  return { start, oldEnd: before.length - suffix, newEnd: after.length - suffix };
}

/**
 * Plans the partial run, or says why the whole document must be analysed (`string`). `units` are the new
 * text's units, of which the first `keptBefore` and the last `keptAfter` are the previous run's, unchanged.
 * Units from `frozenFrom` on are never analysed again (a truncated window, `Window.truncated`: the edited text
 * has a syntax error, so the run is inexact and settled by a full one); they keep their findings.
 */
export function planPartial(previous: PreviousRun, index: TextIndex, units: readonly TopLevelUnit[], kept: { before: number; after: number }, diff: TextDiff, language?: LanguageId, frozenFrom = units.length): PartialPlan | string {
  const oldUnits = previous.units;
  const oldBefore = kept.before;
  const oldAfter = kept.after;
  const changedOld = oldUnits.slice(oldBefore, oldUnits.length - oldAfter);
  const changedNewFrom = oldBefore;
  const changedNewTo = units.length - oldAfter;
  const fresh = units.map((_, i) => i >= changedNewFrom && i < changedNewTo);

  // Names whose definitions changed: units referring to them are fresh, and so on through their own names.
  // A unit with a syntax error is left out: its "definitions" are broken structure (a half-typed method's locals
  // read as module-level names would refresh the whole file), and any run that involves it is inexact anyway
  // (its own parse had the error, or the plan says so), so a full run settles it.
  // Early cutoff: a function edited only in statements no other unit can observe defines the same names with the
  // same meaning, so nothing refers to a changed name.
  const changedNames = new Map<string, NameScope>();
  // While a function is being typed with a syntax error in it, it is compared with its last version that parsed
  // (`lastClean`), and its old names count as unchanged while it is broken: its callers keep their findings until
  // it parses again or the host's full run settles the inexact runs, instead of being analysed on every keystroke.
  const changedNew = units.slice(changedNewFrom, changedNewTo);
  const editedBroken = changedNew.length > 0 && changedNew.every((u) => u.hasError);
  const comparedOld = changedOld.length === 1 && changedOld[0].lastClean ? [changedOld[0].lastClean] : changedOld;
  const interfaceKept = sameInterface(comparedOld, changedNew);
  if (interfaceKept) {
    const inertEdit = planInertEdit(previous, index, units, kept, diff, language);
    if (inertEdit) return inertEdit;
  } else {
    // A name a member defines as its own class's attribute changed for the members of related classes alone (`attribute-scope.ts`).
    const oldKeys = classKeys(oldUnits);
    const newKeys = classKeys(units);
    const [oldLinks, newLinks] = [memberLinks(oldUnits), memberLinks(units)];
    comparedOld.forEach((u, k) => {
      if (!u.hasError && !editedBroken) addDefinitions(changedNames, u, oldKeys[oldBefore + k], oldLinks);
    });
    for (let i = changedNewFrom; i < changedNewTo; i++) if (!units[i].hasError) addDefinitions(changedNames, units[i], newKeys[i], newLinks);
  }
  if (changedNames.has(WILDCARD)) return 'a wildcard import changed';
  // Members read their class's header (its bases, say, decide what `self.check_hostname = False` means): an
  // edited header refreshes its whole class.
  const editedClasses = new Set([...changedOld, ...units.slice(changedNewFrom, changedNewTo)].filter((u) => u.role === 'class-header' || u.role === 'class-end').map((u) => u.container));
  units.forEach((u, i) => {
    if (u.container !== undefined && editedClasses.has(u.container)) fresh[i] = true;
  });
  // The header also decides which other classes may read what its members write (`attribute-scope.ts`; the rules
  // ask whether either class names the other as a base): the members' own attributes changed for the classes
  // related to it before or after the edit.
  if (editedClasses.size > 0) addClassAttributes(changedNames, editedClasses, oldUnits, units);
  markCallers(units, fresh, changedNames);

  // Everything a fresh unit's findings can depend on is analysed with it, and is then fresh itself.
  const definers = definersOf(units);
  // A kept finding is moved only when every position in it lies in its own unit, inside another kept unit past
  // its start (a flow into a helper), or, elsewhere, before the edit when no module-level statement changed (a fix
  // that reaches past its statement to the next line break, or inserts an import after the file's docstring
  // or last import, is anchored to text around it), and when it names no line that moved (a flow's source,
  // `line 12`) and its fixes name nothing whose definition changed (a fix that calls `ast.literal_eval` adds
  // `import ast` only while the file lacks it); otherwise its unit is analysed again.
  // In Python the only such anchor is where `import x` goes (after the comments, docstring and `__future__`
  // imports that open the file; `moduleReference` in `rules/shared/python-edits.ts`), so a changed module-level
  // statement after the first line of code moves no anchor unless it is an import (a notebook cell's
  // `data = load(path)` typed in cell 21 would otherwise re-analyse every unit whose fix adds an import).
  const anchors = (u: TopLevelUnit, i: number, all: readonly TopLevelUnit[]): boolean => !u.isolated && (language !== 'python' || IMPORT_TYPES.has(u.type) || i <= firstCode(all));
  const moduleLevelChanged = changedOld.some((u, k) => anchors(u, oldBefore + k, oldUnits)) || units.slice(changedNewFrom, changedNewTo).some((u, k) => anchors(u, changedNewFrom + k, units));
  const oldEndPosition = previous.index.positionAt(diff.oldEnd);
  const newEndPosition = index.positionAt(diff.newEnd);
  const startPosition = index.positionAt(diff.start);
  const linesMoved = oldEndPosition.line !== newEndPosition.line;
  // A finding naming a line that moved is kept with that line renumbered when it can be (`line-mentions.ts`).
  const renumbered = new Map<number, Finding>();
  const shift: LineShift = { from: startPosition.line, oldEnd: oldEndPosition.line, delta: newEndPosition.line - oldEndPosition.line };
  for (let f = 0; f < previous.findings.length; f++) {
    const newUnit = keptUnitIndex(previous.unitOf[f], oldBefore, oldAfter, oldUnits.length, units.length);
    if (newUnit === undefined || fresh[newUnit]) continue;
    const finding = previous.findings[f];
    const namesMovedLine = linesMoved && namesLineFrom(finding, startPosition.line);
    const kept = namesMovedLine ? withLinesRenumbered(finding, shift) : finding;
    if (kept && kept !== finding) renumbered.set(f, kept);
    const own = oldUnits[previous.unitOf[f]];
    const anchored = (p: Position): boolean => {
      // While the edited units are broken the run is inexact anyway: the findings of other units are moved (one
      // reaching into the replaced text stops the plan), instead of each re-analysing a unit and all it refers to.
      if (editedBroken) return true;
      const offset = previous.index.offsetAt(p);
      if (offset >= own.start && offset <= own.end) return true;
      const other = unitAt(oldUnits, offset);
      // A flow's step ending with another unit (the `return` closing a method that hands model output on) is in
      // that unit's unchanged text too; an edit starting right there stops the plan when the finding is moved.
      if (keptUnitIndex(other, oldBefore, oldAfter, oldUnits.length, units.length) !== undefined && offset > oldUnits[other].start && offset <= oldUnits[other].end) return true;
      return !moduleLevelChanged && before(p, startPosition);
    };
    if (!positionsOf(finding).every(anchored) || !kept || fixNames(finding, changedNames)) fresh[newUnit] = true;
  }
  // A finding may sit in one unit and come from another (a helper's sink reached from its caller): when its
  // unit is analysed again, every unit its positions touch is analysed with it.
  const touchedBy = new Map<string, number[]>();
  for (let f = 0; f < previous.findings.length; f++) {
    const home = keptUnitIndex(previous.unitOf[f], oldBefore, oldAfter, oldUnits.length, units.length);
    if (home === undefined) continue;
    for (const p of positionsOf(previous.findings[f])) {
      const other = keptUnitIndex(unitAt(oldUnits, previous.index.offsetAt(p)), oldBefore, oldAfter, oldUnits.length, units.length);
      if (other !== undefined && other !== home) push(touchedBy, String(home), other);
    }
  }
  // An edited unit with a syntax error is analysed without what it refers to: its names describe broken structure
  // (in a method of pandas' NDFrame, half of a 12,000-line file through the attributes of `self`), and the run is
  // inexact anyway (settled by a full run once typing pauses); the other fresh units bring what they need.
  // So is a unit that parses again after such runs, when it keeps the interface of its last version that parsed:
  // the run builds on inexact ones (`previous.exact` is false) and is settled the same way, and its callers and
  // what it refers to keep their findings until then, as they did while it was broken.
  const repairedEdit = interfaceKept && previous.exact === false && changedOld.length === 1 && changedOld[0].hasError;
  const brokenEdit = (i: number): boolean => i >= changedNewFrom && i < changedNewTo && (units[i].hasError || repairedEdit);
  const dependencySeeds = (): number[] => units.map((_, i) => i).filter((i) => fresh[i] && !brokenEdit(i));
  markDependencies(units, fresh, dependencySeeds(), definers, touchedBy);
  while (markGuarded(units, fresh, { removed: changedOld, at: changedNewFrom })) markDependencies(units, fresh, dependencySeeds(), definers, touchedBy);
  for (let i = frozenFrom; i < units.length; i++) fresh[i] = false;
  if (freshLength(units, fresh) > index.text.length * MAX_FRESH_SHARE) return REACHES_MOST;

  // The findings of units that stay: same unit, new position.
  const carried: Finding[] = [];
  const carriedUnits: number[] = [];
  const move = mover(startPosition, oldEndPosition, newEndPosition);
  for (let f = 0; f < previous.findings.length; f++) {
    const newUnit = keptUnitIndex(previous.unitOf[f], oldBefore, oldAfter, oldUnits.length, units.length);
    if (newUnit === undefined || fresh[newUnit]) continue;
    const moved = moveFinding(renumbered.get(f) ?? previous.findings[f], move);
    if (!moved) return 'a kept finding points into the edited text';
    carried.push(moved);
    carriedUnits.push(newUnit);
  }

  const approximate = frozenFrom < units.length || changedOld.some((u) => u.hasError) || units.slice(changedNewFrom, changedNewTo).some((u) => u.hasError);
  return { fresh, carried, carriedUnits, approximate };
}

const REACHES_MOST = 'the edit reaches most of the file';

/**
 * Records on a unit that replaced one unit and holds a syntax error the last version of it that parsed
 * (`TopLevelUnit.lastClean`), for `planPartial` to compare the next versions with.
 */
export function rememberLastClean(previous: readonly TopLevelUnit[], units: TopLevelUnit[], kept: { before: number; after: number }): void {
  const changedNew = units.length - kept.after - kept.before;
  if (changedNew !== 1 || previous.length - kept.after - kept.before !== 1) return;
  const [old, edited] = [previous[kept.before], units[kept.before]];
  if (!edited.hasError || old.start !== edited.start) return;
  const lastClean = old.hasError ? old.lastClean : old;
  if (lastClean) units[kept.before] = { ...edited, lastClean };
}

const IMPORT_TYPES = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);

/** The index of a Python file's first unit that is not a comment, a string (the docstring) or a `__future__` import. */
function firstCode(units: readonly TopLevelUnit[]): number {
  const k = units.findIndex((u) => u.type !== 'comment' && u.type !== 'future_import_statement' && !(u.type === 'expression_statement' && u.defines.size === 0 && u.references.size === 0));
  return k < 0 ? units.length : k;
}

/**
 * The plan for an edit that changed only inert statements of one function (`interface.ts`), or undefined when
 * a finding stands in the way. Inert statements read only module-level names and names of their own, and no
 * other statement reads them, so the findings in the edited statements depend on them and on what they refer
 * to alone, and every other finding (the function's own included) stays as it was, moved. The function is
 * parsed with what the edited statements refer to (and its class's header and class-level statements, and
 * the module-level units), and only its findings inside the edited statements are taken from that run.
 */
function planInertEdit(previous: PreviousRun, index: TextIndex, units: readonly TopLevelUnit[], kept: { before: number; after: number }, diff: TextDiff, language?: LanguageId): PartialPlan | undefined {
  const oldUnit = kept.before;
  const edited = kept.before;
  const regions = matchingRegions(previous, index, previous.units[oldUnit], units[edited], diff);
  if (!regions) return undefined;
  const [oldRegion, newRegion] = regions;
  const startPosition = index.positionAt(diff.start);
  const oldEndPosition = previous.index.positionAt(diff.oldEnd);
  const newEndPosition = index.positionAt(diff.newEnd);
  const linesMoved = oldEndPosition.line !== newEndPosition.line;
  const shift: LineShift = { from: startPosition.line, oldEnd: oldEndPosition.line, delta: newEndPosition.line - oldEndPosition.line };
  const move = mover(startPosition, oldEndPosition, newEndPosition);
  const carried: Finding[] = [];
  const carriedUnits: number[] = [];
  for (let f = 0; f < previous.findings.length; f++) {
    const finding = previous.findings[f];
    const inRegion = positionsOf(finding).map((p) => {
      const offset = previous.index.offsetAt(p);
      return offset >= oldRegion[0] && offset <= oldRegion[1];
    });
    if (previous.unitOf[f] === oldUnit && inRegion.every(Boolean)) continue;
    // A finding reaching into the edited statements, or naming a line that moved and cannot be renumbered, is not simply carried.
    const keptFinding = linesMoved && namesLineFrom(finding, startPosition.line) ? withLinesRenumbered(finding, shift) : finding;
    if (inRegion.some(Boolean) || !keptFinding) return undefined;
    const newUnit = previous.unitOf[f] === oldUnit ? edited : keptUnitIndex(previous.unitOf[f], kept.before, kept.after, previous.units.length, units.length);
    const moved = newUnit === undefined ? undefined : moveFinding(keptFinding, move);
    if (newUnit === undefined || !moved) return undefined;
    carried.push(moved);
    carriedUnits.push(newUnit);
  }
  // What the edited statements refer to, and everything that depends on, is parsed with them. In Python their
  // free names resolve in the module's scope, which another function's locals never reach (`free-name-definers.ts`).
  const definers = definersOf(units);
  const context = units.map(() => false);
  const addContext = (names: Iterable<string>): void => {
    const seeds: number[] = [];
    for (const name of names) {
      const named = definers.get(name) ?? [];
      for (const j of language === 'python' ? freeNameDefiners(units, named, name, index.text) : named) {
        if (context[j]) continue;
        context[j] = true;
        seeds.push(j);
      }
    }
    markDependencies(units, context, seeds, definers, new Map());
  };
  const regionText = index.text.slice(newRegion[0], newRegion[1]);
  const moduleCalls = new Map<string, string[]>();
  const regionReferences = referencesIn(index.text, newRegion[0], newRegion[1], [], false, true, moduleCalls);
  const { modules } = memberLinks(units);
  addContext([...regionReferences].filter((name) => !onModulesOnly({ moduleCalls }, name, modules)));
  // A load among them refers to the writes of the file, by the link name `units.ts` gives them, only when a
  // write elsewhere can make it the file's own artefact (`loadMayMatchWrites`).
  if (loadMayMatchWrites(regionText, units, context, index.text)) addContext(serializedLoadLinks(regionText));
  const fresh = units.map((_, i) => i === edited);
  if (freshLength(units, context) > index.text.length * MAX_FRESH_SHARE) return undefined;
  return { fresh, carried, carriedUnits, approximate: false, context, freshSpan: newRegion };
}

/**
 * Whether a load in the edited inert statements can be matched with a write in another unit
 * (`rules/shared/python-own-files.ts`), so the writers, and all they depend on, must be parsed with it. A write
 * in another function matches a load's path by its text only when both read the same `self`/`cls` attribute
 * (the same function's writes are parsed anyway); otherwise only by a file name, which ends in a literal
 * extension that the load's path expression must reach: in the statements themselves or through the names
 * they read, whose definitions (module-level or class-level statements, and what those read) are the
 * `context` units already. Without `self`/`cls` in the statements and without a string ending in an
 * extension in that text, no write of another unit can change their findings, and the writers of a trainer
 * class (which reach most of the file through `self`) are left out: typing `model = torch.load(path)` in one
 * of its methods was a full analysis.
 */
function loadMayMatchWrites(regionText: string, units: readonly TopLevelUnit[], context: readonly boolean[], text: string): boolean {
  if (RECEIVER_WORD.test(regionText) || FILE_NAME_END.test(regionText)) return true;
  return units.some((u, i) => context[i] && FILE_NAME_END.test(text.slice(u.start, u.end)));
}

const RECEIVER_WORD = /\b(?:self|cls)\b/;
/** The end of a string whose text ends in an extension (`"meta.pkl"`, `f"rank_{r}.pt"`), what a file name needs. */
const FILE_NAME_END = /\.[A-Za-z0-9_]+['"]/;

/**
 * The edited inert statements before and after the edit, each region covering the other's text. An edit can
 * split or join statements: tree-sitter reads `x = ` and the call on the next line as one assignment, and
 * typing `T` after the `=` makes them two. The old region drops every finding inside it, and the new region
 * is where findings are taken from the fresh run, so a statement that one region holds and the other does not
 * would lose its findings; the regions grow until each covers the other (undefined when they cannot stay inert).
 */
function matchingRegions(previous: PreviousRun, index: TextIndex, oldUnit: TopLevelUnit, newUnit: TopLevelUnit, diff: TextDiff): [[number, number], [number, number]] | undefined {
  const delta = diff.newEnd - diff.oldEnd;
  let oldRegion = inertRegion(previous.text, oldUnit, diff.start, diff.oldEnd);
  let newRegion = inertRegion(index.text, newUnit, diff.start, diff.newEnd);
  // Text before the edit has the same offsets in both texts; text after it moves by `delta`.
  for (let round = 0; round < 4 && oldRegion && newRegion; round++) {
    const oldFrom = Math.min(oldRegion[0], newRegion[0]);
    const oldTo = Math.max(oldRegion[1], newRegion[1] - delta);
    const newFrom = oldFrom;
    const newTo = Math.max(newRegion[1], oldRegion[1] + delta);
    if (oldFrom === oldRegion[0] && oldTo === oldRegion[1] && newFrom === newRegion[0] && newTo === newRegion[1]) return [oldRegion, newRegion];
    oldRegion = inertRegion(previous.text, oldUnit, oldFrom, oldTo);
    newRegion = inertRegion(index.text, newUnit, newFrom, newTo);
  }
  return undefined;
}

/**
 * The span of a function unit's inert statements that the edited span `from..to` lies in (with the whitespace
 * between them), widened to every statement of the groups of those it holds (`interface.ts`: a group's statements
 * share names, so an analysis may relate them in any order), or undefined when any of that text is not in one of them.
 */
function inertRegion(text: string, unit: TopLevelUnit, from: number, to: number): [number, number] | undefined {
  const spans = unit.inertSpans ?? [];
  const groups = unit.inertGroups;
  let start = from;
  let end = to;
  for (let grown = true; grown; ) {
    grown = false;
    const held = new Set<number>();
    for (let k = 0; k < spans.length; k += 2) {
      const [s, e] = [unit.start + spans[k], unit.start + spans[k + 1]];
      if (e < start || s > end) continue;
      held.add(groups?.[k / 2] ?? -1 - k);
    }
    for (let k = 0; k < spans.length; k += 2) {
      const [s, e] = [unit.start + spans[k], unit.start + spans[k + 1]];
      if (!held.has(groups?.[k / 2] ?? -1 - k) || (s >= start && e <= end)) continue;
      start = Math.min(start, s);
      end = Math.max(end, e);
      grown = true;
    }
  }
  // Everything in the region outside the inert statements must be blank.
  let outside = '';
  let at = start;
  for (let k = 0; k < spans.length; k += 2) {
    const [s, e] = [unit.start + spans[k], unit.start + spans[k + 1]];
    if (e < start || s > end) continue;
    outside += text.slice(at, s);
    at = e;
  }
  outside += text.slice(at, end);
  // (Text typed after the function's last statement is blank until it is a statement: the region may end past it.)
  return outside.trim() === '' && start >= unit.start ? [start, end] : undefined;
}

/**
 * Whether the units an edit reaches make up most of the file, judged before anything is parsed, from the
 * previous run's units: the edited text itself and its callers. The units the edit replaces (at least those
 * `kept` leaves out: the window may widen) defined names that `planPartial` counts as changed, so the
 * unchanged units calling them, and whatever those callers depend on, are fresh in any plan for this edit. In a 3,000-line class every method is linked to most others
 * through the attributes `__init__` sets, so an edit inside one method reaches most of the file; without this
 * the window was parsed and named only to be thrown away, and each keystroke cost a third more than a full run.
 * The answer only chooses between two ways of getting the same result (a full run is always exact).
 * `cutoffPossible: false` answers as if the edit could not keep its function's interface.
 */
export function certainlyReachesMost(previous: PreviousRun, kept: { before: number; after: number }, diff: TextDiff, newText: string, cutoffPossible = true): string | undefined {
  const units = previous.units;
  const newLength = newText.length;
  const edited = units.map((_, i) => i >= kept.before && i < units.length - kept.after);
  if (cutoffPossible && mayKeepInterface(previous, kept, diff, newText)) return undefined;
  // The units that replace the edited ones fill their text, as edited, but for blank lines between them: a call
  // left open while typing makes the rest of a class one unit, and then that text alone is most of the file.
  const first = kept.before;
  const last = units.length - kept.after - 1;
  const editedLength = last >= first ? Math.max(0, units[last].end + diff.newEnd - diff.oldEnd - units[first].start) : 0;
  const changedNames = new Map<string, NameScope>();
  const keys = classKeys(units);
  const links = memberLinks(units);
  units.forEach((u, i) => {
    if (edited[i] && !u.hasError) addDefinitions(changedNames, u, keys[i], links);
  });
  const fresh = [...edited];
  markCallers(units, fresh, changedNames);
  // The edited units' own references may differ after the edit: only the callers' dependencies are certain.
  const callers = units.map((_, i) => i).filter((i) => fresh[i] && !edited[i]);
  markDependencies(units, fresh, callers, definersOf(units), new Map());
  const certain = units.map((_, i) => fresh[i] && !edited[i]);
  return freshLength(units, certain) + editedLength > newLength * MAX_FRESH_SHARE ? REACHES_MOST : undefined;
}

/**
 * Whether an edit inside one function may leave its interface unchanged (`interface.ts`), so that its callers
 * are not certain to be analysed again: the text it removed and the text it typed (widened to whole words) name
 * no receiver (`self`, `cls`, `this`) and return, yield or declare nothing. A guess that only chooses the way (the plan decides on the parsed units).
 */
export function mayKeepInterface(previous: PreviousRun, kept: { before: number; after: number }, diff: TextDiff, newText: string): boolean {
  const units = previous.units;
  if (units.length - kept.after - kept.before !== 1) return false;
  // A unit being typed with a syntax error is compared with its last version that parsed, as `planPartial` does.
  const unit = units[kept.before].hasError && previous.exact === false ? units[kept.before].lastClean : units[kept.before];
  if (unit?.interface === undefined || unit.hasError) return false;
  return !VISIBLE_WORDS.test(wordsAround(previous.text, diff.start, diff.oldEnd)) && !VISIBLE_WORDS.test(wordsAround(newText, diff.start, diff.newEnd));
}

/** The text from `from` to `to`, widened to whole words at both ends (typing the `f` of `self`). */
function wordsAround(text: string, from: number, to: number): string {
  let start = from;
  let end = to;
  while (start > 0 && /\w/.test(text[start - 1])) start--;
  while (end < text.length && /\w/.test(text[end])) end++;
  return text.slice(start, end);
}

const VISIBLE_WORDS = /\b(?:self|cls|return|yield|global|nonlocal|def|class|lambda|this|super|function|arguments)\b/;

/** Adds the names a unit defines to `names`, each with where it is defined (`attribute-scope.ts`). */
function addDefinitions(names: Map<string, NameScope>, unit: TopLevelUnit, key: ReturnType<typeof classKeys>[number], links: MemberLinks): void {
  const own = links.own(unit);
  for (const name of unit.defines) names.set(name, widerScope(names.get(name), definitionScope(name, own, key)));
}

/**
 * Adds to `names` the attributes the members of the `classes` (by where they start) define as their class's own,
 * each scoped to its class as it was (`before`) and as it is (`after`): an edited header may relate the class to
 * others, or stop relating it, and the members of those classes that read the attributes are analysed again. The
 * other names of the members link by name whatever the header says.
 */
function addClassAttributes(names: Map<string, NameScope>, classes: ReadonlySet<number | undefined>, before: readonly TopLevelUnit[], after: readonly TopLevelUnit[]): void {
  for (const units of [before, after]) {
    const keys = classKeys(units);
    const links = memberLinks(units);
    units.forEach((u, i) => {
      const own = links.own(u);
      if (u.container === undefined || !classes.has(u.container) || u.hasError) return;
      for (const name of own ?? []) if (u.defines.has(name)) names.set(name, widerScope(names.get(name), definitionScope(name, own, keys[i])));
    });
  }
}

/**
 * Marks fresh every unit referring to one of `changedNames`, and then the units referring to the names those
 * define, and so on: their findings may have followed a call into changed code. Few names change per edit, so
 * each pass asks every unit about them rather than indexing all references. A name given as a set changed
 * anywhere; one given with a scope (`attribute-scope.ts`) may have changed only as the own attribute of some
 * classes, and links only to members of classes that may be related to them.
 */
export function markCallers(units: readonly TopLevelUnit[], fresh: boolean[], changedNames: ReadonlySet<string> | ReadonlyMap<string, NameScope>): void {
  const keys = classKeys(units);
  const links = memberLinks(units);
  const asked = new Map<string, NameScope>();
  let pending: [string, NameScope][] = [];
  const ask = (name: string, scope: NameScope): void => {
    const known = asked.get(name);
    const wider = widerScope(known, scope);
    if (wider === known) return;
    asked.set(name, wider);
    pending.push([name, wider]);
  };
  if (changedNames instanceof Map) for (const [name, scope] of changedNames) ask(name, scope);
  else for (const name of changedNames.keys()) ask(name, 'any');
  while (pending.length > 0) {
    const names = pending;
    pending = [];
    units.forEach((u, i) => {
      if (fresh[i] || !names.some(([name, scope]) => links.refers(u, name) && linkHolds(name, links.own(u), keys[i], scope))) return;
      fresh[i] = true;
      for (const defined of u.defines) ask(defined, definitionScope(defined, links.own(u), keys[i]));
    });
  }
}

/**
 * Marks fresh, starting from the units `from`, everything they refer to (by `definers`), the units their
 * previous findings touched (`touchedBy`) and the header of their class (a header's findings may speak for its
 * members; it is small), and so on: everything a fresh unit's findings can depend on.
 */
export function markDependencies(units: readonly TopLevelUnit[], fresh: boolean[], from: number[], definers: ReadonlyMap<string, readonly number[]>, touchedBy: ReadonlyMap<string, number[]>): void {
  const headers = new Map<number, number>();
  units.forEach((u, i) => {
    if (u.role === 'class-header' && u.container !== undefined) headers.set(u.container, i);
  });
  const keys = classKeys(units);
  const links = memberLinks(units);
  const pendingUnits = [...from];
  const markFresh = (j: number | undefined): void => {
    if (j === undefined || fresh[j]) return;
    fresh[j] = true;
    pendingUnits.push(j);
  };
  while (pendingUnits.length > 0) {
    const i = pendingUnits.pop() as number;
    for (const name of units[i].references) {
      if (!links.refers(units[i], name)) continue;
      for (const j of definers.get(name) ?? []) if (unitsLinked(name, links.own(units[i]), keys[i], links.own(units[j]), keys[j])) markFresh(j);
    }
    for (const j of touchedBy.get(String(i)) ?? []) markFresh(j);
    const container = units[i].container;
    if (container !== undefined) markFresh(headers.get(container));
  }
}

/**
 * Statements that may guard the statements after them in their block: the shell and taint rules read an earlier
 * `if` that leaves when a check fails, or an `assert`, as narrowing a value for what follows
 * (`regex-guards.ts`, `taint/guards.ts`). Names do not link them (a guard defines nothing).
 */
const GUARD_TYPES = new Set(['if_statement', 'assert_statement']);

/** Words units list as references that name no value, so two statements sharing them are not linked by them. */
const NOT_VALUES = new Set(['if', 'elif', 'else', 'not', 'and', 'or', 'is', 'in', 'None', 'True', 'False', 'return', 'raise', 'assert', 'pass', 'continue', 'break', 'r', 'f', 'b', 'rb', 'fr', 'rf', 'u', 'null', 'undefined', 'true', 'false', 'throw', 'typeof', 'instanceof', 'new']);

/**
 * Marks fresh every statement that is not isolated (a module-level statement, or a class-level one) and comes
 * after a fresh guard of the same block, or after a guard the edit removed (`removed`, which stood where the new
 * units from `at` start), when it refers to a name the guard refers to: its findings may depend on whether the
 * guard still holds (a module-level `if not COMMIT.fullmatch(rev): raise ...` before `subprocess.run(f"git show
 * {rev}", shell=True)`; a syntax error can also lift a function's statements to the module, differential seed
 * 1017). Returns whether it marked any unit, so the caller adds what those refer to.
 */
export function markGuarded(units: readonly TopLevelUnit[], fresh: boolean[], removed?: { removed: readonly TopLevelUnit[]; at: number }): boolean {
  const guardNames = new Map<number | undefined, Set<string>>();
  const addGuard = (unit: TopLevelUnit): void => {
    if (unit.isolated || !GUARD_TYPES.has(unit.type)) return;
    let names = guardNames.get(unit.container);
    if (!names) guardNames.set(unit.container, (names = new Set()));
    for (const name of unit.references) if (!NOT_VALUES.has(name)) names.add(name);
  };
  let marked = false;
  units.forEach((unit, i) => {
    if (removed && i === removed.at) removed.removed.forEach(addGuard);
    if (unit.isolated) return;
    if (!fresh[i]) {
      const names = guardNames.get(unit.container);
      if (!names || ![...unit.references].some((name) => names.has(name))) return;
      fresh[i] = true;
      marked = true;
    }
    addGuard(unit);
  });
  return marked;
}

/**
 * Whether an edit replaced one function unit by one with the same interface (`interface.ts`) and the same
 * definitions, neither holding a syntax error: then no other unit can see the difference.
 */
function sameInterface(before: readonly TopLevelUnit[], after: readonly TopLevelUnit[]): boolean {
  if (before.length !== 1 || after.length !== 1) return false;
  const [old, edited] = [before[0], after[0]];
  if (old.hasError || edited.hasError || old.interface === undefined || old.interface !== edited.interface) return false;
  if (old.role !== edited.role || old.container !== edited.container || old.defines.size !== edited.defines.size) return false;
  for (const name of old.defines) if (!edited.defines.has(name)) return false;
  return true;
}

/** Moves a position of the previous text to the new one; undefined inside the replaced span. */
function mover(startPosition: Position, oldEndPosition: Position, newEndPosition: Position): (p: Position) => Position | undefined {
  return (p) => {
    if (before(p, startPosition)) return p;
    if (!before(oldEndPosition, p)) return undefined;
    if (p.line !== oldEndPosition.line && newEndPosition.line === oldEndPosition.line) return p;
    return p.line === oldEndPosition.line
      ? { line: newEndPosition.line, column: p.column - oldEndPosition.column + newEndPosition.column }
      : { line: p.line + newEndPosition.line - oldEndPosition.line, column: p.column };
  };
}

export function freshLength(units: readonly TopLevelUnit[], fresh: readonly boolean[]): number {
  let length = 0;
  units.forEach((u, i) => {
    if (fresh[i]) length += u.end - u.start;
  });
  return length;
}

/** The new index of a kept unit, or undefined for a unit the edit replaced. */
function keptUnitIndex(oldUnit: number, before: number, after: number, oldCount: number, newCount: number): number | undefined {
  if (oldUnit < 0) return undefined;
  if (oldUnit < before) return oldUnit;
  if (oldUnit >= oldCount - after) return oldUnit - oldCount + newCount;
  return undefined;
}

const LINE_IN_TEXT = /\bline (\d+)/g;

/**
 * Whether a finding mentions a line at or after `line` (0-based) in its message, its flow or its properties:
 * moving its ranges would leave that text stale.
 */
function namesLineFrom(finding: Finding, line: number): boolean {
  const texts = [finding.message, ...(finding.flow ?? []).map((step) => step.message)];
  for (const text of texts) for (const match of text.matchAll(LINE_IN_TEXT)) if (Number(match[1]) - 1 >= line) return true;
  if (finding.flow?.some((step) => step.path === undefined && step.range.start.line >= line)) return true;
  for (const [key, value] of Object.entries(finding.properties ?? {})) if (/line/i.test(key) && typeof value === 'number' && value - 1 >= line) return true;
  return false;
}

export function countWhile<T>(items: readonly T[], test: (item: T) => boolean): number {
  let n = 0;
  while (n < items.length && test(items[n])) n++;
  return n;
}

export function countFromEnd<T>(items: readonly T[], test: (item: T) => boolean): number {
  let n = 0;
  while (n < items.length && test(items[items.length - 1 - n])) n++;
  return n;
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Whether a fix's new text names one of `names` (it was written knowing whether they were defined). */
function fixNames(finding: Finding, names: { has(name: string): boolean }): boolean {
  for (const fix of finding.fixes) {
    for (const edit of fix.edits) {
      if (edit.file !== undefined) continue;
      for (const word of edit.newText.match(/[A-Za-z_$][\w$]*/g) ?? []) if (names.has(word)) return true;
    }
  }
  return false;
}

/** Every position a finding holds in its own file: its range, its flow and its fixes' edits. */
export function positionsOf(finding: Finding): Position[] {
  const out = [finding.range.start, finding.range.end];
  // Steps in other files (a helper module's lines) are not positions in this one.
  for (const step of finding.flow ?? []) if (step.path === undefined) out.push(step.range.start, step.range.end);
  for (const fix of finding.fixes) for (const edit of fix.edits) if (edit.file === undefined) out.push(edit.range.start, edit.range.end);
  return out;
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.column < b.column);
}

/**
 * A finding with every position in this file moved, or undefined when one of them lies in the edited span.
 * A finding none of whose positions moves is returned as it is (hosts may cache what they derive from it).
 */
function moveFinding(finding: Finding, move: (p: Position) => Position | undefined): Finding | undefined {
  const positions = positionsOf(finding);
  if (positions.every((p) => move(p) === p)) return finding;
  const range = moveRange(finding.range, move);
  if (!range) return undefined;
  let flow = finding.flow;
  if (flow) {
    const steps = [];
    for (const step of flow) {
      if (step.path !== undefined) {
        steps.push(step);
        continue;
      }
      const moved = moveRange(step.range, move);
      if (!moved) return undefined;
      steps.push({ ...step, range: moved });
    }
    flow = steps;
  }
  const fixes = [];
  for (const fix of finding.fixes) {
    const edits = [];
    for (const edit of fix.edits) {
      if (edit.file !== undefined) {
        edits.push(edit);
        continue;
      }
      const moved = moveRange(edit.range, move);
      if (!moved) return undefined;
      edits.push({ ...edit, range: moved });
    }
    fixes.push({ ...fix, edits });
  }
  return { ...finding, range, fixes, ...(flow ? { flow } : {}) };
}

function moveRange(range: Range, move: (p: Position) => Position | undefined): Range | undefined {
  const start = move(range.start);
  const end = move(range.end);
  return start && end ? { start, end } : undefined;
}
