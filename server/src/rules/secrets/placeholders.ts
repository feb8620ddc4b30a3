/**
 * Filters for values that only look like secrets: placeholders, templates, sequences, paths and
 * references. They are applied to the body after a provider prefix, so `hf_xxxx…` is caught as well
 * as `your-api-key-here`.
 */

/** Words that real keys essentially never contain but placeholders do (lower-case, matched as substrings). */
const PLACEHOLDER_MARKERS = [
  'example', 'sample', 'your', 'placeholder', 'replace', 'changeme', 'change_me', 'change-me', 'changeit',
  'dummy', 'fake', 'mock', 'not_real', 'notreal', 'not-real', 'not-a-real', 'notareal', 'redacted', 'insert',
  'xxxx', '...', '…', '***', '###', 'todo', 'fixme', 'lorem', 'secret_here', 'key_here', 'key-here', 'token_here',
  'token-here', 'here', 'enter_', 'enter-', 'put_', 'my_api', 'my-api', 'api_key', 'apikey', 'api-key', 'password',
  'secret_key', 'secretkey', 'access_token', 'dontuse', 'do_not', 'invalid', 'foobar', 'test_key', 'test-key',
  'testkey', 'testtoken', 'test_token', 'test-token', 'hunter2', 'qwerty', 'asdf', 'letmein', 'abc123', 'default',
  'master-key', 'master_key', 'nokey', 'no-key', 'none', 'null', 'undefined', 'secret123', 'sk-litellm',
];

/** Stronger test/demo words: placeholders for generic values, but allowed inside random provider bodies. */
const WEAK_MARKERS = ['test', 'demo', 'secret', 'token', 'sample', 'temp', 'local', 'admin', 'pass', 'user', 'debug', 'dev'];

/** True when the value contains a placeholder marker word. */
export function hasPlaceholderMarker(value: string): boolean {
  const lower = value.toLowerCase();
  for (const marker of PLACEHOLDER_MARKERS) if (lower.includes(marker)) return true;
  return false;
}

/** True when the value contains a weak marker (used only for generic, context-free values). */
export function hasWeakMarker(value: string): boolean {
  const lower = value.toLowerCase();
  for (const marker of WEAK_MARKERS) if (lower.includes(marker)) return true;
  return false;
}

/** Template and variable syntax: `${X}`, `{{x}}`, `$(x)`, `%s`, `{0}`, `<X>`, `%X%`, `@X@`, `ENC(...)`, a leading `$`. */
export function isTemplate(value: string): boolean {
  if (value.startsWith('$') || value.startsWith('%') || value.startsWith('<') || value.startsWith('{')) return true;
  if (value.includes('${') || value.includes('{{') || value.includes('}}') || value.includes('$(') || value.includes('#{')) return true;
  if (value.includes('%s') || value.includes('%(') || value.includes('%d') || /\{\d*\}/.test(value)) return true;
  if (/^@\w+@$/.test(value) || /^ENC\(/.test(value)) return true;
  if (value.includes('<') && value.includes('>')) return true;
  return false;
}

/**
 * Runs of identical characters or of ascending/descending characters (`aaaa`, `1234`, `dcba`) at least
 * `minRun` long: the marks of hand-typed values (CredSweeper's check, after Meli et al.).
 */
export function hasSequence(value: string, minRun: number): boolean {
  let same = 1, up = 1, down = 1;
  for (let i = 1; i < value.length; i++) {
    const d = value.charCodeAt(i) - value.charCodeAt(i - 1);
    same = d === 0 ? same + 1 : 1;
    up = d === 1 ? up + 1 : 1;
    down = d === -1 ? down + 1 : 1;
    if (same >= minRun || up >= minRun || down >= minRun) return true;
  }
  return false;
}

/**
 * Few distinct characters for the length: `abababab`, `x1x1x1x1`. For the body of a known provider
 * format the bar stops rising at `cap` distinct characters, because a long random body over a small
 * alphabet (a 146-digit hex key has only 16) would otherwise fall under it; generic values keep the
 * uncapped bar, which also drops long encoded examples such as base64 of hex.
 */
export function hasLowVariety(value: string, cap = Infinity): boolean {
  const distinct = new Set(value).size;
  return distinct <= Math.max(3, Math.min(cap, Math.floor(value.length / 6)));
}

/**
 * Letter-only values that read as words in camelCase or snake_case (`AutoModelForCausalLM`), which a
 * random token almost never does: random mixed case flips case about every other character.
 */
export function looksLikeWords(value: string): boolean {
  if (/[0-9]/.test(value)) return false;
  const letters = value.replace(/[^A-Za-z]/g, '');
  if (letters.length < 8) return true;
  let flips = 0;
  for (let i = 1; i < letters.length; i++) {
    const a = letters.charCodeAt(i - 1) < 97;
    const b = letters.charCodeAt(i) < 97;
    if (a !== b) flips++;
  }
  const hasBoth = /[a-z]/.test(letters) && /[A-Z]/.test(letters);
  if (hasBoth) return flips < letters.length * 0.3;
  // A single case: separators between words, or a vowel share typical of words.
  const vowels = letters.replace(/[^aeiouAEIOU]/g, '').length;
  return /[_\-.]/.test(value) || vowels / letters.length > 0.3;
}

/** Paths, URLs without credentials, file names and other things that are not secrets. */
export function isPathOrUrl(value: string): boolean {
  if (/^(?:https?|wss?|ftp|file|s3|gs):\/\//i.test(value)) return true;
  if (/^(?:\.{0,2}\/|~\/|[A-Za-z]:\\|\\\\)/.test(value)) return true;
  if (/^[\w.-]+\.(?:json|ya?ml|toml|txt|pem|key|crt|cer|p12|pfx|env|ini|cfg|conf|py|js|ts|html|csv|db|sqlite|log)$/i.test(value)) return true;
  return false;
}

/** The value names a variable instead of holding one: `OPENAI_API_KEY`, `<OPENAI_API_KEY>`, `api_key`. */
export function isVariableName(value: string, bindingName?: string): boolean {
  const stripped = value.replace(/^[<{[(]+|[>}\])]+$/g, '');
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(stripped)) return true;
  if (bindingName && stripped.toLowerCase() === bindingName.toLowerCase()) return true;
  return false;
}

/**
 * Identifier-like values made of camelCase or snake_case words (`DistributionList.NextMarker`,
 * `LastEvaluatedTableName`): split into case runs, words average four or more characters, while a
 * random token breaks into runs of one or two.
 */
export function looksLikeCamelWords(value: string): boolean {
  const runs = value.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+/g);
  if (!runs || runs.length === 0) return false;
  const letters = runs.filter((r) => !/^[0-9]/.test(r));
  if (letters.length === 0) return false;
  const average = letters.reduce((n, r) => n + r.length, 0) / letters.length;
  const digits = runs.length - letters.length;
  return average >= 4 && digits <= 2;
}

/** Regular expressions and character classes (`[a-zA-Z0-9+=,.@-]+`, `\d{4}`). */
export function looksLikeRegex(value: string): boolean {
  return /\[dwsDWSbB.]|\[[^\]]{1,40}\][*+?{]|\[\^|\(\?[:!=]/.test(value);
}
