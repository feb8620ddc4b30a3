/**
 * Binary key stores committed to a repository (`secrets-formats.md` §10: "PKCS#12 / PFX, path"; "Java KeyStore,
 * path"): a Java KeyStore (`.jks`, `.keystore`), a JCEKS store (`.jceks`) or a PKCS#12 bundle (`.p12`, `.pfx`).
 * The host hands these files over as bytes, like model files. A store is reported only when its bytes say it
 * holds a private or secret key: a trust store of public certificates (`cacerts`, `truststore.jks`) is not a
 * secret. The key inside is protected by the store's password, which is often the default (`changeit`,
 * `android`) or written next to it (`storePassword` in `build.gradle`), so a committed store is a warning, as
 * an encrypted PEM key is; in test material and for Android's debug keystore it is information.
 */
import type { Range } from '../../engine/finding';
import type { BinaryChecker, BinaryContext, RuleMeta } from '../../engine/rule';
import { sha256Hex } from '../../engine/secrets/sha256';
import { isTestMaterialPath } from './test-material';

export const KEYSTORE_ID = 'AIS4085';

/** What a key store's first bytes and entries say about it. */
export interface KeystoreContents {
  format: 'JKS' | 'JCEKS' | 'PKCS#12';
  /** Whether a private key (or, in JCEKS, a secret key) entry is visible. */
  holdsKey: boolean;
  /** The alias of the first key entry (JKS and JCEKS only), to name it in the message. */
  alias?: string;
}

const JKS_MAGIC = 0xfeedfeed;
const JCEKS_MAGIC = 0xcececece;
const PRIVATE_KEY_ENTRY = 1;
const TRUSTED_CERT_ENTRY = 2;
const SECRET_KEY_ENTRY = 3;
/** Entries walked before giving up: stores hold a handful, `cacerts` about 150 certificates. */
const MAX_ENTRIES = 1024;

/**
 * Reads a Java KeyStore or JCEKS store: a magic number, a version (1 or 2), an entry count, then entries that
 * each start with a tag (1 private key, 2 trusted certificate, 3 secret key) and an alias. Trusted certificates
 * are skipped by their lengths until a key entry is found; anything that does not parse says nothing.
 */
function readJavaKeystore(bytes: Uint8Array): KeystoreContents | undefined {
  if (bytes.length < 12) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  if (magic !== JKS_MAGIC && magic !== JCEKS_MAGIC) return undefined;
  const format = magic === JKS_MAGIC ? 'JKS' : 'JCEKS';
  const version = view.getUint32(4);
  if (version !== 1 && version !== 2) return undefined;
  const count = Math.min(view.getUint32(8), MAX_ENTRIES);
  let at = 12;
  const u16 = (): number | undefined => (at + 2 <= bytes.length ? ((at += 2), view.getUint16(at - 2)) : undefined);
  const u32 = (): number | undefined => (at + 4 <= bytes.length ? ((at += 4), view.getUint32(at - 4)) : undefined);
  const skip = (n: number | undefined): boolean => n !== undefined && (at += n) <= bytes.length;
  for (let entry = 0; entry < count; entry += 1) {
    const tag = u32();
    const aliasLength = u16();
    if (tag === undefined || aliasLength === undefined || at + aliasLength > bytes.length) return { format, holdsKey: false };
    // Aliases are modified UTF-8; only their printable ASCII is ever shown, so bytes map to characters one to one.
    const alias = String.fromCharCode(...bytes.subarray(at, at + Math.min(aliasLength, 64)));
    if (tag === PRIVATE_KEY_ENTRY || tag === SECRET_KEY_ENTRY) return { format, holdsKey: true, alias };
    if (tag !== TRUSTED_CERT_ENTRY) return { format, holdsKey: false };
    // Alias, the 8-byte date, the certificate type (version 2 only) and the certificate.
    if (!skip(aliasLength) || !skip(8)) return { format, holdsKey: false };
    if (version === 2 && !skip(u16())) return { format, holdsKey: false };
    if (!skip(u32())) return { format, holdsKey: false };
  }
  return { format, holdsKey: false };
}

/** DER of the object identifiers of PKCS#12's `keyBag` and `pkcs8ShroudedKeyBag` (1.2.840.113549.1.12.10.1.1 and .2), without the last byte. */
const KEY_BAG_OID = [0x06, 0x0b, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x0a, 0x01];

/**
 * Reads a PKCS#12 bundle: a DER `SEQUENCE` whose first member is the version `INTEGER 3`. Its private key sits in
 * a key bag whose type is readable in the clear (what OpenSSL, keytool and Windows write: the key itself is
 * encrypted, its bag is not); a bundle whose only content is encrypted as a whole is, in practice, a trust
 * store of certificates, and says nothing.
 */
