/**
 * The one text checker of the secrets family. It scans the text (one prefilter pass, then provider
 * patterns at their anchors), confirms code candidates with the syntax tree only when one survived,
 * and reports each under its provider's rule with a redacted message, a hashed fingerprint and fixes.
 */
import type { Tree } from 'web-tree-sitter';
import type { Fix, Severity } from '../../engine/finding';
import type { LanguageId, TextChecker, TextContext } from '../../engine/rule';
import type { Candidate } from './candidate';
import { redactSecret } from '../../engine/secrets/redact';
import { hmacSha256Hex, sha256Hex } from '../../engine/secrets/sha256';
import { BROWSER_ID, GENERIC_ID, lineStartWithin, scanText, type ScanHints } from './scanner';
import { PRIVATE_KEY_ID, PROVIDER_BY_ID } from './providers';
import { SECRET_FILE_KINDS, SECRET_RULES } from './rules';
import { bindingOf, placementOf, type Binding } from './syntax';
import { secretFixes, type FixFileState } from './fixes';
import { envVarFromName } from './names';
import { notebookRegions } from './notebook-regions';
import { pairSecrets } from './pairs';
import { containerCandidates, withContainerCandidates } from './containers';
import { concatenatedCandidates } from './concatenation';
import { focusedCodeScan, WHOLE_TEXT_MARKERS } from './focused-scan';
import { isAssertedValue } from './asserted-test-values';
import { isTestMaterialPath } from './test-material';
import { credentialFileCandidates } from './credential-file-lines';

/** Shared with the agent-config rule AIS804 (`mcp-hardcoded-secret`), which reports the same token in MCP server entries. */
export const ASSISTANT_CONFIG_SECRET_KEY = 'agent-config-hardcoded-secret';

/** The Google (Gemini) API key rule, whose `AIza` keys are also Firebase web keys. */
const GOOGLE_API_KEY_ID = 'AIS412';
const GOOGLE_OAUTH_ID = 'AIS430';

/** The key of the hash in `properties.secretHash`; baselines hash it again under their own random salt. */
const SECRET_HASH_KEY = 'aisec-secret-v1';

/** What a list joined into a key is joined with (`concatenation.ts` reads such lists only when the text holds it). */
const LIST_JOIN = '.join(';

export const secretsChecker: TextChecker = {
  name: 'hard-coded-secrets',
  kind: 'text',
  ruleIds: SECRET_RULES.map((r) => r.id),
  fileKinds: SECRET_FILE_KINDS,
  // Asked of every code file: counted with the prefilter keywords, which open documents keep across edits.
  mentionedWords: [LIST_JOIN, ...WHOLE_TEXT_MARKERS],
  check(ctx) {
    if (ctx.fileKind === 'notebook' && !ctx.language) {
      checkRawNotebook(ctx);
      return;
    }
    const language = ctx.language;
    // Containers (Kubernetes Secrets, registry auths, Composer token maps, PuTTY keys) live in configuration and key
    // files, and in code as the literals that write those files or set `COMPOSER_AUTH`; keys split across joined
    // literals live in code.
    const candidates = language ? codeCandidates(ctx, language === 'python') : textCandidates(ctx);
    if (candidates.length === 0) return;
    let tree: Tree | undefined;
    let treeAsked = false;
    const getTree = (): Tree | undefined => {
      if (!treeAsked) {
        treeAsked = true;
        tree = ctx.tree();
      }
      return tree;
    };
    const fileState: FixFileState = {};
    // An identifier paired with its secret is reported as part of the secret's finding, unless the secret is not reported.
    const absorbed = pairSecrets(ctx.text, candidates);
    const reported = new Set<Candidate>();
    for (const candidate of candidates) {
      if (absorbed.has(candidate)) continue;
      const done = language ? reportInCode(ctx, language, candidate, getTree, fileState) : (reportCandidate(ctx, candidate, candidate.start, candidate.end, []), true);
      if (done) reported.add(candidate);
    }
    for (const [identifier, secret] of absorbed) {
      if (reported.has(secret)) continue;
      if (language) reportInCode(ctx, language, identifier, getTree, fileState);
      else reportCandidate(ctx, identifier, identifier.start, identifier.end, []);
    }
  },
};

