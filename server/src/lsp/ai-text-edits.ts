/**
 * A verified AI patch as the editor's edits: line edits of a text become LSP text edits on whole lines, and
 * a plain file's edits one `TextDocumentEdit` of that document at the version the patch was verified on.
 */
import type { TextDocumentEdit, TextEdit } from 'vscode-languageserver';
import type { LineEdit } from '../ai/patch';

/** The edits of one document, at the version of `text`. */
export function documentEditOf(uri: string, version: number, text: string, edits: readonly LineEdit[]): TextDocumentEdit {
  return { textDocument: { uri, version }, edits: textEditsOf(text, edits) };
}

/**
 * The patch's line edits as LSP edits on whole lines (each hunk its own edit, so the preview shows only
 * what changed), with the file's line break; an edit reaching the last line keeps its missing final break.
 */
export function textEditsOf(text: string, edits: readonly LineEdit[]): TextEdit[] {
  const lines = text.split('\n');
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return edits.map((edit) => {
    const body = edit.newText.replace(/\r\n/g, '\n').replace(/\n$/, '');
    const newLines = edit.newText === '' ? [] : body.split('\n');
    const start = { line: edit.startLine - 1, character: 0 };
    if (edit.endLine < lines.length) return { range: { start, end: { line: edit.endLine, character: 0 } }, newText: newLines.map((l) => l + eol).join('') };
    // The edit reaches the file's last line, which has no line break after it.
    const last = lines.length - 1;
    const end = { line: last, character: lines[last]!.length };
    const joined = newLines.join(eol);
    return edit.endLine < edit.startLine ? { range: { start: end, end }, newText: eol + joined } : { range: { start, end }, newText: joined };
  });
}
