/**
 * The wider service catalogue: cloud, secret managers, identity, CI/CD, developer SaaS, registries,
 * observability, payments and messaging, each with its own rule code. Every format is written from the
 * descriptions in `secrets-formats.md` (provider documentation where it exists, otherwise a shape rewritten
 * in words), never copied from another scanner. Prefixed shapes are tier 1; shapes without a prefix are
 * tier 2 and searched only near the provider's keywords. Quantifiers are bounded and no quantified group
 * holds another quantifier, so each pattern runs in linear time from its anchor.
 */
import type { Severity } from '../../engine/finding';
import { B64URL, CWE_798, END, sticky, type ProviderRule, type TokenPattern } from './provider-format';

const HEX = '0-9a-f';
const ALNUM = 'A-Za-z0-9';
const UUID = `[${HEX}]{8}-[${HEX}]{4}-[${HEX}]{4}-[${HEX}]{4}-[${HEX}]{12}`;
/** Right boundary for base64 bodies, which may hold `+`, `/` and `=`. */
const B64_END = '(?![A-Za-z0-9+/=_-])';

/**
 * A token that starts with `prefix` (written as it appears, regex characters escaped) followed by `body`.
 * The prefilter looks for the prefix from character `skip` on: a prefix whose first two letters are common
 * in code (`figd_`, `ntn_`) is found by its rarer tail, and the pattern is tried `skip` characters earlier.
 */
function prefixed(prefix: string, body: string, extra: Partial<TokenPattern> = {}, skip = 0): TokenPattern {
  const literal = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return { anchor: prefix.slice(skip), ...(skip ? { lead: skip } : {}), regex: sticky(`${literal}${body}${END}`), prefixLength: prefix.length, ...extra };
}

/** A URL found by a rare fragment of its fixed part: `lead` is where `anchor` sits inside `fixed`. */
function urlPattern(fixed: string, anchor: string, rest: string, label: string): TokenPattern {
  const literal = fixed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return { anchor, lead: fixed.indexOf(anchor), regex: sticky(`${literal}${rest}`), prefixLength: fixed.length, label };
}

const WARNING: Severity = 'warning';

