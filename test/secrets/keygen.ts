/**
 * Generates realistic-looking keys from each provider's format at test time, so no real-looking key is
 * ever committed. Generation is seeded (deterministic) and every body avoids runs of three equal or
 * consecutive characters, the way a hand-typed placeholder would not.
 */

import { base62, crc32 } from '../../server/src/rules/secrets/checksum';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;
const LETTERS = UPPER + LOWER;
const B64URL = ALNUM + '_-';
const B64 = ALNUM + '+/';
const HEX = '0123456789abcdef';
const LOWER_ALNUM = LOWER + DIGITS;

/** A small seeded PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random string over `alphabet` with no run of 3 equal or consecutive characters and both a digit and a letter when possible. */
export function randomBody(next: () => number, alphabet: string, length: number): string {
  for (;;) {
    let out = '';
    while (out.length < length) {
      const c = alphabet[Math.floor(next() * alphabet.length)]!;
      const n = out.length;
      if (n >= 2) {
        const a = out.charCodeAt(n - 2), b = out.charCodeAt(n - 1), d = c.charCodeAt(0);
        if ((b - a === d - b) && Math.abs(b - a) <= 1) continue;
      }
      out += c;
    }
    const hasDigit = /[0-9]/.test(out) || !/[0-9]/.test(alphabet);
    const hasLetter = /[A-Za-z]/.test(out) || !/[A-Za-z]/.test(alphabet);
    const wordy = /(?:test|demo|your|fake|mock|here|none|null|xxxx|todo|asdf|sample|example|dummy|insert|replace|secret|token|pass|user|admin|temp|local|debug|dev|key|abc|123)/i.test(out);
    if (hasDigit && hasLetter && !wordy) return out;
  }
}

function uuid(next: () => number): string {
  const h = (n: number): string => randomBody(next, HEX, n);
  return `${h(8)}-${h(4)}-${h(4)}-${h(4)}-${h(12)}`;
}

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}

