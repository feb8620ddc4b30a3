/**
 * How to ask a provider whether a key is active: the cheapest read-only request to the provider's own
 * fixed host (never a host read from the scanned file), and how to read the answer. Only providers with
 * such a request are listed; write-only checks (PyPI upload, webhooks) and database logins are never made.
 * Sources: the secrets catalogue's verification tables (`../shared/guide/secrets-formats.md` §13 and
 * `secrets-catalogue.md`), which record what the providers' APIs answer.
 */

import { signV4 } from './aws-sigv4';

export type Verdict = 'active' | 'inactive' | 'unknown';

export interface VerificationRequest {
  method: 'GET' | 'POST';
  /** The provider's canonical origin, e.g. `https://api.openai.com`. */
  origin: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** What a request may need besides the secret: the identifier it is paired with, and the time (for signatures). */
export interface VerificationContext {
  identifier?: string;
  now: Date;
}

export interface SecretVerifier {
  /** The rule that reports this provider's keys. */
  ruleId: string;
  provider: string;
  /** The identifier the secret works with (`access key id`), when the request needs it: read from the finding's pair. */
  needsIdentifier?: string;
  /** The request, or why none can be made for this key (a string, for the message). */
  request(secret: string, context: VerificationContext): VerificationRequest | string;
  /** The verdict from the response; 429, 5xx and anything unexpected are `unknown`. */
  verdict(status: number, body: string): Verdict;
}

const bearer = (secret: string): Record<string, string> => ({ authorization: `Bearer ${secret}` });

/** 2xx: the key works; the listed codes: the provider refused it; anything else says nothing. */
function byStatus(inactive: readonly number[], alsoActive: readonly number[] = []) {
  return (status: number): Verdict => {
    if ((status >= 200 && status < 300) || alsoActive.includes(status)) return 'active';
    return inactive.includes(status) ? 'inactive' : 'unknown';
  };
}

function get(ruleId: string, provider: string, origin: string, path: string, headers: (secret: string) => Record<string, string>, verdict: SecretVerifier['verdict']): SecretVerifier {
  return { ruleId, provider, request: (secret) => ({ method: 'GET', origin, path, headers: headers(secret) }), verdict };
}

export const SECRET_VERIFIERS: readonly SecretVerifier[] = [
  get('AIS400', 'OpenAI', 'https://api.openai.com', '/v1/models', bearer, byStatus([401])),
  get('AIS402', 'Anthropic', 'https://api.anthropic.com', '/v1/models', (s) => ({ 'x-api-key': s, 'anthropic-version': '2023-06-01' }), byStatus([401])),
  get('AIS403', 'Hugging Face', 'https://huggingface.co', '/api/whoami-v2', bearer, byStatus([401])),
  get('AIS405', 'Groq', 'https://api.groq.com', '/openai/v1/models', bearer, byStatus([401])),
  get('AIS408', 'xAI', 'https://api.x.ai', '/v1/api-key', bearer, byStatus([400, 401])),
  get('AIS409', 'OpenRouter', 'https://openrouter.ai', '/api/v1/key', bearer, byStatus([401])),
  get('AIS410', 'DeepSeek', 'https://api.deepseek.com', '/user/balance', bearer, byStatus([401])),
  // Google answers an unknown key with 400 API_KEY_INVALID, and a disabled one with 403.
  get('AIS412', 'Google (Gemini)', 'https://generativelanguage.googleapis.com', '/v1/models', (s) => ({ 'x-goog-api-key': s }), byStatus([400, 403])),
  get('AIS414', 'LangSmith', 'https://api.smith.langchain.com', '/api/v1/api-key', (s) => ({ 'x-api-key': s }), byStatus([401, 403])),
  get('AIS416', 'Pinecone', 'https://api.pinecone.io', '/indexes', (s) => ({ 'api-key': s }), byStatus([401])),
  get('AIS444', 'GitHub', 'https://api.github.com', '/user', (s) => ({ authorization: `token ${s}`, accept: 'application/vnd.github+json' }), byStatus([401])),
  get('AIS445', 'GitLab', 'https://gitlab.com', '/api/v4/user', (s) => ({ 'private-token': s }), byStatus([401])),
  // A restricted Stripe or SendGrid key is live but may not read this resource: 403 still means active.
  get('AIS447', 'Stripe', 'https://api.stripe.com', '/v1/balance', bearer, byStatus([401], [403])),
  get('AIS448', 'npm', 'https://registry.npmjs.org', '/-/whoami', bearer, byStatus([401])),
  get('AIS450', 'SendGrid', 'https://api.sendgrid.com', '/v3/scopes', bearer, byStatus([401], [403])),
  {
    // Slack answers 200 either way; the body says whether the token was accepted.
    ruleId: 'AIS446',
    provider: 'Slack',
    request: (secret) => ({ method: 'POST', origin: 'https://slack.com', path: '/api/auth.test', headers: bearer(secret), body: '' }),
    verdict: (status, body) => {
      if (status !== 200) return 'unknown';
      const answer = parseJson(body) as { ok?: unknown; error?: unknown } | undefined;
      if (answer?.ok === true) return 'active';
      return typeof answer?.error === 'string' && ['invalid_auth', 'token_revoked', 'account_inactive', 'not_authed', 'token_expired'].includes(answer.error) ? 'inactive' : 'unknown';
    },
  },
  {
    // STS GetCallerIdentity needs no permission, so any working key pair may call it; it is signed with SigV4,
    // so the secret itself is never sent. A wrong key id or secret is refused with 403 and one of these codes.
    ruleId: 'AIS441',
    provider: 'AWS',
    needsIdentifier: 'access key id',
    request: (secret, { identifier, now }) => {
      if (!identifier) return 'its access key id is not in the file';
      // Temporary keys (`ASIA`) also need their session token, without which STS refuses even a live key.
      if (!identifier.startsWith('AKIA')) return 'temporary or service-specific access keys need a session token to be checked';
      const body = 'Action=GetCallerIdentity&Version=2011-06-15';
      const signed = signV4({
        method: 'POST', host: STS_HOST, path: '/', body, region: 'us-east-1', service: 'sts', accessKeyId: identifier, secretAccessKey: secret, now,
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      });
      return { method: 'POST', origin: `https://${STS_HOST}`, path: '/', headers: signed.headers, body };
    },
    verdict: (status, body) => {
      if (status === 200 && /GetCallerIdentityResult/.test(body)) return 'active';
      return status === 403 && /InvalidClientTokenId|SignatureDoesNotMatch/.test(body) ? 'inactive' : 'unknown';
    },
  },
];

const STS_HOST = 'sts.amazonaws.com';

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