/**
 * The candidates of a code file: the plain scan, keys joined from literals, and containers written from literals
 * when the scan saw their marker. With `focus` (a partial run) the plain scan reads only the text around it when
 * that gives the same candidates there (`focused-scan.ts`, which also rules containers out).
 */
function codeCandidates(ctx: TextContext, python: boolean): Candidate[] {
  const { text, focus } = ctx;
  const hints: ScanHints = {};
  const plain = (focus && focusedCodeScan(text, focus, ctx.mentions)) ?? scanText(text, 'code', hints);
  const decoded = concatenatedCandidates(text, python, ctx.mentions(LIST_JOIN));
  if (hints.container) decoded.push(...containerCandidates(text));
  return withContainerCandidates(plain, decoded);
}

/**
 * The candidates of a file read as text: the plain scan, containers, and the passwords of credential files whose
 * syntax names no value (`.pgpass`, netrc), where the scan found nothing already (a provider's token there keeps its rule).
 */
function textCandidates(ctx: TextContext): Candidate[] {
  // C# is read as code: its values are literals, and a declaration's type stands before the name
  // (`const string ApiKey = "…"`), which in text would be a word of prose before it.
  const mode = ctx.fileKind === 'other-code' && /\.cs$/i.test(ctx.path) ? 'code' : 'text';
  const candidates = withContainerCandidates(scanText(ctx.text, mode), containerCandidates(ctx.text));
  const lines = credentialFileCandidates(ctx.path, ctx.text).filter((line) => !candidates.some((c) => c.start < line.end && line.start < c.end));
  return lines.length === 0 ? candidates : [...candidates, ...lines].sort((a, b) => a.start - b.start);
}

/** Reports a candidate found in code when the syntax tree confirms it; false when it does not. */
function reportInCode(ctx: TextContext, language: LanguageId, candidate: Candidate, getTree: () => Tree | undefined, fileState: FixFileState): boolean {
  const tree = getTree();
  if (!tree) {
    // Without a tree (parse budget exceeded) only distinctive formats are trusted.
    if (candidate.tier !== 1) return false;
    reportCandidate(ctx, candidate, candidate.start, candidate.end, []);
    return true;
  }
  const placement = placementOf(tree, candidate.start, candidate.end);
  const magic = isMagicLine(ctx.text, candidate.start);
  if (candidate.tier === 0) {
    if (placement.kind !== 'other') return false;
    reportCandidate(ctx, candidate, candidate.start, candidate.end, []);
    return true;
  }
  if (placement.kind !== 'string') {
    const acceptable = candidate.tier === 1 ? !insideIdentifier(tree, candidate.start) : placement.kind === 'comment' && magic;
    if (acceptable) reportCandidate(ctx, candidate, candidate.start, candidate.end, []);
    return acceptable;
  }
  const literal = placement.literal;
  if (candidate.tier >= 2) {
    // Documentation strings describe keys; they do not hold them (distinctive formats are still reported).
    if (literal.parent?.type === 'expression_statement' || literal.parent?.type === 'concatenated_string' && literal.parent.parent?.type === 'expression_statement') return false;
    if (candidate.quoteStart !== undefined && !(literal.startIndex <= candidate.quoteStart && candidate.quoteStart - literal.startIndex <= 2)) return false;
  }
  const binding = bindingOf(literal, language);
  const envVar = envVarFor(candidate, binding);
  const provider = PROVIDER_BY_ID.get(candidate.ruleId);
  const fixes = secretFixes({
    ctx, tree, language, literal, start: candidate.start, end: candidate.end, value: candidate.value, binding, envVar, fileState,
    ...(provider?.sdkReadsEnv ? { sdk: { ...provider.sdkReadsEnv, envVar: provider.envVar } } : {}),
  });
  reportCandidate(ctx, { ...candidate, ...(candidate.bindingName ? {} : bindingNameOf(binding)) }, candidate.start, candidate.end, fixes, envVar);
  return true;
}

function bindingNameOf(binding: Binding): { bindingName?: string } {
  if (binding.kind === 'argument' && binding.name) return { bindingName: binding.name };
  if (binding.kind === 'assignment') return { bindingName: binding.name };
  if (binding.kind === 'env-default' || binding.kind === 'env-fallback' || binding.kind === 'env-assignment') return { bindingName: binding.envName };
  return {};
}

