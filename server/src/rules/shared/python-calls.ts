/**
 * Helpers for Python rules that flag calls to named functions: resolve each call's callee to a
 * qualified name once and hand the matching calls to the rule.
 */
import type { Node } from 'web-tree-sitter';
import type { AstContext } from '../../engine/rule';

export interface ResolvedCall {
  call: Node;
  callee: Node;
  /** The qualified name, e.g. `pickle.loads`. */
  qualified: string;
}

/** A call with its callee node and, when it resolves, its qualified name. */
export interface CallSite {
  readonly call: Node;
  readonly callee: Node;
  readonly qualified: string | undefined;
}

// Keyed by the per-analysis calls array, so each file's calls are collected once for all Python rules.
const callSites = new WeakMap<readonly Node[], CallSite[]>();

/**
 * Every call of the file with its callee; `qualified` is resolved on first read and then remembered, so
 * rules that only look at some calls never pay for resolving the others (computed once per analysis and
 * shared by the rules).
 */
export function resolvedCalls(ctx: AstContext): readonly CallSite[] {
  const calls = ctx.calls();
  let sites = callSites.get(calls);
  if (!sites) {
    const scope = ctx.python();
    sites = [];
    for (const call of calls) {
      const callee = call.childForFieldName('function');
      if (callee) sites.push(new LazyCallSite(call, callee, scope));
    }
    callSites.set(calls, sites);
  }
  return sites;
}

class LazyCallSite implements CallSite {
  private resolved = false;
  private name: string | undefined;

  constructor(
    readonly call: Node,
    readonly callee: Node,
    private readonly scope: ReturnType<AstContext['python']>,
  ) {}

  get qualified(): string | undefined {
    if (!this.resolved) {
      this.name = this.scope.qualifiedName(this.callee);
      this.resolved = true;
    }
    return this.name;
  }
}

// The last segment of every target name, per target set.
const lastSegmentsOf = new WeakMap<ReadonlySet<string>, Set<string>>();

/** Every call whose callee resolves to one of `names` (exact qualified names). */
export function pythonCallsTo(ctx: AstContext, names: ReadonlySet<string>): ResolvedCall[] {
  let lastSegments = lastSegmentsOf.get(names);
  if (!lastSegments) {
    lastSegments = new Set([...names].map((n) => n.slice(n.lastIndexOf('.') + 1)));
    lastSegmentsOf.set(names, lastSegments);
  }
  const out: ResolvedCall[] = [];
  for (const site of resolvedCalls(ctx)) {
    // An attribute callee resolves to `<object>.<attribute>`, so its attribute must be a target's last
    // segment; checking that first spares resolving the many `self.x()` and `obj.method()` calls.
    if (site.callee.type === 'attribute') {
      const attribute = site.callee.childForFieldName('attribute');
      if (attribute && !lastSegments.has(attribute.text)) continue;
    }
    const qualified = site.qualified;
    if (qualified !== undefined && names.has(qualified)) out.push({ call: site.call, callee: site.callee, qualified });
  }
  return out;
}

/** True when the expression is a string literal (or a name bound once to one). */
export function isLiteralString(ctx: AstContext, node: Node | undefined): boolean {
  if (!node) return false;
  return ctx.python().literalValue(node)?.kind === 'string';
}

/**
 * Python truthiness of an argument as far as it is statically known: `true`/`false`, or undefined when
 * the value is not a literal. Strings are truthy when non-empty, so `'False'` is true (a Bandit trap).
 */
export function literalTruthiness(ctx: AstContext, node: Node | undefined): boolean | undefined {
  if (!node) return undefined;
  const value = ctx.python().literalValue(node);
  if (!value) return undefined;
  switch (value.kind) {
    case 'bool': return value.value;
    case 'none': return false;
    case 'number': return value.value !== 0;
    case 'string': return value.value.length > 0;
    case 'collection': return !value.empty;
    case 'name': return undefined;
  }
}

/**
 * Prefilter keywords that catch `name` being imported by a from-import (`from torch import load`,
 * `from yaml import load, CSafeLoader`, `from torch import (\n    load,\n)`, `... import load as tl`)
 * or a star import, without matching longer names such as `load_iris`.
 */
export function importedNameKeywords(name: string): string[] {
  return ['import *', `import ${name}\n`, `import ${name}\r`, `import ${name},`, `import ${name} `, `, ${name}\n`, `, ${name},`, `, ${name})`, `, ${name} `, ` ${name},\n`, `(${name},`, `(${name})`];
}
