/**
 * Collections of instances an object is handed when it is made (Anthropic's computer-use `ToolCollection`:
 * `ToolCollection(ComputerTool(), BashTool())` keeps `self.tool_map = {tool.to_params()["name"]: tool for tool in
 * tools}` and runs `self.tool_map.get(name)(**tool_input)`). Which class runs is decided by whoever constructs the
 * collection, so a method calling an entry says so in its summary (`TaintHeldCall`), and the code that constructs
 * it (and calls the method with model output) applies the called method of every instance it gave.
 *
 * Read syntactically, Python only: the attribute is assigned in `__init__` from one of its parameters, as is, as
 * `list(p)`/`tuple(p)`/`dict(p)`, or as a comprehension whose entries are the parameter's items.
 */
import type { Node } from 'web-tree-sitter';
import type { TaintHeldCall } from '../../../engine/ports';

/** The constructor parameter a collection attribute is built from (index among the call's arguments, without `self`). */
export type HeldSource = TaintHeldCall['ctor'];

/** The `__init__` of a class body (Python), else undefined. */
function initOf(body: Node): Node | undefined {
  for (const member of body.namedChildren) {
    const def = member?.type === 'decorated_definition' ? member.childForFieldName('definition') : member;
    if (def?.type === 'function_definition' && def.childForFieldName('name')?.text === '__init__') return def;
  }
  return undefined;
}

/** `__init__`'s parameters after `self`: name and whether it gathers positional arguments (`*tools`). */
function initParams(init: Node): { name: string; variadic: boolean }[] {
  const out: { name: string; variadic: boolean }[] = [];
  for (const p of init.childForFieldName('parameters')?.namedChildren ?? []) {
    if (!p || p.type === 'comment' || p.type === 'keyword_separator' || p.type === 'positional_separator') continue;
    const variadic = p.type === 'list_splat_pattern' || p.namedChild(0)?.type === 'list_splat_pattern';
    const id = p.type === 'identifier' ? p : p.descendantsOfType('identifier')[0];
    if (id) out.push({ name: id.text, variadic });
  }
  return out.slice(1);
}

/** The parameter name a value is built from: `p`, `list(p)`, `{k(t): t for t in p}`, `[t for t in p]`; else undefined. */
function builtFrom(value: Node): string | undefined {
  if (value.type === 'identifier') return value.text;
  if (value.type === 'call') {
    const fn = value.childForFieldName('function')?.text;
    const args = value.childForFieldName('arguments')?.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment') ?? [];
    return (fn === 'list' || fn === 'tuple' || fn === 'dict') && args.length === 1 && args[0].type === 'identifier' ? args[0].text : undefined;
  }
  if (value.type !== 'dictionary_comprehension' && value.type !== 'list_comprehension' && value.type !== 'set_comprehension') return undefined;
  const body = value.childForFieldName('body');
  const loop = value.namedChildren.find((c) => c?.type === 'for_in_clause');
  const item = loop?.childForFieldName('left');
  const source = loop?.childForFieldName('right');
  const entry = body?.type === 'pair' ? body.childForFieldName('value') : body;
  if (!item || item.type !== 'identifier' || source?.type !== 'identifier' || entry?.text !== item.text) return undefined;
  return source.text;
}

/** What `self.<attribute>` of a class is built from: a parameter of its `__init__` holding instances; else undefined. */
export function heldSource(body: Node, attribute: string): HeldSource | undefined {
  const init = initOf(body);
  if (!init) return undefined;
  const params = initParams(init);
  for (const a of init.descendantsOfType('assignment')) {
    if (a?.childForFieldName('left')?.text !== `self.${attribute}`) continue;
    const right = a.childForFieldName('right');
    const name = right ? builtFrom(right) : undefined;
    const index = params.findIndex((p) => p.name === name);
    if (index >= 0) return { index, name: params[index].name, variadic: params[index].variadic };
  }
  return undefined;
}

/** True when a top-level class of the module keeps a collection built from a constructor parameter (worth a summary). */
export function holdsInstances(root: Node): boolean {
  for (const child of root.namedChildren) {
    const def = child?.type === 'decorated_definition' ? child.childForFieldName('definition') : child;
    const body = def?.type === 'class_definition' ? def.childForFieldName('body') : undefined;
    const init = body ? initOf(body) : undefined;
    if (!init) continue;
    const params = initParams(init).map((p) => p.name);
    for (const a of init.descendantsOfType('assignment')) {
      const left = a?.childForFieldName('left')?.text;
      const right = a?.childForFieldName('right');
      const name = right ? builtFrom(right) : undefined;
      if (left?.startsWith('self.') && name && params.includes(name) && right?.type !== 'identifier') return true;
    }
  }
  return false;
}
