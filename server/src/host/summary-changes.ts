/**
 * What changed between two taint summaries of one module, as the names an importer can reach it through: the
 * language server re-checks only the units of an open file that use these (`EngineDocument.outsideNamesChanged`),
 * and nothing when the summary is the same (an edit of a helper's body that reaches no sink, return or attribute).
 */
import type { TaintModuleSummary } from '../engine/index';
import type { TaintDependents } from './taint-dependents';

/**
 * The names whose meaning differs between `before` and `after` (the module imported as `spec`), an empty set when
 * the summaries are equal, or undefined when the change cannot be narrowed to names (the module appeared or went,
 * or the depth bound cut it on one side).
 */
export function changedSummaryNames(spec: string, before: TaintModuleSummary | undefined, after: TaintModuleSummary | undefined): Set<string> | undefined {
  if (before === after) return new Set();
  if (!before || !after || before.path !== after.path || before.beyondBound !== after.beyondBound) return undefined;
  const names = new Set<string>();
  for (const name of changedKeys(before.functions, after.functions)) names.add(name);
  for (const name of changedKeys(before.reexports, after.reexports)) names.add(name);
  for (const name of changedKeys(before.classes, after.classes)) {
    names.add(name);
    // A parameter named after the class in snake case is typed by it (`chat_env` → `ChatEnv`), and a method is
    // called on receivers typed in ways the unit may not name.
    names.add(snakeCase(name));
    for (const method of Object.keys({ ...before.classes[name]?.methods, ...after.classes[name]?.methods })) names.add(method);
  }
  const registries = changedKeys(before.registries ?? {}, after.registries ?? {});
  for (const name of registries) {
    names.add(name);
    for (const entry of [...(before.registries?.[name] ?? []), ...(after.registries?.[name] ?? [])]) names.add(entry);
  }
  // The import itself names the module (`from .tools import x`, `import app.tools as t`, `'./tools'`): its unit
  // refreshes whatever it binds.
  if (names.size > 0) for (const part of spec.split(/[./\\]+/)) if (/^[A-Za-z_$][\w$]*$/.test(part)) names.add(part);
  return names;
}

/**
 * The names whose summary changed for `dependant` now that `module` changed (an empty set: nothing it used
 * changed), or undefined when only a full analysis is safe (it used the module otherwise than by asking for its
 * summary, or a change cannot be named). `summaryNow` gives the module's summary as the dependant imports it
 * (`spec`), now; asking builds it, and the dependant's own analysis then finds it in the summaries' cache.
 */
export function dependantChange(dependents: TaintDependents, dependant: string, module: string, summaryNow: (spec: string) => TaintModuleSummary | undefined): Set<string> | undefined {
  const asked = dependents.askedSummaries(dependant, module);
  if (!asked) return undefined;
  const names = new Set<string>();
  for (const [spec, before] of [...asked]) {
    const changed = changedSummaryNames(spec, before, summaryNow(spec));
    if (!changed) return undefined;
    for (const name of changed) names.add(name);
  }
  return names;
}

function changedKeys(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) out.push(key);
  }
  return out;
}

function snakeCase(name: string): string {
  return name.replace(/(?<=[a-z0-9])([A-Z])/g, '_$1').replace(/(?<=[A-Z])([A-Z][a-z])/g, '_$1').toLowerCase();
}
