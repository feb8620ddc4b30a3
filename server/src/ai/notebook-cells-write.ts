/**
 * Writing verified AI edits back into a `.ipynb` file. Only the `source` values of the edited cells are
 * replaced in the file's text; every other byte (outputs, metadata, the other cells, the file's own
 * indentation and line breaks) stays as it was. A new source keeps the shape of the old one: a JSON string
 * stays a string, and a list of lines stays a list (each line but the last ending in `\n`, as nbformat
 * writes it) laid out with the old list's own separators. The result is read back as a notebook and its
 * joined code must be exactly the text that was verified, or nothing is written.
 */
import { parseJsonWithLocations, jsonGet, type JsonNode } from '../engine/parsing/json-locate';
import { applyLineEdits } from './verify';
import { joinNotebook, type CellEdit, type JoinedNotebook } from './joined-notebook';

/**
 * The `.ipynb` text with `cellEdits` (cell-relative line edits, from `cellEditsOf`) applied to the cells'
 * sources, and the notebook joined again from it; or why it cannot be written. `verifiedText` is the joined
 * text the edits were verified as: the rewritten notebook must join to exactly that.
 */
export function rewriteNotebookCells(ipynbText: string, cellEdits: readonly CellEdit[], verifiedText: string): { text: string; joined: JoinedNotebook } | { problem: string } {
  const parsed = parseJsonWithLocations(ipynbText);
  if (!parsed.ok) return { problem: `the notebook is not valid JSON (${parsed.error})` };
  const cellsNode = jsonGet(parsed.value, 'cells');
  if (cellsNode?.type !== 'array') return { problem: 'the notebook has no "cells" array' };
  const byCell = new Map<number, CellEdit['edit'][]>();
  for (const { cellIndex, edit } of cellEdits) byCell.set(cellIndex, [...(byCell.get(cellIndex) ?? []), edit]);
  const replacements: Array<{ start: number; end: number; text: string }> = [];
  for (const [cellIndex, edits] of byCell) {
    const source = jsonGet(cellsNode.items[cellIndex], 'source');
    if (source?.type !== 'string' && source?.type !== 'array') return { problem: `cell ${cellIndex + 1} has no "source" to edit` };
    const pieces = source.type === 'string' ? [source] : source.items;
    if (pieces.some((piece) => piece.type !== 'string')) return { problem: `the "source" of cell ${cellIndex + 1} holds something other than strings` };
    const old = pieces.map((piece) => (piece as Extract<JsonNode, { type: 'string' }>).value).join('');
    replacements.push({ start: source.start, end: source.end, text: sourceJson(ipynbText, source, applyLineEdits(old, edits)) });
  }
  let text = ipynbText;
  for (const r of replacements.sort((a, b) => b.start - a.start)) text = text.slice(0, r.start) + r.text + text.slice(r.end);
  const joined = joinNotebook(text);
  if (typeof joined === 'string') return { problem: `the rewritten notebook could not be read back (${joined})` };
  if (joined.text !== verifiedText) return { problem: 'the rewritten notebook\'s code cells are not the code that was verified' };
  return { text, joined };
}

/** `source` as JSON in the shape and layout of the value `old` it replaces. */
function sourceJson(fileText: string, old: Extract<JsonNode, { type: 'string' | 'array' }>, source: string): string {
  if (old.type === 'string') return JSON.stringify(source);
  const lines = source === '' ? [] : source.split(/(?<=\n)/);
  if (lines.length === 0) return '[]';
  const [open, separator, close] = listLayout(fileText, old);
  return `[${open}${lines.map((line) => JSON.stringify(line)).join(separator)}${close}]`;
}

/** The whitespace after `[`, between items (comma included) and before `]` of a JSON list, as the file has it. */
function listLayout(fileText: string, list: Extract<JsonNode, { type: 'array' }>): [string, string, string] {
  const { items } = list;
  if (items.length === 0) {
    // An empty list gives no layout: nbformat's, one space deeper than the line the list is on.
    const lineStart = fileText.lastIndexOf('\n', list.start) + 1;
    const indent = /^[ \t]*/.exec(fileText.slice(lineStart, list.start))![0];
    const eol = fileText[lineStart - 2] === '\r' ? '\r\n' : '\n';
    return [`${eol}${indent} `, `,${eol}${indent} `, `${eol}${indent}`];
  }
  const open = fileText.slice(list.start + 1, items[0]!.start);
  const close = fileText.slice(items[items.length - 1]!.end, list.end - 1);
  const separator = items.length > 1 ? fileText.slice(items[0]!.end, items[1]!.start) : `,${open.includes('\n') ? open : ' '}`;
  return [open, separator, close];
}
