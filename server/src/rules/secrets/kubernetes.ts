/**
 * Kubernetes files that hide credentials in base64: the `data` values of a `Secret` manifest, in YAML (each
 * document of a stream) or in JSON (`kubectl get secret -o json`, a `List` of them), and the `client-key-data` of a
 * kubeconfig user (a PEM private key). The plain-text credentials of a kubeconfig (`token`, `password`) are read by
 * the generic reader like any `name: value`; `client-certificate-data` and `certificate-authority-data` are
 * certificates, which are public, so they are not decoded.
 */
import { parseJsonWithLocations, type JsonNode } from '../../engine/parsing/json-locate';
import type { Candidate } from './candidate';
import { decodeBase64Url } from './base64';
import { DecodedValues, isPrintable, NOT_ENCRYPTION } from './decoded-values';
import { dockerAuthCandidates } from './registry-auth';

/** Candidates decoded from Kubernetes Secrets (YAML or JSON) and kubeconfig client keys in `text`. */
export function kubernetesCandidates(text: string): Candidate[] {
  const found: Candidate[] = [];
  const secrets = new DecodedValues();
  if (/^kind:\s*["']?Secret["']?\s*$/m.test(text)) {
    for (const entry of yamlSecretEntries(text)) addSecretValue(entry, secrets, found);
  }
  if (/"kind"\s*:\s*"Secret"/.test(text)) {
    for (const entry of jsonSecretEntries(text)) addSecretValue(entry, secrets, found);
  }
  found.push(...secrets.candidates());
  if (text.includes('client-key-data')) found.push(...kubeconfigKeyCandidates(text));
  return found;
}

interface DataEntry {
  key: string;
  value: string;
  /** Offset of the encoded value in the file. */
  start: number;
}

const BASE64_VALUE = /^[A-Za-z0-9+/]{4,}={0,2}$/;

/** Decodes one `data` value; a `.dockerconfigjson` is read as the registry file it is. */
function addSecretValue(entry: DataEntry, values: DecodedValues, found: Candidate[]): void {
  const decoded = decodeBase64Url(entry.value);
  if (decoded === undefined || !isPrintable(decoded)) return;
  const start = entry.start;
  const end = start + entry.value.length;
  const where = `the Kubernetes Secret's \`data.${entry.key}\``;
  if (decoded.includes('"auths"')) {
    for (const inner of dockerAuthCandidates(decoded)) found.push({ ...inner, start, end, container: inner.container!.replace(NOT_ENCRYPTION, `, inside ${where}${NOT_ENCRYPTION}`) });
    return;
  }
  values.add(entry.key, decoded, start, end, `base64-encoded in ${where}${NOT_ENCRYPTION}`);
}

/** `data:` entries of each YAML document whose `kind` is `Secret`; `stringData` is plain text and already scanned. */
function yamlSecretEntries(text: string): DataEntry[] {
  const entries: DataEntry[] = [];
  for (const { start: documentStart, end: documentEnd } of yamlDocuments(text)) {
    const document = text.slice(documentStart, documentEnd);
    if (!/^kind:[ \t]*["']?Secret["']?[ \t]*$/m.test(document)) continue;
    for (const entry of yamlDataEntries(document)) entries.push({ ...entry, start: documentStart + entry.start });
  }
  return entries;
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

/** The `key: value` lines indented under a top-level `data:` line (offsets in the document). */
function yamlDataEntries(document: string): DataEntry[] {
  const entries: DataEntry[] = [];
  const data = /^data:[ \t]*\r?\n/m.exec(document);
  if (!data) return entries;
  let at = data.index + data[0].length;
  while (at < document.length) {
    const lineEnd = document.indexOf('\n', at) < 0 ? document.length : document.indexOf('\n', at);
    const line = document.slice(at, lineEnd).replace(/\r$/, '');
    if (line.trim() !== '' && !/^\s/.test(line)) break;
    const m = /^(\s+)(["']?)([\w.-]+)\2:\s*(["']?)([A-Za-z0-9+/=]*)\4\s*(?:#.*)?$/.exec(line);
    if (m && BASE64_VALUE.test(m[5]!)) entries.push({ key: m[3]!, value: m[5]!, start: at + line.indexOf(m[5]!, m[1]!.length + m[3]!.length + 1) });
    at = lineEnd + 1;
  }
  return entries;
}

/** The string values of `data` in every JSON object whose `kind` is `Secret` (a `List`'s `items` included). */
function jsonSecretEntries(text: string): DataEntry[] {
  const entries: DataEntry[] = [];
  // The project's parser bounds nesting and never throws; a file that does not parse is left to the plain scan.
  const parsed = parseJsonWithLocations(text);
  if (!parsed.ok) return entries;
  // An explicit stack: nothing here recurses as deep as the input nests.
  const stack: JsonNode[] = [parsed.value];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'array') for (const item of node.items) stack.push(item);
    if (node.type !== 'object') continue;
    for (const entry of node.entries) if (entry.value.type === 'object' || entry.value.type === 'array') stack.push(entry.value);
    const kind = node.entries.find((entry) => entry.key === 'kind')?.value;
    const data = node.entries.find((entry) => entry.key === 'data')?.value;
    if (kind?.type !== 'string' || kind.value !== 'Secret' || data?.type !== 'object') continue;
    for (const { key, value } of data.entries) {
      // The raw text must be the value itself (no escapes), so the reported range is the encoded text.
      if (value.type !== 'string' || value.end - value.start !== value.value.length + 2 || !BASE64_VALUE.test(value.value)) continue;
      entries.push({ key, value: value.value, start: value.start + 1 });
    }
  }
  return entries;
}

/** `client-key-data: <base64 PEM>` (YAML) or `"client-key-data": "<base64 PEM>"` (JSON) in a kubeconfig's users. */
const CLIENT_KEY_DATA = /(["']?)client-key-data\1[ \t]*:[ \t]*(["']?)([A-Za-z0-9+/]{40,}={0,2})\2/g;

function kubeconfigKeyCandidates(text: string): Candidate[] {
  const values = new DecodedValues();
  CLIENT_KEY_DATA.lastIndex = 0;
  for (let m = CLIENT_KEY_DATA.exec(text); m; m = CLIENT_KEY_DATA.exec(text)) {
    const decoded = decodeBase64Url(m[3]!);
    if (decoded === undefined || !isPrintable(decoded)) continue;
    const start = m.index + m[0].length - m[2]!.length - m[3]!.length;
    values.add('client-key-data', decoded, start, start + m[3]!.length, `base64-encoded in a kubeconfig's \`client-key-data\`, which with its certificate signs in to the cluster${NOT_ENCRYPTION}`);
  }
  return values.candidates();
}
