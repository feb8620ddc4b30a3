/**
 * The text scanner. One pass of a single combined prefilter regex finds every anchor (provider
 * prefixes, provider keywords, secret-name keywords, structural markers); only then are the provider
 * patterns tried, each sticky at its anchor, and the context formats searched in small windows around
 * their keywords. Everything here works on plain text so that `.env`, YAML, Markdown and notebook
 * outputs get the same detection as code; the checker then confirms code candidates with the syntax tree.
 */
import type { Candidate } from './candidate';
import { PROVIDERS, AWS_KEY_ID_ID, AWS_SECRET_ID, DATABASE_URL_ID, GCP_SERVICE_ACCOUNT_ID, JWT_ID, PRIVATE_KEY_ID, type ContextPattern, type ProviderRule, type TokenPattern } from './providers';
import { alphabetSize, looksRandom } from './entropy';
import { hasLowVariety, hasPlaceholderMarker, hasSequence, hasWeakMarker, isPathOrUrl, isTemplate, isVariableName, looksLikeCamelWords, looksLikeRegex, looksLikeWords } from './placeholders';
import { isPasswordName, isPublicByDesign, isSecretName, nameWords } from './names';
import { decodeBase64Url } from './base64';
import { tokenisesLikeText } from './token-efficiency';
import { appendAll } from '../../engine/collections';
import { WINDOWS_CREDENTIAL_PATTERNS, WINDOWS_CREDENTIAL_READERS, type ArgumentReader } from './windows-credentials';
import { COMMAND_LINE_CREDENTIAL_PATTERNS, COMMAND_LINE_CREDENTIAL_READERS } from './command-line-credentials';

/** How values may be written: code needs quoted literals; configuration and text also allow bare values. */
export type ScanMode = 'code' | 'text';

export const GENERIC_ID = 'AIS480';
const OPENAI_COMPATIBLE_ID = 'AIS401';
export const BROWSER_ID = 'AIS481';

/** Scans `text` and returns non-overlapping candidates (the most specific one wins an overlap). */
export function scanText(text: string, mode: ScanMode, hints?: ScanHints): Candidate[] {
  return scanState(text, mode, hints).candidates;
}

/**
 * Scans `text.slice(from, to)` alone: its candidates in offsets of `text`, and the offsets where a context
 * keyword opened a window (what reaches farthest from its anchor), so a caller can tell whether the slice's
 * edges changed anything (see `focused-scan.ts`).
 */
export function scanSlice(text: string, from: number, to: number, mode: ScanMode): { candidates: Candidate[]; contextHits: number[] } {
  const state = scanState(text.slice(from, to), mode);
  const candidates = state.candidates.map((c) => ({ ...c, start: c.start + from, end: c.end + from, ...(c.quoteStart !== undefined ? { quoteStart: c.quoteStart + from } : {}) }));
  return { candidates, contextHits: [...state.contextHits.values()].flat().map((at) => at + from) };
}

function scanState(text: string, mode: ScanMode, hints?: ScanHints): { candidates: Candidate[]; contextHits: ReadonlyMap<ProviderRule, number[]> } {
  const state: ScanState = { text, mode, candidates: [], contextHits: new Map(), genericSeen: new Set(), serviceAccountHits: [], hostHits: new Set(), pemEnd: -2, nameCache: new Map(), hints: {} };
  forEachAnchor(text, (anchor, at) => {
    for (const handler of DISPATCH.get(anchor)!) handler(state, at);
  });
  if (hints) Object.assign(hints, state.hints);
  for (const [provider, hits] of state.contextHits) scanContextWindows(state, provider, hits);
  promoteServiceAccounts(state);
  return { candidates: resolveOverlaps(state.candidates), contextHits: state.contextHits };
}

interface ScanState {
  text: string;
  mode: ScanMode;
  candidates: Candidate[];
  contextHits: Map<ProviderRule, number[]>;
  genericSeen: Set<number>;
  serviceAccountHits: number[];
  /** Context hits on host names, which count after the value across lines too. */
  hostHits: Set<number>;
  /** Offset of the next `-----END` at or after the last private-key anchor (-1: none left). */
  pemEnd: number;
  nameCache: Map<string, boolean>;
  hints: ScanHints;
}

/**
 * What the anchor pass over code saw for the checker's later passes, so that a file without the marker pays no
 * search of its own: a container written from a literal (`"auth"`, a Composer map, `kind: Secret`, a kubeconfig
 * key, a PuTTY key).
 */
export interface ScanHints {
  container?: boolean;
}

type Handler = (state: ScanState, at: number) => void;

// ---------------------------------------------------------------------------------------------------
// The prefilter: anchors with their handlers, keyed by the lower-cased anchor. Provider prefixes and
// structural markers match in their exact case; secret words and provider keywords in any case.

const DISPATCH = new Map<string, Handler[]>();
/** The exact spelling of each anchor, by lower-cased key. */
const SPELLING = new Map<string, string>();
/** Keys of anchors that match in any case. */
const ANY_CASE = new Set<string>();
const EXACT = {
  get(key: string): string | undefined {
    return ANY_CASE.has(key) ? undefined : SPELLING.get(key);
  },
};

function on(anchor: string, handler: Handler, anyCase = false): void {
  const key = anchor.toLowerCase();
  const list = DISPATCH.get(key);
  if (list) list.push(handler);
  else DISPATCH.set(key, [handler]);
  SPELLING.set(key, anchor);
  if (anyCase) ANY_CASE.add(key);
}

const GENERIC_KEYWORDS = ['key', 'token', 'secret', 'passw', 'pwd', 'credential', 'creds', 'auth'];