function readPkcs12(bytes: Uint8Array): KeystoreContents | undefined {
  if (bytes.length < 8 || bytes[0] !== 0x30) return undefined;
  const lengthBytes = bytes[1]! & 0x80 ? bytes[1]! & 0x7f : 0;
  if (lengthBytes > 4) return undefined;
  const v = 2 + lengthBytes;
  if (bytes[v] !== 0x02 || bytes[v + 1] !== 0x01 || bytes[v + 2] !== 0x03) return undefined;
  return { format: 'PKCS#12', holdsKey: containsKeyBag(bytes) };
}

function containsKeyBag(bytes: Uint8Array): boolean {
  const first = KEY_BAG_OID[0]!;
  const last = bytes.length - KEY_BAG_OID.length - 1;
  outer: for (let i = bytes.indexOf(first); i >= 0 && i <= last; i = bytes.indexOf(first, i + 1)) {
    for (let j = 1; j < KEY_BAG_OID.length; j += 1) if (bytes[i + j] !== KEY_BAG_OID[j]) continue outer;
    const kind = bytes[i + KEY_BAG_OID.length];
    if (kind === 0x01 || kind === 0x02) return true;
  }
  return false;
}

/** What the bytes of a key store hold, or undefined when they are not one of the formats above. */
export function readKeystore(bytes: Uint8Array): KeystoreContents | undefined {
  return readJavaKeystore(bytes) ?? readPkcs12(bytes);
}

/** The alias as it can be shown in a message: printable characters only, at most 64 of them. */
function printableAlias(alias: string): string {
  return alias.replace(/[^\w .@-]/g, '?').slice(0, 64);
}

const WHOLE_FILE: Range = { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } };

/** Android's debug keystore is generated by the SDK with the password `android`: it signs nothing released. */
function isDebugKeystore(path: string): boolean {
  return /(^|[\\/])debug\.keystore$/i.test(path);
}

export const KEYSTORE_RULE: RuleMeta = {
  id: KEYSTORE_ID,
  name: 'committed-keystore',
  title: 'Private key in a committed key store',
  category: 'secrets',
  fileKinds: ['keystore'],
  severity: 'warning',
  confidence: 'high',
  cwe: ['CWE-798', 'CWE-321'],
  message: 'This {{format}} key store holds a private key{{alias}}; its password is all it takes to use it.',
  fixAvailability: 'none',
  docs: {
    whatItDoes: 'Reads Java KeyStores (`.jks`, `.keystore`), JCEKS stores (`.jceks`) and PKCS#12 bundles (`.p12`, `.pfx`) as bytes and reports those that hold a private key (or, in JCEKS, a secret key): a JKS or JCEKS store is walked entry by entry, and a PKCS#12 bundle is read for its key bag, whose type is stored in the clear. '
      + 'A trust store (only trusted certificates, such as `cacerts` or a `truststore.jks`) holds nothing secret and is not reported, and neither is a file whose bytes are not one of these formats. '
      + 'A store in test material (`tests/`, `testdata/`, `test-certs/`) and Android\'s `debug.keystore` are information, reported only in the audit profile.',
    whyIsThisBad: 'The private key in the store is encrypted with the store\'s password, but that password is often a default (`changeit`, `android`, an empty one), written in a build script next to it (`storePassword` in `build.gradle`), or guessable offline without limit. With it, anyone who can read the repository can sign releases, impersonate the server or decrypt its traffic. Remove the file from the repository and its history, and replace the key (for an app signing key, through the store\'s key-upgrade process).',
    example: 'app/release.keystore     (committed, with storePassword in build.gradle)',
    useInstead: '# keep the store outside the repository and point the build at it\nstoreFile file(System.getenv("RELEASE_KEYSTORE"))\nstorePassword System.getenv("RELEASE_KEYSTORE_PASSWORD")',
    references: ['https://cwe.mitre.org/data/definitions/321.html', 'https://developer.android.com/studio/publish/app-signing#secure-shared-keystore', 'https://datatracker.ietf.org/doc/html/rfc7292'],
  },
};

export const keystoreChecker: BinaryChecker = {
  name: 'committed-keystore',
  kind: 'binary',
  ruleIds: [KEYSTORE_ID],
  fileKinds: ['keystore'],
  check(ctx: BinaryContext) {
    const contents = readKeystore(ctx.bytes);
    if (!contents?.holdsKey) return;
    const projectPath = ctx.config.projectPath ?? ctx.path;
    const test = isTestMaterialPath(projectPath) || isDebugKeystore(projectPath);
    ctx.report({
      ruleId: KEYSTORE_ID,
      range: WHOLE_FILE,
      data: { format: contents.format, alias: contents.alias ? ` (alias \`${printableAlias(contents.alias)}\`)` : '' },
      ...(test ? { severity: 'info' as const, advisory: true, messageSuffix: ' It is test material (a test folder or Android\'s debug keystore), which signs nothing released; act on it only if the key is also used elsewhere.' } : {}),
      // The store's own bytes identify it: the same store moved or renamed keeps its baseline entry.
      fingerprintSeed: `keystore:${sha256Hex(Array.from(ctx.bytes.subarray(0, 65536), (b) => String.fromCharCode(b)).join(''))}`,
      properties: { format: contents.format },
    });
  },
};
