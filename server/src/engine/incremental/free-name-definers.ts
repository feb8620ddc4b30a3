/**
 * Which units can give a value to a name that an inert statement of a Python function reads (`interface.ts`), for
 * the early cutoff's parse (`planInertEdit` in `plan.ts`). An inert statement binds only names of its own, so every
 * other name it reads is free in the function and resolves in the module's scope: a class body's names and
 * another function's locals are never visible to it. Units name a collection changed in place as its definition
 * (`units.ts`: `result[k] = v`, `d.update(x)`, for the shell rules' module-level tables), and in a class of many
 * methods such a link to a method's local `result` or `d` pulled, through the attributes of `self`, most of the
 * file into the parse of a statement typed as a bare `result`. The methods' definitions of a plain name are kept
 * only when the module binds that name too (a module-level unit defines it, or a method declares it `global`):
 * then a method may change the module's table. So are they when a method defines a function or class of that
 * name at any depth, which the rules resolve a bare call to when the file defines it once. Link names (`attr:`,
 * `new:`, `io:`) keep all their definers.
 */
import type { TopLevelUnit } from './units';

/** The units among `definers` (of `name`) that can give the free name `name` of a Python function its value. */
export function freeNameDefiners(units: readonly TopLevelUnit[], definers: readonly number[], name: string, text: string): readonly number[] {
  if (name.includes(':') || definers.some((j) => notAMethod(units[j]) || bindsBeyondItself(text.slice(units[j].start, units[j].end), name))) return definers;
  return [];
}

/**
 * A unit that is not a method (a top-level statement or function, a class header, a class-level statement), whose
 * plain names are taken as the module's: a class-level name is read in a method only through the class, yet stays
 * a definer (such units are few and small).
 */
function notAMethod(unit: TopLevelUnit): boolean {
  return unit.role !== 'method';
}

/** Whether the code holds a `global` statement naming `name` (`global a, name`), a `def` or `class` of that name, or an argparse option. */
function bindsBeyondItself(code: string, name: string): boolean {
  for (const match of code.matchAll(GLOBAL_STATEMENT)) if ((match[1] ?? '').split(',').some((n) => n.trim() === name)) return true;
  for (const match of code.matchAll(DEFINITION)) if (match[1] === name) return true;
  // An argparse option defines its destination's name (`units.ts`), which the safety-switch rules follow.
  return code.includes('add_argument');
}

const DEFINITION = /\b(?:def|class)[ \t]+([A-Za-z_]\w*)/g;

const GLOBAL_STATEMENT = /\bglobal[ \t]+([A-Za-z_][\w \t,]*)/g;
