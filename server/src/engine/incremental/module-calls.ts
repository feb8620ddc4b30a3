/**
 * Member calls on modules, which link nothing. A unit calling a method on any object refers to the method's
 * attribute link (`agent.ask(q)` refers to `attr:ask`, `units.ts`): the object may be an instance of a class of
 * the file. But most such calls are functions of imported modules (`torch.load(p)`, `subprocess.run(cmd)`,
 * `json.dumps(x)`), and linked by name they joined every `load` method of a file of model classes to every unit
 * loading a checkpoint, so typing `model = torch.load(path)` at the top of a notebook was a full analysis.
 *
 * No rule reads a call on a module as a call of a method of the file: the taint analysis resolves a receiver
 * bound to an import to that module (`taint/engine.ts`), and the command rules leave calls on a module out of a
 * method's call sites (`member-writes.ts`). So a link a unit reaches only by calling it directly on names it
 * never binds (`TopLevelUnit.moduleCalls`) holds unless every one of those names is a module: bound by top-level
 * `import` statements (`import torch`, `import numpy as np`), and by nothing else in the file. Such a call does not
 * make the name shared with other classes either (`attribute-scope.ts`): the unit's own attributes are taken as
 * if it were not there.
 */

/** The parts of a unit the module test reads (a structural subset of `TopLevelUnit`, which imports nothing from here). */
interface CallingUnit {
  defines: ReadonlySet<string>;
  references: ReadonlySet<string>;
  ownAttributes?: ReadonlySet<string>;
  moduleCalls?: ReadonlyMap<string, readonly string[]>;
  moduleBindings?: ReadonlySet<string>;
}

/** What the links of a file's units are, with its modules taken into account. */
export interface MemberLinks {
  /** The names that are modules throughout the file. */
  modules: ReadonlySet<string>;
  /** Whether a unit refers to `name` through something other than calls on modules. */
  refers(unit: CallingUnit, name: string): boolean;
  /** A unit's own attributes (`TopLevelUnit.ownAttributes`), less those it also calls on an object that is not a module. */
  own(unit: CallingUnit): ReadonlySet<string> | undefined;
}

const KNOWN = new WeakMap<readonly CallingUnit[], MemberLinks>();

/** The member links of `units` (kept per array: a plan asks many times about the same units). */
export function memberLinks(units: readonly CallingUnit[]): MemberLinks {
  const known = KNOWN.get(units);
  if (known) return known;
  const modules = moduleNames(units);
  const owns = new Map<CallingUnit, ReadonlySet<string> | undefined>();
  const links: MemberLinks = {
    modules,
    refers: (unit, name) => unit.references.has(name) && !onModulesOnly(unit, name, modules),
    own: (unit) => {
      if (!unit.ownAttributes || !unit.moduleCalls) return unit.ownAttributes;
      if (!owns.has(unit)) owns.set(unit, ownBeside(unit.ownAttributes, unit.moduleCalls, modules));
      return owns.get(unit);
    },
  };
  KNOWN.set(units, links);
  return links;
}

/** Whether `name` is reached only by calls on modules, given the links a text calls on names it never binds (`referencesIn`). */
export function onModulesOnly(unit: Pick<CallingUnit, 'moduleCalls'>, name: string, modules: ReadonlySet<string>): boolean {
  const roots = unit.moduleCalls?.get(name);
  return roots !== undefined && roots.every((root) => modules.has(root));
}

/** The names bound to modules by top-level `import` statements and by nothing else in the file. */
function moduleNames(units: readonly CallingUnit[]): Set<string> {
  const modules = new Set<string>();
  for (const unit of units) for (const name of unit.moduleBindings ?? []) modules.add(name);
  if (modules.size === 0) return modules;
  for (const unit of units) {
    for (const name of modules) if (unit.defines.has(name) && !unit.moduleBindings?.has(name)) modules.delete(name);
  }
  return modules;
}

/** Own attributes without those also called on an object that is not a module (which may be any class's). */
function ownBeside(own: ReadonlySet<string>, moduleCalls: ReadonlyMap<string, readonly string[]>, modules: ReadonlySet<string>): ReadonlySet<string> {
  let out: Set<string> | undefined;
  for (const [name, roots] of moduleCalls) {
    if (!own.has(name) || roots.every((root) => modules.has(root))) continue;
    out ??= new Set(own);
    out.delete(name);
  }
  return out ?? own;
}
