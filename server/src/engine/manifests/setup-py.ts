/**
 * setup.py, read statically from its syntax tree and never run: the `setup(...)` call's
 * `install_requires`, `setup_requires`, `tests_require`, `extras_require` and `dependency_links` when
 * they are literal lists (names bound once to a literal list are followed; anything else is skipped).
 */
import type { Node } from 'web-tree-sitter';
import { parseRequirement } from './pep508';
import { emptyManifest } from './types';
import type { DependencyRole, ParsedManifest } from './types';

const LIST_KEYWORDS: Record<string, DependencyRole> = { install_requires: 'install', setup_requires: 'build', tests_require: 'install' };

/** Parses the dependencies of a setup.py tree. Offsets are tree-sitter indices (UTF-16 in web-tree-sitter). */
export function parseSetupPy(root: Node): ParsedManifest {
  const out = emptyManifest();
  const assignments = literalAssignments(root);
  for (const call of root.descendantsOfType('call')) {
    if (!call) continue;
    const fn = call.childForFieldName('function');
    if (!fn || !/^(setuptools\.|distutils\.core\.)?setup$/.test(fn.text)) continue;
    const args = call.childForFieldName('arguments');
    for (const arg of args?.namedChildren ?? []) {
      if (arg?.type !== 'keyword_argument') continue;
      const key = arg.childForFieldName('name')?.text;
      const value = resolve(arg.childForFieldName('value'), assignments);
      if (!key || !value) continue;
      if (key === 'name') {
        const name = stringContent(value);
        if (name) out.projectName = name.value;
      } else if (LIST_KEYWORDS[key]) {
        addList(value, key, LIST_KEYWORDS[key], out);
      } else if (key === 'extras_require' && value.type === 'dictionary') {
        for (const pair of value.namedChildren) {
          if (pair?.type !== 'pair') continue;
          const extra = stringContent(pair.childForFieldName('key'))?.value ?? 'extra';
          addList(resolve(pair.childForFieldName('value'), assignments), `extras_require.${extra}`, 'install', out);
        }
      } else if (key === 'dependency_links') {
        for (const item of listItems(value)) {
          const s = stringContent(item);
          if (s) out.sources.push({ kind: 'dependency-links', url: s.value, span: s.span, entrySpan: { start: item.startIndex, end: item.endIndex } });
        }
      }
    }
  }
  return out;
}

function addList(node: Node | undefined, group: string, role: DependencyRole, out: ParsedManifest): void {
  if (!node) return;
  if (node.type === 'string') {
    // setuptools also accepts one newline-separated string.
    const s = stringContent(node);
    if (!s) return;
    let offset = 0;
    for (const line of s.value.split('\n')) {
      if (line.trim() !== '' && !line.trim().startsWith('#')) push(line, s.span.start + offset, group, role, out, { start: s.span.start + offset, end: s.span.start + offset + line.length });
      offset += line.length + 1;
    }
    return;
  }
  for (const item of listItems(node)) {
    const s = stringContent(item);
    if (s) push(s.value, s.span.start, group, role, out, { start: item.startIndex, end: item.endIndex });
  }
}

function push(text: string, start: number, group: string, role: DependencyRole, out: ParsedManifest, entry: { start: number; end: number }): void {
  const parsed = parseRequirement(text, start, group, role, entry);
  if (parsed.dependency) out.dependencies.push(parsed.dependency);
  else if (parsed.error) out.diagnostics.push(parsed.error);
}

function listItems(node: Node): Node[] {
  if (node.type !== 'list' && node.type !== 'tuple') return [];
  return node.namedChildren.filter((n): n is Node => n !== null && n.type === 'string');
}

/** The content of a plain (non-f, non-concatenated) string literal and its span inside the quotes. */
export function stringContent(node: Node | null | undefined): { value: string; span: { start: number; end: number } } | undefined {
  if (!node || node.type !== 'string') return undefined;
  const parts = node.namedChildren.filter((n): n is Node => n !== null);
  if (parts.some((p) => p.type === 'interpolation')) return undefined;
  const content = parts.find((p) => p.type === 'string_content');
  const start = parts.find((p) => p.type === 'string_start');
  if (!start) return undefined;
  if (/[fF]/.test(start.text)) return undefined;
  if (!content) return { value: '', span: { start: start.endIndex, end: start.endIndex } };
  if (parts.some((p) => p.type === 'escape_sequence')) {
    const end = parts.find((p) => p.type === 'string_end');
    const raw = node.text.slice(start.text.length, node.text.length - (end?.text.length ?? 0));
    return { value: raw.replace(/\\(.)/g, '$1'), span: { start: start.endIndex, end: end?.startIndex ?? node.endIndex } };
  }
  return { value: content.text, span: { start: content.startIndex, end: content.endIndex } };
}

/** Module-level `NAME = [ ... ]` / `NAME = "..."` / `NAME = { ... }` bound exactly once. */
function literalAssignments(root: Node): Map<string, Node> {
  const counts = new Map<string, number>();
  const values = new Map<string, Node>();
  for (const stmt of root.namedChildren) {
    const expr = stmt?.type === 'expression_statement' ? stmt.namedChild(0) : undefined;
    if (expr?.type !== 'assignment') continue;
    const left = expr.childForFieldName('left');
    const right = expr.childForFieldName('right');
    if (left?.type !== 'identifier' || !right) continue;
    counts.set(left.text, (counts.get(left.text) ?? 0) + 1);
    values.set(left.text, right);
  }
  for (const [name, n] of counts) if (n !== 1) values.delete(name);
  return values;
}

function resolve(node: Node | null | undefined, assignments: Map<string, Node>): Node | undefined {
  if (!node) return undefined;
  if (node.type === 'identifier') return assignments.get(node.text);
  return node;
}