/** The variable the fixes read: the one the code already names, else the provider's convention, else the binding's name. */
function envVarFor(candidate: Candidate, binding?: Binding): string {
  if (binding && (binding.kind === 'env-default' || binding.kind === 'env-fallback' || binding.kind === 'env-assignment') && /^[A-Za-z_][A-Za-z0-9_]*$/.test(binding.envName)) return binding.envName;
  const provider = PROVIDER_BY_ID.get(candidate.ruleId);
  if (provider) return provider.envVar;
  const name = candidate.bindingName ?? (binding && (binding.kind === 'assignment' || (binding.kind === 'argument' && binding.name)) ? (binding as { name: string }).name : undefined);
  const fromName = name ? (HEADER_ENV_NAMES[name.toLowerCase()] ?? envVarFromName(name)) : undefined;
  return fromName && /^[A-Z_][A-Z0-9_]*$/.test(fromName) ? fromName : 'SECRET';
}

/** Header names say nothing about the service, so their fixes use a neutral variable. */
const HEADER_ENV_NAMES: Record<string, string> = { authorization: 'API_TOKEN', 'x-api-key': 'API_KEY', 'api-key': 'API_KEY', 'x-auth-token': 'AUTH_TOKEN' };

function reportCandidate(ctx: TextContext, candidate: Candidate, start: number, end: number, fixes: Fix[], chosenEnvVar?: string, note?: string): void {
  const range = ctx.rangeOf(start, end);
  if (candidate.tier === 0) {
    const exposure = candidate.exposure!;
    const what = exposure.kind === 'allow-browser' ? '`dangerouslyAllowBrowser: true`' : `\`${exposure.name}\` is inlined into client-side code by the bundler and`;
    ctx.report({
      ruleId: BROWSER_ID, range, data: { what },
      fingerprintSeed: sha256Hex(`${BROWSER_ID}\u0000${exposure.name}`),
      properties: { exposure: exposure.kind, name: exposure.name },
    });
    return;
  }
  const envVar = chosenEnvVar ?? envVarFor(candidate);
  const redacted = redactSecret(candidate.value);
  const provider = PROVIDER_BY_ID.get(candidate.ruleId);
  const infoNote = publicByDesign(ctx.text, candidate, start) ?? testDataNote(ctx, candidate) ?? testKeyNote(ctx, candidate) ?? sampleLogNote(ctx, candidate, start);
  const severity = infoNote ? 'info' : adjustSeverity(ctx, candidate);
  const where = ctx.fileKind === 'dotenv' && !isExampleDotenv(ctx.path) ? ' Keep this .env file git-ignored; if it was ever committed, rotate the key.' : '';
  const pair = candidate.pair;
  const pairRange = pair ? ctx.rangeOf(pair.start, pair.end) : undefined;
  const companion = candidate.companion;
  const companionRange = companion ? ctx.rangeOf(companion.start, companion.end) : undefined;
  const alsoCompanion = companion && companionRange ? ` and its ${companion.label} ${redactSecret(companion.value)} (line ${companionRange.start.line + 1})` : '';
  const together = (pair && pairRange ? ` together with its ${pair.label} ${redactSecret(pair.value)} (line ${pairRange.start.line + 1})${alsoCompanion}, which is all it takes to use it` : '') + (candidate.container ? ` (${candidate.container})` : '');
  const message = provider
    ? infoNote
      ? `${provider.provider} ${candidate.label ?? provider.secretKind} ${redacted} is hard-coded${infoNote}${note ?? ''}`
      : `${provider.provider} ${candidate.label ?? provider.secretKind} ${redacted} is hard-coded${together}. A committed key must be rotated; read it from the environment variable ${envVar} instead.${where}${note ?? ''}`
    : infoNote
      ? `A secret ${redacted} is written in \`${candidate.bindingName ?? 'a credential'}\`${infoNote}${note ?? ''}`
      : `A secret ${redacted} is hard-coded in \`${candidate.bindingName ?? 'a credential'}\`${candidate.label ? ` (${candidate.label})` : ''}${together}. A committed secret must be rotated; read it from the environment variable ${envVar} instead.${where}${note ?? ''}`;
  ctx.report({
    ruleId: candidate.ruleId,
    range,
    message,
    ...(severity ? { severity } : {}),
    // Test data, test servers' keys and generic matches that a test file lowers to information are reported only in
    // the audit profile (see asserted-test-values.ts and testMaterial): on the real-code benchmark none of the twelve
    // such findings (local test servers' keys, example JWTs, placeholder configurations) was worth acting on.
    ...(testMaterial(ctx, candidate, infoNote, severity) || infoNote === SAMPLE_LOG_NOTE || infoNote === SAS_READ_LINK_NOTE ? { advisory: true } : {}),
    // In an assistant's configuration the agent-config family reports the same token with the client's
    // reference syntax (AIS804); the two become one finding.
    ...(ctx.fileKind === 'mcp-config' || ctx.fileKind === 'agent-settings' ? { combine: { key: ASSISTANT_CONFIG_SECRET_KEY, problem: 'the token is hard-coded' } } : {}),
    fixes,
    // Both halves of a pair are located: the identifier first, then the secret the finding is on.
    ...(pair && pairRange && provider ? {
      flow: [
        { range: pairRange, message: `${provider.provider} ${pair.label} ${redactSecret(pair.value)}` },
        { range, message: `${provider.provider} ${candidate.label ?? provider.secretKind} ${redacted}` },
        ...(companion && companionRange ? [{ range: companionRange, message: `${provider.provider} ${companion.label} ${redactSecret(companion.value)}` }] : []),
      ],
    } : {}),
    fingerprintSeed: sha256Hex(`${candidate.ruleId}\u0000${candidate.value}`),
    properties: {
      redacted,
      ...(pair ? { pairedWith: redactSecret(pair.value) } : {}),
      ...(companion ? { alsoWith: redactSecret(companion.value) } : {}),
      envVar,
      tier: candidate.tier,
      secretHash: secretHash(candidate.ruleId, candidate.value),
      ...(provider ? { provider: provider.provider } : {}),
      ...(candidate.bindingName ? { name: candidate.bindingName } : {}),
    },
  });
}

