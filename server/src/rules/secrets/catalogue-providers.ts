/**
 * Providers added once AIS400–AIS499 were all taken: four-digit secrets codes from AIS4000 on (the leading
 * 4 stays the family; see `engine/rule-codes.ts`). The order follows how often the credential turns up in
 * ML and AI projects: orchestration and observability keys, web-framework signing secrets, private keys in
 * encodings the PEM reader does not see, then payments and developer services. Every format is written from
 * the descriptions in `secrets-formats.md`, never copied from another scanner; quantifiers are bounded and
 * no quantified group holds another quantifier. Context keywords whose first three letters are common in code
 * (`int…`, `ten…`, `pos…`, `mat…`) are written from a rarer fragment of the name (`ercom_token` for
 * `INTERCOM_TOKEN`, `stmark_` for `POSTMARK_`): the prefilter stops at every occurrence of an anchor's first three
 * letters, so each common one costs every file.
 */
import type { Severity } from '../../engine/finding';
import { B64URL, CWE_798, END, sticky, type ProviderRule, type TokenPattern } from './provider-format';
import { decodeBase64Url } from './base64';
import { isAuth0ManagementToken, isKubernetesServiceAccountToken, isSupabaseKey } from './jwt-claims';

const HEX = '0-9a-f';
const ALNUM = 'A-Za-z0-9';
const B64 = 'A-Za-z0-9+/';
const UUID = `[${HEX}]{8}-[${HEX}]{4}-[${HEX}]{4}-[${HEX}]{4}-[${HEX}]{12}`;
/** Right boundary for base64 bodies, which may hold `+`, `/` and `=`. */
const B64_END = '(?![A-Za-z0-9+/=_-])';
const WARNING: Severity = 'warning';
const INFO: Severity = 'info';
/** The crypt(3) alphabet: `./`, digits and letters. */
const CRYPT64 = './A-Za-z0-9';
const SSH2_BEGIN = '---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----';

function prefixed(prefix: string, body: string, extra: Partial<TokenPattern> = {}): TokenPattern {
  const literal = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return { anchor: prefix, regex: sticky(`${literal}${body}${END}`), prefixLength: prefix.length, ...extra };
}

/** A password hash: found at its scheme marker, bounded on the right by the crypt alphabet. */
function hashPattern(anchor: string, source: string, label: string, severity: Severity): TokenPattern {
  return { anchor, regex: sticky(`${source}(?![${CRYPT64}+=$])`), prefixLength: anchor.length, label, severity };
}

/** Whether a base64 text, once decoded, opens with a PEM private-key line (a certificate or public key is not a secret). */
function decodesToPrivateKeyPem(token: string): boolean {
  const decoded = decodeBase64Url(token.slice(0, 96)) ?? '';
  return /^-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/.test(decoded);
}

/**
 * Base64 of DER, recognised by its first bytes: `30 82 LL LL` (a SEQUENCE of 256 bytes to 16 KB), then
 * `02 01 03` (version 3, a PKCS#12 `PFX`) or `02 01 00 30 0D 06 09 2A 86 48 86 F7 0D 01 01 01 05 00 04`
 * (version 0 and the rsaEncryption algorithm, a PKCS#8 `PrivateKeyInfo`). Those bytes fall on fixed base64
 * characters from offset 6, so the prefilter looks for them there and the pattern starts 6 characters earlier.
 */
const DER_HEAD = `MI[I-L][${B64}]{2}[AQgw]`;
const PKCS12_MARK = 'IBAzC';
const PKCS8_RSA_MARK = 'IBADANBgkqhkiG9w0BAQEFAAS';

/** A JWT in its three base64url segments (the provider's `validate` reads the claims); bounded like the scanner's own JWT shape. */
const JWT_SHAPE = `eyJ[${B64URL}]{10,2000}\\.eyJ[${B64URL}]{10,8000}\\.[${B64URL}]{16,2000}${END}`;

function jwtPattern(validate: (token: string) => boolean, extra: Partial<TokenPattern> = {}): TokenPattern {
  return { anchor: 'eyJ', regex: sticky(JWT_SHAPE), prefixLength: 3, validate, ...extra };
}

/**
 * Microsoft's identifiable keys carry a fixed four-character signature at a fixed offset of a fixed-length base64
 * key (`secrets-formats.md` §2, from `microsoft/security-utilities`): the prefilter finds the signature and the
 * pattern starts `before` characters earlier. `after` counts the characters that follow the signature, padding included.
 */
function azureKey(signature: string, before: number, after: number, label: string): TokenPattern {
  const padding = after >= 8 ? '==' : '=';
  const tail = after >= 8 ? after - 2 : after - 1;
  const literal = signature.replace(/[+]/g, '\\+');
  const ending = label.endsWith('(no padding)') ? `[${B64}]{${after}}` : `[${B64}]{${tail}}${padding}`;
  return { anchor: signature, lead: before, regex: sticky(`[${B64}]{${before}}${literal}${ending}${B64_END}`), prefixLength: 0, label: label.replace(' (no padding)', '') };
}

