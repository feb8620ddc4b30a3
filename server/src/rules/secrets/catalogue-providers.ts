/**
 * Providers added once AIS400–AIS499 were all taken: four-digit secrets codes from AIS4000 on (the leading
 * 4 stays the family; see `engine/rule-codes.ts`). The order follows how often the credential turns up in
 * ML and AI projects: orchestration and observability keys, web-framework signing secrets, private keys in
 * encodings the PEM reader does not see, then payments and developer services. Every format is written from
 * the descriptions in `secrets-formats.md`, never copied from another scanner; quantifiers are bounded and
 * no quantified group holds another quantifier.
 */
import type { Severity } from '../../engine/finding';
import { B64URL, CWE_798, END, sticky, type ProviderRule, type TokenPattern } from './provider-format';
import { decodeBase64Url } from './base64';

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
    envVar: 'HUBSPOT_ACCESS_TOKEN', severity: 'error',
    format: '`pat-na1-` or `pat-eu1-` (the data-centre region) followed by a lower-case UUID',
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
    patterns: [prefixed('AQVN', `[${B64URL}]{35,38}`)],
    envVar: 'YC_API_KEY', severity: 'error',
    format: '`AQVN` followed by 35 to 38 base64url characters (a Yandex Cloud service-account API key, used by YandexGPT and the other ML services)',
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
];