/**
 * Keys that are public by design are information at most. A Google API key in a Firebase web
 * configuration (`firebaseConfig = { apiKey: "AIza…", authDomain: …, projectId: … }`) identifies the project
 * to the browser SDK; its protection is the key's restrictions and the security rules, not secrecy.
 */
function publicByDesign(text: string, candidate: Candidate, start: number): string | undefined {
  if (candidate.publicByDesign) return candidate.publicByDesign;
  if (candidate.ruleId === GOOGLE_OAUTH_ID) return installedAppSecret(text, candidate, start);
  if (candidate.ruleId === AZURE_SAS_ID) return readOnlyBlobLink(text, start);
  if (candidate.ruleId !== GOOGLE_API_KEY_ID) return undefined;
  const window = text.slice(Math.max(0, start - 400), Math.min(text.length, start + 600));
  const firebase = /firebaseConfig|initializeApp\s*\(/.test(window) || (/\bauthDomain\b/.test(window) && /\bprojectId\b/.test(window));
  if (!firebase || !/apiKey["']?\s*[:=]\s*["'`]?$/.test(text.slice(Math.max(0, start - 40), start))) return undefined;
  return ' in a Firebase web configuration, where it is public by design (the browser needs it); restrict the key to your apps in the Google Cloud console and protect data with security rules.';
}

const AZURE_SAS_ID = 'AIS4050';
const SAS_READ_LINK_NOTE = ' in a read-only link to one blob or file (`sp=r` with `sr=b` or `sr=f`): a pre-signed download URL, made to be handed out (pages, search results and chat attachments carry them); it lets anyone read that one file until its `se=` expiry. If the file is private, issue a short-lived link at run time instead.';

/**
 * A shared access signature scoped to one blob or file with read permission only is a download link, the way
 * storage services share a file (on the real-code benchmark: image URLs of a chat service in a cached search
 * response). Account and container signatures (`ss=`, `srt=`, `sr=c`) and any write, delete or list
 * permission stay errors: those grant access to more than the file the link names.
 */
function readOnlyBlobLink(text: string, start: number): string | undefined {
  const queryStart = text.lastIndexOf('?', start);
  if (queryStart < 0 || start - queryStart > 1000) return undefined;
  // The query ends at the string's quote or the first space; a quote between `?` and the signature means the
  // `?` belongs to another string, and the parameters read then lack `sp`/`sr`.
  const query = text.slice(queryStart + 1, Math.min(text.length, start + 200)).split(/["'\s<>`\\]/, 1)[0];
  // (The engine has no URL library: the parameters are split by hand; SAS parameter names and these values are plain ASCII.)
  const params = new Map(query.split('&').map((pair) => {
    const equals = pair.indexOf('=');
    return equals < 0 ? [pair, ''] as const : [pair.slice(0, equals), pair.slice(equals + 1)] as const;
  }));
  const resource = params.get('sr');
  if (params.get('sp') !== 'r' || (resource !== 'b' && resource !== 'f') || params.has('ss') || params.has('srt')) return undefined;
  return SAS_READ_LINK_NOTE;
}

/** A Google OAuth client id (public: it names the application on the consent screen). */
const GOOGLE_CLIENT_ID = /\b\d{6,}-[a-z0-9]{16,}\.apps\.googleusercontent\.com\b/;
/** What marks an installed (desktop or CLI) application's client: the `installed` client type, its flow or loopback redirect, or the author saying so. */
const INSTALLED_APP = /["']installed["']\s*:|\bInstalledAppFlow\b|urn:ietf:wg:oauth:2\.0:oob|oauth2#installed|\binstalled\s+(?:app|application)\b|\b(?:desktop|native)\s+(?:app|application|client)\b/i;

/**
 * The client secret of an installed application is not confidential: Google's OAuth documentation for installed
 * applications says it is embedded in the application's code and "obviously not treated as a secret", since
 * every copy of the program holds it (the client's safety rests on PKCE and the user's consent). It counts as
 * one only next to its client id and an installed-application marker; a web application's secret (`"web": {…}`)
 * stays an error.
 */
function installedAppSecret(text: string, candidate: Candidate, start: number): string | undefined {
  if (candidate.label !== 'client secret') return undefined;
  const window = text.slice(Math.max(0, start - 800), Math.min(text.length, start + 400));
  if (!GOOGLE_CLIENT_ID.test(window) || !INSTALLED_APP.test(window) || /["']web["']\s*:/.test(window)) return undefined;
  return ' next to its client id in an installed (desktop or command-line) application, whose client secret Google documents as not confidential (every copy of the program holds it); keep it only if the client is registered as a desktop app.';
}

const TEST_DATA_NOTE = ' in test code that asserts on the same value: the input of a redaction or parsing test, not a credential the tests use. If it was ever a real key, rotate it.';

/** A token in a test file that the file also asserts on is the data under test (see asserted-test-values.ts). */
function testDataNote(ctx: TextContext, candidate: Candidate): string | undefined {
  return isTestPath(ctx.config.projectPath ?? ctx.path) && isAssertedValue(ctx.text, candidate.value) ? TEST_DATA_NOTE : undefined;
}

const TEST_KEY_NOTE = ' in test material (a test folder such as `tests/`, `testdata/` or `pebble-test/`): the key of a local test server or test certificate authority, which protects nothing. Rotate it only if it is also used outside the tests.';

/**
 * A private key in test material is information, not an error. Test suites of TLS clients and servers, ACME
 * clients and SSH tools ship the keys of their local test servers (`tests/testserver/key.pem`, Pebble's
 * `pebble.minica.key.pem`); generating them at test time is rarer than committing them. Gitleaks and TruffleHog
 * still report such keys (TruffleHog as unverified), so AISec keeps reporting them, at the lowest severity, where
 * a reviewer can still see one that was copied from production. Provider tokens are not lowered this way: a
 * test's API key is often a live one.
 */
function testKeyNote(ctx: TextContext, candidate: Candidate): string | undefined {
  return candidate.ruleId === PRIVATE_KEY_ID && isTestMaterialPath(ctx.config.projectPath ?? ctx.path) ? TEST_KEY_NOTE : undefined;
}

const SAMPLE_LOG_NOTE = ' in a log record shown in documentation (sample output of a command); act on it only if the record was copied from a real system.';
/** A log record: a date and time (`2025-03-03 03:24:41`, `2025-03-03T03:24:41Z`), optionally in brackets, at the start of the line. */
const LOG_RECORD = /^[ \t]*\[?\d{4}[-/]\d{2}[-/]\d{2}[ T]\d{2}:\d{2}:\d{2}/;

/**
 * A generic match (a name such as `Password:` and a value) inside a log record in documentation is the sample
 * output of a command (`reset-password` prints the password it generated), not a credential the project uses.
 * Provider keys keep their severity there: a distinctive key in pasted logs is as live as anywhere.
 */
function sampleLogNote(ctx: TextContext, candidate: Candidate, start: number): string | undefined {
  if (candidate.ruleId !== GENERIC_ID || ctx.fileKind !== 'markdown') return undefined;
  const lineStart = ctx.text.lastIndexOf('\n', start - 1) + 1;
  return LOG_RECORD.test(ctx.text.slice(lineStart, start)) ? SAMPLE_LOG_NOTE : undefined;
}

/**
 * Whether an information-level secret is test material, an advisory: data a test asserts on, the key of a local
 * test server or certificate authority, or a generic or context match (tier 2 and above) in a test file. A
 * distinctive provider key in a test keeps its severity and stays in the default profile.
 */
function testMaterial(ctx: TextContext, candidate: Candidate, infoNote: string | undefined, severity: Severity | undefined): boolean {
  if (infoNote === TEST_DATA_NOTE || infoNote === TEST_KEY_NOTE) return true;
  return infoNote === undefined && severity === 'info' && candidate.tier >= 2 && isTestPath(ctx.config.projectPath ?? ctx.path);
}

/** The content hash of a secret (what baselines key on, after hashing it again under their salt). */
export function secretHash(ruleId: string, value: string): string {
  return hmacSha256Hex(SECRET_HASH_KEY, `${ruleId}\u0000${value}`);
}

/** Test files keep full severity for distinctive keys (they are often real); context and generic matches drop a level. */
function adjustSeverity(ctx: TextContext, candidate: Candidate): Severity | undefined {
  let severity = candidate.severity ?? (candidate.ruleId === GENERIC_ID ? 'warning' : PROVIDER_BY_ID.get(candidate.ruleId)?.severity);
  if (!severity) return undefined;
  if (ctx.fileKind === 'dotenv' && !isExampleDotenv(ctx.path) && severity === 'error') severity = 'warning';
  if (candidate.tier >= 2 && isTestPath(ctx.path)) severity = severity === 'error' ? 'warning' : 'info';
  return severity;
}

function isTestPath(path: string): boolean {
  return /(?:^|[\\/])(?:tests?|__tests__|spec|fixtures?|testdata)[\\/]|(?:^|[\\/])(?:test_[^\\/]*|[^\\/]*_test\.py|conftest\.py|[^\\/]*\.(?:test|spec)\.[cm]?[jt]sx?)$/i.test(path);
}

function isExampleDotenv(path: string): boolean {
  return /\.env\.(?:example|sample|template|dist|defaults?)$/i.test(path);
}

function isMagicLine(text: string, at: number): boolean {
  const lineStart = lineStartWithin(text, at, 200);
  return lineStart >= 0 && /^[ \t]*[%!]/.test(text.slice(lineStart, lineStart + 40));
}

function insideIdentifier(tree: Tree, at: number): boolean {
  const node = tree.rootNode.descendantForIndex(at, at);
  return node !== null && /identifier$/.test(node.type);
}

/** Outputs and markdown cells of a raw `.ipynb` file (code cells are analysed as their own document). */
function checkRawNotebook(ctx: TextContext): void {
  for (const region of notebookRegions(ctx.text)) {
    for (const candidate of scanText(region.text, 'text')) {
      if (candidate.tier === 0) continue;
      const start = region.rawStart[candidate.start];
      const end = region.rawEnd[candidate.end - 1];
      if (start === undefined || end === undefined) continue;
      reportCandidate(ctx, candidate, start, end, [], undefined, ` (cell ${region.cellIndex + 1} output or text; clear the output after rotating)`);
    }
  }
}