export const CATALOGUE_PROVIDERS: readonly ProviderRule[] = [
  {
    id: 'AIS4000', slug: 'prefect', name: 'prefect-api-key', provider: 'Prefect', secretKind: 'API key', ai: false, tier: 1,
    patterns: [prefixed('pnu_', `[${ALNUM}]{36}`, { label: 'user API key' })],
    envVar: 'PREFECT_API_KEY', severity: 'error',
    format: '`pnu_` followed by 36 alphanumerics (a Prefect Cloud user key, which runs and reads the workspace\'s flows and their results)',
    exampleCall: 'PREFECT_API_KEY = "pnu_…"',
    references: [CWE_798, 'https://docs.prefect.io/v3/manage/cloud/manage-users/api-keys'],
  },
  {
    id: 'AIS4001', slug: 'pulumi', name: 'pulumi-access-token', provider: 'Pulumi', secretKind: 'access token', ai: false, tier: 1,
    patterns: [prefixed('pul-', `[${HEX}]{40}`)],
    envVar: 'PULUMI_ACCESS_TOKEN', severity: 'error',
    format: '`pul-` followed by 40 lower-case hex digits',
    exampleCall: 'PULUMI_ACCESS_TOKEN = "pul-…"',
    references: [CWE_798, 'https://www.pulumi.com/docs/pulumi-cloud/access-management/access-tokens/'],
  },
  {
    id: 'AIS4002', slug: 'datadog', name: 'datadog-api-key', provider: 'Datadog', secretKind: 'API or application key', ai: false, tier: 2, patterns: [],
    context: {
      keywords: ['dd_api_key', 'dd_app_key', 'dd_application_key', 'dd-api-key', 'dd-application-key', 'datadog_api_key', 'datadog_app_key'],
      body: new RegExp(`[${HEX}]{40}|[${HEX}]{32}`, 'g'), window: 120,
      // Browser RUM client tokens (`pub` and 32 hex) are public by design.
      reject: /^pub/,
    },
    envVar: 'DD_API_KEY', severity: 'error',
    format: '32 lower-case hex digits (API key) or 40 (application key) with no prefix, reported next to `DD_API_KEY`, `DD_APP_KEY` or a `DD-API-KEY` header (a bare hex string is a hash; RUM `pub` client tokens are public)',
    exampleCall: 'initialize(api_key="…", app_key="…")',
    references: [CWE_798, 'https://docs.datadoghq.com/account_management/api-app-keys/'],
  },
  {
    id: 'AIS4003', slug: 'django-insecure', name: 'django-secret-key', provider: 'Django', secretKind: 'SECRET_KEY', ai: false, tier: 1,
    patterns: [prefixed('django-insecure-', '[a-z0-9!@#$%^&*(\\-_=+)]{50}', { label: 'development SECRET_KEY' })],
    envVar: 'DJANGO_SECRET_KEY', severity: WARNING,
    format: '`django-insecure-` followed by the 50 characters `startproject` draws from lower-case letters, digits and `!@#$%^&*(-_=+)`: the development key, which still signs sessions, password-reset links and signed cookies if the settings reach production (a production key without the prefix is found by the generic rule under `SECRET_KEY`)',
    exampleCall: 'SECRET_KEY = "django-insecure-…"',
    useInstead: 'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]',
    references: [CWE_798, 'https://docs.djangoproject.com/en/stable/ref/settings/#secret-key', 'https://docs.djangoproject.com/en/stable/howto/deployment/checklist/#secret-key'],
  },
  {
    id: 'AIS4004', slug: 'laravel-app-key', name: 'laravel-app-key', provider: 'Laravel', secretKind: 'APP_KEY', ai: false, tier: 2, patterns: [],
    context: { keywords: ['app_key'], body: new RegExp(`base64:[${B64}]{43}=`, 'g'), window: 60 },
    envVar: 'APP_KEY', severity: 'error',
    format: '`base64:` and the base64 of 32 random bytes (44 characters ending in `=`) bound to `APP_KEY`: the key Laravel encrypts cookies and sessions with, which also lets anyone forge them',
    exampleCall: 'APP_KEY = "base64:…"',
    references: [CWE_798, 'https://laravel.com/docs/encryption#configuration'],
  },
  {
    id: 'AIS4005', slug: 'rails-secret-key-base', name: 'rails-secret-key-base', provider: 'Ruby on Rails', secretKind: 'secret_key_base', ai: false, tier: 2, patterns: [],
    context: { keywords: ['secret_key_base'], body: new RegExp(`[${HEX}]{128}`, 'g'), window: 60 },
    envVar: 'SECRET_KEY_BASE', severity: 'error',
    format: '128 lower-case hex digits bound to `secret_key_base` (what `rails secret` prints; it signs and encrypts cookies)',
    exampleCall: 'SECRET_KEY_BASE = "…"',
    references: [CWE_798, 'https://guides.rubyonrails.org/security.html#custom-credentials'],
  },
  {
    id: 'AIS4006', slug: 'base64-private-key', name: 'base64-private-key', provider: 'Private key', secretKind: 'private key (base64-encoded)', ai: false, tier: 1,
    patterns: [
      {
        anchor: 'LS0tLS1CRUdJTi', regex: sticky(`LS0tLS1CRUdJTi[${B64}]{60,16000}={0,2}${B64_END}`), prefixLength: 14,
        validate: decodesToPrivateKeyPem, label: 'PEM private key encoded again as base64',
      },
      {
        anchor: PKCS8_RSA_MARK, lead: 6, regex: sticky(`${DER_HEAD}${PKCS8_RSA_MARK}[${B64}]{200,16000}={0,2}${B64_END}`), prefixLength: 6 + PKCS8_RSA_MARK.length,
        label: 'PKCS#8 RSA private key (base64 DER)',
      },
      {
        anchor: PKCS12_MARK, lead: 6, regex: sticky(`${DER_HEAD}${PKCS12_MARK}[${B64}]{200,16000}={0,2}${B64_END}`), prefixLength: 6 + PKCS12_MARK.length,
        label: 'PKCS#12 bundle (base64), protected only by its password', severity: WARNING,
      },
    ],
    envVar: 'PRIVATE_KEY_B64', severity: 'error',
    format: 'a PEM private key encoded again as base64 (it begins `LS0tLS1CRUdJTi`, the base64 of `-----BEGIN`, and decodes to a private-key line; certificates and public keys are not reported), a base64 DER PKCS#8 RSA key (`MII…IBADANBgkqhkiG9w0BAQEFAAS…`), or a base64 PKCS#12 bundle (a DER sequence whose version is 3, `MII…IBAzC…`; a warning, since a password protects it, though often an empty or default one)',
    exampleCall: 'SIGNING_KEY_B64 = "LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t…"',
    useInstead: 'SIGNING_KEY_B64 = os.environ["PRIVATE_KEY_B64"]  # or mount the key file from a secret store',
    references: [CWE_798, 'https://cwe.mitre.org/data/definitions/321.html', 'https://www.rfc-editor.org/rfc/rfc7468', 'https://www.rfc-editor.org/rfc/rfc7292'],
  },
  {
    id: 'AIS4007', slug: 'ssh2-private-key', name: 'ssh2-private-key', provider: 'SSH (RFC 4716 / SSH.com)', secretKind: 'private key', ai: false, tier: 1,
    patterns: [{
      anchor: SSH2_BEGIN,
      // Header lines (`Comment: "…"`) hold any text; the lazy bounded run stops at the first END line.
      regex: sticky(`${SSH2_BEGIN}[\\s\\S]{64,16000}?---- END SSH2 ENCRYPTED PRIVATE KEY ----`),
      prefixLength: SSH2_BEGIN.length,
    }],
    envVar: 'SSH_PRIVATE_KEY', severity: 'error',
    format: 'a `---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----` block (four dashes and spaces, the SSH.com format; despite its name its cipher may be `none`) through its `---- END …` line',
    exampleCall: 'KEY = """---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\n…"""',
    useInstead: 'KEY = Path(os.environ["SSH_KEY_FILE"]).read_text()  # a key file outside the repository',
    references: [CWE_798, 'https://cwe.mitre.org/data/definitions/321.html', 'https://www.rfc-editor.org/rfc/rfc4716'],
  },
  {
    id: 'AIS4008', slug: 'wireguard', name: 'wireguard-private-key', provider: 'WireGuard', secretKind: 'private or preshared key', ai: false, tier: 2, patterns: [],
    context: {
      keywords: ['privatekey', 'private_key', 'presharedkey', 'preshared_key'],
      // 32 bytes in base64: 43 characters and one `=`; the last character before it carries 4 bits.
      body: new RegExp(`[${B64}]{42}[AEIMQUYcgkosw048]=`, 'g'),
      // Short: the value follows its name (`PrivateKey = …`), and the peer's `PublicKey` a line later has the same shape.
      window: 24,
    },
    envVar: 'WG_PRIVATE_KEY', severity: 'error',
    format: '44 base64 characters ending in `=` (a 32-byte Curve25519 key) right after `PrivateKey =` or `PresharedKey =` (a WireGuard configuration) or a `private_key` name; the `PublicKey` of the same shape is not reported',
    exampleCall: 'PrivateKey = …',
    useInstead: 'PostUp = wg set %i private-key /etc/wireguard/private.key  # a file readable by root only',
    references: [CWE_798, 'https://www.wireguard.com/quickstart/', 'https://man7.org/linux/man-pages/man8/wg.8.html'],
  },
  {
    id: 'AIS4009', slug: 'jwk-private-key', name: 'jwk-private-key', provider: 'JSON Web Key', secretKind: 'private key', ai: false, tier: 2, patterns: [],
    context: {
      keywords: ['kty'],
      // The private exponent or scalar `d` of a key whose `kty` is near; `n`, `e`, `x` and `y` are public.
      body: new RegExp(`(?<=(?:["']d["']|\\bd)[ \\t]{0,2}:[ \\t]{0,2}["'])[${B64URL}]{40,700}(?=["'])`, 'g'),
      window: 3000,
    },
    envVar: 'JWK_PRIVATE_KEY', severity: 'error',
    format: 'the private member `"d"` (40 or more base64url characters) of a JSON Web Key, found after its `"kty"`; a public JWK or JWKS (`n`/`e`, `x`/`y` only) is not reported',
    exampleCall: 'jwk = {"kty": "EC", "crv": "P-256", "x": "…", "y": "…", "d": "…"}',
    useInstead: 'jwk = json.loads(os.environ["JWK_PRIVATE_KEY"])',
    references: [CWE_798, 'https://cwe.mitre.org/data/definitions/321.html', 'https://www.rfc-editor.org/rfc/rfc7517', 'https://www.rfc-editor.org/rfc/rfc7518#section-6.2.2.1'],
  },
  {
    id: 'AIS4010', slug: 'flutterwave', name: 'flutterwave-secret-key', provider: 'Flutterwave', secretKind: 'secret key', ai: false, tier: 1,
    patterns: [
      prefixed('FLWSECK-', `[${HEX}]{32}-X`, { label: 'live secret key' }),
      prefixed('FLWSECK_TEST-', `[${HEX}]{32}-X`, { label: 'test secret key', severity: WARNING }),
    ],
    envVar: 'FLW_SECRET_KEY', severity: 'error',
    format: '`FLWSECK-` (live) or `FLWSECK_TEST-` (test, a warning) followed by 32 lower-case hex digits and `-X`; the `FLWPUBK-` public key is not reported',
    exampleCall: 'rave = Rave("FLWPUBK-…", "FLWSECK-…")',
    references: [CWE_798, 'https://developer.flutterwave.com/docs/authentication'],
  },
  {
    id: 'AIS4011', slug: 'shippo', name: 'shippo-api-token', provider: 'Shippo', secretKind: 'API token', ai: false, tier: 1,
    patterns: [
      prefixed('shippo_live_', `[${HEX}]{40}`, { label: 'live token' }),
      prefixed('shippo_test_', `[${HEX}]{40}`, { label: 'test token', severity: WARNING }),
    ],
    envVar: 'SHIPPO_API_KEY', severity: 'error',
    format: '`shippo_live_` (or `shippo_test_`, a warning) followed by 40 lower-case hex digits',
    exampleCall: 'shippo.config.api_key = "shippo_live_…"',
    references: [CWE_798, 'https://docs.goshippo.com/docs/guides_general/authentication/'],
  },
  {
    id: 'AIS4012', slug: 'easypost', name: 'easypost-api-key', provider: 'EasyPost', secretKind: 'API key', ai: false, tier: 1,
    patterns: [
      prefixed('EZAK', `[${ALNUM}]{54}`, { label: 'production key' }),
      prefixed('EZTK', `[${ALNUM}]{54}`, { label: 'test key', severity: WARNING }),
    ],
    envVar: 'EASYPOST_API_KEY', severity: 'error',
    format: '`EZAK` (production) or `EZTK` (test, a warning) followed by 54 alphanumerics',
    exampleCall: 'client = easypost.EasyPostClient("EZAK…")',
    references: [CWE_798, 'https://docs.easypost.com/docs/authentication'],
  },
  {
    id: 'AIS4013', slug: 'duffel', name: 'duffel-access-token', provider: 'Duffel', secretKind: 'access token', ai: false, tier: 1,
    patterns: [
      prefixed('duffel_live_', `[${B64URL}]{43}`, { label: 'live token' }),
      prefixed('duffel_test_', `[${B64URL}]{43}`, { label: 'test token', severity: WARNING }),
    ],
    envVar: 'DUFFEL_ACCESS_TOKEN', severity: 'error',
    format: '`duffel_live_` (or `duffel_test_`, a warning) followed by 43 base64url characters',
    exampleCall: 'client = Duffel(access_token="duffel_live_…")',
    references: [CWE_798, 'https://duffel.com/docs/api/overview/making-requests/authentication'],
  },
  {
    id: 'AIS4014', slug: 'hubspot', name: 'hubspot-private-app-token', provider: 'HubSpot', secretKind: 'private-app access token', ai: false, tier: 1,
    patterns: [prefixed('pat-na1-', UUID), prefixed('pat-eu1-', UUID)],
    // Legacy API keys (retired in 2022, still in old scripts) are bare UUIDs, known by the `hapikey` query parameter or a
    // HubSpot key name, written from `bspot` on (`hub` and `ubs` open `github` and `subset`).
    context: { keywords: ['?hapikey=', '&hapikey=', 'bspot_api_key', 'bspot_apikey', 'bspot_key'], body: new RegExp(UUID, 'g'), window: 60 },
    envVar: 'HUBSPOT_ACCESS_TOKEN', severity: 'error',
    format: '`pat-na1-` or `pat-eu1-` (the data-centre region) followed by a lower-case UUID; or a legacy API key, a bare UUID, as the `hapikey` query parameter or next to `HUBSPOT_API_KEY`',
    exampleCall: 'client = HubSpot(access_token="pat-na1-…")',
    references: [CWE_798, 'https://developers.hubspot.com/docs/api/private-apps'],
  },
  {
    id: 'AIS4015', slug: 'readme', name: 'readme-api-key', provider: 'ReadMe', secretKind: 'API key', ai: false, tier: 1,
    patterns: [prefixed('rdme_', '[a-z0-9]{70}')],
    envVar: 'README_API_KEY', severity: 'error',
    format: '`rdme_` followed by 70 lower-case alphanumerics',
    exampleCall: 'README_API_KEY = "rdme_…"',
    references: [CWE_798, 'https://docs.readme.com/main/reference/intro/authentication'],
  },
  {
    id: 'AIS4016', slug: 'scalingo', name: 'scalingo-api-token', provider: 'Scalingo', secretKind: 'API token', ai: false, tier: 1,
    patterns: [prefixed('tk-us-', `[${B64URL}]{48}`)],
    envVar: 'SCALINGO_API_TOKEN', severity: 'error',
    format: '`tk-us-` followed by 48 base64url characters',
    exampleCall: 'SCALINGO_API_TOKEN = "tk-us-…"',
    references: [CWE_798, 'https://developers.scalingo.com/index#authentication'],
  },
  {
    id: 'AIS4017', slug: 'yandex-cloud', name: 'yandex-cloud-api-key', provider: 'Yandex Cloud', secretKind: 'IAM API key', ai: false, tier: 1,
    patterns: [
      prefixed('AQVN', `[${B64URL}]{35,38}`),
      // The secret of an S3-compatible static access key: `YC` is a weak prefix, so a Yandex name must be near it.
      prefixed('YC', `[${B64URL}]{38}`, { requires: ['yandex', 'yc_', 'ycloud'], label: 'static access key secret' }),
    ],
    envVar: 'YC_API_KEY', severity: 'error',
    format: '`AQVN` followed by 35 to 38 base64url characters (a Yandex Cloud service-account API key, used by YandexGPT and the other ML services), or `YC` and 38 base64url characters next to a Yandex name (the secret of a static access key for Object Storage)',
    exampleCall: 'headers = {"Authorization": "Api-Key AQVN…"}',
    references: [CWE_798, 'https://yandex.cloud/en/docs/iam/concepts/authorization/api-key'],
  },
  {
    id: 'AIS4018', slug: 'amazon-mws', name: 'amazon-mws-auth-token', provider: 'Amazon MWS', secretKind: 'auth token', ai: false, tier: 1,
    patterns: [prefixed('amzn.mws.', UUID)],
    envVar: 'MWS_AUTH_TOKEN', severity: 'error',
    format: '`amzn.mws.` followed by a lower-case UUID',
    exampleCall: 'MWS_AUTH_TOKEN = "amzn.mws.…"',
    references: [CWE_798, 'https://docs.developer.amazonservices.com/en_US/dev_guide/DG_Registering.html'],
  },
  {
    id: 'AIS4019', slug: 'clojars', name: 'clojars-deploy-token', provider: 'Clojars', secretKind: 'deploy token', ai: false, tier: 1,
    patterns: [prefixed('CLOJARS_', `[${ALNUM}]{60}`)],
    envVar: 'CLOJARS_TOKEN', severity: 'error',
    format: '`CLOJARS_` followed by 60 alphanumerics',
    exampleCall: 'CLOJARS_TOKEN = "CLOJARS_…"',
    references: [CWE_798, 'https://github.com/clojars/clojars-web/wiki/Deploy-Tokens'],
  },
  {
    id: 'AIS4020', slug: 'sumo-logic', name: 'sumo-logic-access-key', provider: 'Sumo Logic', secretKind: 'access key', ai: false, tier: 2, patterns: [],
    context: { keywords: ['sumo_access_key', 'sumologic_access_key', 'sumo_logic_access_key'], body: new RegExp(`[${ALNUM}]{64}`, 'g'), window: 80 },
    envVar: 'SUMO_ACCESS_KEY', severity: 'error',
    format: '64 alphanumerics with no prefix, reported next to `SUMO_ACCESS_KEY` (the `su…` access id beside it is an identifier)',
    exampleCall: 'SUMO_ACCESS_KEY = "…"',
    references: [CWE_798, 'https://help.sumologic.com/docs/manage/security/access-keys/'],
  },
  {
    id: 'AIS4021', slug: 'honeycomb', name: 'honeycomb-api-key', provider: 'Honeycomb', secretKind: 'API key', ai: false, tier: 2, patterns: [],
    context: { keywords: ['honeycomb_api_key', 'x-honeycomb-team', 'honeycomb_key', 'honeycomb_writekey'], body: new RegExp(`[${HEX}]{32}|[${ALNUM}]{22}`, 'g'), window: 80 },
    envVar: 'HONEYCOMB_API_KEY', severity: 'error',
    format: '32 hex digits (classic key) or 22 alphanumerics (environment key) with no prefix, reported next to `HONEYCOMB_API_KEY` or an `x-honeycomb-team` header',
    exampleCall: 'headers = {"x-honeycomb-team": "…"}',
    references: [CWE_798, 'https://docs.honeycomb.io/get-started/configure/environments/manage-api-keys/'],
  },
  {
    id: 'AIS4022', slug: 'splunk', name: 'splunk-token', provider: 'Splunk', secretKind: 'HEC or Observability token', ai: false, tier: 2, patterns: [],
    context: {
      keywords: ['splunk_hec_token', 'splunk_token', 'splunk ', 'x-sf-token', 'splunk_access_token', 'sfx_token', 'signalfx_access_token'],
      body: new RegExp(`${UUID}|[${ALNUM}_-]{22}`, 'gi'), window: 80,
    },
    envVar: 'SPLUNK_HEC_TOKEN', severity: 'error',
    format: 'a UUID (HTTP Event Collector token, sent as `Authorization: Splunk …`) or 22 base64url characters (Observability / SignalFx `X-SF-Token`), reported next to those names',
    exampleCall: 'headers = {"Authorization": "Splunk …"}',
    references: [CWE_798, 'https://docs.splunk.com/Documentation/Splunk/latest/Data/UsetheHTTPEventCollector', 'https://docs.splunk.com/observability/en/admin/authentication/authentication-tokens/org-tokens.html'],
  },
  {
    id: 'AIS4023', slug: 'snyk', name: 'snyk-api-token', provider: 'Snyk', secretKind: 'API token', ai: false, tier: 2, patterns: [],
    context: { keywords: ['snyk_token', 'snyk_api_token', 'snyk_api_key'], body: new RegExp(UUID, 'g'), window: 80 },
    envVar: 'SNYK_TOKEN', severity: 'error',
    format: 'a UUID reported next to `SNYK_TOKEN` (a bare UUID is an identifier)',
    exampleCall: 'SNYK_TOKEN = "…"',
    references: [CWE_798, 'https://docs.snyk.io/snyk-api/authentication-for-api'],
  },
  {
    id: 'AIS4024', slug: 'pagerduty', name: 'pagerduty-api-token', provider: 'PagerDuty', secretKind: 'API token', ai: false, tier: 2, patterns: [],
    context: {
      keywords: ['pagerduty_token', 'pagerduty_api_key', 'pagerduty_api_token', 'pd_api_key', 'pd_token', 'token token='],
      body: new RegExp(`u\\+[${B64URL}]{18}|[${ALNUM}_+-]{20}`, 'g'), window: 60,
    },
    envVar: 'PAGERDUTY_TOKEN', severity: 'error',
    format: '`u+` and 18 base64url characters (user token) or 20 characters (account key), reported next to a PagerDuty token name or `Authorization: Token token=` (32-hex integration keys only raise events and are not reported)',
    exampleCall: 'session = APISession("…")  # PAGERDUTY_TOKEN',
    references: [CWE_798, 'https://support.pagerduty.com/main/docs/api-access-keys'],
  },
  {
    id: 'AIS4025', slug: 'facebook', name: 'facebook-access-token', provider: 'Facebook (Meta)', secretKind: 'access token or app secret', ai: false, tier: 2,
    patterns: [prefixed('EAA', `[${ALNUM}]{100,400}`, { requires: ['facebook', 'graph', 'fb_', 'access_token', 'meta', 'instagram', 'whatsapp'], label: 'user or page access token' })],
    context: { keywords: ['facebook_app_secret', 'fb_app_secret', 'facebook_secret', 'fb_secret'], body: new RegExp(`[${HEX}]{32}`, 'g'), window: 80 },
    envVar: 'FACEBOOK_ACCESS_TOKEN', severity: 'error',
    format: '`EAA` and 100 or more alphanumerics (a user, page or system-user access token for the Graph, Instagram and WhatsApp APIs) next to a Meta name, or 32 hex digits next to `FACEBOOK_APP_SECRET`',
    exampleCall: 'graph = facebook.GraphAPI(access_token="EAA…")',
    references: [CWE_798, 'https://developers.facebook.com/docs/facebook-login/guides/access-tokens'],
  },
  {
    id: 'AIS4026', slug: 'salesforce', name: 'salesforce-access-token', provider: 'Salesforce', secretKind: 'access or session token', ai: false, tier: 1,
    patterns: [prefixed('00D', `[${ALNUM}]{12}![${ALNUM}._]{80,120}`, { severity: WARNING })],
    envVar: 'SALESFORCE_ACCESS_TOKEN', severity: WARNING,
    format: 'a 15-character organisation id beginning `00D`, `!`, then about 96 letters, digits, `.` and `_`: a session-scoped token, a warning because it expires',
    exampleCall: 'sf = Salesforce(instance_url=url, session_id="00D…!…")',
    references: [CWE_798, 'https://help.salesforce.com/s/articleView?id=sf.remoteaccess_access_tokens.htm'],
  },
  {
    id: 'AIS4027', slug: 'fcm-server-key', name: 'fcm-legacy-server-key', provider: 'Firebase Cloud Messaging', secretKind: 'legacy server key', ai: false, tier: 1,
    patterns: [{ anchor: ':APA91b', lead: 11, regex: sticky(`AAAA[${B64URL}]{7}:APA91b[${B64URL}]{120,160}${END}`), prefixLength: 18 }],
    envVar: 'FCM_SERVER_KEY', severity: WARNING,
    format: '`AAAA`, 7 base64url characters, `:APA91b` and about 140 more (sent as `Authorization: key=`); a warning, since Google shut the legacy API down in 2024, but the key may still work with other Firebase APIs of the project',
    exampleCall: 'headers = {"Authorization": "key=AAAA…:APA91b…"}',
    references: [CWE_798, 'https://firebase.google.com/docs/cloud-messaging/migrate-v1'],
  },
  {
    id: 'AIS4028', slug: 'appsync', name: 'aws-appsync-api-key', provider: 'AWS AppSync', secretKind: 'API key', ai: false, tier: 1,
    patterns: [prefixed('da2-', '[a-z0-9]{26}')],
    envVar: 'APPSYNC_API_KEY', severity: WARNING,
    format: '`da2-` followed by 26 lower-case alphanumerics; a warning, since Amplify ships it to browsers on purpose (`aws-exports.js`), where it is rate-limited and meant for public data only',
    exampleCall: 'headers = {"x-api-key": "da2-…"}',
    references: [CWE_798, 'https://docs.aws.amazon.com/appsync/latest/devguide/security-authz.html#api-key-authorization'],
  },
  {
    id: 'AIS4029', slug: 'launchdarkly', name: 'launchdarkly-key', provider: 'LaunchDarkly', secretKind: 'SDK or API key', ai: false, tier: 1,
    patterns: [
      prefixed('sdk-', UUID, { label: 'server-side SDK key' }),
      prefixed('api-', UUID, { label: 'API access token', requires: ['launchdarkly', 'ld_'] }),
    ],
    envVar: 'LAUNCHDARKLY_SDK_KEY', severity: 'error',
    format: '`sdk-` and a UUID (server-side SDK key), or `api-` and a UUID next to a LaunchDarkly name (access token); the client-side id and mobile key are not reported',
    exampleCall: 'ldclient.set_config(Config("sdk-…"))',
    references: [CWE_798, 'https://docs.launchdarkly.com/sdk/concepts/client-side-server-side#keys'],
  },
  {
    id: 'AIS4030', slug: 'harness', name: 'harness-api-key', provider: 'Harness', secretKind: 'API key', ai: false, tier: 1,
    patterns: [
      prefixed('pat.', `[${B64URL}]{22}\\.[${ALNUM}]{24}\\.[${ALNUM}]{20}`, { label: 'personal access token' }),
      prefixed('sat.', `[${B64URL}]{22}\\.[${ALNUM}]{24}\\.[${ALNUM}]{20}`, { label: 'service-account token' }),
    ],
    envVar: 'HARNESS_API_KEY', severity: 'error',
    format: '`pat.` or `sat.` followed by the account id (22 base64url characters), `.`, 24 and `.` 20 alphanumerics',
    exampleCall: 'headers = {"x-api-key": "pat.…"}',
    references: [CWE_798, 'https://developer.harness.io/docs/platform/automation/api/add-and-manage-api-keys/'],
  },
  {
    id: 'AIS4031', slug: 'octopus-deploy', name: 'octopus-deploy-api-key', provider: 'Octopus Deploy', secretKind: 'API key', ai: false, tier: 1,
    patterns: [prefixed('API-', '[A-Z0-9]{26}')],
    envVar: 'OCTOPUS_API_KEY', severity: 'error',
    format: '`API-` followed by 26 upper-case letters and digits',
    exampleCall: 'headers = {"X-Octopus-ApiKey": "API-…"}',
    references: [CWE_798, 'https://octopus.com/docs/octopus-rest-api/how-to-create-an-api-key'],
  },
  {
    id: 'AIS4032', slug: 'frameio', name: 'frameio-api-token', provider: 'Frame.io', secretKind: 'developer token', ai: false, tier: 1,
    patterns: [prefixed('fio-u-', `[${B64URL}]{64}`)],
    envVar: 'FRAMEIO_TOKEN', severity: 'error',
    format: '`fio-u-` followed by 64 base64url characters',
    exampleCall: 'client = FrameioClient("fio-u-…")',
    references: [CWE_798, 'https://developer.frame.io/docs/getting-started/authentication'],
  },
  {
    id: 'AIS4033', slug: 'infracost', name: 'infracost-api-key', provider: 'Infracost', secretKind: 'API key', ai: false, tier: 1,
    patterns: [prefixed('ico-', `[${ALNUM}]{32}`)],
    envVar: 'INFRACOST_API_KEY', severity: 'error',
    format: '`ico-` followed by 32 alphanumerics',
    exampleCall: 'INFRACOST_API_KEY = "ico-…"',
    references: [CWE_798, 'https://www.infracost.io/docs/integrations/environment_variables/'],
  },
  {
    id: 'AIS4034', slug: 'dependency-track', name: 'dependency-track-api-key', provider: 'OWASP Dependency-Track', secretKind: 'API key', ai: false, tier: 1,
    patterns: [prefixed('odt_', `[${ALNUM}]{32,255}`)],
    envVar: 'DTRACK_API_KEY', severity: 'error',
    format: '`odt_` followed by 32 or more alphanumerics',
    exampleCall: 'headers = {"X-Api-Key": "odt_…"}',
    references: [CWE_798, 'https://docs.dependencytrack.org/integrations/rest-api/'],
  },
  {
    id: 'AIS4035', slug: 'stackhawk', name: 'stackhawk-api-key', provider: 'StackHawk', secretKind: 'API key', ai: false, tier: 1,
    patterns: [prefixed('hawk.', `[${ALNUM}]{20}\\.[${ALNUM}]{20}`)],
    envVar: 'HAWK_API_KEY', severity: 'error',
    format: '`hawk.` followed by 20 alphanumerics, `.` and 20 more',
    exampleCall: 'HAWK_API_KEY = "hawk.…"',
    references: [CWE_798, 'https://docs.stackhawk.com/apps/api-keys.html'],
  },
  {
    id: 'AIS4036', slug: 'maxmind', name: 'maxmind-license-key', provider: 'MaxMind', secretKind: 'licence key', ai: false, tier: 1,
    patterns: [{ anchor: '_mmk', lead: 36, regex: sticky(`[${ALNUM}]{6}_[${ALNUM}]{29}_mmk${END}`), prefixLength: 0 }],
    envVar: 'MAXMIND_LICENSE_KEY', severity: 'error',
    format: '6 alphanumerics, `_`, 29 more and the suffix `_mmk`',
    exampleCall: 'client = geoip2.webservice.Client(account_id, "…_mmk")',
    references: [CWE_798, 'https://support.maxmind.com/hc/en-us/articles/4407111582235-Generate-a-License-Key'],
  },
  {
    id: 'AIS4037', slug: 'kubernetes-bootstrap-token', name: 'kubernetes-bootstrap-token', provider: 'Kubernetes', secretKind: 'bootstrap token', ai: false, tier: 2, patterns: [],
    context: { keywords: ['kubeadm', 'bootstrap-token', 'bootstrap_token', 'bootstraptoken'], body: /[a-z0-9]{6}\.[a-z0-9]{16}/g, window: 100 },
    envVar: 'KUBEADM_TOKEN', severity: 'error',
    format: '6 and 16 lower-case alphanumerics joined by `.` (id and secret), reported next to `kubeadm` or a bootstrap-token name: it joins nodes to the cluster',
    exampleCall: 'run(["kubeadm", "join", endpoint, "--token", "…"])',
    references: [CWE_798, 'https://kubernetes.io/docs/reference/access-authn-authz/bootstrap-tokens/'],
  },
  {
    id: 'AIS4039', slug: 'razorpay', name: 'razorpay-key-secret', provider: 'Razorpay', secretKind: 'key secret', ai: false, tier: 2, patterns: [],
    // The key id (`rzp_live_` / `rzp_test_` and 14 alphanumerics) is public; the secret next to it is not.
    context: { keywords: ['razorpay_key_secret', 'razorpay_secret', 'rzp_live_', 'rzp_test_'], body: new RegExp(`[${ALNUM}]{24}`, 'g'), window: 120 },
    envVar: 'RAZORPAY_KEY_SECRET', severity: 'error',
    format: '24 alphanumerics reported next to `RAZORPAY_KEY_SECRET` or a `rzp_live_` / `rzp_test_` key id (the id alone is public and not reported)',
    exampleCall: 'client = razorpay.Client(auth=("rzp_live_…", "…"))',
    references: [CWE_798, 'https://razorpay.com/docs/api/authentication/'],
  },
  {
    id: 'AIS4040', slug: 'gocardless', name: 'gocardless-access-token', provider: 'GoCardless', secretKind: 'access token', ai: false, tier: 2,
    patterns: [
      prefixed('live_', `[${B64URL}]{40}`, { requires: ['gocardless'], label: 'live access token' }),
      prefixed('sandbox_', `[${B64URL}]{40}`, { requires: ['gocardless'], label: 'sandbox access token', severity: WARNING }),
    ],
    envVar: 'GOCARDLESS_ACCESS_TOKEN', severity: 'error',
    format: '`live_` (or `sandbox_`, a warning) followed by 40 base64url characters, next to a GoCardless name (the prefix alone is too common)',
    exampleCall: 'client = gocardless_pro.Client(access_token="live_…", environment="live")',
    references: [CWE_798, 'https://developer.gocardless.com/getting-started/api/making-your-first-request/'],
  },
  {
    id: 'AIS4041', slug: 'braintree', name: 'braintree-access-token', provider: 'Braintree', secretKind: 'access token', ai: false, tier: 1,
    patterns: [
      prefixed('access_token$production$', `[a-z0-9]{16}\\$[${HEX}]{32}`, { label: 'production access token' }),
      prefixed('access_token$sandbox$', `[a-z0-9]{16}\\$[${HEX}]{32}`, { label: 'sandbox access token', severity: WARNING }),
    ],
    envVar: 'BRAINTREE_ACCESS_TOKEN', severity: 'error',
    format: '`access_token$production$`, the 16-character merchant id, `$` and 32 hex digits (`$sandbox$` tokens are warnings)',
    exampleCall: 'gateway = braintree.BraintreeGateway(access_token="access_token$production$…")',
    references: [CWE_798, 'https://developer.paypal.com/braintree/docs/guides/extend/oauth/access-tokens'],
  },
  {
    id: 'AIS4042', slug: 'checkout', name: 'checkout-secret-key', provider: 'Checkout.com', secretKind: 'secret key', ai: false, tier: 1,
    // `sk_` and a whole UUID is shape enough: Stripe's and Paystack's `sk_` keys have no dashes.
    patterns: [
      prefixed('sk_', UUID, { label: 'secret key' }),
      prefixed('sk_test_', UUID, { label: 'test secret key', severity: WARNING }),
    ],
    envVar: 'CKO_SECRET_KEY', severity: 'error',
    format: '`sk_` (or `sk_test_`, a warning) followed by a lower-case UUID (Stripe\'s `sk_live_` keys have no dashes)',
    exampleCall: 'api = checkout_sdk.DefaultSdk().secret_key("sk_…").build()',
    references: [CWE_798, 'https://www.checkout.com/docs/developer-resources/api/manage-api-keys'],
  },
  {
    id: 'AIS4038', slug: 'password-hash', name: 'password-hash', provider: 'Password', secretKind: 'hash', ai: false, tier: 1,
    patterns: [
      // Slow, salted hashes: information, in the audit profile.
      hashPattern('$2', `\\$2[aby]\\$(?:0[4-9]|[12][0-9]|3[01])\\$[${CRYPT64}]{53}`, 'bcrypt hash', INFO),
      hashPattern('$argon2', `\\$argon2(?:id|i|d)\\$v=[0-9]{2}\\$m=[0-9]{1,7},t=[0-9]{1,3},p=[0-9]{1,3}\\$[${B64}]{11,64}\\$[${B64}]{16,128}`, 'Argon2 hash', INFO),
      hashPattern('pbkdf2_sha256$', `pbkdf2_sha256\\$[0-9]{4,7}\\$[${ALNUM}]{8,64}\\$[${B64}]{43}=`, 'Django PBKDF2 hash', INFO),
      hashPattern('$6$', `\\$6\\$(?:rounds=[0-9]{4,9}\\$)?[${CRYPT64}]{1,16}\\$[${CRYPT64}]{86}`, 'SHA-512-crypt hash', INFO),
      hashPattern('$5$', `\\$5\\$(?:rounds=[0-9]{4,9}\\$)?[${CRYPT64}]{1,16}\\$[${CRYPT64}]{43}`, 'SHA-256-crypt hash', INFO),
      // Fast hashes: a GPU tries billions of guesses a second, so a committed one is nearly the password.
      hashPattern('$1$', `\\$1\\$[${CRYPT64}]{1,8}\\$[${CRYPT64}]{22}`, 'MD5-crypt hash (fast to crack)', WARNING),
      hashPattern('$apr1$', `\\$apr1\\$[${CRYPT64}]{1,8}\\$[${CRYPT64}]{22}`, 'Apache MD5 (htpasswd) hash (fast to crack)', WARNING),
      hashPattern('sha1:', `sha1:[${HEX}]{12}:[${HEX}]{40}`, 'Jupyter SHA-1 password hash (fast to crack)', WARNING),
    ],
    envVar: 'PASSWORD_HASH', severity: INFO,
    advisory: {
      findings: 'info', editor: 'hint',
      reason: 'A slow, salted password hash (bcrypt, Argon2, PBKDF2, SHA-crypt) is meant to be stored and resists guessing; it matters only when it is a real login\'s (a seeded admin, a Jupyter or htpasswd password) and that password is weak.',
    },
    format: 'a password hash in crypt or PHC form: bcrypt `$2b$`, Argon2 `$argon2id$`, Django `pbkdf2_sha256$`, SHA-crypt `$6$`/`$5$` (information, in the audit profile: stored on purpose and slow to guess), and the fast MD5-crypt `$1$`, Apache `$apr1$` and Jupyter `sha1:` hashes (a warning: a committed one can be cracked offline at billions of guesses a second)',
    exampleCall: 'c.ServerApp.password = "sha1:…"',
    useInstead: 'c.ServerApp.password = os.environ["JUPYTER_PASSWORD_HASH"]  # an Argon2 hash made at deploy time with jupyter_server.auth.passwd()',
    references: [CWE_798, 'https://cwe.mitre.org/data/definitions/916.html', 'https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html', 'https://jupyter-server.readthedocs.io/en/latest/operators/public-server.html'],
  },
  {
    id: 'AIS4043', slug: 'paystack', name: 'paystack-secret-key', provider: 'Paystack', secretKind: 'secret key', ai: false, tier: 1,
    patterns: [
      prefixed('sk_live_', '[a-z0-9]{40}', { label: 'live secret key' }),
      prefixed('sk_test_', '[a-z0-9]{40}', { label: 'test secret key', severity: WARNING }),
    ],
    envVar: 'PAYSTACK_SECRET_KEY', severity: 'error',
    format: '`sk_live_` (or `sk_test_`, a warning) followed by 40 lower-case letters and digits; Stripe shares the prefixes, but its keys mix upper and lower case (24 or 99 characters), so the body tells them apart',
    exampleCall: 'paystack = Paystack(secret_key="sk_live_…")',
    references: [CWE_798, 'https://paystack.com/docs/api/authentication/'],
  },
  {
    id: 'AIS4044', slug: 'twitter-bearer', name: 'twitter-bearer-token', provider: 'X (Twitter)', secretKind: 'app bearer token', ai: false, tier: 1,
    // 22 `A`s alone also open long base64 runs (images in notebooks): the body must end before any base64 character, near an X name.
    patterns: [{
      anchor: 'A'.repeat(22), regex: sticky(`A{22}[${ALNUM}%]{80,110}${B64_END}`), prefixLength: 22,
      requires: ['twitter', 'tweepy', 'bearer', 'x_api', 'x_bearer'],
    }],
    envVar: 'TWITTER_BEARER_TOKEN', severity: 'error',
    format: '22 literal `A`s followed by 80 to 110 letters, digits and `%` (an app-only bearer token, which reads everything the app may read), next to an X or Twitter name or a bearer header',
    exampleCall: 'client = tweepy.Client(bearer_token="AAAA…")',
    references: [CWE_798, 'https://developer.x.com/en/docs/authentication/oauth-2-0/bearer-tokens'],
  },
  {
    id: 'AIS4045', slug: 'google-oauth-refresh', name: 'google-oauth-refresh-token', provider: 'Google OAuth', secretKind: 'refresh token', ai: false, tier: 1,
    patterns: [prefixed('1//0', `[${B64URL}]{60,250}`, { requires: ['refresh_token', 'refresh-token', 'refreshtoken'] })],
    envVar: 'GOOGLE_REFRESH_TOKEN', severity: 'error',
    format: '`1//0` and 60 or more base64url characters next to a `refresh_token` name (as in `application_default_credentials.json` or a saved `token.json`): it mints access tokens for the user\'s granted scopes until revoked',
    exampleCall: 'creds = Credentials(None, refresh_token="1//0…", client_id=cid, client_secret=secret, token_uri=uri)',
    references: [CWE_798, 'https://developers.google.com/identity/protocols/oauth2#expiration'],
  },
  {
    id: 'AIS4046', slug: 'aws-session-token', name: 'aws-session-token', provider: 'AWS', secretKind: 'STS session token', ai: false, tier: 1,
    patterns: [
      { anchor: 'IQoJb3JpZ2luX2Vj', regex: sticky(`IQoJb3JpZ2luX2Vj[${B64}]{100,3000}={0,2}${B64_END}`), prefixLength: 16 },
      { anchor: 'FwoGZXIvYXdz', regex: sticky(`FwoGZXIvYXdz[${B64}]{100,3000}={0,2}${B64_END}`), prefixLength: 12 },
    ],
    envVar: 'AWS_SESSION_TOKEN', severity: WARNING,
    format: 'a long base64 STS session token beginning `IQoJb3JpZ2luX2Vj` (newer) or `FwoGZXIvYXdz` (older); with the `ASIA…` key id next to it they are one finding. A warning: temporary credentials expire within hours, though a token committed with its key and secret is live until then',
    exampleCall: 'session = boto3.Session(aws_session_token="IQoJb3JpZ2luX2Vj…")',
    useInstead: 'session = boto3.Session()  # reads the credential chain (SSO, instance role, AWS_SESSION_TOKEN)',
    references: [CWE_798, 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_use-resources.html'],
  },
  {
    id: 'AIS4047', slug: 'gcs-hmac', name: 'gcs-hmac-secret', provider: 'Google Cloud Storage', secretKind: 'HMAC secret', ai: false, tier: 2, patterns: [],
    context: {
      keywords: ['gs_secret_access_key', 'gcs_hmac_secret', 'gcs_secret', 'goog1'],
      body: new RegExp(`(?<![${B64}])[${B64}]{40}(?![${B64}=])`, 'g'), window: 400, reject: /^[0-9a-fA-F]+$|^[^A-Z]+$|^[^a-z]+$/,
    },
    envVar: 'GS_SECRET_ACCESS_KEY', severity: 'error',
    format: '40 base64 characters next to a `GOOG1…` HMAC access id or a `gs_secret_access_key` name (the interoperable S3 API of Cloud Storage); the access id and the secret are one finding',
    exampleCall: 'client = boto3.client("s3", endpoint_url="https://storage.googleapis.com", aws_access_key_id="GOOG1…", aws_secret_access_key="…")',
    references: [CWE_798, 'https://cloud.google.com/storage/docs/authentication/hmackeys'],
  },
  {
    id: 'AIS4048', slug: 'tencent-cloud', name: 'tencent-cloud-secret-key', provider: 'Tencent Cloud', secretKind: 'SecretKey', ai: false, tier: 2, patterns: [],
    context: {
      keywords: ['tcloud_secret', 'akid'],
      body: new RegExp(`(?<![${ALNUM}])[${ALNUM}]{32}(?![${ALNUM}])`, 'g'), window: 400,
    },
    envVar: 'TENCENTCLOUD_SECRET_KEY', severity: 'error',
    format: '32 alphanumerics next to an `AKID…` SecretId (`AKID` and 32 alphanumerics, an identifier) or `TENCENTCLOUD_SECRET_KEY`; the SecretId and the SecretKey are one finding',
    exampleCall: 'cred = credential.Credential("AKID…", "…")',
    references: [CWE_798, 'https://www.tencentcloud.com/document/product/598/32675'],
  },
  {
    id: 'AIS4049', slug: 'ibm-cos-hmac', name: 'ibm-cos-hmac-secret', provider: 'IBM Cloud Object Storage', secretKind: 'HMAC secret access key', ai: false, tier: 2, patterns: [],
    context: { keywords: ['cos_hmac_keys', 'cos_hmac_secret', 'cos_secret_access_key', 'ibm_cos_secret'], body: new RegExp(`(?<![${ALNUM}])[${HEX}]{48}(?![${ALNUM}])`, 'g'), window: 400 },
    envVar: 'COS_SECRET_ACCESS_KEY', severity: 'error',
    format: '48 lower-case hex digits next to `cos_hmac_keys` (a service credential\'s HMAC pair) or a COS secret name; with the 32-hex `access_key_id` beside it they are one finding',
    exampleCall: 'cos = ibm_boto3.client("s3", aws_access_key_id="…", aws_secret_access_key="…", endpoint_url=url)',
    references: [CWE_798, 'https://cloud.ibm.com/docs/cloud-object-storage?topic=cloud-object-storage-uhc-hmac-credentials-main'],
  },
  {
    id: 'AIS4050', slug: 'azure-sas', name: 'azure-sas-signature', provider: 'Azure Storage', secretKind: 'shared access signature', ai: false, tier: 1,
    // The signature is a URL-encoded base64 HMAC; a SAS is known by its service version `sv=` (a date) in the same query.
    patterns: [{ anchor: 'sig=', regex: sticky(`sig=[${ALNUM}%+/]{40,120}(?:%3D|%3d|=){0,2}(?![${ALNUM}%+/=])`), prefixLength: 4, requires: ['sv=20'] }],
    envVar: 'AZURE_STORAGE_SAS_TOKEN', severity: 'error',
    format: 'the `sig=` signature of a shared access signature (a query with `sv=` and a date, `sp=` permissions and `se=` expiry, usually after a `*.blob.core.windows.net` URL): the URL alone grants its permissions until it expires; a read-only link to one blob or file (`sp=r` with `sr=b` or `sr=f`, no account or container scope) is a download link made to be shared, reported as an advisory (audit profile); a Teams workflow URL (`sv=1.0`) is another rule',
    exampleCall: 'blob = BlobClient.from_blob_url("https://acct.blob.core.windows.net/c/f?sv=…&sig=…")',
    useInstead: 'blob = BlobClient(account_url, container, name, credential=DefaultAzureCredential())',
    references: [CWE_798, 'https://learn.microsoft.com/en-us/rest/api/storageservices/delegate-access-with-shared-access-signature'],
  },
  {
    id: 'AIS4051', slug: 'azure-identifiable-key', name: 'azure-identifiable-key', provider: 'Azure', secretKind: 'service key', ai: false, tier: 1,
    patterns: [
      azureKey('+ASt', 76, 8, 'storage account key'),
      azureKey('ACDb', 76, 8, 'Cosmos DB key'),
      azureKey('APIM', 76, 8, 'API Management key'),
      azureKey('+ABa', 76, 8, 'Batch key'),
      azureKey('+AMC', 76, 8, 'Machine Learning key'),
      azureKey('+ASb', 33, 7, 'Service Bus key'),
      azureKey('+AEh', 33, 7, 'Event Hubs key'),
      azureKey('+ARm', 33, 7, 'Relay key'),
      azureKey('AIoT', 33, 7, 'IoT Hub key'),
      azureKey('AzCa', 33, 7, 'Cache for Redis key'),
      azureKey('AZEG', 33, 7, 'Event Grid key'),
      azureKey('AzFu', 44, 8, 'Functions key'),
      azureKey('AzSe', 42, 6, 'Cognitive Search key (no padding)'),
      azureKey('+ACR', 42, 6, 'Container Registry key (no padding)'),
      // Keys without a signature are known by where they are sent: the `code` parameter of a function URL, or the `x-functions-key` header.
      { anchor: 'JQQJ9', lead: 52, regex: sticky(`[${ALNUM}]{52}JQQJ9[9DH][${ALNUM}]{26,30}${B64_END}`), prefixLength: 0, label: 'common annotated security key' },
    ],
    context: { keywords: ['azurewebsites.net/api/', 'x-functions-key'], body: /(?<=[?&]code=|x-functions-key["']?\s{0,3}[:=]\s{0,3}["']?)[A-Za-z0-9_-]{20,56}={0,2}/gi, window: 200 },
    envVar: 'AZURE_SERVICE_KEY', severity: 'error',
    format: 'a key of fixed length carrying Microsoft\'s identifying signature at a fixed offset, which no random key holds by chance: `+ASt` (storage), `ACDb` (Cosmos DB), `APIM`, `+ABa` (Batch), `+AMC` (Machine Learning) at characters 77-80 of 88; `+ASb`, `+AEh`, `+ARm` (Service Bus, Event Hubs, Relay), `AIoT`, `AzCa` (Redis), `AZEG` (Event Grid) at 34-37 of 44; `AzFu` (Functions) at 45-48 of 56; `AzSe` (Search) and `+ACR` (Container Registry) at 43-46 of 52; and the 84- or 88-character common annotated security keys with `JQQJ9` at 53; and an older Functions key without a signature (20 to 56 base64url characters) as the `code` parameter of an `*.azurewebsites.net/api/…` URL or in an `x-functions-key` header',
    exampleCall: 'conn = "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=…"',
    useInstead: 'client = ServiceBusClient(fully_qualified_namespace, credential=DefaultAzureCredential())',
    references: [CWE_798, 'https://github.com/microsoft/security-utilities/blob/main/docs/Identifiable-Secrets.md', 'https://learn.microsoft.com/en-us/purview/sit-defn-azure-storage-account-key'],
  },
  {
    id: 'AIS4052', slug: 'fastly', name: 'fastly-api-token', provider: 'Fastly', secretKind: 'API token', ai: false, tier: 2, patterns: [],
    context: { keywords: ['fastly_api_token', 'fastly_api_key', 'fastly_token', 'fastly_key', 'fastly-key'], body: new RegExp(`[${B64URL}]{32}`, 'g'), window: 80 },
    envVar: 'FASTLY_API_TOKEN', severity: 'error',
    format: '32 base64url characters with no prefix, reported next to `FASTLY_API_TOKEN` or a `Fastly-Key` header (it purges caches and changes service configurations)',
    exampleCall: 'headers = {"Fastly-Key": "…"}',
    references: [CWE_798, 'https://www.fastly.com/documentation/reference/api/auth-tokens/'],
  },
  {
    id: 'AIS4053', slug: 'mandrill', name: 'mandrill-api-key', provider: 'Mandrill (Mailchimp Transactional)', secretKind: 'API key', ai: false, tier: 2, patterns: [],
    context: { keywords: ['ndrill'], body: new RegExp(`[${B64URL}]{22}`, 'g'), window: 80 },
    envVar: 'MANDRILL_API_KEY', severity: 'error',
    format: '22 base64url characters with no prefix, reported next to a Mandrill name (it sends mail as your domains)',
    exampleCall: 'client = MailchimpTransactional.Client("…")  # MANDRILL_API_KEY',
    references: [CWE_798, 'https://mailchimp.com/developer/transactional/guides/quick-start/'],
  },
  {
    id: 'AIS4054', slug: 'postmark', name: 'postmark-token', provider: 'Postmark', secretKind: 'server or account token', ai: false, tier: 2, patterns: [],
    context: {
      keywords: ['x-postmark-server-token', 'x-postmark-account-token', 'stmark_server_token', 'stmark_api_token', 'stmark_account_token', 'stmark_token'],
      body: new RegExp(UUID, 'g'), window: 80,
    },
    envVar: 'POSTMARK_SERVER_TOKEN', severity: 'error',
    format: 'a UUID reported next to an `X-Postmark-Server-Token` or `X-Postmark-Account-Token` header or a Postmark token name (a bare UUID is an identifier)',
    exampleCall: 'client = PostmarkClient(server_token="…")',
    references: [CWE_798, 'https://postmarkapp.com/developer/api/overview#authentication'],
  },
  {
    id: 'AIS4055', slug: 'sparkpost', name: 'sparkpost-api-key', provider: 'SparkPost', secretKind: 'API key', ai: false, tier: 2, patterns: [],
    context: { keywords: ['rkpost'], body: new RegExp(`[${HEX}]{40}`, 'g'), window: 80 },
    envVar: 'SPARKPOST_API_KEY', severity: 'error',
    format: '40 lower-case hex digits reported next to a SparkPost name (alone, the shape of a SHA-1)',
    exampleCall: 'sp = SparkPost("…")  # SPARKPOST_API_KEY',
    references: [CWE_798, 'https://developers.sparkpost.com/api/#header-authentication'],
  },
  {
    id: 'AIS4056', slug: 'pusher', name: 'pusher-app-secret', provider: 'Pusher Channels', secretKind: 'app secret', ai: false, tier: 2, patterns: [],
    context: { keywords: ['pusher_app_secret', 'pusher_secret'], body: /[a-z0-9]{20}/g, window: 80 },
    envVar: 'PUSHER_APP_SECRET', severity: 'error',
    format: '20 lower-case alphanumerics next to `PUSHER_APP_SECRET` (the app key of the same shape is public and not reported)',
    exampleCall: 'pusher_client = pusher.Pusher(app_id=app_id, key=key, secret="…", cluster="eu")',
    references: [CWE_798, 'https://pusher.com/docs/channels/server_api/authenticating-users/'],
  },
  {
    id: 'AIS4057', slug: 'typeform', name: 'typeform-token', provider: 'Typeform', secretKind: 'personal access token', ai: false, tier: 1,
    patterns: [prefixed('tfp_', `[${ALNUM}_.=-]{59}`)],
    envVar: 'TYPEFORM_TOKEN', severity: 'error',
    format: '`tfp_` followed by 59 letters, digits, `_`, `-`, `.` and `=` (it reads every form\'s responses)',
    exampleCall: 'headers = {"Authorization": "Bearer tfp_…"}',
    references: [CWE_798, 'https://www.typeform.com/developers/get-started/personal-access-token/'],
  },
  {
    id: 'AIS4058', slug: 'teamcity', name: 'teamcity-access-token', provider: 'TeamCity', secretKind: 'access token', ai: false, tier: 1,
    patterns: [prefixed('eyJ0eXAiOiAiVENWMiJ9', `\\.[${B64URL}]{36}\\.[${B64URL}]{48}`)],
    envVar: 'TEAMCITY_TOKEN', severity: 'error',
    format: '`eyJ0eXAiOiAiVENWMiJ9` (the base64 of `{"typ": "TCV2"}`), `.`, 36 and `.` 48 base64url characters',
    exampleCall: 'headers = {"Authorization": "Bearer eyJ0eXAiOiAiVENWMiJ9.…"}',
    references: [CWE_798, 'https://www.jetbrains.com/help/teamcity/configuring-your-user-profile.html#Managing+Access+Tokens'],
  },
  {
    id: 'AIS4059', slug: 'codecov', name: 'codecov-upload-token', provider: 'Codecov', secretKind: 'upload token', ai: false, tier: 2, patterns: [],
    context: { keywords: ['cov_token', 'cov_upload_token'], body: new RegExp(`${UUID}|[${ALNUM}]{32}`, 'g'), window: 80 },
    envVar: 'CODECOV_TOKEN', severity: INFO,
    format: 'a UUID or 32 alphanumerics next to `CODECOV_TOKEN`; information, since it only uploads coverage reports (anyone holding it can replace the project\'s coverage)',
    exampleCall: 'CODECOV_TOKEN = "…"',
    references: [CWE_798, 'https://docs.codecov.com/docs/codecov-tokens'],
  },
  {
    id: 'AIS4060', slug: 'supabase-service-role', name: 'supabase-service-role-key', provider: 'Supabase', secretKind: 'service_role key', ai: false, tier: 1,
    patterns: [
      jwtPattern((t) => isSupabaseKey(t, 'service_role')),
      jwtPattern((t) => isSupabaseKey(t, 'anon'), {
        label: 'anon key', severity: INFO,
        publicByDesign: ', which is public by design: the browser client sends it, and the role it names can do only what row-level security allows, so enable RLS on every table exposed to the API.',
      }),
    ],
    envVar: 'SUPABASE_SERVICE_ROLE_KEY', severity: 'error',
    format: 'a JWT whose claims name Supabase (`iss` `supabase` or a project `ref`) and the role `service_role`, which bypasses row-level security; a key with the role `anon` is public by design and only information',
    exampleCall: 'supabase = create_client(url, "eyJ…")',
    references: [CWE_798, 'https://supabase.com/docs/guides/api/api-keys'],
  },
  {
    id: 'AIS4061', slug: 'kubernetes-service-account', name: 'kubernetes-service-account-token', provider: 'Kubernetes', secretKind: 'service-account token', ai: false, tier: 1,
    patterns: [jwtPattern(isKubernetesServiceAccountToken)],
    envVar: 'KUBE_TOKEN', severity: 'error',
    format: 'a JWT issued by `kubernetes/serviceaccount` (a legacy token stored in a Secret, which never expires) or carrying the `kubernetes.io` claims of a bound token: it acts in the cluster with the service account\'s permissions',
    exampleCall: 'configuration.api_key = {"authorization": "Bearer eyJ…"}',
    useInstead: 'config.load_incluster_config()  # the mounted, rotated token',
    references: [CWE_798, 'https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/'],
  },
  {
    id: 'AIS4062', slug: 'auth0-management', name: 'auth0-management-token', provider: 'Auth0', secretKind: 'Management API token', ai: false, tier: 1,
    patterns: [jwtPattern(isAuth0ManagementToken, { severity: WARNING })],
    envVar: 'AUTH0_MANAGEMENT_TOKEN', severity: WARNING,
    format: 'a JWT whose audience is a tenant\'s `https://<tenant>.auth0.com/api/v2/`: it manages the tenant\'s users and applications; a warning, since it expires (24 hours by default)',
    exampleCall: 'auth0 = Auth0(domain, "eyJ…")',
    references: [CWE_798, 'https://auth0.com/docs/secure/tokens/access-tokens/management-api-access-tokens'],
  },
  {
    id: 'AIS4063', slug: 'azure-app-configuration', name: 'azure-app-configuration-secret', provider: 'Azure App Configuration', secretKind: 'connection-string secret', ai: false, tier: 2, patterns: [],
    context: { keywords: ['.azconfig.io'], body: new RegExp(`(?<=Secret=)[${B64}]{40,60}={0,2}(?![${B64}=])`, 'g'), window: 200 },
    envVar: 'AZURE_APPCONFIG_CONNECTION_STRING', severity: 'error',
    format: 'the `Secret=` value of an `Endpoint=https://<name>.azconfig.io;Id=…;Secret=…` connection string',
    exampleCall: 'client = AzureAppConfigurationClient.from_connection_string("Endpoint=https://cfg.azconfig.io;Id=…;Secret=…")',
    useInstead: 'client = AzureAppConfigurationClient(endpoint, DefaultAzureCredential())',
    references: [CWE_798, 'https://learn.microsoft.com/en-us/azure/azure-app-configuration/howto-disable-access-key-authentication'],
  },
  {
    id: 'AIS4064', slug: 'azure-publish-profile', name: 'azure-publish-profile-password', provider: 'Azure App Service', secretKind: 'publish-profile password', ai: false, tier: 2, patterns: [],
    context: { keywords: ['rpwd'], body: new RegExp(`(?<=userPWD=")[${ALNUM}]{40,80}(?=")`, 'g'), window: 40 },
    envVar: 'AZURE_WEBAPP_PUBLISH_PASSWORD', severity: 'error',
    format: 'the `userPWD="…"` attribute of a `.PublishSettings` publish profile: the deployment password of the web app',
    exampleCall: '<publishProfile publishMethod="MSDeploy" userName="$app" userPWD="…" />',
    useInstead: '# Deploy with OpenID Connect (azure/login) instead of a publish profile, or keep the profile in a repository secret.',
    references: [CWE_798, 'https://learn.microsoft.com/en-us/azure/app-service/deploy-configure-credentials'],
  },
  {
    id: 'AIS4065', slug: 'vault-unseal-key', name: 'vault-unseal-key', provider: 'HashiCorp Vault', secretKind: 'unseal or recovery key share', ai: false, tier: 2, patterns: [],
    context: { keywords: ['unseal key', 'unseal_key'], body: new RegExp(`(?<![${B64}])[${B64}]{43}=(?![${B64}=])`, 'g'), window: 40 },
    envVar: 'VAULT_UNSEAL_KEY', severity: 'error',
    format: '44 base64 characters (32 bytes) after `Unseal Key 1:` (what `vault operator init` prints) or an `unseal_key` name: enough shares of them unseal the whole Vault',
    exampleCall: 'Unseal Key 1: …',
    useInstead: '# Keep unseal key shares with separate people or use auto-unseal with a cloud KMS; never in a repository.',
    references: [CWE_798, 'https://developer.hashicorp.com/vault/docs/concepts/seal'],
  },
  {
    id: 'AIS4066', slug: 'softlayer', name: 'softlayer-api-key', provider: 'IBM Cloud (SoftLayer)', secretKind: 'classic infrastructure API key', ai: false, tier: 2, patterns: [],
    context: { keywords: ['softlayer', 'sl_api_key'], body: new RegExp(`(?<![${ALNUM}])[${HEX}]{64}(?![${ALNUM}])`, 'g'), window: 120 },
    envVar: 'SL_API_KEY', severity: 'error',
    format: '64 lower-case hex digits next to a SoftLayer name or in an `api.softlayer.com/rest/v3…` URL (with the `SL_USERNAME` beside it)',
    exampleCall: 'client = SoftLayer.create_client_from_env(username=user, api_key="…")',
    references: [CWE_798, 'https://cloud.ibm.com/docs/account?topic=account-classic_keys'],
  },
  {
    id: 'AIS4067', slug: 'linkedin', name: 'linkedin-client-secret', provider: 'LinkedIn', secretKind: 'client secret', ai: false, tier: 2, patterns: [],
    context: { keywords: ['kedin_client_secret', 'kedin_secret'], body: new RegExp(`(?<![${ALNUM}])[${ALNUM}]{16}(?![${ALNUM}])`, 'g'), window: 60 },
    envVar: 'LINKEDIN_CLIENT_SECRET', severity: 'error',
    format: '16 alphanumerics next to a LinkedIn client-secret name',
    exampleCall: 'LINKEDIN_CLIENT_SECRET = "…"',
    references: [CWE_798, 'https://learn.microsoft.com/en-us/linkedin/shared/authentication/client-credentials-flow'],
  },
  {
    id: 'AIS4068', slug: 'zendesk', name: 'zendesk-api-token', provider: 'Zendesk', secretKind: 'API token', ai: false, tier: 2, patterns: [],
    context: { keywords: ['zendesk_api_token', 'zendesk_token', 'zendesk_api_key'], body: new RegExp(`(?<![${ALNUM}])[${ALNUM}]{40}(?![${ALNUM}])`, 'g'), window: 60 },
    envVar: 'ZENDESK_API_TOKEN', severity: 'error',
    format: '40 alphanumerics next to a Zendesk token name (sent as `email/token:…`)',
    exampleCall: 'zenpy = Zenpy(email=email, token="…", subdomain=sub)',
    references: [CWE_798, 'https://developer.zendesk.com/api-reference/introduction/security-and-auth/'],
  },
  {
    id: 'AIS4069', slug: 'intercom', name: 'intercom-access-token', provider: 'Intercom', secretKind: 'access token', ai: false, tier: 2, patterns: [],
    context: { keywords: ['ercom_access_token', 'ercom_token', 'ercom_api_key'], body: new RegExp(`(?<![${B64}])[${B64}_-]{58,60}={0,2}(?![${B64}=])`, 'g'), window: 60 },
    envVar: 'INTERCOM_ACCESS_TOKEN', severity: 'error',
    format: 'about 60 base64 characters next to an Intercom token name',
    exampleCall: 'intercom = Client(personal_access_token="…")',
    references: [CWE_798, 'https://developers.intercom.com/docs/build-an-integration/learn-more/authentication'],
  },
  {
    id: 'AIS4070', slug: 'mattermost', name: 'mattermost-access-token', provider: 'Mattermost', secretKind: 'access token', ai: false, tier: 2, patterns: [],
    context: { keywords: ['rmost_token', 'rmost_access_token', 'rmost_bot_token'], body: /(?<![A-Za-z0-9])[a-z0-9]{26}(?![A-Za-z0-9])/g, window: 60 },
    envVar: 'MATTERMOST_TOKEN', severity: 'error',
    format: '26 lower-case alphanumerics next to a Mattermost token name',
    exampleCall: 'driver = Driver({"url": host, "token": "…"})  # MATTERMOST_TOKEN',
    references: [CWE_798, 'https://developers.mattermost.com/integrate/reference/personal-access-token/'],
  },
  {
    id: 'AIS4071', slug: 'messagebird', name: 'messagebird-api-key', provider: 'MessageBird (Bird)', secretKind: 'API key', ai: false, tier: 2, patterns: [],
    context: { keywords: ['gebird'], body: new RegExp(`(?<![${ALNUM}])[${ALNUM}]{25}(?![${ALNUM}])`, 'g'), window: 60 },
    envVar: 'MESSAGEBIRD_API_KEY', severity: 'error',
    format: '25 alphanumerics next to a MessageBird key name',
    exampleCall: 'client = messagebird.Client("…")  # MESSAGEBIRD_API_KEY',
    references: [CWE_798, 'https://developers.messagebird.com/api/#authentication'],
  },
  {
    id: 'AIS4072', slug: 'drone-ci', name: 'drone-ci-token', provider: 'Drone CI', secretKind: 'personal token', ai: false, tier: 2, patterns: [],
    context: { keywords: ['drone_token'], body: new RegExp(`(?<![${ALNUM}])[${ALNUM}]{32}(?![${ALNUM}])`, 'g'), window: 60 },
    envVar: 'DRONE_TOKEN', severity: 'error',
    format: '32 alphanumerics next to `DRONE_TOKEN`',
    exampleCall: 'DRONE_TOKEN = "…"',
    references: [CWE_798, 'https://docs.drone.io/cli/setup/'],
  },
  {
    id: 'AIS4073', slug: 'travis-ci', name: 'travis-ci-token', provider: 'Travis CI', secretKind: 'API token', ai: false, tier: 2, patterns: [],
    context: { keywords: ['avis_token', 'avis_api_token'], body: new RegExp(`(?<![${B64URL}])[${B64URL}]{22}(?![${B64URL}])`, 'g'), window: 60 },
    envVar: 'TRAVIS_TOKEN', severity: 'error',
    format: '22 base64url characters next to `TRAVIS_TOKEN`',
    exampleCall: 'headers = {"Authorization": "token …"}  # TRAVIS_TOKEN',
    references: [CWE_798, 'https://developer.travis-ci.com/authentication'],
  },
  {
    id: 'AIS4074', slug: 'mongodb-atlas', name: 'mongodb-atlas-private-key', provider: 'MongoDB Atlas', secretKind: 'Admin API private key', ai: false, tier: 2, patterns: [],
    context: { keywords: ['atlas_private_key', 'atlas_private_api_key', 'dbatlas_private'], body: new RegExp(UUID, 'g'), window: 80 },
    envVar: 'MONGODB_ATLAS_PRIVATE_KEY', severity: 'error',
    format: 'a UUID next to an Atlas private-key name (the 8-letter public key beside it is an identifier): it administers the organisation\'s clusters',
    exampleCall: 'auth = HTTPDigestAuth(public_key, "…")  # MONGODB_ATLAS_PRIVATE_KEY',
    references: [CWE_798, 'https://www.mongodb.com/docs/atlas/configure-api-access/'],
  },
  {
    id: 'AIS4075', slug: 'firebase-database-secret', name: 'firebase-database-secret', provider: 'Firebase Realtime Database', secretKind: 'legacy database secret', ai: false, tier: 2, patterns: [],
    context: { keywords: ['abasesecret', 'abase_secret', 'ebase_secret'], body: new RegExp(`(?<![${ALNUM}])[${ALNUM}]{40}(?![${ALNUM}])`, 'g'), window: 60 },
    envVar: 'FIREBASE_DATABASE_SECRET', severity: 'error',
    format: '40 alphanumerics next to a database-secret name (`?auth=` on a `*.firebaseio.com` URL): it bypasses the security rules (the web `apiKey` is public and another rule)',
    exampleCall: 'FIREBASE_DATABASE_SECRET = "…"',
    references: [CWE_798, 'https://firebase.google.com/docs/database/rest/auth#legacy_tokens'],
  },
  {
    id: 'AIS4076', slug: 'lob', name: 'lob-api-key', provider: 'Lob', secretKind: 'API key', ai: false, tier: 2,
    patterns: [
      prefixed('live_', `[${HEX}]{35}`, { requires: ['lob_api_key', 'lob_key', 'lob.api_key', 'lob.configuration', 'lobclient'], label: 'live API key' }),
      prefixed('test_', `[${HEX}]{35}`, { requires: ['lob_api_key', 'lob_key', 'lob.api_key', 'lob.configuration', 'lobclient'], label: 'test API key', severity: WARNING }),
    ],
    envVar: 'LOB_API_KEY', severity: 'error',
    format: '`live_` (or `test_`, a warning) and 35 hex digits next to a Lob name (the prefixes alone are too common)',
    exampleCall: 'lob.api_key = "live_…"',
    references: [CWE_798, 'https://docs.lob.com/#section/Authentication'],
  },
  {
    id: 'AIS4077', slug: 'settlemint', name: 'settlemint-token', provider: 'SettleMint', secretKind: 'personal access token', ai: false, tier: 1,
    patterns: [prefixed('sm_pat_', `[${ALNUM}]{16}`)],
    envVar: 'SETTLEMINT_ACCESS_TOKEN', severity: 'error',
    format: '`sm_pat_` followed by 16 alphanumerics',
    exampleCall: 'SETTLEMINT_ACCESS_TOKEN = "sm_pat_…"',
    references: [CWE_798, 'https://console.settlemint.com/documentation/platform-components/security-and-authentication/personal-access-tokens'],
  },
  {
    id: 'AIS4078', slug: 'clickhouse-cloud', name: 'clickhouse-cloud-secret', provider: 'ClickHouse Cloud', secretKind: 'API key secret', ai: false, tier: 1,
    patterns: [prefixed('4b1d', `[${ALNUM}]{38}`, { requires: ['clickhouse'] })],
    envVar: 'CLICKHOUSE_KEY_SECRET', severity: 'error',
    format: '`4b1d` followed by 38 alphanumerics, next to a ClickHouse name',
    exampleCall: 'auth = (key_id, "4b1d…")  # CLICKHOUSE_KEY_SECRET',
    references: [CWE_798, 'https://clickhouse.com/docs/cloud/manage/openapi'],
  },
  {
    id: 'AIS4079', slug: 'notion-legacy', name: 'notion-legacy-integration-token', provider: 'Notion', secretKind: 'internal integration token (legacy)', ai: false, tier: 2,
    patterns: [prefixed('secret_', `[${ALNUM}]{43}`, { requires: ['notion'] })],
    envVar: 'NOTION_TOKEN', severity: 'error',
    format: '`secret_` followed by 43 alphanumerics next to a Notion name (integrations created before September 2024; newer ones begin `ntn_`, another rule)',
    exampleCall: 'notion = Client(auth="secret_…")',
    references: [CWE_798, 'https://developers.notion.com/docs/authorization'],
  },
  {
    id: 'AIS4080', slug: 'paypal', name: 'paypal-client-secret', provider: 'PayPal', secretKind: 'REST API client secret', ai: false, tier: 2, patterns: [],
    // `pay` opens `payload` and `payment` everywhere, so the keywords are written from `ypal` on.
    context: { keywords: ['aypal_secret', 'aypal_client_secret', 'aypal_api_secret', 'aypalrestsdk'], body: new RegExp(`(?<![${B64URL}])[${B64URL}]{70,90}(?![${B64URL}])`, 'g'), window: 240 },
    envVar: 'PAYPAL_CLIENT_SECRET', severity: 'error',
    format: 'about 80 base64url characters next to a PayPal secret name (`PAYPAL_CLIENT_SECRET`, `paypalrestsdk`); the client id beside it (about 80 base64url characters beginning with `A`, public in the JS SDK URL) is named in the same finding, because the two are one credential and either alone is useless',
    exampleCall: 'paypalrestsdk.configure({"mode": "live", "client_id": client_id, "client_secret": "…"})',
    references: [CWE_798, 'https://developer.paypal.com/api/rest/authentication/'],
  },
  {
    id: 'AIS4081', slug: 'authress', name: 'authress-service-client-key', provider: 'Authress', secretKind: 'service client access key', ai: false, tier: 2, patterns: [],
    // The key's own prefixes (`sc_`, `ext_`) are too common to anchor on; `authress` shares its first letters with the generic `auth` keyword, so it costs the prefilter nothing new.
    context: { keywords: ['authress'], body: new RegExp(`(?<![${B64URL}])(?:sc|ext|scauth|authress)_[${ALNUM}]{4,40}\\.[${ALNUM}]{2,40}\\.acc[_-][${ALNUM}-]{4,40}\\.[${B64}_-]{30,200}={0,2}(?![${B64URL}+/=])`, 'g'), window: 160 },
    envVar: 'AUTHRESS_SERVICE_CLIENT_ACCESS_KEY', severity: 'error',
    format: '`sc_`, `ext_`, `scauth_` or `authress_`, then four dot-separated parts (client id, key id, `acc_` or `acc-` and the account id, the private key in base64) next to an Authress name',
    exampleCall: 'client = AuthressClient(authress_api_url=url, service_client_access_key="sc_…")',
    references: [CWE_798, 'https://authress.io/knowledge-base'],
  },
  {
    id: 'AIS4082', slug: 'azure-entra-refresh-token', name: 'azure-entra-refresh-token', provider: 'Microsoft Entra ID (Azure AD)', secretKind: 'refresh token', ai: false, tier: 1,
    patterns: [
      prefixed('0.A', `[${B64URL}.]{300,4000}`, { requires: ['refresh_token', 'refresh-token', 'refreshtoken'] }),
      prefixed('1.A', `[${B64URL}.]{300,4000}`, { requires: ['refresh_token', 'refresh-token', 'refreshtoken'] }),
    ],
    envVar: 'AZURE_REFRESH_TOKEN', severity: 'error',
    format: '`0.A` or `1.A` and 300 or more base64url characters and dots (about 1 KB) next to a `refresh_token` name (an MSAL token cache, a saved `token.json`): it mints access tokens for the signed-in user until revoked',
    exampleCall: 'result = app.acquire_token_by_refresh_token("0.A…", scopes=["User.Read"])',
    references: [CWE_798, 'https://learn.microsoft.com/entra/identity-platform/refresh-tokens'],
  },
  {
    id: 'AIS4083', slug: 'cloudant', name: 'cloudant-legacy-api-key', provider: 'IBM Cloudant', secretKind: 'legacy API key', ai: false, tier: 2, patterns: [],
    // The key is the password of the account URL; `clo` opens `close` and `clone`, so the host is found from `udant.com`.
    context: { keywords: ['udant.com'], body: new RegExp(`(?<![${ALNUM}])[${HEX}]{64}(?![${ALNUM}])`, 'g'), window: 100 },
    envVar: 'CLOUDANT_URL', severity: 'error',
    format: '64 hex digits as the password of a `https://<account>:<key>@<account>.cloudant.com` or `…cloudantnosqldb.appdomain.cloud` URL (legacy credentials, which read and write every database of the account)',
    exampleCall: 'client = Cloudant.iam(None, None, url="https://acct:…@acct.cloudant.com")',
    references: [CWE_798, 'https://cloud.ibm.com/docs/Cloudant'],
  },
  {
    id: 'AIS4084', slug: 'freemius', name: 'freemius-secret-key', provider: 'Freemius', secretKind: 'secret key', ai: false, tier: 2, patterns: [],
    // `sk_` is Stripe's and ElevenLabs' prefix too, so the key is found only near a Freemius name; `fre` opens `free`
    // and `frequency`, so the name is found from `eemius`. The body is any printable character but quotes and backslashes.
    context: { keywords: ['eemius', 'fs_dynamic_init'], body: /(?<![A-Za-z0-9])sk_[!#-&(-[\]-~]{29}(?![^\s'"`,;)])/g, window: 400 },
    envVar: 'FREEMIUS_SECRET_KEY', severity: 'error',
    format: '`sk_` and 29 printable characters (letters, digits and punctuation) next to a Freemius name, as in the `\'secret_key\' =>` entry of a PHP plugin\'s `fs_dynamic_init( array( … ) )` (read in `.php` files; the `pk_` public key beside it is not a secret)',
    exampleCall: "$fs = fs_dynamic_init( array( 'id' => '1234', 'public_key' => 'pk_…', 'secret_key' => '…' ) );  // freemius",
    references: [CWE_798, 'https://freemius.com/help/documentation/wordpress-sdk/integrating-freemius-sdk/'],
  },
];
