/**
 * Conda environment files. Conda package names live in their own namespace (`pytorch` is `torch` on
 * PyPI, `torchtriton` is a legitimate conda package), so they are recorded as `conda` and never checked
 * against PyPI; the nested `- pip:` list holds requirements lines and is parsed as one.
 */
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import { applyPipOption } from './requirements';
import { parseRequirement } from './pep508';
import { emptyManifest } from './types';
import type { ParsedManifest } from './types';

export function parseCondaEnv(text: string): ParsedManifest {
  const out = emptyManifest();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  for (const error of doc.errors) {
    out.diagnostics.push({ message: `Invalid YAML: ${error.message.split('\n')[0]}`, span: { start: error.pos[0], end: Math.max(error.pos[1], error.pos[0] + 1) } });
  }
  if (doc.errors.length > 0 || !isMap(doc.contents)) return out;
  const root = doc.contents;
  const channels = root.get('channels', true);
  if (isSeq(channels)) {
    for (const item of channels.items) {
      if (!isScalar(item) || typeof item.value !== 'string' || !item.range) continue;
      if (/^https?:/.test(item.value)) out.sources.push({ kind: 'conda-channel', url: item.value, span: scalarSpan(text, item), entrySpan: lineSpanAt(text, item.range[0]) });
    }
  }
  const deps = root.get('dependencies', true);
  if (!isSeq(deps)) return out;
  for (const item of deps.items as YamlNode[]) {
    if (isScalar(item) && typeof item.value === 'string' && item.range) {
      condaSpec(text, item.value, scalarSpan(text, item), out);
    } else if (isMap(item)) {
      const pip = item.get('pip', true);
      if (!isSeq(pip)) continue;
      for (const line of pip.items as YamlNode[]) {
        if (!isScalar(line) || typeof line.value !== 'string' || !line.range) continue;
        pipLine(text, line.value, scalarSpan(text, line), out);
      }
    }
  }
  return out;
}

/**
 * Whether a file named like a requirements file is a conda spec list (`conda install --file requirements.txt`):
 * some line uses conda's channel syntax (`pytorch::pytorch==2.2.0`), which pip never accepts. Its names are conda
 * package names (`yaml` is libyaml there), so the file is read as conda specs, never as pip requirements.
 */
export function isCondaSpecList(text: string): boolean {
  return /^[ \t]*[A-Za-z0-9_][\w.-]*::[A-Za-z0-9_]/m.test(text);
}

/** A conda spec list: one `channel::name=version=build` per line, `#` comments. */
export function parseCondaSpecList(text: string): ParsedManifest {
  const out = emptyManifest();
  let offset = 0;
  for (const line of text.split('\n')) {
    const value = line.replace(/#.*/, '').trim();
    if (value) {
      const start = offset + line.indexOf(value);
      condaSpec(text, value, { start, end: start + value.length }, out);
    }
    offset += line.length + 1;
  }
  return out;
}

/**
 * `channel::name`, then optionally a version after an operator or a space: what
 * `^(?:([\w.-]+)::)?([A-Za-z0-9_][A-Za-z0-9._-]*)\s*(?:[=<>!~ ]\s*(.*))?$` matches, read without backtracking. That
 * expression took a second on a line of 2,000 blanks ending in a character `.` does not match (a carriage return:
 * fuzz seed 61), because its two `\s*` around a class holding a space split the blanks in every way.
 */
export function condaSpecParts(value: string): { channel?: string; name: string; spec?: string } | undefined {
  const head = /^(?:([\w.-]+)::)?([A-Za-z0-9_][A-Za-z0-9._-]*)/.exec(value);
  if (!head) return undefined;
  const parts = { ...(head[1] === undefined ? {} : { channel: head[1] }), name: head[2]! };
  const rest = value.slice(head[0].length);
  if (rest === '') return parts;
  // `trimStart` removes exactly what `\s` matches (white space and line terminators).
  const after = rest.trimStart();
  if (after === '') return parts;
  const gap = rest.slice(0, rest.length - after.length);
  let spec: string;
  if (/^[=<>!~]/.test(after)) spec = after.slice(1).trimStart();
  else if (gap.includes(' ')) spec = after;
  else return undefined;
  // `.` stops at a line terminator and the expression is anchored at the end.
  if (/[\n\r\u2028\u2029]/.test(spec)) return undefined;
  return { ...parts, spec };
}

/** `channel::name=version=build`; only the name is recorded, under the conda ecosystem. */
function condaSpec(text: string, value: string, span: { start: number; end: number }, out: ParsedManifest): void {
  const m = condaSpecParts(value);
  if (!m) return;
  const nameAt = span.start + (m.channel ? m.channel.length + 2 : 0);
  out.dependencies.push({
    ecosystem: 'conda',
    name: m.name,
    nameSpan: { start: nameAt, end: nameAt + m.name.length },
    spec: m.spec,
    source: 'registry',
    group: 'conda',
    role: 'install',
    entrySpan: lineSpanAt(text, span.start),
  });
}

function pipLine(text: string, value: string, span: { start: number; end: number }, out: ParsedManifest): void {
  const entry = lineSpanAt(text, span.start);
  if (value.trim().startsWith('-')) {
    const tokens = [...value.matchAll(/\S+/g)].map((m) => ({ text: m[0], start: span.start + m.index! }));
    let i = 0;
    while (i < tokens.length) {
      const next = applyPipOption(tokens, i, out, entry, 'pip');
      if (next < 0) break;
      i = next;
    }
    return;
  }
  const optionAt = value.search(/\s--[a-z]/);
  const parsed = parseRequirement(optionAt >= 0 ? value.slice(0, optionAt) : value, span.start, 'pip', 'install', entry);
  if (parsed.dependency) out.dependencies.push(parsed.dependency);
  else if (parsed.error) out.diagnostics.push(parsed.error);
}

/** The span of a scalar's text without its quotes. */
export function scalarSpan(text: string, node: { range?: [number, number, number] | null }): { start: number; end: number } {
  const [start, end] = node.range!;
  const q = text[start];
  if ((q === '"' || q === "'") && end - start >= 2) return { start: start + 1, end: end - 1 };
  return { start, end };
}

/** The span of the whole line holding `offset` (including the line break). */
export function lineSpanAt(text: string, offset: number): { start: number; end: number } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const eol = text.indexOf('\n', offset);
  return { start, end: eol < 0 ? text.length : eol + 1 };
}
