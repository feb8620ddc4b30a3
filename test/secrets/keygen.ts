/**
 * Generates realistic-looking keys from each provider's format at test time, so no real-looking key is
 * ever committed. Generation is seeded (deterministic) and every body avoids runs of three equal or
 * consecutive characters, the way a hand-typed placeholder would not.
 */

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
  github: (r) => `ghp_${randomBody(r, ALNUM, 36)}`,
  'github-fine-grained': (r) => `github_pat_${randomBody(r, ALNUM, 22)}_${randomBody(r, ALNUM, 59)}`,
  gitlab: (r) => `glpat-${randomBody(r, B64URL, 20)}`,
  slack: (r) => `xoxb-${randomBody(r, DIGITS, 12)}-${randomBody(r, DIGITS, 13)}-${randomBody(r, ALNUM, 24)}`,
  'slack-webhook': (r) => `https://hooks.slack.com/services/T${randomBody(r, UPPER + DIGITS, 10)}/B${randomBody(r, UPPER + DIGITS, 10)}/${randomBody(r, ALNUM, 24)}`,
  stripe: (r) => `sk_live_${randomBody(r, ALNUM, 24)}`,
  npm: (r) => `npm_${randomBody(r, ALNUM, 36)}`,
  pypi: (r) => `pypi-AgEIcHlwaS5vcmc${randomBody(r, B64URL, 70)}`,
  sendgrid: (r) => `SG.${randomBody(r, B64URL, 22)}.${randomBody(r, B64URL, 43)}`,
  twilio: (r) => `SK${randomBody(r, HEX, 32)}`,
  'private-key': (r) => pem(r, '\n'),
  'private-key-escaped': (r) => pem(r, '\\n'),
  jwt: (r) => `${base64url('{"alg":"HS256","typ":"JWT"}')}.${base64url(`{"sub":"${randomBody(r, DIGITS + HEX, 12)}","name":"svc","iat":1764460800}`)}.${randomBody(r, B64URL, 43)}`,
  password: (r) => `${randomBody(r, ALNUM, 10)}#${randomBody(r, DIGITS, 2)}!${randomBody(r, LOWER, 2)}`,
  generic: (r) => randomBody(r, ALNUM, 32),
};

function pem(r: () => number, newline: string): string {
  const lines = [`MIIEow${randomBody(r, B64, 58)}`];
  for (let i = 0; i < 8; i++) lines.push(randomBody(r, B64, 64));
  return `-----BEGIN RSA PRIVATE KEY-----${newline}${lines.join(newline)}${newline}-----END RSA PRIVATE KEY-----`;
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
 * Replaces every `{{secret:<slug>}}` with a generated key (`{{secret:<slug>#2}}` for a second, different
 * one) and returns the keys used, so tests can grep outputs for them.
 */
export function expandSecretPlaceholders(text: string, seed?: number): { text: string; secrets: string[] } {
  const secrets: string[] = [];
  const expanded = text.replace(/\{\{secret:([a-z0-9-]+)(?:#(\d+))?\}\}/g, (_m, slug: string, index: string | undefined) => {
    const key = generateKey(slug, index ? Number(index) : 0, seed);
    secrets.push(key);
    return key;
  });
  return { text: expanded, secrets };
}
