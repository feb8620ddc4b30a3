/**
 * Fixes that move a hard-coded secret to the environment. Every one is `unsafe`: the program then
 * needs the variable at run time, and moving the literal does not un-leak a committed key.
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { Fix, TextEdit } from '../../engine/finding';
import type { LanguageId, TextContext } from '../../engine/rule';
import type { Binding } from './syntax';
import { stringContentRange } from './syntax';

export interface FixSite {
  ctx: TextContext;
  tree: Tree;
  language: LanguageId;
  literal: Node;
  /** Offsets of the secret inside the literal. */
  start: number;
  end: number;
  value: string;
  binding: Binding;
  envVar: string;
  /** Facts computed once per analysed file and shared by its fixes. */
  fileState: FixFileState;
  /** SDK constructors that read `envVar` themselves, when the provider has such an SDK. */
  sdk?: { callees: readonly string[]; keywords: readonly string[]; envVar: string };
}

export interface FixFileState {
  /** Where `import os` goes, or -1 when the file already imports it. */
  importOsAt?: number;
}

/** The fixes for one literal, the preferred one first; empty when no edit would be correct. */
export function secretFixes(site: FixSite): Fix[] {
  const primary = primaryEdits(site);
  if (!primary) return [];
  // Both remove the literal without storing it: only the `.env` fix keeps the value, so only it may be
  // applied in bulk (see `Fix.losesValue`).
  const fixes: Fix[] = [{ title: primary.title, applicability: 'unsafe', edits: primary.edits, preferred: true, losesValue: true }];
  const read = envReadEdits(site);
  if (read && primary.kind !== 'read') fixes.push({ title: read.title, applicability: 'unsafe', edits: read.edits, losesValue: true });
  const base = read ?? primary;
  fixes.push({
    title: `Move the value to .env as ${site.envVar} and git-ignore .env`,
    applicability: 'unsafe',
    edits: [...base.edits, ...dotenvEdits(site.envVar, site.value)],
  });
  return fixes;
}

/**
 * The edits that store a value in `.env` and keep `.env` out of git. The host appends each text to its
 * file (creating it), adds a line break first when the file does not end with one, and skips the
 * `.gitignore` edit when a pattern there already covers `.env` (see `gitignoreCovers`).
 */
export function dotenvEdits(envVar: string, value: string): TextEdit[] {
  const zero = { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } };
  const quoted = /^[A-Za-z0-9_./+=:@~-]+$/.test(value) ? value : `"${value.replace(/(["\\$`])/g, '\\$1')}"`;
  return [
    { range: zero, newText: `${envVar}=${quoted}\n`, file: '.env', appendToFile: true },
    { range: zero, newText: '.env\n', file: '.gitignore', appendToFile: true },
  ];
}

interface EditPlan {
  kind: 'drop' | 'read' | 'env';
  title: string;
  edits: TextEdit[];
}

function primaryEdits(site: FixSite): EditPlan | undefined {
  const { binding } = site;
  if (binding.kind === 'env-default') {
    return { kind: 'env', title: `Remove the hard-coded default of ${binding.envName}`, edits: [edit(site, binding.removeStart, binding.removeEnd, '')] };
  }
  if (binding.kind === 'env-fallback') {
    return { kind: 'env', title: `Remove the hard-coded fallback for ${binding.envName}`, edits: [edit(site, binding.expression.startIndex, binding.expression.endIndex, binding.lookup.text)] };
  }
  if (binding.kind === 'env-assignment') {
    return { kind: 'env', title: `Remove the assignment and set ${binding.envName} outside the code`, edits: [removeStatement(site, binding.statement)] };
  }
  const drop = dropArgument(site);
  if (drop) return drop;
  return envReadEdits(site);
}

/** `OpenAI(api_key="…")` → `OpenAI()`: the SDK reads its own variable. */
function dropArgument(site: FixSite): EditPlan | undefined {
  const { binding, sdk } = site;
  if (!sdk || binding.kind !== 'argument' || !binding.callee || !binding.name || !binding.call) return undefined;
  if (sdk.envVar !== site.envVar || !sdk.keywords.includes(binding.name)) return undefined;
  const calleeName = binding.callee.split('.').pop() ?? '';
  if (!sdk.callees.includes(calleeName) || !isExactLiteral(site)) return undefined;
  const holder = binding.holder;
  const container = holder.parent;
  if (!container) return undefined;
  const siblings = container.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
  const index = siblings.findIndex((c) => c.id === holder.id);
  if (index < 0) return undefined;
  let start = holder.startIndex;
  let end = holder.endIndex;
  if (site.language !== 'python' && siblings.length === 1 && container.type === 'object' && container.parent?.type === 'arguments') {
    const args = container.parent.namedChildren.filter((c): c is Node => c !== null);
    if (args.length === 1) {
      start = container.startIndex;
      end = container.endIndex;
      return { kind: 'drop', title: `Remove the key: ${calleeName} reads ${site.envVar} itself`, edits: [edit(site, start, end, '')] };
    }
  }
  if (index + 1 < siblings.length) end = siblings[index + 1]!.startIndex;
  else if (index > 0) start = siblings[index - 1]!.endIndex;
  return { kind: 'drop', title: `Remove the key: ${calleeName} reads ${site.envVar} itself`, edits: [edit(site, start, end, '')] };
}

