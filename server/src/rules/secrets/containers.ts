/**
 * Secrets inside containers that hide them from a plain text scan: the base64 `data` values of a Kubernetes
 * `Secret` manifest, the base64 `user:password` of a Docker or Podman `auths` entry (also inside a Secret's
 * `.dockerconfigjson`), and the private lines of a PuTTY `.ppk` key. Base64 is an encoding, not encryption: each
 * decoded value is scanned like any text (`name: value`, so the generic reader and its filters judge a bare
 * password), and what it finds is reported on the encoded value, which is what a user deletes and rotates.
 */
import type { Candidate } from './candidate';
import { decodeBase64Url } from './base64';
import { looksRandom } from './entropy';
import { hasPlaceholderMarker } from './placeholders';
import { PRIVATE_KEY_ID } from './providers';
import { scanText } from './scanner';

/** The candidates found by decoding containers in `text` (a YAML, JSON or plain text file). */
export function containerCandidates(text: string): Candidate[] {
  const found: Candidate[] = [];
  if (/^kind:\s*["']?Secret["']?\s*$/m.test(text)) found.push(...kubernetesSecretCandidates(text));
  if (text.includes('"auth"')) found.push(...dockerAuthCandidates(text, 0, text.length));
  if (text.includes('PuTTY-User-Key-File-')) found.push(...puttyKeyCandidates(text));
  return found;
}

/** Drops the plain scan's candidates that overlap a decoded one (the generic reader took the base64 text for a password). */
export function withContainerCandidates(plain: readonly Candidate[], decoded: readonly Candidate[]): Candidate[] {
  if (decoded.length === 0) return [...plain];
  const sorted = [...decoded].sort((a, b) => a.start - b.start);
  // The furthest end among the first i decoded spans: a plain candidate overlaps one of the spans starting before its end exactly when that reaches past its start.
  const reach: number[] = [];
  for (const d of sorted) reach.push(Math.max(d.end, reach[reach.length - 1] ?? -1));
  const kept = plain.filter((c) => {
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (sorted[middle]!.start < c.end) low = middle + 1;
      else high = middle;
    }
    return low === 0 || reach[low - 1]! <= c.start;
  });
  return [...kept, ...sorted].sort((a, b) => a.start - b.start);
}

const NOT_ENCRYPTION = '; base64 is not encryption';

const BASE64_VALUE = /^[A-Za-z0-9+/]{4,}={0,2}$/;

/** `data:` entries of each YAML document whose `kind` is `Secret`; `stringData` is plain text and already scanned. */
function kubernetesSecretCandidates(text: string): Candidate[] {
  const found: Candidate[] = [];
  const values = new DecodedValues();
  for (const { start: documentStart, end: documentEnd } of yamlDocuments(text)) {
    const document = text.slice(documentStart, documentEnd);
    if (!/^kind:[ \t]*["']?Secret["']?[ \t]*$/m.test(document)) continue;
    for (const entry of dataEntries(document)) {
      const start = documentStart + entry.valueStart;
      const decoded = decodeBase64Url(entry.value);
      if (decoded === undefined || !isPrintable(decoded)) continue;
      const where = `the Kubernetes Secret's \`data.${entry.key}\``;
      if (decoded.includes('"auths"')) {
        for (const inner of dockerAuthCandidates(decoded, 0, decoded.length)) found.push({ ...inner, start, end: start + entry.value.length, container: inner.container!.replace(NOT_ENCRYPTION, `, inside ${where}${NOT_ENCRYPTION}`) });
        continue;
      }
      values.add(entry.key, decoded, start, start + entry.value.length, `base64-encoded in ${where}${NOT_ENCRYPTION}`);
    }
  }
  return [...found, ...values.candidates()];
}

/** The offsets of the documents of a YAML stream (between `---` lines). */
function yamlDocuments(text: string): { start: number; end: number }[] {
  const documents: { start: number; end: number }[] = [];
  const separator = /^---[^\n]*$/gm;
  let start = 0;
  for (let m = separator.exec(text); m; m = separator.exec(text)) {
    documents.push({ start, end: m.index });
    start = m.index + m[0].length;
  }
  documents.push({ start, end: text.length });
  return documents;
}

interface DataEntry {
  key: string;
  value: string;
  /** Offset of the value in the document. */
  valueStart: number;
}

/** The `key: value` lines indented under a top-level `data:` line. */
function dataEntries(document: string): DataEntry[] {
  const entries: DataEntry[] = [];
  const data = /^data:[ \t]*\r?\n/m.exec(document);
  if (!data) return entries;
  let at = data.index + data[0].length;
  while (at < document.length) {
    const lineEnd = document.indexOf('\n', at) < 0 ? document.length : document.indexOf('\n', at);
    const line = document.slice(at, lineEnd).replace(/\r$/, '');
    if (line.trim() !== '' && !/^\s/.test(line)) break;
    const m = /^(\s+)(["']?)([\w.-]+)\2:\s*(["']?)([A-Za-z0-9+/=]*)\4\s*(?:#.*)?$/.exec(line);
    if (m && BASE64_VALUE.test(m[5]!)) entries.push({ key: m[3]!, value: m[5]!, valueStart: at + line.indexOf(m[5]!, m[1]!.length + m[3]!.length + 1) });
    at = lineEnd + 1;
  }
  return entries;
}

const DOCKER_AUTH = /"auth"\s*:\s*"([A-Za-z0-9+/]{4,}={0,2})"/g;

/** `"auth": "<base64 of user:password>"` entries (config.json `auths`, the older `.dockercfg`, Podman's auth.json). */
function dockerAuthCandidates(text: string, from: number, to: number): Candidate[] {
  const values = new DecodedValues();
  const region = text.slice(from, to);
  DOCKER_AUTH.lastIndex = 0;
  for (let m = DOCKER_AUTH.exec(region); m; m = DOCKER_AUTH.exec(region)) {
    const decoded = decodeBase64Url(m[1]!);
    const colon = decoded?.indexOf(':') ?? -1;
    if (decoded === undefined || colon <= 0 || !isPrintable(decoded)) continue;
    const start = from + m.index + m[0].length - 1 - m[1]!.length;
    const user = decoded.slice(0, colon);
    values.add('password', decoded.slice(colon + 1), start, start + m[1]!.length, `base64-encoded with the user name "${user.slice(0, 40)}" in a container registry \`auth\` entry${NOT_ENCRYPTION}`);
  }
  return values.candidates();
}

/**
 * Decoded values waiting to be scanned: all of a container's values are scanned as one text (one value per
 * paragraph), so a manifest with thousands of entries costs one scan, and each candidate is moved onto the encoded
 * value its paragraph came from. A single-line value is written `key: value`, so a bare password is judged by the
 * generic reader under the entry's own name.
 */
class DecodedValues {
  private text = '';
  private readonly values: { from: number; key: string; start: number; end: number; container: string }[] = [];

  add(key: string, decoded: string, start: number, end: number, container: string): void {
    this.values.push({ from: this.text.length, key, start, end, container });
    this.text += `${decoded.includes('\n') ? decoded : `${key}: ${decoded}`}\n\n`;
  }

  candidates(): Candidate[] {
    if (this.values.length === 0) return [];
    const found: Candidate[] = [];
    let index = 0;
    for (const candidate of scanText(this.text, 'text')) {
      if (candidate.tier === 0) continue;
      while (index + 1 < this.values.length && this.values[index + 1]!.from <= candidate.start) index += 1;
      const { key, start, end, container } = this.values[index]!;
      found.push({ ...candidate, start, end, container, ...(candidate.bindingName ? {} : { bindingName: key }) });
    }
    return found;
  }
}

const PUTTY_HEADER = /^PuTTY-User-Key-File-([23]):[ \t]*(\S+)[ \t]*\r?$/gm;

/** A PuTTY key's `Private-Lines` block: the private key, in plain base64 when `Encryption: none`. */
function puttyKeyCandidates(text: string): Candidate[] {
  const found: Candidate[] = [];
  PUTTY_HEADER.lastIndex = 0;
  for (let m = PUTTY_HEADER.exec(text); m; m = PUTTY_HEADER.exec(text)) {
    // A key is read up to the next key's header, so a file of headers stays linear.
    const next = text.indexOf('PuTTY-User-Key-File-', m.index + 1);
    const rest = text.slice(m.index, Math.min(next < 0 ? text.length : next, m.index + 20_000));
    const encryption = /^Encryption:[ \t]*(\S+)/m.exec(rest)?.[1];
    const lines = /^Private-Lines:[ \t]*(\d{1,4})[ \t]*\r?\n/m.exec(rest);
    if (!encryption || !lines) continue;
    const bodyStart = lines.index + lines[0].length;
    const bodyLines = rest.slice(bodyStart).split('\n').slice(0, Number(lines[1]));
    const body = bodyLines.map((line) => line.trim()).join('');
    if (body.length < 40 || !/^[A-Za-z0-9+/=]+$/.test(body) || hasPlaceholderMarker(body) || /(.)\1{7}/.test(body) || !looksRandom(body.slice(0, 400), 0.7)) continue;
    const encrypted = encryption !== 'none';
    found.push({
      ruleId: PRIVATE_KEY_ID, start: m.index, end: m.index + bodyStart + bodyLines.join('\n').length, value: body, tier: 1, priority: 25,
      label: `${encrypted ? 'encrypted ' : ''}PuTTY ${m[2]} private key`,
      ...(encrypted ? { severity: 'warning' as const } : {}),
    });
  }
  return found;
}

/** Decoded text that is a value, not binary data (a DER key or a compressed blob is judged by its own rules). */
function isPrintable(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x09 || (code > 0x0d && code < 0x20) || (code >= 0x7f && code < 0xa0)) return false;
  }
  return true;
}
