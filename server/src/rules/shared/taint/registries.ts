/**
 * Registries of classes or instances written as literals (`LANGUAGES = {"python": Python, "shell": Shell}`,
 * `HANDLERS = [ShellHandler(), EvalHandler()]`) and the lookups that pick one at run time (`LANGUAGES[name]`,
 * `HANDLERS.get(kind, Default)`), read syntactically for the taint analysis's dynamic dispatch; and top-level
 * registries of functions (`TOOLS = {"run": run_code}`) that a module exports to its importers.
 */
import type { Node } from 'web-tree-sitter';

/** A registry can list this many entries before the rest are ignored (a huge table is data, not dispatch). */
const MAX_ENTRIES = 64;

/** The values a dict, list, tuple or set literal holds (JS objects and arrays too); undefined for anything else. */
export function collectionValues(node: Node): Node[] | undefined {
  switch (node.type) {
    case 'dictionary':
    case 'object': {
      const out: Node[] = [];
      for (const entry of node.namedChildren) {
        if (!entry || out.length >= MAX_ENTRIES) continue;
        if (entry.type === 'pair') {
          const value = entry.childForFieldName('value');
          if (value) out.push(value);
        } else if (entry.type === 'shorthand_property_identifier') out.push(entry);
      }
      return out;
    }
    case 'list':
    case 'tuple':
    case 'set':
    case 'array':
      return node.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment' && c.type !== 'list_splat' && c.type !== 'spread_element').slice(0, MAX_ENTRIES);
    default:
      return undefined;
  }
}

/** `R[key]`, `R.get(key)` or `R.get(key, fallback)`: the registry expression and the fallback entry, else undefined. */
export function registryPick(node: Node): { registry: Node; fallback?: Node } | undefined {
  if (node.type === 'subscript' || node.type === 'subscript_expression') {
    const registry = node.childForFieldName(node.type === 'subscript' ? 'value' : 'object');
    return registry ? { registry } : undefined;
  }
  if (node.type !== 'call' && node.type !== 'call_expression') return undefined;
  const fn = node.childForFieldName('function');
  if (!fn || (fn.type !== 'attribute' && fn.type !== 'member_expression')) return undefined;
  if (fn.childForFieldName(fn.type === 'attribute' ? 'attribute' : 'property')?.text !== 'get') return undefined;
  const registry = fn.childForFieldName('object');
  const args = node.childForFieldName('arguments')?.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment') ?? [];
  if (!registry || args.length === 0 || args.length > 2) return undefined;
  const fallback = args[1]?.type === 'keyword_argument' ? undefined : args[1];
  return { registry, ...(fallback ? { fallback } : {}) };
}

/** A top-level `NAME = {"a": fa, "b": fb}` / `[fa, fb]` (or `const NAME = {...}`) whose entries are all names: a registry of functions. */
export function functionRegistry(node: Node): { name: string; entries: string[] } | undefined {
  const statement = node.type === 'export_statement' ? node.childForFieldName('declaration') : node;
  const binding = statement?.type === 'expression_statement' ? statement.namedChild(0) : statement?.type === 'lexical_declaration' || statement?.type === 'variable_declaration' ? statement.namedChildren.find((c) => c?.type === 'variable_declarator') : undefined;
  const name = binding?.childForFieldName(binding.type === 'assignment' ? 'left' : 'name');
  const value = binding?.childForFieldName(binding.type === 'assignment' ? 'right' : 'value');
  if (!binding || name?.type !== 'identifier' || !value) return undefined;
  const entries = collectionValues(value);
  if (!entries || entries.length === 0 || !entries.every((e) => e.type === 'identifier' || e.type === 'shorthand_property_identifier')) return undefined;
  return { name: name.text, entries: entries.map((e) => e.text) };
}