/** The words one of which every container marker holds (`"auth"`, `github-oauth`, `gitlab-token`, `kind: Secret`, `client-key-data`, `PuTTY-User-Key-File-`). */
const CONTAINER_WORDS = ['auth', 'token', 'secret', 'key'];
const CONTAINER_MARKER = /"auth"|-oauth"|"bearer"|gitlab-token"|client-key-data|PuTTY-User-Key-File-|kind["']?[ \t]{0,4}:[ \t]{0,4}["']?Secret\b/;

/** In code, notes a container marker around an anchor (once per file: later hits return at once). */
function containerHintAt(state: ScanState, at: number): void {
  if (state.mode !== 'code' || state.hints.container) return;
  if (CONTAINER_MARKER.test(state.text.slice(Math.max(0, at - 24), at + 40))) state.hints.container = true;
}

function registerAnchors(): void {
  // Provider prefixes, grouped by anchor in table order so that the more specific shape is tried first.
  const byAnchor = new Map<string, { provider: ProviderRule; pattern: TokenPattern }[]>();
  for (const provider of PROVIDERS) {
    for (const pattern of provider.patterns) {
      const list = byAnchor.get(pattern.anchor) ?? [];
      list.push({ provider, pattern });
      byAnchor.set(pattern.anchor, list);
    }
  }
  // Distinctive shapes first, then context shapes with a vendor keyword, then the catch-all gateway shape.
  const rank = (e: { provider: ProviderRule; pattern: TokenPattern }): number => (!e.pattern.requires ? 0 : e.provider.id === OPENAI_COMPATIBLE_ID ? 2 : 1);
  for (const [anchor, list] of byAnchor) {
    const ordered = list.map((e, i) => ({ e, i })).sort((a, b) => rank(a.e) - rank(b.e) || a.i - b.i).map((x) => x.e);
    on(anchor, (state, at) => matchTokenAt(state, at, ordered));
  }
  for (const provider of PROVIDERS) {
    if (!provider.context) continue;
    for (const keyword of provider.context.keywords) {
      // Host names (`openai.azure.com`) identify the provider wherever they sit near the value.
      const host = keyword.includes('.');
      on(keyword, (state, at) => addContextHit(state, provider, at, host), true);
    }
  }
  for (const keyword of GENERIC_KEYWORDS) on(keyword, genericAt, true);
  on('bearer"', containerHintAt);
  // A list joined with `.join(` is found by its own search (`checker.ts` asks the text), which a scan of part of
  // the text cannot answer for the rest; it stays an anchor so the anchor pass reads the text as it always did.
  on('.join(', () => undefined);
  on('-----BEGIN', privateKeyAt);
  on('eyJ', jwtAt);
  on('://', databaseUrlAt);
  for (const anchor of COMMAND_ANCHORS.keys()) on(anchor, commandCredentialAt);
  on('service_account', (state, at) => {
    if (state.text.startsWith('service_account', at)) state.serviceAccountHits.push(at);
  });
  on('dangerouslyAllowBrowser', allowBrowserAt);
  on('jwt.', jwtSigningKeyAt);
  on('auth=(', basicAuthPairAt);
  // A passphrase is a password (Oracle Cloud's `pass_phrase=` for its signing key), but holds none of the generic keywords.
  on('pass_phrase', genericAt, true);
  // `Bas` opens `BaseModel` and `Base64` everywhere; the handler looks back to `Basi`.
  on('cAuth(', (state, at) => {
    if (at >= 4 && state.text.startsWith('Basi', at - 4)) basicAuthPairAt(state, at - 4);
  });
  for (const prefix of PUBLIC_ENV_PREFIXES) on(prefix, publicEnvAt);
  for (const reader of WINDOWS_CREDENTIAL_READERS) on(reader.anchor, (state, at) => argumentCredentialAt(state, at, reader), reader.anyCase);
  for (const reader of COMMAND_LINE_CREDENTIAL_READERS) {
    // A command anchor that starts with a shorter anchor (a provider keyword such as `redis`) hides it from the walk, which
    // takes the longest anchor at a position, so the command's anchor also runs the shorter one's handlers.
    const hidden = [...DISPATCH.entries()].filter(([key]) => key.length < reader.anchor.length && reader.anchor.toLowerCase().startsWith(key) && (ANY_CASE.has(key) || reader.anchor.startsWith(SPELLING.get(key)!)));
    on(reader.anchor, (state, at) => argumentCredentialAt(state, at, reader), reader.anyCase);
    for (const [, handlers] of hidden) for (const handler of handlers) if (!DISPATCH.get(reader.anchor.toLowerCase())!.includes(handler)) DISPATCH.get(reader.anchor.toLowerCase())!.push(handler);
  }
  // An anchor that contains a secret word (`api-key`, `co_api_key`) hides that word from the pass,
  // so it also reads the binding around it.
  for (const [anchor, handlers] of DISPATCH) {
    if (!GENERIC_KEYWORDS.includes(anchor) && GENERIC_KEYWORDS.some((k) => anchor.includes(k)) && !handlers.includes(genericAt)) handlers.push(genericAt);
    // Every container marker holds one of these words, so their anchors (and any anchor that hides them) look for one.
    if (CONTAINER_WORDS.some((k) => anchor.includes(k)) && !handlers.includes(containerHintAt)) handlers.push(containerHintAt);
  }
}

/**
 * Per anchor, the sticky shape that captures the password: `--password X`/`--password=X` and `--token`,
 * also as the next item of an argument list in code (`["--password", "X"]`, where the value is its own literal),
 * `curl -u user:password` (a value without `:` makes curl prompt, so it is no secret), `mysql -pX` (with no
 * space: `-p X` prompts), and the commands whose `-p` takes the password as the next word (`docker login -p X`,
 * `podman login -p X`, `sshpass -p X`; elsewhere `-p` is a port or a path). A value starting with `-` is the next
 * flag; a quoted value may be followed by the list's `,`, `)` or `]`. Every quantifier is bounded; the lazy gap stops at the line end.
 */
const COMMAND_ANCHORS: ReadonlyMap<string, { shape: RegExp; name: string; lead?: number }> = new Map([
  ['--password', { shape: /--password(?:=|[ \t]{1,4}|["'],[ \t]{0,4}(?=["']))(?!-)(["']?)([^\s"'`]{4,200})\1(?![^\s"'`,)\]])/y, name: 'password' }],
  ['--token', { shape: /--token(?:=|[ \t]{1,4}|["'],[ \t]{0,4}(?=["']))(?!-)(["']?)([^\s"'`]{8,400})\1(?![^\s"'`,)\]])/y, name: 'token' }],
  ['curl ', { shape: /curl [^\n"'`]{0,200}?(?:-u|--user)[ \t]{1,4}(["']?)[^\s:"'`]{1,64}:([^\s"'`@]{4,200})\1(?![^\s"'`])/y, name: 'password' }],
  ['mysql ', { shape: /mysql [^\n"'`]{0,200}?[ \t]-p()([^\s"'`]{4,200})(?![^\s"'`])/y, name: 'password' }],
  // `doc` and `pod` open many words of code, so these commands are found from a rarer fragment, `lead` characters in.
  ['ker login ', { shape: /docker login [^\n"'`]{0,200}?[ \t]-p[ \t]{1,4}(?!-)(["']?)([^\s"'`]{4,200})\1(?![^\s"'`])/y, name: 'password', lead: 3 }],
  ['dman login ', { shape: /podman login [^\n"'`]{0,200}?[ \t]-p[ \t]{1,4}(?!-)(["']?)([^\s"'`]{4,200})\1(?![^\s"'`])/y, name: 'password', lead: 2 }],
  // keytool and jarsigner take the keystore and key passwords as `-storepass X` and `-keypass X` (`:env`/`:file` forms name where to read them).
  ['-storepass', { shape: /-storepass[ \t]{1,4}(?!-)(["']?)([^\s"'`]{4,200})\1(?![^\s"'`])/y, name: 'store_password' }],
  ['-keypass', { shape: /-keypass[ \t]{1,4}(?!-)(["']?)([^\s"'`]{4,200})\1(?![^\s"'`])/y, name: 'key_password' }],
  ['sshpass ', { shape: /sshpass[ \t]{1,4}-p[ \t]{0,4}(?!-)(["']?)([^\s"'`]{4,200})\1(?![^\s"'`])/y, name: 'password' }],
]);

/**
 * The signing key of an HMAC JSON Web Token passed as a literal, the second argument of PyJWT's `jwt.encode`/
 * `jwt.decode` and of `jsonwebtoken`'s `jwt.sign`/`jwt.verify`: whoever reads it can mint tokens the service
 * accepts. The first argument is a name, a member access or a one-line object or dict literal; the key is judged
 * like any generic secret (placeholders such as `"secret"` and `"your-256-bit-secret"` are not reported).
 */
const JWT_SIGNING_KEY = /jwt\.(?:encode|decode|sign|verify)\([ \t]{0,4}(?:[A-Za-z_$][\w$.]{0,80}|\{[^{}\n]{0,300}\})[ \t]{0,4},[ \t]{0,4}(["'])([^"'\\\n]{6,200})\1/y;

/**
 * A password passed as the second item of an HTTP basic-auth pair: `requests`' `auth=("user", "password")` and
 * `HTTPBasicAuth("user", "password")` (aiohttp's `BasicAuth` too). The pair carries no credential name of its own.
 */
const BASIC_AUTH_PAIR = /(?:auth[ \t]{0,2}=[ \t]{0,2}\(|BasicAuth\()[ \t]{0,4}(["'])[^"'\\\n]{1,64}\1[ \t]{0,4},[ \t]{0,4}(["'])([^"'\\\n]{4,200})\2/y;

function basicAuthPairAt(state: ScanState, at: number): void {
  if (state.mode !== 'code') return;
  BASIC_AUTH_PAIR.lastIndex = at;
  const m = BASIC_AUTH_PAIR.exec(state.text);
  if (!m) return;
  const value = m[3]!;
  if (!genericValueLooksReal(value, 'password')) return;
  const end = at + m[0].length - 1;
  state.candidates.push({ ruleId: GENERIC_ID, start: end - value.length, end, value, tier: 3, priority: 12, bindingName: 'password', quoteStart: end - value.length - 1, label: 'basic-auth password' });
}

/**
 * A Java keystore password in a Gradle `signingConfigs` block written in Groovy's call syntax, with no operator
 * (`storePassword 'x'`, `keyPassword "x"`); the Kotlin form `storePassword = "x"` is an ordinary binding. The
 * JDK's default `changeit` and the Android debug keystore's `android` are placeholders.
 */
const GRADLE_SIGNING_PASSWORD = /(?:store|key)Password[ \t]{1,4}(["'])([^"'\\\n$]{4,200})\1/y;

function gradleSigningPasswordAt(state: ScanState, at: number): void {
  GRADLE_SIGNING_PASSWORD.lastIndex = at;
  const m = GRADLE_SIGNING_PASSWORD.exec(state.text);
  if (!m) return;
  const value = m[2]!;
  if (value === 'android' || !genericValueLooksReal(value, 'password')) return;
  const end = at + m[0].length - 1;
  state.candidates.push({ ruleId: GENERIC_ID, start: end - value.length, end, value, tier: 3, priority: 12, bindingName: state.text.startsWith('store', at) ? 'storePassword' : 'keyPassword', label: 'Java keystore password' });
}

/**
 * A password or token that Windows administration code or a command-line tool takes as an argument
 * (`windows-credentials.ts`, `command-line-credentials.ts`), judged like any generic secret.
 */
function argumentCredentialAt(state: ScanState, at: number, reader: ArgumentReader): void {
  if (at < reader.lead) return;
  const found = reader.read(state.text, at - reader.lead);
  const name = found?.name ?? 'password';
  if (!found || !genericValueLooksReal(found.value, name)) return;
  state.candidates.push({ ruleId: GENERIC_ID, start: found.start, end: found.end, value: found.value, tier: 3, priority: 12, bindingName: name, label: found.label });
}

/**
 * A PowerShell parameter that takes a secret, followed by a quoted literal: `Connect-VIServer -Password "x"`,
 * `Invoke-Sqlcmd -Password 'x'`, `Publish-Module -NuGetApiKey "x"`. The name is one word after a single dash at
 * the start of a word; a double-quoted value that names a variable (`"$env:PASSWORD"`) is not a literal.
 */
const POWERSHELL_ARGUMENT = /[ \t]{1,4}(["'])([^"'`\n]{4,200})\1/y;

function powerShellParameterAt(state: ScanState, nameEnd: number): void {
  const { text } = state;
  let s = nameEnd;
  while (s > 0 && nameEnd - s < 60 && isIdentCode(text.charCodeAt(s - 1))) s--;
  if (s > 0 && text[s - 1] !== ' ' && text[s - 1] !== '\t') return;
  if (text[s] === '-' && text[s + 1] === '-') {
    doubleDashFlagAt(state, s + 2, nameEnd);
    return;
  }
  if (text[s] !== '-') return;
  POWERSHELL_ARGUMENT.lastIndex = nameEnd;
  const m = POWERSHELL_ARGUMENT.exec(text);
  if (!m) return;
  const name = text.slice(s + 1, nameEnd);
  if (!/^[A-Za-z]\w*$/.test(name) || !isSecretName(name)) return;
  const value = m[2]!;
  if ((m[1] === '"' && /\$[\w{(:]/.test(value)) || !genericValueLooksReal(value, name)) return;
  const end = nameEnd + m[0].length - 1;
  state.candidates.push({ ruleId: GENERIC_ID, start: end - value.length, end, value, tier: 3, priority: 12, bindingName: name, label: 'PowerShell parameter' });
}

/**
 * A long option of a command that names a secret, followed by its value as the next word: `--api-key X`,
 * `--client-secret X`, `--access-token X` (`--password X` and `--token X` are `COMMAND_ANCHORS`). Only names with a
 * password, secret, token, credential or auth word count: a bare `--key X` is as often a key id or a sort key.
 */
const FLAG_VALUE = /[ \t]{1,4}(?!-)(["']?)([^\s"'`]{4,200})\1(?![^\s"'`,)\]])/y;
const FLAG_SECRET_WORD = /pass|secret|token|api-?key|access-?key|private-?key|credential|auth/i;

function doubleDashFlagAt(state: ScanState, nameStart: number, nameEnd: number): void {
  const { text } = state;
  const name = text.slice(nameStart, nameEnd);
  if (name === 'password' || name === 'token' || !/^[A-Za-z][\w-]*$/.test(name) || !FLAG_SECRET_WORD.test(name) || !isSecretName(name)) return;
  FLAG_VALUE.lastIndex = nameEnd;
  const m = FLAG_VALUE.exec(text);
  if (!m) return;
  const value = m[2]!;
  if (!genericValueLooksReal(value, name)) return;
  const end = nameEnd + m[0].length - m[1]!.length;
  state.candidates.push({ ruleId: GENERIC_ID, start: end - value.length, end, value, tier: 3, priority: 12, bindingName: name, label: 'command-line credential' });
}

function jwtSigningKeyAt(state: ScanState, at: number): void {
  if (state.mode !== 'code') return;
  JWT_SIGNING_KEY.lastIndex = at;
  const m = JWT_SIGNING_KEY.exec(state.text);
  if (!m) return;
  const value = m[2]!;
  if (!genericValueLooksReal(value, 'jwt_secret')) return;
  const end = at + m[0].length - 1;
  state.candidates.push({ ruleId: GENERIC_ID, start: end - value.length, end, value, tier: 3, priority: 12, bindingName: 'jwt_secret', quoteStart: end - value.length - 1, label: 'JWT signing key' });
}

const PUBLIC_ENV_PREFIXES = ['NEXT_PUBLIC_', 'VITE_', 'REACT_APP_', 'EXPO_PUBLIC_', 'NUXT_PUBLIC_', 'GATSBY_'];

registerAnchors();

/**
 * The prefilter pass: one walk over the text that finds every anchor, longest first at each position,
 * and continues after it (like a global regex over the alternation, which irregexp runs at about a
 * tenth of this speed with this many anchors). Tables are indexed by the raw characters, holding every
 * case variant of case-insensitive anchors and only the exact spelling of the others, so `AKIA` does
 * not stop at every "as" in English. Each position costs one lookup in a 32 KB bigram table and a bit
 * per third character; a bit per fourth character and the exact comparison run only behind them.
 * `test/secrets/anchor-walk.test.ts` holds the walk to that definition.
 */
export function forEachAnchor(text: string, visit: (anchor: string, at: number) => void): void {
  const n = text.length;
  if (n < 2) return;
  // The tables as locals: module bindings are read through the closure's context on every iteration.
  const slots = BIGRAM_SLOTS;
  const thirds = THIRDS;
  const ids = TRIGRAM_IDS;
  const fourths = FOURTHS;
  const lists = ANCHOR_LISTS;
  // Characters are folded to seven bits (`& 127`) rather than looked up: a character outside ASCII then passes
  // the filter as some ASCII character, and `anchorAt`, which compares the text itself, rejects it.
  let c0 = text.charCodeAt(0) & 127;
  let c1 = text.charCodeAt(1) & 127;
  for (let i = 0; i + 1 < n; i++) {
    const c2 = i + 2 < n ? text.charCodeAt(i + 2) & 127 : 0;
    // Slot 0 (no anchor starts with this pair) has no bits set, so every position takes the same lookups and one
    // branch, which is rarely taken: testing the pair first branched at one position in six of source text
    // (`er`, `se`, `at` open case-insensitive keywords), a branch the processor could not predict.
    const slot = slots[(c0 << 7) | c1]!;
    if ((thirds[(slot << 2) | (c2 >> 5)]! & (1 << (c2 & 31))) !== 0) {
      // Four in five trigrams that pass are words sharing a case-insensitive keyword's first letters (`con`, `dat`,
      // `ser`, `ver`), which the fourth character tells apart before the anchors are compared.
      const id = ids[(slot << 7) | c2]!;
      const c3 = i + 3 < n ? text.charCodeAt(i + 3) & 127 : 0;
      const anchor = (fourths[(id << 2) | (c3 >> 5)]! & (1 << (c3 & 31))) !== 0 ? anchorAt(text, i, lists[id]!) : undefined;
      if (anchor) {
        visit(anchor, i);
        i += anchor.length - 1;
        if (i + 1 >= n) return;
        c0 = text.charCodeAt(i + 1) & 127;
        c1 = i + 2 < n ? text.charCodeAt(i + 2) & 127 : 0;
        continue;
      }
    }
    c0 = c1;
    c1 = c2;
  }
}

/** ASCII lower case, 0 outside ASCII (no anchor has other characters). */
const LOWER = new Uint8Array(65536);
for (let c = 1; c < 128; c++) LOWER[c] = c >= 65 && c <= 90 ? c + 32 : c;

interface AnchorEntry {
  /** Lower-case spelling (the dispatch key). */
  key: string;
  /** Exact spelling for case-sensitive anchors (always present, so that every entry has one shape). */
  exact: string | undefined;
}

/**
 * The longest of `candidates` (sorted longest first) that starts at `at`. The walk has matched the first three
 * characters in their folded form; when they are ASCII they are the anchor's own, so only the rest is compared,
 * from its last character back: most calls are words that share an anchor's first letters (`data`, `version`,
 * `----` rules in comments), and they part from the anchor sooner at its end than at its fourth character.
 */
function anchorAt(text: string, at: number, candidates: readonly AnchorEntry[]): string | undefined {
  const known = (text.charCodeAt(at) | text.charCodeAt(at + 1) | text.charCodeAt(at + 2)) < 128 ? 3 : 0;
  outer: for (const entry of candidates) {
    const length = entry.key.length;
    if (at + length > text.length) continue;
    if (entry.exact !== undefined) {
      for (let k = length - 1; k >= known; k--) if (text.charCodeAt(at + k) !== entry.exact.charCodeAt(k)) continue outer;
    } else {
      for (let k = length - 1; k >= known; k--) if (LOWER[text.charCodeAt(at + k)] !== entry.key.charCodeAt(k)) continue outer;
    }
    return entry.key;
  }
  return undefined;
}

/**
 * Per pair of ASCII characters, 0 when no anchor starts with it, else its slot in `THIRDS`: 128 bits,
 * one per third character. Both tables together are a few tens of kilobytes, so the walk stays in
 * the processor's caches (a flat table of every trigram is 2 MB, and its lookups missed the cache).
 */
const BIGRAM_SLOTS = new Uint16Array(1 << 14);
let THIRDS = new Uint32Array(4);
const ANCHORS_BY_TRIGRAM = new Map<number, AnchorEntry[]>();

function markTrigram(trigram: number): void {
  const bigram = trigram >> 7;
  let slot = BIGRAM_SLOTS[bigram]!;
  if (slot === 0) {
    slot = THIRDS.length >> 2;
    BIGRAM_SLOTS[bigram] = slot;
    const grown = new Uint32Array(THIRDS.length + 4);
    grown.set(THIRDS);
    THIRDS = grown;
  }
  const third = trigram & 127;
  THIRDS[(slot << 2) | (third >> 5)]! |= 1 << (third & 31);
}

/** Spellings of the first characters: the exact one, or every case combination. */
function spellings(prefix: string, anyCase: boolean): string[] {
  if (!anyCase) return [prefix];
  let out = [''];
  for (const ch of prefix) {
    const forms = [...new Set([ch.toLowerCase(), ch.toUpperCase()])];
    out = out.flatMap((p) => forms.map((f) => p + f));
  }
  return out;
}

function indexAnchors(): void {
  for (const key of DISPATCH.keys()) {
    const exact = EXACT.get(key);
    const entry: AnchorEntry = { key, exact };
    const base = exact ?? key;
    const thirds = base.length === 2 ? Array.from({ length: 127 }, (_, c) => String.fromCharCode(c + 1)).concat('\u0000') : [''];
    for (const spelled of spellings(base.slice(0, 3), exact === undefined)) {
      for (const third of thirds) {
        const chars = (spelled + third).slice(0, 3);
        const trigram = (chars.charCodeAt(0) << 14) | (chars.charCodeAt(1) << 7) | (chars.length > 2 ? chars.charCodeAt(2) : 0);
        markTrigram(trigram);
        const list = ANCHORS_BY_TRIGRAM.get(trigram) ?? [];
        if (!list.includes(entry)) list.push(entry);
        list.sort((a, b) => b.key.length - a.key.length);
        ANCHORS_BY_TRIGRAM.set(trigram, list);
      }
    }
  }
}

indexAnchors();

/** Every anchor: its lower-cased key and, for one that matches in its exact case only, that spelling (for tests of the walk). */
export const ANCHORS: readonly { key: string; exact: string | undefined }[] = [...DISPATCH.keys()].map((key) => ({ key, exact: EXACT.get(key) }));

/**
 * The anchors of each trigram, by its pair's slot and third character: an array index instead of a hash lookup on
 * the walk's hot path. Filled after `THIRDS` has grown to its final size.
 */
const TRIGRAM_IDS = new Uint16Array(THIRDS.length << 5);
/** The anchors of each trigram by its id, longest first (a packed array: a sparse one is a hash table in V8). */
const ANCHOR_LISTS: (readonly AnchorEntry[])[] = [[]];
/** Per trigram id, 128 bits: the fourth characters (folded to seven bits, 0 past the end) that some anchor of the trigram can have. */
const FOURTHS = new Uint32Array((ANCHORS_BY_TRIGRAM.size + 1) << 2);
for (const [trigram, list] of ANCHORS_BY_TRIGRAM) {
  const id = ANCHOR_LISTS.length;
  ANCHOR_LISTS.push(list);
  TRIGRAM_IDS[(BIGRAM_SLOTS[trigram >> 7]! << 7) | (trigram & 127)] = id;
  for (const entry of list) {
    const spelled = entry.exact ?? entry.key;
    // An anchor of two or three characters ends before the fourth, which may then be anything.
    const fourth = spelled.length > 3 ? [...new Set([spelled[3]!, ...(entry.exact === undefined ? [spelled[3]!.toUpperCase()] : [])])].map((ch) => ch.charCodeAt(0)) : Array.from({ length: 128 }, (_, c) => c);
    for (const c of fourth) FOURTHS[(id << 2) | (c >> 5)]! |= 1 << (c & 31);
  }
}

// ---------------------------------------------------------------------------------------------------
// Tier 1 and prefixed tier 2 tokens.

const TOKEN_CHAR = /[A-Za-z0-9_-]/;

function matchTokenAt(state: ScanState, at: number, list: readonly { provider: ProviderRule; pattern: TokenPattern }[]): void {
  const { text } = state;
  for (const { provider, pattern } of list) {
    const start = at - (pattern.lead ?? 0);
    if (start < 0 || !leftBoundaryOk(text, start)) continue;
    pattern.regex.lastIndex = start;
    const m = pattern.regex.exec(text);
    if (!m) continue;
    const token = m[0];
    const body = token.slice(pattern.prefixLength);
    if (!bodyLooksReal(body, provider.tier === 1 && !pattern.requires ? 0.6 : 0.75)) continue;
    if (provider.id === AWS_KEY_ID_ID && /EXAMPLE$/.test(token)) continue;
    if (provider.documentedExamples?.includes(token)) continue;
    if (pattern.requires && !windowHas(text, start, start + token.length, 240, pattern.requires)) continue;
    if (pattern.validate && !pattern.validate(token)) continue;
    state.candidates.push({
      ruleId: provider.id, start, end: start + token.length, value: token, tier: pattern.requires ? 2 : 1,
      priority: pattern.requires ? 20 : 30,
      ...(pattern.label ? { label: pattern.label } : {}),
      ...(pattern.severity ? { severity: pattern.severity } : {}),
      ...(pattern.publicByDesign ? { publicByDesign: pattern.publicByDesign } : {}),
    });
    // An AWS key id opens the window in which its secret access key is looked for.
    if (provider.id === AWS_KEY_ID_ID) {
      const secret = PROVIDERS.find((p) => p.id === AWS_SECRET_ID);
      if (secret) addContextHit(state, secret, at);
    }
    return;
  }
}

/**
 * A value that a provider disowns: a documented example of any provider (the Azurite emulator key, with or
 * without a format of its own), or a token in the provider's exact format whose checksum fails (GitHub, npm). The provider rule dropped it, so the generic rule must not report it either.
 */
function isDisownedProviderToken(value: string): boolean {
  for (const provider of PROVIDERS) {
    if (provider.documentedExamples?.includes(value)) return true;
    for (const pattern of provider.patterns) {
      if (pattern.lead || !value.startsWith(pattern.anchor)) continue;
      pattern.regex.lastIndex = 0;
      const m = pattern.regex.exec(value);
      if (!m || m[0].length !== value.length) continue;
      if (pattern.validate && !pattern.validate(value)) return true;
    }
  }
  return false;
}

/** The token does not continue an identifier or another token (a JSON or string escape like `\n` is fine). */
function leftBoundaryOk(text: string, start: number): boolean {
  if (start === 0) return true;
  const before = text[start - 1]!;
  if (!TOKEN_CHAR.test(before)) return true;
  return start >= 2 && text[start - 2] === '\\' && 'ntrbf'.includes(before);
}

/** Filters for the random part of a provider token. */
function bodyLooksReal(body: string, entropyRatio: number): boolean {
  if (body.length < 8) return false;
  if (!looksRandom(body, entropyRatio)) return false;
  if (hasSequence(body, 6) || hasLowVariety(body, 10)) return false;
  if (hasPlaceholderMarker(body)) return false;
  if (!/[0-9]/.test(body) && looksLikeWords(body)) return false;
  return true;
}

function windowHas(text: string, start: number, end: number, radius: number, words: readonly string[]): boolean {
  const window = text.slice(Math.max(0, start - radius), Math.min(text.length, end + radius)).toLowerCase();
  return words.some((w) => window.includes(w));
}

// ---------------------------------------------------------------------------------------------------
// Tier 2 bodies without a prefix, searched only in windows around their provider's keywords.

function addContextHit(state: ScanState, provider: ProviderRule, at: number, host = false): void {
  if (host) state.hostHits.add(at);
  const hits = state.contextHits.get(provider);
  if (hits) hits.push(at);
  else state.contextHits.set(provider, [at]);
}

/** Longer than any context body, so a body that starts inside a window is read whole. */
const MAX_CONTEXT_BODY = 256;

function scanContextWindows(state: ScanState, provider: ProviderRule, hits: number[]): void {
  const context = provider.context as ContextPattern;
  const { text } = state;
  const sorted = hits.sort((a, b) => a - b);
  // A keyword usually comes before its value (a name, a section, a client); after it only on the same line.
  const after = Math.min(context.window, 100);
  let windowStart = -1;
  let windowEnd = -1;
  const flush = (): void => {
    if (windowStart < 0) return;
    // The search runs over the window alone (plus room for a body that starts inside it): a global regex
    // left to run on the whole text would look past the window to the end of the file for a body that is
    // not there, once per window.
    const regex = context.body;
    const windowText = text.slice(windowStart, Math.min(text.length, windowEnd + MAX_CONTEXT_BODY));
    regex.lastIndex = 0;
    for (let m = regex.exec(windowText); m !== null && windowStart + m.index < windowEnd; m = regex.exec(windowText)) {
      const start = windowStart + m.index;
      const end = start + m[0].length;
      if (!isStandaloneValue(text, start, end)) continue;
      const body = m[0];
      if (!/[0-9]/.test(body) || !/[A-Za-z]/.test(body)) continue;
      if (context.reject?.test(body) || provider.documentedExamples?.includes(body) || HASH_NAME_BEFORE.test(lineBefore(text, start))) continue;
      if (!bodyLooksReal(body, 0.75) || hasSequence(body, alphabetSize(body) <= 16 ? 6 : 5)) continue;
      const i = lastAtOrBefore(sorted, start);
      let distance = Infinity;
      if (i >= 0 && start - sorted[i]! <= context.window) distance = start - sorted[i]!;
      const next = sorted[i + 1];
      if (next !== undefined && next >= end && next - end <= after && !text.slice(end, next).includes('\n')) distance = Math.min(distance, next - end);
      else if (next !== undefined && next >= end && next - end <= context.window && state.hostHits.has(next)) distance = Math.min(distance, next - end);
      if (distance === Infinity) continue;
      state.candidates.push({ ruleId: provider.id, start, end, value: body, tier: 2, priority: 20 + 1 - distance / (context.window + 1) });
    }
  };
  for (const at of sorted) {
    const s = Math.max(0, at - (state.hostHits.has(at) ? context.window : after));
    const e = Math.min(text.length, at + context.window);
    if (s <= windowEnd) {
      windowEnd = Math.max(windowEnd, e);
    } else {
      flush();
      windowStart = s;
      windowEnd = e;
    }
  }
  flush();
}

/** Index of the last element of a sorted array that is <= value, or -1. */
function lastAtOrBefore(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= value) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** Hex and base64 values named as hashes or ids (`_MD5 = "…"`, `sha256: …`, `commit=…`) are not keys. */
const HASH_NAME_BEFORE = /(?:md5|sha\d*|hash|checksum|digest|etag|commit|revision|rev|uuid|guid|fingerprint|nonce|salt|_id|Id)\W{0,6}$/i;

function lineBefore(text: string, at: number): string {
  const lineStart = lineStartWithin(text, at, 80);
  return text.slice(lineStart >= 0 ? lineStart : at - 80, at);
}

const VALUE_CHAR = /[A-Za-z0-9_+/=.~-]/;

/** A context body must be a whole value: quoted, after `=`/`:`, or alone on its line; not part of a longer token. */
function isStandaloneValue(text: string, start: number, end: number): boolean {
  const before = start > 0 ? text[start - 1]! : '\n';
  const after = end < text.length ? text[end]! : '\n';
  if (VALUE_CHAR.test(after) && after !== '.') return false;
  if (VALUE_CHAR.test(before) && before !== '=') return start >= 2 && text[start - 2] === '\\' && 'ntr'.includes(before);
  return true;
}

// ---------------------------------------------------------------------------------------------------
// Tier 3: a literal bound or passed to a secret-looking name.

/** Identifier characters for names: letters, digits, `_`, `$`, `.` and `-` (header and CLI names). */
function isIdentCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36 || c === 46 || c === 45;
}

/** After a name: an optional closing quote or bracket, spaces, then an operator that can bind a value. */
function mayBindValue(text: string, e: number): boolean {
  let i = e;
  let c = text.charCodeAt(i);
  if (c === 34 || c === 39 || c === 96) c = text.charCodeAt(++i);
  if (c === 93) c = text.charCodeAt(++i);
  while ((c === 32 || c === 9) && i - e < 12) c = text.charCodeAt(++i);
  // = : , ) ? |
  return c === 61 || c === 58 || c === 44 || c === 41 || c === 63 || c === 124;
}

function genericAt(state: ScanState, at: number): void {
  const { text } = state;
  let e = at;
  while (e < text.length && e - at < 100 && isIdentCode(text.charCodeAt(e))) e++;
  while (e > at && (text.charCodeAt(e - 1) === 46 || text.charCodeAt(e - 1) === 45)) e--;
  const withOperator = mayBindValue(text, e);
  if (!withOperator && text[e] !== '>' && text[e] !== '"' && text[e] !== "'") {
    // Groovy passes a value with no operator (`storePassword 'x'`): read after the keystore password names.
    if (text[e] === ' ' || text[e] === '\t') {
      const name = text.startsWith('storePassword', e - 13) ? e - 13 : text.startsWith('keyPassword', e - 11) ? e - 11 : -1;
      if (name >= 0) gradleSigningPasswordAt(state, name);
      else powerShellParameterAt(state, e);
    }
    return;
  }
  let s = at;
  while (s > 0 && at - s < 100 && isIdentCode(text.charCodeAt(s - 1))) s--;
  while (s < e && (text[s] === '-' || text[s] === '.')) s++;
  if (state.genericSeen.has(s)) return;
  state.genericSeen.add(s);
  if (state.mode === 'text' && isInProse(text, s)) return;
  const binding = withOperator ? findBoundValue(state, s, e) : xmlBoundValue(text, s, e);
  if (!binding) return;
  const name = binding.name;
  let secretName = state.nameCache.get(name);
  if (secretName === undefined) {
    secretName = isSecretName(name);
    state.nameCache.set(name, secretName);
  }
  if (!secretName) return;
  if (!genericValueLooksReal(binding.value, name)) return;
  state.candidates.push({
    ruleId: GENERIC_ID, start: binding.valueStart, end: binding.valueEnd, value: binding.value, tier: 3, priority: 10,
    bindingName: name,
    ...(binding.quoteStart !== undefined ? { quoteStart: binding.quoteStart } : {}),
  });
}

/**
 * Outside code a secret needs a key/value context: the name starts a line (`password: x`, `export
 * TOKEN=x`, `- api_key: x`), is a quoted key (`"password": "x"`) or follows a separator (`{`, `,`, `;`, `&`,
 * `?`, `|`, `--`). A name that follows a word in running text ("Here is your new password: rT8$jLpZ") is
 * prose, as in training-data JSON, Markdown and CSV, and binds nothing.
 */
function isInProse(text: string, nameStart: number): boolean {
  const lineStart = lineStartWithin(text, nameStart, 200);
  let before = text.slice(lineStart < 0 ? nameStart - 200 : lineStart, nameStart);
  // A Markdown code span (`API_KEY=...`) is code, not prose.
  if (before.endsWith('`')) return false;
  // A quoted key opens a value only when its quote follows a separator, not a word (`"password": "x"`).
  if (/["']$/.test(before)) before = before.slice(0, -1);
  const words = /(^|[^A-Za-z0-9_$])([A-Za-z][A-Za-z0-9_'’]*)[ \t]+$/.exec(before);
  if (!words) return false;
  // A command flag (`curl -H "Authorization: …"`, `--header`) is not a word of prose; `8-character` is.
  if (/(?:^|\s)--?$/.test(before.slice(0, words.index + words[1]!.length))) return false;
  return !STATEMENT_WORDS.has(words[2]!.toLowerCase());
}

/** Words that may stand before a binding outside code: shell, Dockerfile, Makefile and config keywords. */
const STATEMENT_WORDS = new Set(['export', 'set', 'setx', 'env', 'arg', 'let', 'const', 'var', 'declare', 'readonly', 'local', 'setenv', 'define', 'override']);

interface BoundValue {
  name: string;
  value: string;
  valueStart: number;
  valueEnd: number;
  quoteStart?: number;
}

const ENV_GETTER_BEFORE = /(?:getenv|environ\.get|setdefault|env\.get|os\.Getenv|getEnv|env)\(\s*$/;

/**
 * Finds the value bound to the name at [s, e): `name = "v"`, `name: "v"`, `"name": "v"`, `name="v"`,
 * `NAME=v` (text), `os.getenv("NAME", "v")`, `os.environ["NAME"] = "v"`, `process.env.NAME ?? "v"`.
 */
function findBoundValue(state: ScanState, s: number, e: number): BoundValue | undefined {
  const { text, mode } = state;
  let name = text.slice(s, e);
  let i = e;
  let quotedName = false;
  const open = s > 0 ? text[s - 1] : undefined;
  if ((open === '"' || open === "'" || open === '`') && text[e] === open) {
    quotedName = true;
    i++;
  }
  let envStyle = false;
  if (quotedName && ENV_GETTER_BEFORE.test(text.slice(Math.max(0, s - 30), s - 1))) envStyle = true;
  if (text[i] === ']') i++;
  i = skipSpaces(text, i);
  const c = text[i];
  if (c === '=') {
    if (text[i + 1] === '=' || text[i + 1] === '>') return undefined;
    i++;
  } else if (c === ':') {
    if (text[i + 1] === ':') return undefined;
    i++;
    if (text[i] === '=') i++;
    // A type annotation: `api_key: str = "..."`, `apiKey: string = "..."`.
    const annotated = /^[ \t]*[A-Za-z_][\w.[\], |]{0,40}?[ \t]*=(?!=)/.exec(text.slice(i, i + 60));
    if (annotated && mode === 'code' && !/^[ \t]*["'`]/.test(text.slice(i, i + 10))) i += annotated[0].length;
  } else if (c === ',' && envStyle) {
    i = skipSpaces(text, i + 1);
    const kw = /^default\s*=\s*/.exec(text.slice(i, i + 20));
    if (kw) i += kw[0].length;
  } else if (c === ')' && envStyle) {
    i = skipSpaces(text, i + 1);
    const op = /^(?:or\b|\?\?|\|\|)/.exec(text.slice(i, i + 3));
    if (!op) return undefined;
    i += op[0].length;
  } else if ((c === '?' && text[i + 1] === '?') || (c === '|' && text[i + 1] === '|')) {
    if (!/(?:process\.env|import\.meta\.env|env)\.[\w$]+$/.test(text.slice(Math.max(0, s - 20), e))) return undefined;
    i += 2;
  } else {
    return undefined;
  }
  if (name.includes('.')) name = name.replace(/^(?:process\.env|import\.meta\.env|os\.environ|self|this|cls)\./, '');
  i = skipSpaces(text, i);
  // In code a value is a literal of its own, or bare inside the literal that holds the name
  // (`"paypal_secret=…"`, `"X-API-Key: …"`, a command in a string).
  // A query parameter (`jdbc:…?user=app&password=…&ssl=true`) ends at the next `&`.
  const queryParameter = text[s - 1] === '?' || text[s - 1] === '&';
  return readValue(text, i, name, mode === 'code' && !isMagicLine(text, s) && !quotedOnLine(text, s, e), queryParameter);
}

/** `<add key="ClearTextPassword" value="…" />`: the value attribute after a quoted `key`. */
const XML_ADD_VALUE = /^["'][ \t]{1,4}value[ \t]*=[ \t]*(["'])([^"'<>\s]{1,200})\1/;

/**
 * XML configuration binds a value without an operator: an element (`<password>…</password>` in Maven's
 * `settings.xml`) or an `<add key="ClearTextPassword" value="…" />` entry (NuGet and .NET configuration files).
 */
function xmlBoundValue(text: string, s: number, e: number): BoundValue | undefined {
  const name = text.slice(s, e);
  if (text[s - 1] === '<' && text[e] === '>') {
    // The closing tag is looked for within the longest value read, so a file of unclosed elements stays linear.
    const close = text.slice(e + 1, e + 202).indexOf('</');
    if (close <= 0) return undefined;
    const value = text.slice(e + 1, e + 1 + close);
    return /\s/.test(value) ? undefined : { name, value, valueStart: e + 1, valueEnd: e + 1 + close };
  }
  if ((text[s - 1] !== '"' && text[s - 1] !== "'") || !/\bkey[ \t]*=[ \t]*$/i.test(text.slice(Math.max(0, s - 12), s - 1))) return undefined;
  const m = XML_ADD_VALUE.exec(text.slice(e, e + 240));
  if (!m) return undefined;
  const valueEnd = e + m[0].length - 1;
  return { name, value: m[2]!, valueStart: valueEnd - m[2]!.length, valueEnd };
}

/**
 * True when the name at [s, e) sits inside a quoted string that opens earlier on its line and is not
 * the name's own quotes (`"password": …`).
 */
function quotedOnLine(text: string, s: number, e: number): boolean {
  const lineStart = lineStartWithin(text, s, 200);
  if (lineStart < 0) return false;
  let open: string | undefined;
  for (let k = lineStart; k < s; k++) {
    const ch = text[k]!;
    if (ch === '\\') k++;
    else if (open === undefined) {
      if (ch === '"' || ch === "'" || ch === '`') open = ch;
    } else if (ch === open) open = undefined;
  }
  return open !== undefined && !(text[s - 1] === open && text[e] === open);
}

function skipSpaces(text: string, i: number): number {
  let j = i;
  while (j < text.length && j - i < 10 && (text[j] === ' ' || text[j] === '\t')) j++;
  return j;
}

/** IPython magics and shell escapes in notebook cells (`%env X=...`, `!export X=...`) hold bare values. */
function isMagicLine(text: string, at: number): boolean {
  const lineStart = lineStartWithin(text, at, 200);
  return lineStart >= 0 && /^[ \t]*[%!]/.test(text.slice(lineStart, lineStart + 40));
}

/** The start of the line holding `at`, or -1 when it is more than `limit` characters back (keeps scans linear on huge lines). */
export function lineStartWithin(text: string, at: number, limit: number): number {
  for (let i = at; i > at - limit; i--) {
    if (i <= 0) return 0;
    if (text.charCodeAt(i - 1) === 10) return i;
  }
  return -1;
}

/** HTTP authorization schemes whose credential follows them: OAuth and basic, GitHub's `token`, Elastic's `ApiKey`, Okta's `SSWS`, Discord's `Bot`. */
const AUTH_SCHEME = /^(?:Bearer|Basic|Token|token|bearer|ApiKey|SSWS|Bot)[ \t]+/;

function readValue(text: string, i: number, name: string, quotedOnly: boolean, queryParameter = false): BoundValue | undefined {
  let j = i;
  while (j < text.length && j - i < 2 && /[rRbBuUfF]/.test(text[j]!)) j++;
  // Letters that are not a string prefix start a bare value (`Authorization: Bearer …`).
  if (text[j] !== '"' && text[j] !== "'" && text[j] !== '`') j = i;
  const quote = text[j];
  if (quote === '"' || quote === "'" || quote === '`') {
    if (text[j + 1] === quote && text[j + 2] === quote) return undefined;
    const contentStart = j + 1;
    let k = contentStart;
    while (k < text.length && k - contentStart < 1000) {
      const ch = text[k]!;
      if (ch === '\\') {
        k += 2;
        continue;
      }
      if (ch === quote || ch === '\n') break;
      k++;
    }
    if (text[k] !== quote) return undefined;
    return trimScheme(text, contentStart, k, name, j);
  }
  if (quotedOnly) return undefined;
  // A bare value (.env, YAML, shell, Markdown, notebook outputs): up to whitespace, a quote or a separator.
  let k = j;
  let start = j;
  const scheme = AUTH_SCHEME.exec(text.slice(j, j + 12));
  if (scheme) {
    start = j + scheme[0].length;
    k = start;
  }
  while (k < text.length && k - start < 1000 && !/[\s"'`,;)}\]<>]/.test(text[k]!) && !(queryParameter && text[k] === '&')) k++;
  if (k === start || (text[k - 1] === '\\' && k - start < 3)) return undefined;
  let end = k;
  // A JSON-escaped newline (`\n`) in a notebook output ends the value.
  const escaped = text.slice(start, end).search(/\\[nrt]/);
  if (escaped >= 0) end = start + escaped;
  if (end <= start) return undefined;
  return { name, value: text.slice(start, end), valueStart: start, valueEnd: end };
}

function trimScheme(text: string, start: number, end: number, name: string, quoteStart: number): BoundValue | undefined {
  let s = start;
  const scheme = AUTH_SCHEME.exec(text.slice(start, Math.min(end, start + 12)));
  if (scheme) s += scheme[0].length;
  if (s >= end) return undefined;
  return { name, value: text.slice(s, end), valueStart: s, valueEnd: end, quoteStart };
}

/** The filters of §3.3 for values with no format of their own. */
export function genericValueLooksReal(value: string, name: string): boolean {
  if (value.length < 8 || value.length > 500) return false;
  if (/\s/.test(value)) return false;
  if (isTemplate(value) || isPathOrUrl(value) || isVariableName(value, name)) return false;
  if (hasPlaceholderMarker(value) || hasWeakMarker(value)) return false;
  if (isDisownedProviderToken(value)) return false;
  // A Windows DPAPI blob (NuGet's `Password`, .NET protected settings) is encrypted for one machine's user.
  if (value.startsWith('AQAAANCMnd8BFdERjHoAwE')) return false;
  if (/^(?:true|false|null|none|nil|undefined)$/i.test(value)) return false;
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) return false;
  // Public-by-design client keys: Stripe publishable, Langfuse public, Mapbox public, PostHog project keys.
  if (/^(?:pk_|pk-lf-|pk\.|phc_|sha\d+[-:]|md5:)/.test(value)) return false;
  if (/^[a-z]+(?:[_.\-/:][a-z0-9]+)*$/.test(value) || /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/.test(value)) return false;
  if (/^[\d.\-:]+$/.test(value) || /^\d{4}-\d{2}-\d{2}/.test(value) || looksLikeRegex(value)) return false;
  // Code, not a value: member accesses and calls (`reader.readString()`, `config.password`) and bare identifiers.
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+(?:\(|$)/.test(value) || /[()]$/.test(value)) return false;
  if (/^[A-Za-z_$][\w$]*$/.test(value) && looksLikeCamelWords(value)) return false;
  const runLength = alphabetSize(value) <= 16 ? 6 : 4;
  if (hasSequence(value, runLength) || hasLowVariety(value)) return false;
  if (isPasswordName(name) && !nameWords(name).some((w) => w === 'key' || w === 'token')) return passwordLooksReal(value);
  // Backslashes and brackets mark escapes, patterns and code; long generated keys (Django's) may hold the rest.
  if (value.length < 12 || /[[\]\\]/.test(value) || (value.length < 32 && /[(){}|^*]/.test(value)) || looksLikeCamelWords(value)) return false;
  const hasDigit = /[0-9]/.test(value);
  const hasLetter = /[A-Za-z]/.test(value);
  if (!hasLetter) return false;
  if (!hasDigit && (value.length < 20 || looksLikeWords(value))) return false;
  if (/^[A-Za-z]+(?:[-_][A-Za-z0-9]+)+$/.test(value) && looksLikeWords(value.replace(/[0-9]/g, ''))) return false;
  // Identifiers with numbers in them are as varied as keys; they differ in how well they tokenise.
  if (tokenisesLikeText(value)) return false;
  return looksRandom(value, 0.75);
}

/** Passwords are short and typed by hand: at least 8 characters from 3 classes, and not a known default. */
function passwordLooksReal(value: string): boolean {
  let classes = 0;
  if (/[a-z]/.test(value)) classes++;
  if (/[A-Z]/.test(value)) classes++;
  if (/[0-9]/.test(value)) classes++;
  if (/[^A-Za-z0-9]/.test(value)) classes++;
  return classes >= 3 && looksRandom(value, 0.7);
}

// ---------------------------------------------------------------------------------------------------
// Structural secrets: PEM private keys (and GCP service accounts), JWTs, database URLs.

const PEM_BEGIN = /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP |DH )?)PRIVATE KEY( BLOCK)?-----/y;

function privateKeyAt(state: ScanState, at: number): void {
  const { text } = state;
  PEM_BEGIN.lastIndex = at;
  const m = PEM_BEGIN.exec(text);
  if (!m) return;
  const bodyStart = at + m[0].length;
  // The next END marker is remembered across anchors, so a file of BEGIN lines without END stays linear.
  if (state.pemEnd === -2 || (state.pemEnd !== -1 && state.pemEnd < bodyStart)) state.pemEnd = text.indexOf('-----END', bodyStart);
  const endMarker = state.pemEnd;
  if (endMarker < 0 || endMarker - bodyStart > 20000) return;
  const close = text.slice(endMarker + 8, endMarker + 60).indexOf('-----');
  const end = close >= 0 ? endMarker + 8 + close + 5 : endMarker + 8;
  const rawBody = text.slice(bodyStart, endMarker);
  // Headers of encrypted PEM and PGP armour (`Proc-Type: ...`, `Version: ...`) are not part of the key.
  const body = rawBody.replace(/\\[nrt]/g, '\n').split('\n').filter((line) => !/^\s*[\w-]+:\s/.test(line)).join('').replace(/[^A-Za-z0-9+/=]/g, '');
  if (body.length < 64) return;
  const kind = m[1]!.trim();
  const derLike = body.startsWith('M') || body.startsWith('b3BlbnNzaC1rZXktdjE');
  if (kind !== 'PGP' && !derLike) return;
  if (!looksRandom(body.slice(0, 400), 0.7) || hasPlaceholderMarker(body) || /(.)\1{7}/.test(body)) return;
  state.candidates.push({
    ruleId: PRIVATE_KEY_ID, start: at, end, value: body, tier: 1, priority: 25,
    label: kind === 'ENCRYPTED' ? 'encrypted private key' : `${kind ? kind + ' ' : ''}private key`,
    ...(kind === 'ENCRYPTED' ? { severity: 'warning' as const } : {}),
  });
}

/** A private key inside a JSON object whose `type` is `service_account` is a GCP service-account key. */
function promoteServiceAccounts(state: ScanState): void {
  if (state.serviceAccountHits.length === 0) return;
  const { text } = state;
  for (const candidate of state.candidates) {
    if (candidate.ruleId !== PRIVATE_KEY_ID) continue;
    const hits = state.serviceAccountHits;
    const i = lastAtOrBefore(hits, candidate.start);
    const near = [hits[i], hits[i + 1]].some((hit) => hit !== undefined && Math.abs(hit - candidate.start) < 5000 && /"type"\s*:\s*"$/.test(text.slice(Math.max(0, hit - 20), hit).replace(/\\"/g, '"')));
    const before = text.slice(Math.max(0, candidate.start - 40), candidate.start).replace(/\\"/g, '"');
    if (near && /"?private_key"?\s*:\s*"?$/.test(before)) {
      candidate.ruleId = GCP_SERVICE_ACCOUNT_ID;
      candidate.priority = 28;
      delete candidate.label;
    }
  }
}

const JWT = /eyJ[A-Za-z0-9_-]{10,2000}\.eyJ[A-Za-z0-9_-]{10,8000}\.[A-Za-z0-9_-]{0,2000}(?![A-Za-z0-9_-])/y;

function jwtAt(state: ScanState, at: number): void {
  const { text } = state;
  if (!leftBoundaryOk(text, at)) return;
  JWT.lastIndex = at;
  const m = JWT.exec(text);
  if (!m) return;
  const token = m[0];
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const headerJson = decodeBase64Url(header);
  if (!headerJson || !/^\s*\{[\s\S]*"alg"\s*:\s*"([^"]+)"[\s\S]*\}\s*$/.test(headerJson)) return;
  if (/"alg"\s*:\s*"none"/i.test(headerJson) || signature.length < 16) return;
  const payloadJson = decodeBase64Url(payload);
  if (!payloadJson || !/^\s*\{[\s\S]*\}\s*$/.test(payloadJson)) return;
  if (hasPlaceholderMarker(payloadJson.replace(/"(?:iss|aud|sub|name|email|role)"\s*:\s*"[^"]*"/g, '')) && /example|sample|dummy|fake/i.test(payloadJson)) return;
  state.candidates.push({ ruleId: JWT_ID, start: at, end: at + token.length, value: token, tier: 2, priority: 18 });
}

const DB_SCHEMES = new Set([
  'postgres', 'postgresql', 'mysql', 'mariadb', 'mssql', 'sqlserver', 'mongodb', 'mongodb+srv', 'redis', 'rediss',
  'amqp', 'amqps', 'clickhouse', 'cockroachdb', 'neo4j', 'neo4j+s', 'bolt', 'couchdb', 'oracle', 'snowflake', 'cassandra',
  'ftp', 'sftp', 'smtp', 'smtps', 'ldap', 'ldaps', 'kafka', 'nats', 'mqtt', 'memcached', 'elasticsearch', 'influxdb', 'db2',
]);
/** Web and version-control URLs, whose user-info the generic rule reads. */
const WEB_SCHEMES = new Set(['http', 'https', 'git', 'ssh', 'svn', 'ws', 'wss']);
const DB_USERINFO = /([^:@/\s"'`\\]{0,100}):([^@/\s"'`\\]{1,200})@([^/\s"'`:?#\\]{1,200})/y;
const LOCAL_HOSTS = /^(?:localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[::1\]|::1|host\.docker\.internal|example\.(?:com|org|net)|[\w.-]*\.example(?:\.com)?|[\w.-]*\.local)$/i;
const DEFAULT_PASSWORDS = new Set(['password', 'pass', 'passwd', 'secret', 'root', 'admin', 'postgres', 'mysql', 'changeme', 'example', 'test', 'guest', 'user', 'pwd', 'redis', 'mongo', 'mongodb', 'rabbitmq', 'default', 'sa', 'oracle', 'pw', 'xxx', '****']);

/**
 * Provider hosts whose URL user-info is that provider's credential, of a shape the provider fixes: the password of
 * a Cloudant account URL (`*.cloudant.com`, `*.cloudantnosqldb.appdomain.cloud`) is its legacy API key, 64 hex
 * digits, and a legacy Sentry DSN (`https://<public>:<secret>@o1.ingest.sentry.io/2`) holds its secret key, 32 hex
 * digits after a 32-digit public key. Hex passwords are otherwise left alone as hashes.
 */
function hostCredential(user: string, password: string, host: string): { ruleId: string; label: string } | undefined {
  if (/\.cloudant(?:nosqldb\.appdomain\.cloud|\.com)$/i.test(host) && /^[0-9a-f]{64}$/.test(password)) return { ruleId: CLOUDANT_LEGACY_ID, label: 'legacy API key' };
  if (/(?:^|\.)sentry\.io$/i.test(host) && /^[0-9a-f]{32}$/.test(user) && /^[0-9a-f]{32}$/.test(password)) return { ruleId: SENTRY_ID, label: 'DSN secret key (legacy DSN)' };
  return undefined;
}
const CLOUDANT_LEGACY_ID = 'AIS4083';
const SENTRY_ID = 'AIS488';

function databaseUrlAt(state: ScanState, at: number): void {
  const { text } = state;
  const head = /([A-Za-z][A-Za-z0-9+]{1,20})(?:\+[A-Za-z0-9]+)?$/.exec(text.slice(Math.max(0, at - 32), at));
  if (!head) return;
  const scheme = head[1]!.toLowerCase().replace(/^jdbc:/, '');
  const base = scheme.split('+')[0]!;
  const web = WEB_SCHEMES.has(scheme) || WEB_SCHEMES.has(base);
  if (!web && !DB_SCHEMES.has(scheme) && !DB_SCHEMES.has(base)) return;
  DB_USERINFO.lastIndex = at + 3;
  const m = DB_USERINFO.exec(text);
  if (!m) return;
  const [, user, password, host] = m as unknown as [string, string, string, string];
  if (LOCAL_HOSTS.test(host) || password.length < 4) return;
  const lower = password.toLowerCase();
  if (DEFAULT_PASSWORDS.has(lower) || lower === user.toLowerCase() || isTemplate(password) || hasPlaceholderMarker(password) || hasWeakMarker(password)) return;
  if (/^\*+$|^x+$/i.test(password) || hasLowVariety(password) || hasSequence(password, 5)) return;
  const start = at + 3 + user.length + 1;
  if (web) {
    const hosted = hostCredential(user, password, host);
    if (hosted) {
      state.candidates.push({ ruleId: hosted.ruleId, start, end: start + password.length, value: password, tier: 2, priority: 20, label: hosted.label });
      return;
    }
    // A web or git URL's user-info is a password or a token (`https://x-access-token:…@github.com`): the
    // generic rule reports it when it would report the same value bound to a password.
    if (!genericValueLooksReal(password, 'password')) return;
    state.candidates.push({ ruleId: GENERIC_ID, start, end: start + password.length, value: password, tier: 3, priority: 12, bindingName: 'password', label: `password in a ${base} URL` });
    return;
  }
  state.candidates.push({ ruleId: DATABASE_URL_ID, start, end: start + password.length, value: password, tier: 2, priority: 20, label: `${base} URL` });
}

// ---------------------------------------------------------------------------------------------------
// Credentials passed on a command line (shell scripts, CI steps, notebook `!` lines, commands in strings).

function commandCredentialAt(state: ScanState, at: number): void {
  const { text } = state;
  for (const [anchor, { shape, name, lead = 0 }] of COMMAND_ANCHORS) {
    if (!text.startsWith(anchor, at) || at < lead) continue;
    shape.lastIndex = at - lead;
    const m = shape.exec(text);
    if (!m) return;
    // Group 1 is the optional quote around the value (empty for mysql), group 2 the value.
    const value = m[2]!;
    const end = at - lead + m[0].length - m[1]!.length;
    const start = end - value.length;
    if (!genericValueLooksReal(value, name)) return;
    state.candidates.push({ ruleId: GENERIC_ID, start, end, value, tier: 3, priority: 12, bindingName: name, label: 'command-line credential' });
    return;
  }
}

// ---------------------------------------------------------------------------------------------------
// Browser exposure.

const ALLOW_BROWSER = /dangerouslyAllowBrowser["']?\s*:\s*true\b/y;

function allowBrowserAt(state: ScanState, at: number): void {
  if (state.mode !== 'code') return;
  ALLOW_BROWSER.lastIndex = at;
  const m = ALLOW_BROWSER.exec(state.text);
  if (!m) return;
  state.candidates.push({ ruleId: BROWSER_ID, start: at, end: at + m[0].length, value: '', tier: 0, priority: 5, exposure: { kind: 'allow-browser', name: 'dangerouslyAllowBrowser' } });
}

/** Provider words that make a public env var a leaked secret (lower-case name words). */
const BROWSER_SECRET_WORDS = new Set([
  'openai', 'anthropic', 'claude', 'gemini', 'genai', 'groq', 'mistral', 'cohere', 'hf', 'huggingface', 'hugging',
  'replicate', 'perplexity', 'pplx', 'xai', 'grok', 'openrouter', 'deepseek', 'together', 'pinecone', 'langsmith',
  'langchain', 'langfuse', 'elevenlabs', 'assemblyai', 'deepgram', 'wandb', 'nvidia', 'fireworks', 'cerebras',
  'azure', 'aws', 'stripe', 'github', 'gitlab', 'slack', 'sendgrid', 'twilio', 'supabase', 'database', 'db', 'llm', 'ai',
]);

function publicEnvAt(state: ScanState, at: number): void {
  const { text, mode } = state;
  if (at > 0 && /[A-Za-z0-9_]/.test(text[at - 1]!)) return;
  let e = at;
  while (e < text.length && e - at < 100 && /[A-Za-z0-9_]/.test(text[e]!)) e++;
  const name = text.slice(at, e);
  const prefix = PUBLIC_ENV_PREFIXES.find((p) => name.startsWith(p));
  if (!prefix || name.length === prefix.length) return;
  const rest = name.slice(prefix.length);
  if (isPublicByDesign(rest)) return;
  const words = nameWords(rest);
  const secretish = words.some((w) => w === 'secret' || w === 'password' || w === 'private')
    || (isSecretName(rest) && words.some((w) => BROWSER_SECRET_WORDS.has(w)));
  if (!secretish) return;
  if (mode === 'code') {
    if (!/(?:process\.env\.|import\.meta\.env\.|process\.env\[["']|import\.meta\.env\[["'])$/.test(text.slice(Math.max(0, at - 20), at))) return;
  } else {
    // In .env files the variable must be defined with a value; in other text it must look like a definition.
    const line = /^[ \t]*=[ \t]*["']?([^\s"'#]+)/.exec(text.slice(e, e + 200));
    const lineStart = lineStartWithin(text, at, 40);
    if (!line || lineStart < 0 || !/^(?:[ \t]*export[ \t]+)?$/.test(text.slice(lineStart, at))) return;
    const value = line[1]!;
    if (isTemplate(value) || hasPlaceholderMarker(value) || value.length < 8) return;
  }
  state.candidates.push({ ruleId: BROWSER_ID, start: at, end: e, value: '', tier: 0, priority: 5, exposure: { kind: 'public-env', name } });
}

// ---------------------------------------------------------------------------------------------------

/**
 * Keeps the highest-priority candidate among overlapping ones; browser findings never compete with
 * values. Candidates are grouped into clusters of overlapping spans first, so the work stays linear.
 */
function resolveOverlaps(candidates: Candidate[]): Candidate[] {
  const kept: Candidate[] = [];
  for (const group of [candidates.filter((c) => c.tier === 0), candidates.filter((c) => c.tier !== 0)]) {
    group.sort((a, b) => a.start - b.start);
    let cluster: Candidate[] = [];
    let clusterEnd = -1;
    const flush = (): void => {
      const byPriority = cluster.sort((a, b) => b.priority - a.priority || a.start - b.start);
      const chosen: Candidate[] = [];
      for (const c of byPriority) if (!chosen.some((k) => k.start < c.end && c.start < k.end)) chosen.push(c);
      appendAll(kept, chosen);
      cluster = [];
    };
    for (const c of group) {
      if (c.start >= clusterEnd && cluster.length > 0) flush();
      cluster.push(c);
      clusterEnd = Math.max(clusterEnd, c.end);
    }
    if (cluster.length > 0) flush();
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** The scanner's own patterns (beyond the provider table), for the matcher-safety test. */
export const SCANNER_PATTERNS: readonly { name: string; regex: RegExp }[] = [
  ...[...COMMAND_ANCHORS].map(([anchor, { shape }]) => ({ name: `command ${anchor.trim()}`, regex: shape })),
  { name: 'PEM header', regex: PEM_BEGIN },
  { name: 'JWT', regex: JWT },
  { name: 'URL user-info', regex: DB_USERINFO },
  { name: 'dangerouslyAllowBrowser', regex: ALLOW_BROWSER },
  { name: 'authorization scheme', regex: AUTH_SCHEME },
  { name: 'hash name before a value', regex: HASH_NAME_BEFORE },
  { name: 'environment getter', regex: ENV_GETTER_BEFORE },
  { name: 'XML add value', regex: XML_ADD_VALUE },
  { name: 'JWT signing key', regex: JWT_SIGNING_KEY },
  { name: 'basic-auth pair', regex: BASIC_AUTH_PAIR },
  { name: 'Gradle signing password', regex: GRADLE_SIGNING_PASSWORD },
  { name: 'PowerShell parameter value', regex: POWERSHELL_ARGUMENT },
  { name: 'long option value', regex: FLAG_VALUE },
  ...WINDOWS_CREDENTIAL_PATTERNS,
  ...COMMAND_LINE_CREDENTIAL_PATTERNS,
];