export const SERVICE_PROVIDERS: readonly ProviderRule[] = [
  {
    id: 'AIS428', slug: 'firecrawl', name: 'firecrawl-api-key', provider: 'Firecrawl', secretKind: 'API key', ai: true, tier: 1,
    patterns: [prefixed('fc-', `[${HEX}]{32}`)],
    envVar: 'FIRECRAWL_API_KEY', severity: 'error',
    format: '`fc-` followed by 32 lower-case hex digits',
    exampleCall: 'app = FirecrawlApp(api_key="fc-…")',
    references: [CWE_798, 'https://docs.firecrawl.dev/introduction'],
  },
  {
    id: 'AIS429', slug: 'tavily', name: 'tavily-api-key', provider: 'Tavily', secretKind: 'API key', ai: true, tier: 1,
    patterns: [{ anchor: 'tvly-', regex: sticky(`tvly-(?:dev-|prod-)?[${ALNUM}]{32}${END}`), prefixLength: 5 }],
    envVar: 'TAVILY_API_KEY', severity: 'error',
    format: '`tvly-` (optionally `dev-` or `prod-`) followed by 32 alphanumerics',
    exampleCall: 'client = TavilyClient(api_key="tvly-…")',
    references: [CWE_798, 'https://docs.tavily.com/documentation/quickstart'],
  },
  {
    id: 'AIS430', slug: 'google-oauth', name: 'google-oauth-secret', provider: 'Google OAuth', secretKind: 'client secret or access token', ai: false, tier: 1,
    patterns: [
      prefixed('GOCSPX-', `[${B64URL}]{28}`, { label: 'client secret' }),
      prefixed('ya29.', `[${B64URL}]{20,400}`, { label: 'access token (expires within about an hour)', severity: WARNING }),
    ],
    envVar: 'GOOGLE_CLIENT_SECRET', severity: 'error',
    format: '`GOCSPX-` followed by 28 base64url characters (client secret), or `ya29.` and a base64url access token (the `….apps.googleusercontent.com` client id is public and not reported). The client secret of an installed (desktop or command-line) application, next to its client id and an installed-application marker (the `"installed"` client type, `InstalledAppFlow`, the out-of-band redirect, or a comment saying so), is information: Google documents that such a secret is embedded in the program and not treated as a secret',
    exampleCall: 'flow = Flow.from_client_config({"web": {"client_id": cid, "client_secret": "GOCSPX-…"}})',
    references: [CWE_798, 'https://developers.google.com/identity/protocols/oauth2'],
  },
  {
    id: 'AIS431', slug: 'digitalocean', name: 'digitalocean-token', provider: 'DigitalOcean', secretKind: 'token', ai: false, tier: 1,
    patterns: [
      prefixed('dop_v1_', `[${HEX}]{64}`, { label: 'personal access token' }),
      prefixed('doo_v1_', `[${HEX}]{64}`, { label: 'OAuth token' }),
      prefixed('dor_v1_', `[${HEX}]{64}`, { label: 'OAuth refresh token' }),
    ],
    envVar: 'DIGITALOCEAN_TOKEN', severity: 'error',
    format: '`dop_v1_`, `doo_v1_` or `dor_v1_` followed by 64 lower-case hex digits',
    exampleCall: 'manager = digitalocean.Manager(token="dop_v1_…")',
    references: [CWE_798, 'https://docs.digitalocean.com/reference/api/create-personal-access-token/'],
  },
  {
    id: 'AIS432', slug: 'heroku', name: 'heroku-api-key', provider: 'Heroku', secretKind: 'API key', ai: false, tier: 1,
    patterns: [{ anchor: 'HRKU-', regex: sticky(`HRKU-(?:AA[${B64URL}]{58}|${UUID})${END}`), prefixLength: 5 }],
    // Legacy keys are bare UUIDs, told from any other UUID only by a Heroku key name or the API host of a `.netrc`
    // entry; `her` opens `here` and `other`, so the names are written from `roku_` on.
    context: { keywords: ['roku_api_key', 'roku_api_token', 'roku_oauth_token', 'api.heroku.com'], body: new RegExp(UUID, 'g'), window: 80 },
    envVar: 'HEROKU_API_KEY', severity: 'error',
    format: '`HRKU-AA` and 58 base64url characters (since April 2025) or `HRKU-` and a UUID; a bare UUID (a legacy key) only next to `HEROKU_API_KEY` or in a `.netrc` entry for `api.heroku.com`',
    exampleCall: 'conn = heroku3.from_key("HRKU-…")',
    references: [CWE_798, 'https://devcenter.heroku.com/changelog-items/3175'],
  },
  {
    id: 'AIS433', slug: 'cloudflare', name: 'cloudflare-api-token', provider: 'Cloudflare', secretKind: 'API token', ai: false, tier: 1,
    patterns: [{ anchor: 'v1.0-', regex: sticky(`v1\\.0-[${HEX}]{24}-[${HEX}]{146}${END}`), prefixLength: 5, label: 'Origin CA key' }],
    context: { keywords: ['cloudflare', 'cf_api_token', 'cf_api_key', 'x-auth-key'], body: /(?<![A-Za-z0-9_-])(?:[A-Za-z0-9_-]{40}|[0-9a-f]{37})/g, window: 200 },
    envVar: 'CLOUDFLARE_API_TOKEN', severity: 'error',
    format: '`v1.0-`, 24 hex digits, `-` and 146 hex digits (Origin CA key); 40 base64url characters (API token) or 37 hex digits (global API key) next to `cloudflare`, `CF_API_TOKEN` or `X-Auth-Key`',
    exampleCall: 'cf = Cloudflare(api_token="…")',
    references: [CWE_798, 'https://developers.cloudflare.com/fundamentals/api/get-started/create-token/'],
  },
  {
    id: 'AIS434', slug: 'vault', name: 'hashicorp-vault-token', provider: 'HashiCorp Vault', secretKind: 'token', ai: false, tier: 1,
    patterns: [
      prefixed('hvs.', `[${B64URL}]{24,250}`, { label: 'service token' }),
      prefixed('hvb.', `[${B64URL}]{24,300}`, { label: 'batch token' }),
      prefixed('hvr.', `[${B64URL}]{24,250}`, { label: 'recovery token' }),
    ],
    context: { keywords: ['vault_token', 'x-vault-token'], body: /(?<![A-Za-z0-9_.-])[sb]\.[A-Za-z0-9]{24}/g, window: 200 },
    envVar: 'VAULT_TOKEN', severity: 'error',
    format: '`hvs.`, `hvb.` or `hvr.` followed by at least 24 base62 characters (Vault 1.10 and later; server-side tokens run to about 100), or a legacy `s.`/`b.` token next to `VAULT_TOKEN` or `X-Vault-Token`',
    exampleCall: 'client = hvac.Client(url=vault_addr, token="hvs.…")',
    references: [CWE_798, 'https://developer.hashicorp.com/vault/docs/concepts/tokens'],
  },
  {
    id: 'AIS435', slug: 'terraform-cloud', name: 'terraform-cloud-token', provider: 'HCP Terraform', secretKind: 'API token', ai: false, tier: 1,
    patterns: [{ anchor: '.atlasv1.', lead: 14, regex: sticky(`[${ALNUM}]{14}\\.atlasv1\\.[${B64URL}]{60,70}${END}`), prefixLength: 23 }],
    envVar: 'TFE_TOKEN', severity: 'error',
    format: '14 alphanumerics, the marker `.atlasv1.` and 60 to 70 base64url characters',
    exampleCall: 'headers = {"Authorization": "Bearer ….atlasv1.…"}',
    references: [CWE_798, 'https://developer.hashicorp.com/terraform/cloud-docs/users-teams-organizations/api-tokens'],
  },
  {
    id: 'AIS436', slug: 'doppler', name: 'doppler-token', provider: 'Doppler', secretKind: 'token', ai: false, tier: 1,
    patterns: [{ anchor: 'dp.', regex: sticky(`dp\\.(?:ct|pt|st|sa|said|scim|audit)\\.(?:[a-z0-9_-]{1,40}\\.)?[${ALNUM}]{40,44}${END}`), prefixLength: 6 }],
    envVar: 'DOPPLER_TOKEN', severity: 'error',
    format: '`dp.` and a kind (`ct`, `pt`, `st`, `sa`, `said`, `scim`, `audit`), `.`, an optional config slug and 40 to 44 alphanumerics, as Doppler publishes for secret scanning',
    exampleCall: 'os.environ["DOPPLER_TOKEN"] = "dp.st.…"',
    references: [CWE_798, 'https://docs.doppler.com/docs/auth-token-formats'],
  },
  {
    id: 'AIS437', slug: 'onepassword', name: 'onepassword-secret', provider: '1Password', secretKind: 'service-account token or Secret Key', ai: false, tier: 1,
    patterns: [
      { anchor: 'ops_eyJ', regex: sticky(`ops_eyJ[A-Za-z0-9+/=_-]{250,4000}${B64_END}`), prefixLength: 4, label: 'service-account token' },
      { anchor: 'A3-', regex: sticky(`A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}${END}`), prefixLength: 3, label: 'account Secret Key' },
    ],
    envVar: 'OP_SERVICE_ACCOUNT_TOKEN', severity: 'error',
    format: '`ops_` and the base64 of a JSON object (`ops_eyJ…`, 250 characters or more), or an `A3-` account Secret Key in upper-case groups',
    exampleCall: 'client = await Client.authenticate(auth="ops_…", integration_name="app", integration_version="1")',
    // The Secret Key inside the sample service-account token of 1Password's security documentation.
    documentedExamples: ['A3-C4ZJMN-PQTZTL-HGL84-G64M7-KVZRN-4ZVP6'],
    references: [CWE_798, 'https://developer.1password.com/docs/service-accounts/'],
  },
  {
    id: 'AIS438', slug: 'age', name: 'age-secret-key', provider: 'age', secretKind: 'identity (secret key)', ai: false, tier: 1,
    patterns: [prefixed('AGE-SECRET-KEY-1', '[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}')],
    envVar: 'SOPS_AGE_KEY', severity: 'error',
    format: '`AGE-SECRET-KEY-1` followed by 58 upper-case bech32 characters (`age1…` recipients are public)',
    exampleCall: 'AGE_IDENTITY = "AGE-SECRET-KEY-1…"',
    references: [CWE_798, 'https://age-encryption.org/v1'],
  },
  {
    id: 'AIS439', slug: 'teams-webhook', name: 'microsoft-teams-webhook', provider: 'Microsoft Teams', secretKind: 'incoming webhook URL', ai: false, tier: 1,
    patterns: [
      urlPattern('webhook.office.com/webhookb2/', 'b2/', `${UUID}@${UUID}/IncomingWebhook/[${HEX}]{32}/${UUID}(?:/V2[${B64URL}]{20,80})?(?![${B64URL}/])`, 'Office 365 connector webhook'),
      // The connectors' first host, before `webhook.office.com`; found from `k.office.com/webhook/`, since `ou` opens countless words.
      urlPattern('outlook.office.com/webhook/', 'k.office.com/webhook/', `${UUID}@${UUID}/IncomingWebhook/[${HEX}]{32}/${UUID}(?![${B64URL}/])`, 'Office 365 connector webhook (legacy host)'),
      ...['logic.azure.com/workflows/', 'logic.azure.com:443/workflows/', 'powerplatform.com/powerautomate/automations/direct/workflows/', 'powerplatform.com:443/powerautomate/automations/direct/workflows/'].map((fixed) => urlPattern(
        fixed, 'kflows/', `[${HEX}]{32}/triggers/manual/paths/invoke\\?[A-Za-z0-9=&%._-]{0,200}sig=[A-Za-z0-9%_-]{20,100}`, 'Workflows webhook')),
    ],
    envVar: 'TEAMS_WEBHOOK_URL', severity: 'error',
    format: 'an Office 365 connector URL on `webhook.office.com/webhookb2/…/IncomingWebhook/…` (or the older `outlook.office.com/webhook/…`), or a Workflows (Power Automate) trigger URL carrying its `sig=` signature; a URL without `sig=` is harmless',
    exampleCall: 'requests.post("https://….webhook.office.com/webhookb2/…", json=card)',
    useInstead: 'requests.post(os.environ["TEAMS_WEBHOOK_URL"], json=card)',
    references: [CWE_798, 'https://learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/add-incoming-webhook'],
  },
  {
    id: 'AIS455', slug: 'tailscale', name: 'tailscale-key', provider: 'Tailscale', secretKind: 'key', ai: false, tier: 1,
    patterns: [{ anchor: 'skey-', lead: 1, regex: sticky(`tskey-(?:api|auth|client|webhook|scim)-[${ALNUM}]{6,20}-[${ALNUM}]{20,40}${END}`), prefixLength: 6 }],
    envVar: 'TS_AUTHKEY', severity: 'error',
    format: '`tskey-`, a kind (`api`, `auth`, `client`, `webhook`, `scim`), an id and a secret of alphanumerics joined by `-`',
    exampleCall: 'os.environ["TS_AUTHKEY"] = "tskey-auth-…"',
    references: [CWE_798, 'https://tailscale.com/kb/1085/auth-keys'],
  },
  {
    id: 'AIS456', slug: 'flyio', name: 'flyio-token', provider: 'Fly.io', secretKind: 'access token', ai: false, tier: 1,
    patterns: [
      prefixed('fo1_', `[${B64URL}]{43}`, {}, 1),
      { anchor: 'fm2_', regex: sticky(`fm2_[A-Za-z0-9+/=_-]{100,3000}${B64_END}`), prefixLength: 4, label: 'macaroon token' },
      { anchor: 'fm1r_', regex: sticky(`fm1r_[A-Za-z0-9+/=_-]{100,3000}${B64_END}`), prefixLength: 5, label: 'macaroon token' },
      { anchor: 'fm1a_', regex: sticky(`fm1a_[A-Za-z0-9+/=_-]{100,3000}${B64_END}`), prefixLength: 5, label: 'macaroon token' },
    ],
    envVar: 'FLY_API_TOKEN', severity: 'error',
    format: '`fo1_` followed by 43 base64url characters, or a `fm2_`/`fm1r_`/`fm1a_` macaroon of 100 characters or more',
    exampleCall: 'headers = {"Authorization": "Bearer fo1_…"}',
    references: [CWE_798, 'https://fly.io/docs/security/tokens/'],
  },
  {
    id: 'AIS457', slug: 'openshift', name: 'openshift-user-token', provider: 'OpenShift', secretKind: 'user token', ai: false, tier: 1,
    patterns: [prefixed('sha256~', `[${B64URL}]{43}`)],
    envVar: 'OPENSHIFT_TOKEN', severity: 'error',
    format: '`sha256~` followed by 43 base64url characters',
    exampleCall: 'oc login --token=sha256~… --server=https://api.cluster:6443',
    references: [CWE_798, 'https://docs.openshift.com/container-platform/latest/authentication/understanding-authentication.html'],
  },
  {
    id: 'AIS458', slug: 'planetscale', name: 'planetscale-token', provider: 'PlanetScale', secretKind: 'token or password', ai: false, tier: 1,
    patterns: [
      prefixed('pscale_tkn_', `[${B64URL}.]{32,64}`, { label: 'service token' }),
      prefixed('pscale_pw_', `[${B64URL}.]{32,64}`, { label: 'database password' }),
      prefixed('pscale_oauth_', `[${B64URL}.]{32,64}`, { label: 'OAuth token' }),
    ],
    envVar: 'PLANETSCALE_SERVICE_TOKEN', severity: 'error',
    format: '`pscale_tkn_`, `pscale_pw_` or `pscale_oauth_` followed by 32 to 64 base64url characters',
    exampleCall: 'conn = MySQLdb.connect(host=host, user=user, passwd="pscale_pw_…")',
    references: [CWE_798, 'https://planetscale.com/docs/concepts/service-tokens'],
  },
  {
    id: 'AIS459', slug: 'supabase', name: 'supabase-access-token', provider: 'Supabase', secretKind: 'management access token', ai: false, tier: 1,
    patterns: [prefixed('sbp_', '[a-z0-9]{40}')],
    envVar: 'SUPABASE_ACCESS_TOKEN', severity: 'error',
    format: '`sbp_` followed by 40 lower-case alphanumerics (the `anon` project key is public by design)',
    exampleCall: 'os.environ["SUPABASE_ACCESS_TOKEN"] = "sbp_…"',
    references: [CWE_798, 'https://supabase.com/docs/reference/api/introduction'],
  },
  {
    id: 'AIS460', slug: 'netlify', name: 'netlify-token', provider: 'Netlify', secretKind: 'personal access token', ai: false, tier: 1,
    patterns: [prefixed('nfp_', `[${ALNUM}]{36,40}`)],
    envVar: 'NETLIFY_AUTH_TOKEN', severity: 'error',
    format: '`nfp_` followed by 36 to 40 alphanumerics',
    exampleCall: 'headers = {"Authorization": "Bearer nfp_…"}',
    references: [CWE_798, 'https://docs.netlify.com/api/get-started/#authentication'],
  },
  {
    id: 'AIS461', slug: 'alibaba', name: 'alibaba-cloud-access-key', provider: 'Alibaba Cloud', secretKind: 'AccessKey', ai: false, tier: 1,
    patterns: [{ anchor: 'LTAI', regex: sticky(`LTAI[${ALNUM}]{17,21}${END}`), prefixLength: 4, label: 'AccessKey id', severity: WARNING }],
    context: { keywords: ['access_key_secret', 'accesskeysecret'], body: /(?<![A-Za-z0-9])[A-Za-z0-9]{30}/g, window: 400 },
    envVar: 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', severity: 'error',
    format: '`LTAI` followed by 17 to 21 alphanumerics (AccessKey id, a warning alone); the 30-alphanumeric secret next to `AccessKeySecret`',
    exampleCall: 'client = AcsClient("LTAI…", "…", "cn-hangzhou")',
    references: [CWE_798, 'https://www.alibabacloud.com/help/en/ram/user-guide/create-an-accesskey-pair'],
  },
  {
    id: 'AIS462', slug: 'azure-storage', name: 'azure-storage-account-key', provider: 'Azure Storage', secretKind: 'account key', ai: false, tier: 2, patterns: [],
    context: {
      keywords: ['accountkey', 'azure_storage_key', 'core.windows.net', 'sharedaccesskey'],
      body: /(?<![A-Za-z0-9+/])(?:[A-Za-z0-9+/]{86}==|[A-Za-z0-9+/]{43}=)/g, window: 300,
    },
    // The Azurite and Cosmos emulator keys are published for local development.
    documentedExamples: [
      'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
      'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==',
    ],
    envVar: 'AZURE_STORAGE_KEY', severity: 'error',
    format: '88 base64 characters ending in `==` (storage and Cosmos DB account keys) or 44 ending in `=` (Service Bus, Event Hubs shared access keys), next to `AccountKey=`, `SharedAccessKey=` or a `core.windows.net` endpoint; the published emulator keys are ignored',
    exampleCall: 'client = BlobServiceClient(account_url, credential="…")  # AccountKey',
    useInstead: 'client = BlobServiceClient(account_url, credential=DefaultAzureCredential())',
    references: [CWE_798, 'https://learn.microsoft.com/purview/sit-defn-azure-storage-account-key-generic'],
  },
  {
    id: 'AIS463', slug: 'ibm-cloud', name: 'ibm-cloud-api-key', provider: 'IBM Cloud', secretKind: 'API key', ai: false, tier: 2, patterns: [],
    // Cloudant's IAM credentials are IBM Cloud IAM keys: `CLOUDANT_APIKEY`, or `apikey` in a service binding that names the
    // `*.cloudantnosqldb.appdomain.cloud` host (`clo` opens `close` and `clone`, so both are written from `udant` on, whose first letters the Cloudant URL rule already looks for).
    context: { keywords: ['ibm_cloud_api_key', 'ibmcloud', 'softlayer', 'sl_api_key', 'udant_apikey', 'udant_api_key', 'udant_iam_apikey', 'udantnosqldb'], body: /(?<![A-Za-z0-9_-])(?:[A-Za-z0-9_-]{44}|[0-9a-f]{64})/g, window: 200,
      // A UUID with a suffix is an account name (Cloudant's `<uuid>-bluemix` user), 44 characters long like a key.
      reject: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-/ },
    envVar: 'IBMCLOUD_API_KEY', severity: 'error',
    format: '44 base64url characters (IAM API key) or 64 hex digits (SoftLayer classic key), next to `IBMCLOUD_API_KEY`, `IBM_CLOUD_API_KEY` or `softlayer`; Cloudant\'s IAM API keys are the same keys, found next to `CLOUDANT_APIKEY` or a `*.cloudantnosqldb.appdomain.cloud` host',
    exampleCall: 'authenticator = IAMAuthenticator("…")  # ibmcloud',
    references: [CWE_798, 'https://cloud.ibm.com/docs/account?topic=account-userapikey'],
  },
  {
    id: 'AIS464', slug: 'okta', name: 'okta-api-token', provider: 'Okta', secretKind: 'API token', ai: false, tier: 2, patterns: [],
    context: { keywords: ['okta'], body: /(?<![A-Za-z0-9_-])00[A-Za-z0-9_-]{40}/g, window: 200 },
    envVar: 'OKTA_API_TOKEN', severity: 'error',
    format: '`00` followed by 40 base64url characters, next to `okta` (an `OKTA_API_TOKEN` or an `*.okta.com` org)',
    exampleCall: 'headers = {"Authorization": "SSWS …"}  # okta',
    references: [CWE_798, 'https://developer.okta.com/docs/guides/create-an-api-token/'],
  },
  {
    id: 'AIS465', slug: 'auth0', name: 'auth0-client-secret', provider: 'Auth0', secretKind: 'client secret', ai: false, tier: 2, patterns: [],
    context: { keywords: ['auth0'], body: /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{64}/g, window: 200 },
    envVar: 'AUTH0_CLIENT_SECRET', severity: 'error',
    format: '64 base64url characters next to `auth0` (an `AUTH0_CLIENT_SECRET` or a `*.auth0.com` domain)',
    exampleCall: 'auth0 = GetToken(domain, client_id, client_secret="…")',
    references: [CWE_798, 'https://auth0.com/docs/get-started/applications/application-credentials'],
  },
  {
    id: 'AIS466', slug: 'atlassian', name: 'atlassian-api-token', provider: 'Atlassian', secretKind: 'API token', ai: false, tier: 1,
    patterns: [{ anchor: 'ATATT3xFfGF0', regex: sticky(`ATATT3xFfGF0[${B64URL}]{20,300}=[0-9A-F]{8}${END}`), prefixLength: 12 }],
    envVar: 'JIRA_API_TOKEN', severity: 'error',
    format: '`ATATT3xFfGF0`, base64url characters, `=` and 8 upper-case hex digits (older 24-character tokens have no format of their own and fall to the generic rule)',
    exampleCall: 'jira = JIRA(server, basic_auth=(email, "ATATT3xFfGF0…"))',
    references: [CWE_798, 'https://support.atlassian.com/atlassian-account/docs/manage-api-tokens-for-your-atlassian-account/'],
  },
  {
    id: 'AIS467', slug: 'bitbucket', name: 'bitbucket-app-password', provider: 'Bitbucket', secretKind: 'app password', ai: false, tier: 1,
    patterns: [prefixed('ATBB', `[${ALNUM}]{32,40}`)],
    envVar: 'BITBUCKET_APP_PASSWORD', severity: 'error',
    format: '`ATBB` followed by 32 to 40 alphanumerics',
    exampleCall: 'bitbucket = Bitbucket(url, username=user, password="ATBB…")',
    references: [CWE_798, 'https://support.atlassian.com/bitbucket-cloud/docs/app-passwords/'],
  },
  {
    id: 'AIS468', slug: 'azure-devops', name: 'azure-devops-pat', provider: 'Azure DevOps', secretKind: 'personal access token', ai: false, tier: 1,
    patterns: [{ anchor: 'AZDO', lead: 76, regex: sticky(`[${ALNUM}]{76}AZDO[${ALNUM}]{4}${END}`), prefixLength: 0 }],
    context: { keywords: ['dev.azure.com', 'azure_devops_pat'], body: /(?<![A-Za-z0-9])[a-z2-7]{52}/g, window: 200 },
    envVar: 'AZURE_DEVOPS_PAT', severity: 'error',
    format: '84 alphanumerics with the marker `AZDO` at characters 77 to 80; a legacy 52-character lower-case base32 token next to `dev.azure.com` or `AZURE_DEVOPS_PAT`',
    exampleCall: 'credentials = BasicAuthentication("", "…AZDO…")',
    references: [CWE_798, 'https://learn.microsoft.com/purview/sit-defn-azure-devops-personal-access-token'],
  },
  {
    id: 'AIS469', slug: 'circleci', name: 'circleci-token', provider: 'CircleCI', secretKind: 'API token', ai: false, tier: 1,
    patterns: [{ anchor: 'CCIP', regex: sticky(`CCIP(?:AT|RJ)_[1-9A-HJ-NP-Za-km-z]{18,24}_[${HEX}]{40}${END}`), prefixLength: 7 }],
    context: { keywords: ['circle_token', 'circle-token'], body: /(?<![A-Za-z0-9])[0-9a-f]{40}/g, window: 200 },
    envVar: 'CIRCLE_TOKEN', severity: 'error',
    format: '`CCIPAT_` or `CCIPRJ_`, a base58 id, `_` and 40 hex digits; a legacy 40-hex token next to `CIRCLE_TOKEN` or `Circle-Token`',
    exampleCall: 'headers = {"Circle-Token": "CCIPAT_…"}',
    references: [CWE_798, 'https://circleci.com/changelog/new-format-for-api-access-tokens/'],
  },
  {
    id: 'AIS470', slug: 'buildkite', name: 'buildkite-token', provider: 'Buildkite', secretKind: 'API token', ai: false, tier: 1,
    patterns: [prefixed('bkua_', '[a-z0-9]{40}')],
    envVar: 'BUILDKITE_API_TOKEN', severity: 'error',
    format: '`bkua_` followed by 40 lower-case alphanumerics',
    exampleCall: 'headers = {"Authorization": "Bearer bkua_…"}',
    references: [CWE_798, 'https://buildkite.com/docs/apis/managing-api-tokens'],
  },
  {
    id: 'AIS471', slug: 'sonarqube', name: 'sonarqube-token', provider: 'SonarQube', secretKind: 'token', ai: false, tier: 1,
    patterns: ['squ_', 'sqp_', 'sqa_'].map((anchor) => prefixed(anchor, `[${HEX}]{40}`)),
    context: { keywords: ['sonar_token', 'sonar.login'], body: /(?<![A-Za-z0-9])[0-9a-f]{40}/g, window: 200 },
    envVar: 'SONAR_TOKEN', severity: 'error',
    format: '`squ_` (user), `sqp_` (project) or `sqa_` (global analysis) followed by 40 hex digits; a legacy 40-hex token next to `SONAR_TOKEN` or `sonar.login`',
    exampleCall: 'sonar = SonarQubeClient(sonarqube_url=url, token="squ_…")',
    references: [CWE_798, 'https://docs.sonarsource.com/sonarqube-server/latest/user-guide/managing-tokens/'],
  },
  {
    id: 'AIS472', slug: 'postman', name: 'postman-api-key', provider: 'Postman', secretKind: 'API key', ai: false, tier: 1,
    patterns: [prefixed('PMAK-', `[${HEX}]{24}-[${HEX}]{34}`)],
    envVar: 'POSTMAN_API_KEY', severity: 'error',
    format: '`PMAK-`, 24 hex digits, `-` and 34 hex digits',
    exampleCall: 'headers = {"X-Api-Key": "PMAK-…"}',
    references: [CWE_798, 'https://learning.postman.com/docs/developer/postman-api/authentication/'],
  },
  {
    id: 'AIS473', slug: 'linear', name: 'linear-api-key', provider: 'Linear', secretKind: 'API key', ai: false, tier: 1,
    patterns: [prefixed('lin_api_', `[${ALNUM}]{40}`)],
    envVar: 'LINEAR_API_KEY', severity: 'error',
    format: '`lin_api_` followed by 40 alphanumerics',
    exampleCall: 'headers = {"Authorization": "lin_api_…"}',
    references: [CWE_798, 'https://linear.app/developers/graphql#personal-api-keys'],
  },
  {
    id: 'AIS474', slug: 'notion', name: 'notion-token', provider: 'Notion', secretKind: 'integration token', ai: false, tier: 1,
    patterns: [prefixed('ntn_', `[0-9]{11}[${ALNUM}]{35}`, {}, 1)],
    envVar: 'NOTION_TOKEN', severity: 'error',
    format: '`ntn_`, 11 digits and 35 alphanumerics (legacy `secret_` tokens fall to the generic rule)',
    exampleCall: 'notion = Client(auth="ntn_…")',
    references: [CWE_798, 'https://developers.notion.com/docs/authorization'],
  },
  {
    id: 'AIS475', slug: 'figma', name: 'figma-token', provider: 'Figma', secretKind: 'access token', ai: false, tier: 1,
    patterns: [prefixed('figd_', `[${B64URL}]{38,44}`, {}, 1)],
    envVar: 'FIGMA_TOKEN', severity: 'error',
    format: '`figd_` followed by about 40 base64url characters',
    exampleCall: 'headers = {"X-Figma-Token": "figd_…"}',
    references: [CWE_798, 'https://www.figma.com/developers/api#access-tokens'],
  },
  {
    id: 'AIS476', slug: 'mapbox', name: 'mapbox-secret-token', provider: 'Mapbox', secretKind: 'secret token', ai: false, tier: 1,
    patterns: [
      prefixed('sk.eyJ', `[${B64URL}]{10,400}\\.[${B64URL}]{20,40}`),
      prefixed('tk.eyJ', `[${B64URL}]{10,400}\\.[${B64URL}]{20,40}`, { label: 'temporary token (expires within an hour)', severity: WARNING }),
    ],
    envVar: 'MAPBOX_SECRET_TOKEN', severity: 'error',
    format: '`sk.` followed by a base64url JSON segment and a base64url signature joined by `.`, or a `tk.` temporary token of the same shape (a warning: it expires within an hour; `pk.` public tokens are public by design and not reported)',
    exampleCall: 'service = Uploader(access_token="sk.eyJ…")',
    references: [CWE_798, 'https://docs.mapbox.com/api/accounts/tokens/'],
  },
  {
    id: 'AIS477', slug: 'airtable', name: 'airtable-token', provider: 'Airtable', secretKind: 'personal access token', ai: false, tier: 1,
    patterns: [prefixed('pat', `[${ALNUM}]{14}\\.[${HEX}]{64}`)],
    envVar: 'AIRTABLE_API_KEY', severity: 'error',
    format: '`pat`, 14 alphanumerics, `.` and 64 hex digits',
    exampleCall: 'api = Api("pat…")',
    references: [CWE_798, 'https://airtable.com/developers/web/guides/personal-access-tokens'],
  },
  {
    id: 'AIS478', slug: 'contentful', name: 'contentful-token', provider: 'Contentful', secretKind: 'personal access token', ai: false, tier: 1,
    patterns: [prefixed('CFPAT-', `[${B64URL}]{43}`)],
    envVar: 'CONTENTFUL_MANAGEMENT_TOKEN', severity: 'error',
    format: '`CFPAT-` followed by 43 base64url characters (delivery tokens are read-only CDN keys and not reported)',
    exampleCall: 'client = contentful_management.Client("CFPAT-…")',
    references: [CWE_798, 'https://www.contentful.com/developers/docs/references/authentication/'],
  },
  {
    id: 'AIS479', slug: 'rubygems', name: 'rubygems-api-key', provider: 'RubyGems', secretKind: 'API key', ai: false, tier: 1,
    patterns: [prefixed('rubygems_', `[${HEX}]{48}`)],
    envVar: 'GEM_HOST_API_KEY', severity: 'error',
    format: '`rubygems_` followed by 48 hex digits',
    exampleCall: ':rubygems_api_key: rubygems_…',
    useInstead: 'GEM_HOST_API_KEY is read from the environment by `gem push`; keep ~/.gem/credentials out of the repository.',
    references: [CWE_798, 'https://guides.rubygems.org/api-key-scopes/'],
  },
  {
    id: 'AIS482', slug: 'nuget', name: 'nuget-api-key', provider: 'NuGet', secretKind: 'API key', ai: false, tier: 1,
    patterns: [prefixed('oy2', '[a-z2-7]{43}')],
    envVar: 'NUGET_API_KEY', severity: 'error',
    format: '`oy2` followed by 43 lower-case base32 characters (46 in total)',
    exampleCall: 'dotnet nuget push pkg.nupkg -k oy2… -s https://api.nuget.org/v3/index.json',
    useInstead: 'dotnet nuget push pkg.nupkg -k "$NUGET_API_KEY" -s https://api.nuget.org/v3/index.json',
    references: [CWE_798, 'https://learn.microsoft.com/nuget/nuget-org/scoped-api-keys'],
  },
  {
    id: 'AIS483', slug: 'crates-io', name: 'crates-io-token', provider: 'crates.io', secretKind: 'API token', ai: false, tier: 1,
    patterns: [prefixed('cio', `[${ALNUM}]{32}`)],
    envVar: 'CARGO_REGISTRY_TOKEN', severity: 'error',
    format: '`cio` followed by 32 alphanumerics',
    exampleCall: 'cargo publish --token cio…',
    useInstead: 'CARGO_REGISTRY_TOKEN is read from the environment by `cargo publish`.',
    references: [CWE_798, 'https://doc.rust-lang.org/cargo/reference/publishing.html'],
  },
  {
    id: 'AIS484', slug: 'dockerhub', name: 'docker-hub-token', provider: 'Docker Hub', secretKind: 'access token', ai: false, tier: 1,
    patterns: [
      prefixed('dckr_pat_', `[${B64URL}]{27}`, { label: 'personal access token' }),
      prefixed('dckr_oat_', `[${B64URL}]{32}`, { label: 'organisation access token' }),
    ],
    envVar: 'DOCKERHUB_TOKEN', severity: 'error',
    format: '`dckr_pat_` followed by 27 base64url characters, or `dckr_oat_` followed by 32',
    exampleCall: 'docker login -u ci -p dckr_pat_…',
    useInstead: 'echo "$DOCKERHUB_TOKEN" | docker login -u ci --password-stdin',
    references: [CWE_798, 'https://docs.docker.com/security/for-developers/access-tokens/'],
  },
  {
    id: 'AIS485', slug: 'jfrog', name: 'jfrog-token', provider: 'JFrog Artifactory', secretKind: 'API key or reference token', ai: false, tier: 1,
    patterns: [
      prefixed('AKCp', `[${ALNUM}]{69}`, { label: 'API key' }),
      prefixed('cmVmdGtu', `[${ALNUM}]{50,60}`, { label: 'reference token' }),
    ],
    envVar: 'ARTIFACTORY_API_KEY', severity: 'error',
    format: '`AKCp` followed by 69 alphanumerics (API key), or a reference token starting with `cmVmdGtu` (the base64 of `reftkn`)',
    exampleCall: 'headers = {"X-JFrog-Art-Api": "AKCp…"}',
    references: [CWE_798, 'https://jfrog.com/help/r/jfrog-platform-administration-documentation/access-tokens'],
  },
  {
    id: 'AIS486', slug: 'newrelic', name: 'new-relic-key', provider: 'New Relic', secretKind: 'API key', ai: false, tier: 1,
    patterns: [
      prefixed('NRAK-', '[A-Z0-9]{27}', { label: 'user API key' }),
      prefixed('NRII-', `[${B64URL}]{32}`, { label: 'Insights insert key' }),
      prefixed('NRIQ-', `[${B64URL}]{32}`, { label: 'Insights query key' }),
      prefixed('NRAA-', `[${HEX}]{27}`, { label: 'admin key' }),
      prefixed('NRRA-', `[${HEX}]{42}`, { label: 'REST API key' }),
      { anchor: 'NRAL', lead: 36, regex: sticky(`[0-9A-Fa-f]{36}NRAL${END}`), prefixLength: 0, label: 'licence key' },
    ],
    envVar: 'NEW_RELIC_API_KEY', severity: 'error',
    format: '`NRAK-` and 27 upper-case alphanumerics (user key), `NRII-`/`NRIQ-`/`NRAA-`/`NRRA-` keys, or a 40-character licence key ending in `NRAL` (`NRJS-` browser keys are public by design)',
    exampleCall: 'headers = {"API-Key": "NRAK-…"}',
    references: [CWE_798, 'https://docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/'],
  },
  {
    id: 'AIS487', slug: 'grafana', name: 'grafana-token', provider: 'Grafana', secretKind: 'token', ai: false, tier: 1,
    patterns: [
      prefixed('glsa_', `[${ALNUM}]{32}_[${HEX}]{8}`, { label: 'service-account token' }),
      { anchor: 'glc_', regex: sticky(`glc_[A-Za-z0-9+/=_-]{32,400}${B64_END}`), prefixLength: 4, label: 'Grafana Cloud access-policy token' },
      { anchor: 'eyJrIjoi', regex: sticky(`eyJrIjoi[A-Za-z0-9+/=]{40,200}${B64_END}`), prefixLength: 8, label: 'legacy API key' },
    ],
    envVar: 'GRAFANA_TOKEN', severity: 'error',
    format: '`glsa_`, 32 alphanumerics, `_` and 8 hex digits (service account); `glc_` and a base64 JSON (Grafana Cloud); a legacy API key starting `eyJrIjoi`',
    exampleCall: 'api = GrafanaApi.from_url(url, credential="glsa_…")',
    references: [CWE_798, 'https://grafana.com/docs/grafana/latest/administration/service-accounts/'],
  },
  {
    id: 'AIS488', slug: 'sentry', name: 'sentry-token', provider: 'Sentry', secretKind: 'auth token', ai: false, tier: 1,
    patterns: [
      { anchor: 'sntrys_eyJ', regex: sticky(`sntrys_eyJ[A-Za-z0-9+/=]{50,600}_[A-Za-z0-9+/]{43}${B64_END}`), prefixLength: 7, label: 'organisation token' },
      prefixed('sntryu_', `[${HEX}]{64}`, { label: 'user token' }),
      // A legacy DSN's secret key (`https://<public>:<secret>@…sentry.io/…`) is read by the URL reader in `scanner.ts` from the host.
    ],
    envVar: 'SENTRY_AUTH_TOKEN', severity: 'error',
    format: '`sntrys_` with a base64 JSON, `_` and 43 base64 characters (organisation token), or `sntryu_` and 64 hex digits (user token); a DSN is a client-side ingestion address and not reported, unless it is a legacy DSN with a secret key (`https://<32 hex>:<32 hex>@…sentry.io/<project>`), whose second part is reported',
    exampleCall: 'headers = {"Authorization": "Bearer sntrys_…"}',
    references: [CWE_798, 'https://docs.sentry.io/account/auth-tokens/'],
  },
  {
    id: 'AIS489', slug: 'dynatrace', name: 'dynatrace-token', provider: 'Dynatrace', secretKind: 'access token', ai: false, tier: 1,
    patterns: [{ anchor: 'dt0', regex: sticky(`dt0[a-z][0-9]{2}\\.[A-Z0-9]{24}\\.[A-Z0-9]{64}${END}`), prefixLength: 32 }],
    envVar: 'DT_API_TOKEN', severity: 'error',
    format: '`dt0`, a letter and two digits, `.`, a 24-character public identifier, `.` and a 64-character upper-case secret (the identifier alone is safe to log)',
    exampleCall: 'headers = {"Authorization": "Api-Token dt0c01.…"}',
    references: [CWE_798, 'https://docs.dynatrace.com/docs/manage/identity-access-management/access-tokens-and-oauth-clients/access-tokens'],
  },
  {
    id: 'AIS490', slug: 'shopify', name: 'shopify-token', provider: 'Shopify', secretKind: 'access token or app secret', ai: false, tier: 1,
    patterns: [
      ...['shpat_', 'shpca_', 'shppa_'].map((anchor) => prefixed(anchor, '[a-fA-F0-9]{32}', { label: 'access token' })),
      prefixed('shpss_', '[a-fA-F0-9]{32}', { label: 'app shared secret' }),
    ],
    envVar: 'SHOPIFY_ACCESS_TOKEN', severity: 'error',
    format: '`shpat_`, `shpca_` or `shppa_` (access tokens) or `shpss_` (app secret) followed by 32 hex digits',
    exampleCall: 'session = shopify.Session(shop_url, api_version, "shpat_…")',
    references: [CWE_798, 'https://shopify.dev/changelog/length-of-the-shopify-access-token-is-increasing'],
  },
  {
    id: 'AIS491', slug: 'square', name: 'square-token', provider: 'Square', secretKind: 'access token or application secret', ai: false, tier: 1,
    patterns: [
      prefixed('sq0atp-', `[${B64URL}]{22}`, { label: 'legacy access token' }),
      prefixed('sq0csp-', `[${B64URL}]{43}`, { label: 'application secret' }),
      prefixed('EAAA', `[${B64URL}]{60}`, { label: 'access token', requires: ['square'] }),
    ],
    envVar: 'SQUARE_ACCESS_TOKEN', severity: 'error',
    format: '`sq0atp-` and 22 or `sq0csp-` and 43 base64url characters; an `EAAA` access token of 64 characters next to `square` (the `sq0idp-` application id is public)',
    exampleCall: 'client = Client(access_token="sq0atp-…", environment="production")',
    references: [CWE_798, 'https://developer.squareup.com/docs/build-basics/access-tokens'],
  },
  {
    id: 'AIS492', slug: 'jenkins', name: 'jenkins-api-token', provider: 'Jenkins', secretKind: 'API token', ai: false, tier: 2, patterns: [],
    context: { keywords: ['jenkins'], body: /(?<![A-Za-z0-9])(?:11[0-9a-f]{32}|[0-9a-f]{32})/g, window: 200 },
    envVar: 'JENKINS_API_TOKEN', severity: 'error',
    format: '32 or 34 hex digits (API tokens since Jenkins 2.129 start with `11`) next to `jenkins`',
    exampleCall: 'server = jenkins.Jenkins(url, username="ci", password="…")',
    references: [CWE_798, 'https://www.jenkins.io/blog/2018/07/02/new-api-token-system/'],
  },
  {
    id: 'AIS493', slug: 'vercel', name: 'vercel-token', provider: 'Vercel', secretKind: 'access token', ai: false, tier: 2, patterns: [],
    context: { keywords: ['vercel'], body: /(?<![A-Za-z0-9])[A-Za-z0-9]{24}/g, window: 200 },
    envVar: 'VERCEL_TOKEN', severity: 'error',
    format: '24 alphanumerics next to `vercel` (`VERCEL_TOKEN`, `vercel --token`)',
    exampleCall: 'headers = {"Authorization": "Bearer …"}  # vercel',
    references: [CWE_798, 'https://vercel.com/docs/rest-api#creating-an-access-token'],
  },
  {
    id: 'AIS494', slug: 'plaid', name: 'plaid-access-token', provider: 'Plaid', secretKind: 'access token', ai: false, tier: 1,
    patterns: [
      prefixed('access-production-', UUID, {}, 6),
      prefixed('access-development-', UUID, { severity: WARNING, label: 'development access token' }, 6),
      prefixed('access-sandbox-', UUID, { severity: WARNING, label: 'sandbox access token' }, 6),
    ],
    envVar: 'PLAID_ACCESS_TOKEN', severity: 'error',
    format: '`access-production-`, `access-development-` or `access-sandbox-` followed by a UUID (sandbox and development tokens are warnings)',
    exampleCall: 'request = AccountsGetRequest(access_token="access-production-…")',
    references: [CWE_798, 'https://plaid.com/docs/api/tokens/'],
  },
  {
    id: 'AIS495', slug: 'mailgun', name: 'mailgun-api-key', provider: 'Mailgun', secretKind: 'API key', ai: false, tier: 2,
    patterns: [prefixed('key-', `[${HEX}]{32}`, { requires: ['mailgun'] })],
    context: { keywords: ['mailgun'], body: /(?<![A-Za-z0-9])[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}/g, window: 200 },
    envVar: 'MAILGUN_API_KEY', severity: 'error',
    format: '`key-` and 32 hex digits (legacy), or 32 hex, `-`, 8 hex, `-`, 8 hex, next to `mailgun` (`pubkey-` validation keys are public)',
    exampleCall: 'requests.post(url, auth=("api", "key-…"))  # mailgun',
    references: [CWE_798, 'https://documentation.mailgun.com/docs/mailgun/api-reference/authentication/'],
  },
  {
    id: 'AIS496', slug: 'mailchimp', name: 'mailchimp-api-key', provider: 'Mailchimp', secretKind: 'API key', ai: false, tier: 1,
    patterns: [{ anchor: '-us', lead: 32, regex: sticky(`[${HEX}]{32}-us[0-9]{1,2}${END}`), prefixLength: 0 }],
    envVar: 'MAILCHIMP_API_KEY', severity: 'error',
    format: '32 hex digits, `-us` and the one- or two-digit data centre',
    exampleCall: 'client.set_config({"api_key": "…-us21", "server": "us21"})',
    references: [CWE_798, 'https://mailchimp.com/developer/marketing/guides/quick-start/'],
  },
  {
    id: 'AIS497', slug: 'brevo', name: 'brevo-api-key', provider: 'Brevo (Sendinblue)', secretKind: 'API key', ai: false, tier: 1,
    patterns: [
      prefixed('xkeysib-', `[${HEX}]{64}-[${ALNUM}]{16}`, { label: 'API key' }),
      prefixed('xsmtpsib-', `[${HEX}]{64}-[${ALNUM}]{16}`, { label: 'SMTP key' }),
    ],
    envVar: 'BREVO_API_KEY', severity: 'error',
    format: '`xkeysib-` (or `xsmtpsib-`), 64 hex digits, `-` and 16 alphanumerics',
    exampleCall: 'configuration.api_key["api-key"] = "xkeysib-…"',
    references: [CWE_798, 'https://developers.brevo.com/docs/getting-started'],
  },
  {
    id: 'AIS498', slug: 'telegram', name: 'telegram-bot-token', provider: 'Telegram', secretKind: 'bot token', ai: false, tier: 2,
    // Found by the `:AA` that starts the secret half; the numeric bot id before it has 8 to 10 digits.
    patterns: [8, 9, 10].map((digits) => ({
      anchor: ':AA', lead: digits, regex: sticky(`[0-9]{${digits}}:AA[${B64URL}]{33}${END}`), prefixLength: digits + 1, requires: ['telegram', 'bot'],
    })),
    envVar: 'TELEGRAM_BOT_TOKEN', severity: 'error',
    format: 'the numeric bot id (8 to 10 digits), `:`, and 35 base64url characters starting `AA`, next to `telegram` or `bot`',
    exampleCall: 'app = ApplicationBuilder().token("…:AA…").build()  # telegram',
    references: [CWE_798, 'https://core.telegram.org/bots/api#authorizing-your-bot'],
  },
  {
    id: 'AIS499', slug: 'discord', name: 'discord-token', provider: 'Discord', secretKind: 'bot token or webhook URL', ai: false, tier: 1,
    patterns: [
      ...['discord.com/api/webhooks/', 'discordapp.com/api/webhooks/'].map((fixed) => urlPattern(fixed, 'i/webhooks/', `[0-9]{17,20}/[${B64URL}]{60,68}${END}`, 'webhook URL')),
    ],
    context: { keywords: ['discord'], body: /(?<![A-Za-z0-9_-])[MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}/g, window: 200 },
    envVar: 'DISCORD_WEBHOOK_URL', severity: 'error',
    format: 'a `discord.com/api/webhooks/<id>/<token>` URL, or a bot token (the base64 user id, a 6-character timestamp and an HMAC joined by dots) next to `discord`',
    exampleCall: 'requests.post("https://discord.com/api/webhooks/…", json=message)',
    useInstead: 'requests.post(os.environ["DISCORD_WEBHOOK_URL"], json=message)',
    references: [CWE_798, 'https://discord.com/developers/docs/resources/webhook'],
  },
];
