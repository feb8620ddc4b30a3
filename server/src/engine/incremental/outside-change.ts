/**
 * Plans the analysis of a document whose text did not change while names it imports changed meaning in another
 * module (a helper's taint summary gained a sink, lost a return of model output, moved a step): the host says
 * which names (`EngineDocument.outsideNamesChanged`), and only the units that refer to them are analysed again,
 * with their callers (closed over the names they define, as after an edit of those units) and everything the
 * fresh units' findings can depend on. The other units keep their findings where they are: the text is the same.
 *
 * What another module's summary can change is reached only through a name this file binds to it (an imported
 * function or class, a module, an alias, a name bound to a value of theirs, an attribute assigned one), and each
 * of these refers to the imported name or to a name defined by a unit that does, so the closure covers it; the
 * host adds the module's own names and, for classes, their methods and the snake-case parameter names the walk
 * types by them (`host/summary-changes.ts`).
 */
import type { PreviousRun, PartialPlan } from './plan';
import { freshLength, markCallers, markDependencies, markGuarded, MAX_FRESH_SHARE, positionsOf } from './plan';
import { attributeName, definersOf, unitAt } from './units';

/** The plan for `names` changed outside an unchanged text, or why the whole document must be analysed (`string`). */
export function planOutsideChange(previous: PreviousRun, names: ReadonlySet<string>): PartialPlan | string {
  const units = previous.units;
  const fresh = units.map(() => false);
  // Members of a class also link through the attributes they read (`this.runner.run(...)` refers to `attr:runner`
  // and `attr:run`, `units.ts`): a changed function or method may be reached through one. The import of the
  // changed module refers to the names it imports (`from .tools import run_code as rc`), so what it binds follows.
  const seeds = new Set([...names, ...[...names].map(attributeName)]);
  markCallers(units, fresh, seeds);
  // A previous finding of a fresh unit that touched another unit (a flow into a helper of this file) is
  // analysed with that unit, as after an edit.
  const touchedBy = new Map<string, number[]>();
  for (let f = 0; f < previous.findings.length; f++) {
    const home = previous.unitOf[f];
    for (const p of positionsOf(previous.findings[f])) {
      const other = unitAt(units, previous.index.offsetAt(p));
      if (other >= 0 && other !== home) touchedBy.set(String(home), [...(touchedBy.get(String(home)) ?? []), other]);
    }
  }
  const definers = definersOf(units);
  markDependencies(units, fresh, units.map((_, i) => i).filter((i) => fresh[i]), definers, touchedBy);
  // A fresh module-level guard (`if not validate(rev): raise`, `validate` imported from the changed module) is analysed with the statements it guards.
  while (markGuarded(units, fresh)) markDependencies(units, fresh, units.map((_, i) => i).filter((i) => fresh[i]), definers, touchedBy);
  if (freshLength(units, fresh) > previous.text.length * MAX_FRESH_SHARE) return 'names imported from a changed module reach most of the file';
  const carried: PartialPlan['carried'] = [];
  const carriedUnits: number[] = [];
  for (let f = 0; f < previous.findings.length; f++) {
    const unit = previous.unitOf[f];
    if (fresh[unit]) continue;
    carried.push(previous.findings[f]);
    carriedUnits.push(unit);
  }
  return { fresh, carried, carriedUnits, approximate: false };
}