/** Replaces the literal (or the secret inside it) with a read of the environment variable. */
function envReadEdits(site: FixSite): EditPlan | undefined {
  const { language, envVar, literal } = site;
  const title = language === 'python' ? `Read the key from os.environ["${envVar}"]` : `Read the key from process.env.${envVar}`;
  if (isExactLiteral(site)) {
    const read = language === 'python' ? `os.environ["${envVar}"]` : `process.env.${envVar}`;
    const edits = [edit(site, literal.startIndex, literal.endIndex, read)];
    if (language === 'python') edits.push(...importOsEdits(site));
    return { kind: 'read', title, edits };
  }
  // The secret is part of a longer literal ("Bearer sk-…"): interpolate the variable instead.
  const text = literal.text;
  const content = stringContentRange(literal);
  if (language === 'python') {
    const prefix = text.slice(0, text.search(/["']/));
    if (/[bBfF]/.test(prefix) || text.includes('{') || text.includes('}') || content.start - literal.startIndex > prefix.length + 1) return undefined;
    const quote = text[prefix.length];
    const inner = quote === '"' ? `{os.environ['${envVar}']}` : `{os.environ["${envVar}"]}`;
    const edits = [edit(site, literal.startIndex, literal.startIndex + prefix.length, `f${prefix}`), edit(site, site.start, site.end, inner), ...importOsEdits(site)];
    return { kind: 'read', title, edits };
  }
  if (literal.type !== 'string' || text.includes('`') || text.includes('${')) return undefined;
  const before = site.ctx.text.slice(content.start, site.start);
  const after = site.ctx.text.slice(site.end, content.end);
  return { kind: 'read', title, edits: [edit(site, literal.startIndex, literal.endIndex, `\`${before}\${process.env.${envVar}}${after}\``)] };
}

function isExactLiteral(site: FixSite): boolean {
  const content = stringContentRange(site.literal);
  return content.start === site.start && content.end === site.end && site.literal.type === 'string';
}

/** `import os` after the module docstring and `__future__` imports, unless `os` is already imported. */
function importOsEdits(site: FixSite): TextEdit[] {
  const text = site.ctx.text;
  // Computed once per file: a file with thousands of findings must not rescan itself for each.
  site.fileState.importOsAt ??= /^[ \t]*import[ \t]+[\w., \t]*\bos\b(?![.\w])/m.test(text) ? -1 : importInsertOffset(site);
  const insertAt = site.fileState.importOsAt;
  if (insertAt < 0) return [];
  const atLineStart = insertAt === 0 || text[insertAt - 1] === '\n' || (insertAt === 1 && text.startsWith('\uFEFF'));
  return [edit(site, insertAt, insertAt, atLineStart ? 'import os\n' : '\nimport os\n')];
}

function importInsertOffset(site: FixSite): number {
  const text = site.ctx.text;
  let insertAt = 0;
  for (const child of site.tree.rootNode.namedChildren) {
    if (!child) continue;
    const isDocstring = child.type === 'expression_statement' && child.namedChildren[0]?.type === 'string' && insertAt === 0;
    if (child.type === 'comment' || child.type === 'future_import_statement' || isDocstring) {
      insertAt = lineEnd(text, child.endIndex);
      continue;
    }
    break;
  }
  // Keep a shebang or encoding line first, and a byte-order mark an editor left in the text before everything.
  const bom = text.startsWith('\uFEFF') ? 1 : 0;
  if (insertAt === 0 && /^\uFEFF?#(?:!|.*coding[:=])/.test(text.slice(0, 200))) insertAt = lineEnd(text, 0);
  return Math.max(insertAt, bom);
}

function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

/** Removes a statement with its line; a Python block left empty gets `pass`. */
function removeStatement(site: FixSite, statement: Node): TextEdit {
  const text = site.ctx.text;
  const block = statement.parent;
  const alone = site.language === 'python' && block?.type === 'block' && block.namedChildren.filter((c) => c !== null && c.type !== 'comment').length === 1;
  if (alone) return edit(site, statement.startIndex, statement.endIndex, 'pass');
  let start = statement.startIndex;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  const onlyOnLine = start === 0 || text[start - 1] === '\n';
  const end = onlyOnLine ? lineEnd(text, statement.endIndex) : statement.endIndex;
  return edit(site, onlyOnLine ? start : statement.startIndex, end, '');
}

function edit(site: FixSite, start: number, end: number, newText: string): TextEdit {
  return { range: site.ctx.rangeOf(start, end), newText };
}