/** Key generators by fixture slug (`{{secret:<slug>}}`). */
export const GENERATORS: Record<string, (next: () => number) => string> = {
  openai: (r) => `sk-proj-${randomBody(r, B64URL, 74)}T3BlbkFJ${randomBody(r, B64URL, 74)}`,
  'openai-legacy': (r) => `sk-${randomBody(r, ALNUM, 20)}T3BlbkFJ${randomBody(r, ALNUM, 20)}`,
  'openai-svcacct': (r) => `sk-svcacct-${randomBody(r, B64URL, 58)}T3BlbkFJ${randomBody(r, B64URL, 58)}`,
  'openai-admin': (r) => `sk-admin-${randomBody(r, B64URL, 58)}T3BlbkFJ${randomBody(r, B64URL, 58)}`,
  'openai-compatible': (r) => `sk-${randomBody(r, ALNUM, 48)}`,
  anthropic: (r) => `sk-ant-api03-${randomBody(r, B64URL, 93)}AA`,
  'anthropic-admin': (r) => `sk-ant-admin01-${randomBody(r, B64URL, 93)}AA`,
  huggingface: (r) => `hf_${randomBody(r, LETTERS, 34)}`,
  'huggingface-org': (r) => `api_org_${randomBody(r, LETTERS, 34)}`,
  cohere: (r) => randomBody(r, ALNUM, 40),
  groq: (r) => `gsk_${randomBody(r, ALNUM, 52)}`,
  replicate: (r) => `r8_${randomBody(r, B64URL, 37)}`,
  perplexity: (r) => `pplx-${randomBody(r, ALNUM, 48)}`,
  xai: (r) => `xai-${randomBody(r, ALNUM + '_', 80)}`,
  openrouter: (r) => `sk-or-v1-${randomBody(r, HEX, 64)}`,
  deepseek: (r) => `sk-${randomBody(r, HEX, 32)}`,
  mistral: (r) => randomBody(r, ALNUM, 32),
  google: (r) => `AIzaSy${randomBody(r, B64URL, 33)}`,
  'azure-openai': (r) => randomBody(r, HEX, 32),
  langsmith: (r) => `lsv2_pt_${randomBody(r, HEX, 32)}_${randomBody(r, HEX, 10)}`,
  langfuse: (r) => `sk-lf-${uuid(r)}`,
  pinecone: (r) => `pcsk_${randomBody(r, ALNUM, 5)}_${randomBody(r, ALNUM, 63)}`,
  wandb: (r) => randomBody(r, HEX, 40),
  nvidia: (r) => `nvapi-${randomBody(r, B64URL, 64)}`,
  together: (r) => `tgp_v1_${randomBody(r, B64URL, 43)}`,
  databricks: (r) => `dapi${randomBody(r, HEX, 32)}`,
  'aws-bedrock': (r) => `ABSK${randomBody(r, B64, 132)}`,
  elevenlabs: (r) => `sk_${randomBody(r, HEX, 48)}`,
  sourcegraph: (r) => `slk_${randomBody(r, HEX, 64)}`,
  braintrust: (r) => `sk-${randomBody(r, ALNUM, 48)}`,
  assemblyai: (r) => randomBody(r, LOWER_ALNUM, 32),
  deepgram: (r) => randomBody(r, LOWER_ALNUM, 40),
  clarifai: (r) => randomBody(r, HEX, 32),
  'aws-access-key-id': (r) => `AKIA${randomBody(r, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`,
  'aws-secret-access-key': (r) => randomBody(r, B64, 40),
  'azure-ad-client-secret': (r) => `${randomBody(r, ALNUM, 3)}${Math.floor(r() * 10)}Q~${randomBody(r, ALNUM + '_~.-', 34)}`,
  github: (r) => withChecksum('ghp_', randomBody(r, ALNUM, 30)),
  'github-bad-checksum': (r) => `ghp_${randomBody(r, ALNUM, 36)}`,
  'github-fine-grained': (r) => `github_pat_${randomBody(r, ALNUM, 22)}_${randomBody(r, ALNUM, 59)}`,
  gitlab: (r) => `glpat-${randomBody(r, B64URL, 20)}`,
  slack: (r) => `xoxb-${randomBody(r, DIGITS, 12)}-${randomBody(r, DIGITS, 13)}-${randomBody(r, ALNUM, 24)}`,
  'slack-webhook': (r) => `https://hooks.slack.com/services/T${randomBody(r, UPPER + DIGITS, 10)}/B${randomBody(r, UPPER + DIGITS, 10)}/${randomBody(r, ALNUM, 24)}`,
  stripe: (r) => `sk_live_${randomBody(r, ALNUM, 24)}`,
  npm: (r) => withChecksum('npm_', randomBody(r, ALNUM, 30)),
  'npm-bad-checksum': (r) => `npm_${randomBody(r, ALNUM, 36)}`,
  pypi: (r) => `pypi-AgEIcHlwaS5vcmc${randomBody(r, B64URL, 70)}`,
  sendgrid: (r) => `SG.${randomBody(r, B64URL, 22)}.${randomBody(r, B64URL, 43)}`,
  twilio: (r) => `SK${randomBody(r, HEX, 32)}`,
  'private-key': (r) => pem(r, '\n'),
  'private-key-escaped': (r) => pem(r, '\\n'),
  jwt: (r) => `${base64url('{"alg":"HS256","typ":"JWT"}')}.${base64url(`{"sub":"${randomBody(r, DIGITS + HEX, 12)}","name":"svc","iat":1764460800}`)}.${randomBody(r, B64URL, 43)}`,
  firecrawl: (r) => `fc-${randomBody(r, HEX, 32)}`,
  tavily: (r) => `tvly-${randomBody(r, ALNUM, 32)}`,
  'google-oauth': (r) => `GOCSPX-${randomBody(r, B64URL, 28)}`,
  'google-oauth-access': (r) => `ya29.a0${randomBody(r, B64URL, 150)}`,
  digitalocean: (r) => `dop_v1_${randomBody(r, HEX, 64)}`,
  heroku: (r) => `HRKU-AA${randomBody(r, B64URL, 58)}`,
  cloudflare: (r) => `v1.0-${randomBody(r, HEX, 24)}-${randomBody(r, HEX, 146)}`,
  'cloudflare-api-token': (r) => randomBody(r, B64URL, 40),
  vault: (r) => `hvs.CAESI${randomBody(r, B64URL, 86)}`,
  'vault-legacy': (r) => `s.${randomBody(r, ALNUM, 24)}`,
  'terraform-cloud': (r) => `${randomBody(r, ALNUM, 14)}.atlasv1.${randomBody(r, B64URL, 67)}`,
  doppler: (r) => `dp.st.prd.${randomBody(r, ALNUM, 43)}`,
  onepassword: (r) => `ops_${base64url(`{"signInAddress":"my.1password.com","userAuth":{"method":"SRPg-4096","alg":"PBES2g-HS256","iterations":650000,"salt":"${randomBody(r, B64URL, 22)}"},"email":"${randomBody(r, LOWER, 12)}@1passwordserviceaccounts.com","srpX":"${randomBody(r, HEX, 64)}","muk":{"alg":"A256GCM","ext":true,"k":"${randomBody(r, B64URL, 43)}","key_ops":["encrypt","decrypt"],"kty":"oct","kid":"mp"},"secretKey":"A3-${randomBody(r, UPPER + DIGITS, 6)}","deviceUuid":"${randomBody(r, LOWER_ALNUM, 26)}"}`)}`,
  'onepassword-secret-key': (r) => `A3-${randomBody(r, UPPER + DIGITS, 6)}-${randomBody(r, UPPER + DIGITS, 11)}-${randomBody(r, UPPER + DIGITS, 5)}-${randomBody(r, UPPER + DIGITS, 5)}-${randomBody(r, UPPER + DIGITS, 5)}`,
  age: (r) => `AGE-SECRET-KEY-1${randomBody(r, 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L', 58)}`,
  'teams-webhook': (r) => `https://contoso.webhook.office.com/webhookb2/${uuid(r)}@${uuid(r)}/IncomingWebhook/${randomBody(r, HEX, 32)}/${uuid(r)}`,
  'teams-workflow': (r) => `https://prod-27.westus.logic.azure.com:443/workflows/${randomBody(r, HEX, 32)}/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${randomBody(r, B64URL, 43)}`,
  tailscale: (r) => `tskey-auth-${randomBody(r, ALNUM, 12)}-${randomBody(r, ALNUM, 33)}`,
  flyio: (r) => `fo1_${randomBody(r, B64URL, 43)}`,
  openshift: (r) => `sha256~${randomBody(r, B64URL, 43)}`,
  planetscale: (r) => `pscale_tkn_${randomBody(r, B64URL, 43)}`,
  supabase: (r) => `sbp_${randomBody(r, HEX, 40)}`,
  netlify: (r) => `nfp_${randomBody(r, ALNUM, 36)}`,
  alibaba: (r) => `LTAI${randomBody(r, ALNUM, 20)}`,
  'alibaba-secret': (r) => randomBody(r, ALNUM, 30),
  'azure-storage': (r) => `${randomBody(r, B64, 86)}==`,
  'ibm-cloud': (r) => randomBody(r, B64URL, 44),
  okta: (r) => `00${randomBody(r, B64URL, 40)}`,
  auth0: (r) => randomBody(r, B64URL, 64),
  atlassian: (r) => `ATATT3xFfGF0${randomBody(r, B64URL, 170)}=${randomBody(r, '0123456789ABCDEF', 8)}`,
  bitbucket: (r) => `ATBB${randomBody(r, ALNUM, 32)}`,
  'azure-devops': (r) => `${randomBody(r, ALNUM, 52)}${randomBody(r, ALNUM, 24)}AZDO${randomBody(r, ALNUM, 4)}`,
  circleci: (r) => `CCIPAT_${randomBody(r, '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz', 22)}_${randomBody(r, HEX, 40)}`,
  buildkite: (r) => `bkua_${randomBody(r, LOWER_ALNUM, 40)}`,
  sonarqube: (r) => `squ_${randomBody(r, HEX, 40)}`,
  postman: (r) => `PMAK-${randomBody(r, HEX, 24)}-${randomBody(r, HEX, 34)}`,
  linear: (r) => `lin_api_${randomBody(r, ALNUM, 40)}`,
  notion: (r) => `ntn_${randomBody(r, DIGITS, 11)}${randomBody(r, ALNUM, 35)}`,
  figma: (r) => `figd_${randomBody(r, B64URL, 40)}`,
  mapbox: (r) => `sk.${base64url(`{"u":"${randomBody(r, LOWER, 8)}","a":"${randomBody(r, LOWER_ALNUM, 25)}"}`)}.${randomBody(r, B64URL, 22)}`,
  airtable: (r) => `pat${randomBody(r, ALNUM, 14)}.${randomBody(r, HEX, 64)}`,
  contentful: (r) => `CFPAT-${randomBody(r, B64URL, 43)}`,
  rubygems: (r) => `rubygems_${randomBody(r, HEX, 48)}`,
  nuget: (r) => `oy2${randomBody(r, 'abcdefghijklmnopqrstuvwxyz234567', 43)}`,
  'crates-io': (r) => `cio${randomBody(r, ALNUM, 32)}`,
  dockerhub: (r) => `dckr_pat_${randomBody(r, B64URL, 27)}`,
  jfrog: (r) => `AKCp${randomBody(r, ALNUM, 69)}`,
  newrelic: (r) => `NRAK-${randomBody(r, UPPER + DIGITS, 27)}`,
  'newrelic-license': (r) => `${randomBody(r, HEX, 36)}NRAL`,
  grafana: (r) => `glsa_${randomBody(r, ALNUM, 32)}_${randomBody(r, HEX, 8)}`,
  sentry: (r) => `sntrys_${Buffer.from(`{"iat":1764460800.0,"url":"https://sentry.io","region_url":"https://us.sentry.io","org":"${randomBody(r, LOWER, 8)}"}`).toString('base64')}_${randomBody(r, B64, 43)}`,
  dynatrace: (r) => `dt0c01.${randomBody(r, UPPER + DIGITS, 24)}.${randomBody(r, UPPER + DIGITS, 64)}`,
  shopify: (r) => `shpat_${randomBody(r, HEX, 32)}`,
  square: (r) => `sq0atp-${randomBody(r, B64URL, 22)}`,
  jenkins: (r) => `11${randomBody(r, HEX, 32)}`,
  vercel: (r) => randomBody(r, ALNUM, 24),
  plaid: (r) => `access-production-${uuid(r)}`,
  mailgun: (r) => `${randomBody(r, HEX, 32)}-${randomBody(r, HEX, 8)}-${randomBody(r, HEX, 8)}`,
  'mailgun-legacy': (r) => `key-${randomBody(r, HEX, 32)}`,
  mailchimp: (r) => `${randomBody(r, HEX, 32)}-us${1 + Math.floor(r() * 20)}`,
  brevo: (r) => `xkeysib-${randomBody(r, HEX, 64)}-${randomBody(r, ALNUM, 16)}`,
  telegram: (r) => `${1 + Math.floor(r() * 8)}${randomBody(r, DIGITS, 9)}:AA${randomBody(r, B64URL, 33)}`,
  discord: (r) => `https://discord.com/api/webhooks/1${randomBody(r, DIGITS, 18)}/${randomBody(r, B64URL, 68)}`,
  'discord-bot': (r) => `${base64url(`1${randomBody(r, DIGITS, 17)}`)}.${randomBody(r, B64URL, 6)}.${randomBody(r, B64URL, 38)}`,
  prefect: (r) => `pnu_${randomBody(r, ALNUM, 36)}`,
  pulumi: (r) => `pul-${randomBody(r, HEX, 40)}`,
  datadog: (r) => randomBody(r, HEX, 32),
  'django-insecure': (r) => `django-insecure-${randomBody(r, LOWER_ALNUM + '!@#$%^&*(-_=+)', 50)}`,
  'laravel-app-key': (r) => `base64:${randomBody(r, B64, 42)}${'AEIMQUYcgkosw048'[Math.floor(r() * 16)]}=`,
  'rails-secret-key-base': (r) => randomBody(r, HEX, 128),
  'base64-private-key': (r) => Buffer.from(`${pem(r, '\n')}\n`).toString('base64'),
  'pkcs8-der-base64': (r) => `MIIEvQ${'IBADANBgkqhkiG9w0BAQEFAAS'}CBKcw${randomBody(r, B64, 600)}`,
  'pkcs12-base64': (r) => `MIIKAg${'IBAzC'}CCcwGCSqGSIb3DQEHAaCCCbgEggm0${randomBody(r, B64, 600)}`,
  'ssh2-private-key': (r) => ssh2(r, '\n'),
  'ssh2-private-key-escaped': (r) => ssh2(r, '\\n').replace(/"/g, '\\"'),
  wireguard: (r) => `${randomBody(r, B64, 42)}${'AEIMQUYcgkosw048'[Math.floor(r() * 16)]}=`,
  'jwk-private-key': (r) => randomBody(r, B64URL, 43),
  flutterwave: (r) => `FLWSECK-${randomBody(r, HEX, 32)}-X`,
  shippo: (r) => `shippo_live_${randomBody(r, HEX, 40)}`,
  easypost: (r) => `EZAK${randomBody(r, ALNUM, 54)}`,
  duffel: (r) => `duffel_live_${randomBody(r, B64URL, 43)}`,
  hubspot: (r) => `pat-na1-${uuid(r)}`,
  readme: (r) => `rdme_${randomBody(r, LOWER_ALNUM, 70)}`,
  scalingo: (r) => `tk-us-${randomBody(r, B64URL, 48)}`,
  'yandex-cloud': (r) => `AQVN${randomBody(r, B64URL, 36)}`,
  'amazon-mws': (r) => `amzn.mws.${uuid(r)}`,
  clojars: (r) => `CLOJARS_${randomBody(r, ALNUM, 60)}`,
  'sumo-logic': (r) => randomBody(r, ALNUM, 64),
  honeycomb: (r) => randomBody(r, ALNUM, 22),
  splunk: (r) => uuid(r),
  snyk: (r) => uuid(r),
  pagerduty: (r) => `u+${randomBody(r, B64URL, 18)}`,
  facebook: (r) => `EAA${randomBody(r, ALNUM, 180)}`,
  salesforce: (r) => `00D${randomBody(r, ALNUM, 12)}!${randomBody(r, ALNUM, 40)}.${randomBody(r, ALNUM + '._', 55)}`,
  'fcm-server-key': (r) => `AAAA${randomBody(r, B64URL, 7)}:APA91b${randomBody(r, B64URL, 134)}`,
  appsync: (r) => `da2-${randomBody(r, LOWER_ALNUM, 26)}`,
  launchdarkly: (r) => `sdk-${uuid(r)}`,
  harness: (r) => `pat.${randomBody(r, B64URL, 22)}.${randomBody(r, ALNUM, 24)}.${randomBody(r, ALNUM, 20)}`,
  'octopus-deploy': (r) => `API-${randomBody(r, UPPER + DIGITS, 26)}`,
  frameio: (r) => `fio-u-${randomBody(r, B64URL, 64)}`,
  infracost: (r) => `ico-${randomBody(r, ALNUM, 32)}`,
  'dependency-track': (r) => `odt_${randomBody(r, ALNUM, 32)}`,
  stackhawk: (r) => `hawk.${randomBody(r, ALNUM, 20)}.${randomBody(r, ALNUM, 20)}`,
  maxmind: (r) => `${randomBody(r, ALNUM, 6)}_${randomBody(r, ALNUM, 29)}_mmk`,
  'kubernetes-bootstrap-token': (r) => `${randomBody(r, LOWER_ALNUM, 6)}.${randomBody(r, LOWER_ALNUM, 16)}`,
  'password-hash': (r) => `$apr1$${randomBody(r, ALNUM, 8)}$${randomBody(r, ALNUM + './', 22)}`,
  'jupyter-sha1': (r) => `sha1:${randomBody(r, HEX, 12)}:${randomBody(r, HEX, 40)}`,
  bcrypt: (r) => `$2b$12$${randomBody(r, ALNUM + './', 53)}`,
  argon2: (r) => `$argon2id$v=19$m=65536,t=3,p=4$${randomBody(r, B64, 22)}$${randomBody(r, B64, 43)}`,
  razorpay: (r) => randomBody(r, ALNUM, 24),
  gocardless: (r) => `live_${randomBody(r, B64URL, 40)}`,
  braintree: (r) => `access_token$production$${randomBody(r, LOWER_ALNUM, 16)}$${randomBody(r, HEX, 32)}`,
  checkout: (r) => `sk_${uuid(r)}`,
  paystack: (r) => `sk_live_${randomBody(r, LOWER_ALNUM, 40)}`,
  'twitter-bearer': (r) => `${'A'.repeat(22)}${randomBody(r, ALNUM, 40)}%2B${randomBody(r, ALNUM, 50)}`,
  'google-oauth-refresh': (r) => `1//0${randomBody(r, B64URL, 101)}`,
  'aws-session-token': (r) => `IQoJb3JpZ2luX2Vj${randomBody(r, B64, 400)}`,
  'aws-sts-key-id': (r) => `ASIA${randomBody(r, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`,
  'gcs-hmac': (r) => randomBody(r, B64, 40),
  'gcs-hmac-id': (r) => `GOOG1E${randomBody(r, UPPER + DIGITS, 55)}`,
  'tencent-cloud': (r) => randomBody(r, ALNUM, 32),
  'tencent-cloud-id': (r) => `AKID${randomBody(r, ALNUM, 32)}`,
  'ibm-cos-hmac': (r) => randomBody(r, HEX, 48),
  'ibm-cos-hmac-id': (r) => randomBody(r, HEX, 32),
  'azure-sas': (r) => `${randomBody(r, ALNUM, 20)}%2B${randomBody(r, ALNUM, 20)}%2F${randomBody(r, ALNUM, 3)}%3D`,
  'azure-identifiable-key': (r) => `${randomBody(r, B64, 33)}+ASb${randomBody(r, B64, 6)}=`,
  'azure-storage-identifiable': (r) => `${randomBody(r, B64, 76)}+ASt${randomBody(r, B64, 6)}==`,
  fastly: (r) => randomBody(r, B64URL, 32),
  mandrill: (r) => randomBody(r, B64URL, 22),
  postmark: (r) => uuid(r),
  sparkpost: (r) => randomBody(r, HEX, 40),
  pusher: (r) => randomBody(r, LOWER_ALNUM, 20),
  typeform: (r) => `tfp_${randomBody(r, ALNUM + '_-', 59)}`,
  teamcity: (r) => `eyJ0eXAiOiAiVENWMiJ9.${randomBody(r, B64URL, 36)}.${randomBody(r, B64URL, 48)}`,
  codecov: (r) => uuid(r),
  'supabase-service-role': (r) => supabaseKey(r, 'service_role'),
  'supabase-anon': (r) => supabaseKey(r, 'anon'),
  'kubernetes-service-account': (r) => `${base64url('{"alg":"RS256","kid":"' + randomBody(r, B64URL, 43) + '"}')}.${base64url(`{"iss":"kubernetes/serviceaccount","kubernetes.io/serviceaccount/namespace":"ml-serving","kubernetes.io/serviceaccount/secret.name":"deployer-token-${randomBody(r, LOWER_ALNUM, 5)}","kubernetes.io/serviceaccount/service-account.name":"deployer","sub":"system:serviceaccount:ml-serving:deployer"}`)}.${randomBody(r, B64URL, 342)}`,
  'auth0-management': (r) => `${base64url('{"alg":"RS256","typ":"JWT","kid":"' + randomBody(r, B64URL, 22) + '"}')}.${base64url(`{"iss":"https://acme-prod.eu.auth0.com/","sub":"${randomBody(r, ALNUM, 32)}@clients","aud":"https://acme-prod.eu.auth0.com/api/v2/","iat":1764460800,"exp":1764547200,"scope":"read:users update:users","gty":"client-credentials"}`)}.${randomBody(r, B64URL, 342)}`,
  'azure-app-configuration': (r) => `${randomBody(r, B64, 43)}=`,
  'azure-publish-profile': (r) => randomBody(r, ALNUM, 60),
  'vault-unseal-key': (r) => `${randomBody(r, B64, 43)}=`,
  softlayer: (r) => randomBody(r, HEX, 64),
  linkedin: (r) => randomBody(r, ALNUM, 16),
  zendesk: (r) => randomBody(r, ALNUM, 40),
  intercom: (r) => `dG9rOj${randomBody(r, B64, 52)}=`,
  mattermost: (r) => randomBody(r, LOWER_ALNUM, 26),
  messagebird: (r) => randomBody(r, ALNUM, 25),
  'drone-ci': (r) => randomBody(r, ALNUM, 32),
  'travis-ci': (r) => randomBody(r, B64URL, 22),
  'mongodb-atlas': (r) => uuid(r),
  'firebase-database-secret': (r) => randomBody(r, ALNUM, 40),
  lob: (r) => `live_${randomBody(r, HEX, 35)}`,
  settlemint: (r) => `sm_pat_${randomBody(r, ALNUM, 16)}`,
  'clickhouse-cloud': (r) => `4b1d${randomBody(r, ALNUM, 38)}`,
  'notion-legacy': (r) => `secret_${randomBody(r, ALNUM, 43)}`,
  paypal: (r) => randomBody(r, B64URL, 80),
  'paypal-client-id': (r) => `A${randomBody(r, B64URL, 79)}`,
  authress: (r) => `sc_${randomBody(r, ALNUM, 22)}.${randomBody(r, ALNUM, 4)}.acc_${randomBody(r, LOWER_ALNUM, 12)}.MC4CAQAwBQYDK2VwBCIEI${randomBody(r, B64, 43)}`,
  'azure-entra-refresh-token': (r) => `0.A${randomBody(r, B64URL, 150)}.AgABAAEAAAD${randomBody(r, B64URL, 640)}`,
  'heroku-legacy': (r) => uuid(r),
  cloudant: (r) => randomBody(r, HEX, 64),
  freemius: (r) => `sk_${randomBody(r, 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#$%&()*+-./:<=>?@[]^_{|}~', 29)}`,
  password: (r) => `${randomBody(r, ALNUM, 10)}#${randomBody(r, DIGITS, 2)}!${randomBody(r, LOWER, 2)}`,
  generic: (r) => randomBody(r, ALNUM, 32),
};

/** A GitHub- or npm-style token: the prefix, 30 random characters and their CRC32 in 6 base62 characters. */
function withChecksum(prefix: string, random: string): string {
  return `${prefix}${random}${base62(crc32(random), 6)}`;
}

/** A Supabase project key: a JWT whose claims name the project and its role. */
function supabaseKey(r: () => number, role: 'service_role' | 'anon'): string {
  return `${base64url('{"alg":"HS256","typ":"JWT"}')}.${base64url(`{"iss":"supabase","ref":"${randomBody(r, LOWER, 20)}","role":"${role}","iat":1764460800,"exp":2080036800}`)}.${randomBody(r, B64URL, 43)}`;
}

function pem(r: () => number, newline: string): string {
  const lines = [`MIIEow${randomBody(r, B64, 58)}`];
  for (let i = 0; i < 8; i++) lines.push(randomBody(r, B64, 64));
  return `-----BEGIN RSA PRIVATE KEY-----${newline}${lines.join(newline)}${newline}-----END RSA PRIVATE KEY-----`;
}

/** An SSH.com (RFC 4716) private-key block with a header line. */
function ssh2(r: () => number, newline: string): string {
  const lines = ['Comment: "2048-bit rsa, deploy@build"'];
  for (let i = 0; i < 6; i++) lines.push(randomBody(r, B64, 70));
  return `---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----${newline}${lines.join(newline)}${newline}---- END SSH2 ENCRYPTED PRIVATE KEY ----`;
}

/** Generates one key for `slug`; the same (slug, index, seed) always gives the same key. */
export function generateKey(slug: string, index = 0, seed = 20261130): string {
  const generator = GENERATORS[slug];
  if (!generator) throw new Error(`no generator for {{secret:${slug}}}`);
  let h = seed;
  for (const c of `${slug}#${index}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return generator(rng(h));
}

/**
 * Generators of values that are not secrets: shapes the provider never issued (failed checksums), and the public
 * identifiers that pair with a secret (HMAC access ids, Tencent's SecretId), which are not masked on their own.
 */
const LOOK_ALIKE_SLUGS: ReadonlySet<string> = new Set(['github-bad-checksum', 'npm-bad-checksum', 'gcs-hmac-id', 'tencent-cloud-id', 'ibm-cos-hmac-id', 'paypal-client-id']);

/**
 * Replaces every `{{secret:<slug>}}` with a generated key (`{{secret:<slug>#2}}` for a second, different
 * one) and returns the keys used, so tests can grep outputs for them (look-alikes and identifiers that are not keys are left out).
 */
export function expandSecretPlaceholders(text: string, seed?: number): { text: string; secrets: string[] } {
  const secrets: string[] = [];
  const expanded = text.replace(/\{\{secret:([a-z0-9-]+)(?:#(\d+))?\}\}/g, (_m, slug: string, index: string | undefined) => {
    const key = generateKey(slug, index ? Number(index) : 0, seed);
    if (!LOOK_ALIKE_SLUGS.has(slug)) secrets.push(key);
    return key;
  });
  return { text: expanded, secrets };
}
