/**
 * The edits behind "Ignore AIS101 on this line" and "Ignore AIS101 in this file". A line suppression is
 * a comment line above the finding (`# aisec: ignore[AIS101]`, with the finding's indentation), which
 * the engine honours and which never changes what the code does; a file suppression is a comment at the
 * top of the file. Existing directives are extended rather than duplicated.
 */
import type { TextEdit } from 'vscode-languageserver';
import type { FileKind } from '../engine/index';
import { TextIndex, configSyntaxOf } from '../engine/index';

/**
 * How a comment is written in a file kind; undefined when the format has no comments (JSON). Assistant
 * configuration takes its syntax from the inventory: JSONC and TOML/YAML have comments, plain JSON none.
 */
export function commentStyle(kind: FileKind, path = ''): { open: string; close: string } | undefined {
  switch (kind) {
    case 'mcp-config':
    case 'agent-settings': {
      const syntax = configSyntaxOf(path);
      return syntax === 'jsonc' ? { open: '// ', close: '' } : syntax === 'toml' || syntax === 'yaml' ? { open: '# ', close: '' } : undefined;
    }
    case 'javascript':
    case 'typescript':
    case 'tsx':
      return { open: '// ', close: '' };
    case 'markdown':
    case 'agent-instructions':
      return { open: '<!-- ', close: ' -->' };
    case 'json':
    case 'package-json':
    case 'package-lock':
    case 'notebook':
    case 'model':
    case 'keystore':
      return undefined;
    default:
      return { open: '# ', close: '' };
  }
}

const LINE_DIRECTIVE = /aisec:\s*ignore\[([^\]\n]*)\]/;
const FILE_DIRECTIVE = /aisec:\s*ignore-file\[([^\]\n]*)\]/;

export function ignoreOnLineEdit(text: string, kind: FileKind, line: number, ruleId: string, path = ''): TextEdit | undefined {
  const style = commentStyle(kind, path);
  if (!style) return undefined;
  const index = new TextIndex(text);
  const lineText = index.lineText(line);
  const above = line > 0 ? index.lineText(line - 1) : undefined;
  // Extend a directive that is alone on the line above.
  if (above !== undefined && /^\s*(#|\/\/|<!--)/.test(above)) {
    const extended = extendDirective(above, LINE_DIRECTIVE, ruleId, line - 1);
    if (extended) return extended;
  }
  const indent = /^\s*/.exec(lineText)?.[0] ?? '';
  return {
    range: { start: { line, character: 0 }, end: { line, character: 0 } },
    newText: `${indent}${style.open}aisec: ignore[${ruleId}]${style.close}${eol(text)}`,
  };
}

export function ignoreInFileEdit(text: string, kind: FileKind, ruleId: string, path = ''): TextEdit | undefined {
  const style = commentStyle(kind, path);
  if (!style) return undefined;
  const index = new TextIndex(text);
  for (let line = 0; line < Math.min(index.lineCount, 50); line++) {
    const extended = extendDirective(index.lineText(line), FILE_DIRECTIVE, ruleId, line);
    if (extended) return extended;
  }
  // After a shebang and a Python encoding declaration, which must stay on the first lines, and after a
  // byte-order mark when the client left one in the text (it must stay the first character).
  const bom = text.startsWith('\uFEFF') ? 1 : 0;
  let line = 0;
  if (index.lineText(0).startsWith('#!', bom)) line = 1;
  if (kind === 'python' && /^\uFEFF?[ \t\f]*#.*?coding[:=]/.test(index.lineText(line))) line++;
  if (line >= index.lineCount && !text.endsWith('\n')) {
    const end = index.lineText(index.lineCount - 1).length;
    return { range: { start: { line: index.lineCount - 1, character: end }, end: { line: index.lineCount - 1, character: end } }, newText: `${eol(text)}${style.open}aisec: ignore-file[${ruleId}]${style.close}` };
  }
  const character = line === 0 ? bom : 0;
  return {
    range: { start: { line, character }, end: { line, character } },
    newText: `${style.open}aisec: ignore-file[${ruleId}]${style.close}${eol(text)}`,
  };
}

function extendDirective(lineText: string, pattern: RegExp, ruleId: string, line: number): TextEdit | undefined {
  const match = pattern.exec(lineText);
  if (!match || match[1] === undefined) return undefined;
  const ids = match[1].split(',').map((s) => s.trim()).filter(Boolean);
  if (ids.includes(ruleId)) return undefined;
  const listStart = match.index + match[0].indexOf('[') + 1;
  const listEnd = listStart + match[1].length;
  return {
    range: { start: { line, character: listStart }, end: { line, character: listEnd } },
    newText: [...ids, ruleId].join(', '),
  };
}

function eol(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}
