/**
 * Which names hold secrets. A name is split into lower-case words (snake, kebab, dotted and camelCase
 * all split the same way) so that `OPENAI_API_KEY`, `openaiApiKey` and `openai-api-key` are judged alike.
 */

/** Lower-case words of an identifier, header name or environment variable. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/** Words that make a name secret on their own. */
const SECRET_WORDS = new Set([
  'secret', 'secrets', 'token', 'password', 'passwd', 'pwd', 'passphrase', 'credential', 'credentials', 'creds',
  'apikey', 'authorization', 'bearer', 'authtoken', 'accesstoken', 'secretkey', 'privatekey', 'passkey', 'pat',
]);

/** `<first> key` pairs that name a secret (`api key`, `access key`, ...). */
const KEY_QUALIFIERS = new Set([
  'api', 'access', 'secret', 'private', 'signing', 'master', 'encryption', 'auth', 'client', 'app', 'account',
  'subscription', 'service', 'admin', 'license', 'session', 'hmac', 'jwt', 'openai', 'anthropic', 'gemini', 'groq',
  'cohere', 'mistral', 'llm', 'hf', 'deepseek', 'together', 'pinecone', 'wandb', 'stripe', 'sendgrid', 'twilio',
]);

/** Words that mean the value describes a secret instead of being one. */
const NON_SECRET_WORDS = new Set([
  'public', 'publishable', 'pub', 'id', 'ids', 'url', 'urls', 'uri', 'endpoint', 'path', 'file', 'filename', 'dir',
  'name', 'names', 'type', 'types', 'len', 'length', 'size', 'count', 'max', 'min', 'limit', 'limits', 'num', 'field',
  'param', 'env', 'var', 'prefix', 'suffix', 'format', 'pattern', 'regex', 'expires', 'expiry', 'expiration', 'ttl',
  'lifetime', 'version', 'mode', 'enabled', 'required', 'placeholder', 'label', 'hint', 'description', 'desc', 'help',
  'message', 'msg', 'error', 'tokenizer', 'tokenize', 'tokens', 'hash', 'hashed', 'digest', 'checksum', 'csrf', 'xsrf',
  'reset', 'forgot', 'validator', 'validation', 'strength', 'policy', 'input', 'prompt', 'display', 'column', 'index',
  'location', 'template', 'kind', 'class', 'icon', 'header', 'headers', 'cookie', 'storage', 'key_name', 'source',
  'provider', 'method', 'scheme', 'algorithm', 'alg', 'usage', 'encoding', 'char', 'chars', 'separator', 'delimiter',
  'start', 'end', 'pos', 'position', 'offset', 'text', 'ref', 'reference', 'manager', 'store', 'vault', 'arn',
  'rotation', 'policy', 'callback', 'redirect', 'scope', 'scopes', 'audience', 'issuer', 'question', 'answer',
  'last', 'used', 'date', 'time', 'created', 'updated', 'changed', 'age', 'next', 'continuation', 'pagination', 'page',
  'cursor', 'output', 'marker', 'idempotency', 'request', 'sync', 'verification', 'count', 'counts', 'estimate',
  'anon', 'anonymous', 'dummy', 'fake', 'mock', 'example', 'sample', 'regexp', 'attr', 'attribute',
  // A sentinel that stands in for a hidden secret (`REDACTED_CREDENTIAL_VALUE = '_BLANK_<uuid>'`).
  'redacted', 'masked', 'sentinel', 'blank',
]);

/** Words that mark a key word as a non-secret (`primary key`, `sort key`, `cache key`). */
const NON_SECRET_KEY_QUALIFIERS = new Set(['primary', 'foreign', 'sort', 'cache', 'partition', 'hot', 'row', 'dict', 'map', 'lookup', 'react', 'unique', 'public', 'idempotency']);

/**
 * True when a value bound to this name is a secret: `api_key`, `OPENAI_API_KEY`, `apiKey`, `hf_token`,
 * `password`, `client_secret`, `Authorization`, `x-api-key`; false for `token_url`, `max_tokens`,
 * `public_key`, `secret_name`, `csrf_token`, `author`.
 */
export function isSecretName(name: string): boolean {
  // NuGet's `ClearTextPassword` key names a plaintext password, although `text` usually names a label or a field.
  if (/^clear[_-]?text[_-]?passw(?:or)?d$/i.test(name)) return true;
  // `store` usually names where a value is kept (`password_store`), but a Java keystore's `storePassword` opens it.
  if (/^(?:key|trust)?store[_-]?passw(?:or)?d$/i.test(name)) return true;
  // Yarn's `npmAuthIdent` (`.yarnrc.yml`) is the base64 of `user:password`, although `ident` usually names an identifier.
  if (/^npm[_-]?auth[_-]?ident$/i.test(name)) return true;
  const words = nameWords(name);
  if (words.length === 0 || words.length > 8) return false;
  // AWS-style `ClientToken` is an idempotency key, not a credential.
  if (words.length === 2 && words[0] === 'client' && words[1] === 'token') return false;
  let secret = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (NON_SECRET_WORDS.has(w)) return false;
    if (SECRET_WORDS.has(w)) secret = true;
    else if (w === 'key' || w === 'keys') {
      const before = words[i - 1];
      if (before && NON_SECRET_KEY_QUALIFIERS.has(before)) return false;
      if ((before && KEY_QUALIFIERS.has(before)) || (i > 0 && words.length >= 3 && words[i - 2] === 'api')) secret = true;
      else if (i === 0 && words.length === 2 && words[1] === 'secret') secret = true;
    } else if (w === 'auth' && (words[i + 1] === undefined || words[i + 1] === 'key' || words[i + 1] === 'token' || words[i + 1] === 'header')) {
      secret = words[i + 1] !== 'header';
    } else if (w === 'pass' && (i === words.length - 1 || words[i + 1] === 'word' || words[i + 1] === 'phrase')) {
      secret = true;
    } else if (w.endsWith('apikey') || w.endsWith('secret') || w.endsWith('password') || w.endsWith('passwd') || (w.endsWith('token') && w !== 'token' && !w.startsWith('csrf'))) {
      secret = true;
    }
  }
  return secret;
}

/** True for password-like names, whose values are often short and typed by hand. */
export function isPasswordName(name: string): boolean {
  return nameWords(name).some((w) => w === 'password' || w === 'passwd' || w === 'pwd' || w === 'pass' || w === 'passphrase' || w.endsWith('password'));
}

/**
 * The environment variable a fix reads: the binding's own name when it already is one
 * (`OPENAI_API_KEY`), else its upper-snake form (`hfToken` → `HF_TOKEN`).
 */
export function envVarFromName(name: string): string | undefined {
  const last = name.split(/[.[\]'"]/).filter((s) => s.length > 0).pop() ?? name;
  if (/^[A-Z][A-Z0-9_]*$/.test(last)) return last;
  const words = nameWords(last);
  if (words.length === 0) return undefined;
  return words.join('_').toUpperCase();
}

/** Public-by-design names: `NEXT_PUBLIC_SUPABASE_ANON_KEY`, `*_PUBLISHABLE_KEY`, Firebase and Maps browser keys. */
export function isPublicByDesign(name: string): boolean {
  const words = nameWords(name);
  const publicWords = ['publishable', 'anon', 'anonymous', 'dsn', 'measurement', 'maps', 'map', 'mapbox', 'recaptcha', 'site', 'firebase', 'algolia', 'search', 'analytics', 'posthog', 'segment', 'sentry', 'gtag', 'ga', 'vapid'];
  if (words.some((w) => publicWords.includes(w))) return true;
  for (let i = 0; i + 1 < words.length; i++) if (words[i] === 'public' && words[i + 1] === 'key') return true;
  return false;
}
