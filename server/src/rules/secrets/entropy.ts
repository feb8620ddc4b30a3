/**
 * Charset-aware entropy. A fixed Shannon threshold penalises short strings and hex (random 32-hex sits
 * at about 3.4 bits, below most fixed gates), so a value is compared with the entropy a random string of
 * the same length over the same alphabet is expected to have.
 */

/** The smallest common alphabet that contains every character of `value`, by its size. */
export function alphabetSize(value: string): number {
  let lowerHex = false, upperHex = false, lower = false, upper = false, digit = false, urlSafe = false, b64 = false, other = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) digit = true;
    else if (c >= 97 && c <= 102) lowerHex = true;
    else if (c >= 65 && c <= 70) upperHex = true;
    else if (c >= 97 && c <= 122) lower = true;
    else if (c >= 65 && c <= 90) upper = true;
    else if (c === 45 || c === 95) urlSafe = true;
    else if (c === 43 || c === 47 || c === 61) b64 = true;
    else other = true;
  }
  if (other) return 95;
  if (urlSafe || b64) return 64;
  const anyLower = lower || lowerHex;
  const anyUpper = upper || upperHex;
  if (!lower && !upper && !(lowerHex && upperHex)) {
    if (lowerHex || upperHex) return 16;
    if (digit) return 10;
  }
  if (anyLower && anyUpper) return digit ? 62 : 52;
  return digit ? 36 : 26;
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let h = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/**
 * The expected Shannon entropy of a uniformly random string of `length` characters over `alphabet`
 * symbols. Each symbol's count is Binomial(n, 1/k), so E[H] = -k · Σ P(X = x) · (x/n) · log2(x/n),
 * computed exactly (in log space) and cached.
 */
export function expectedEntropy(length: number, alphabet: number): number {
  const n = Math.max(1, Math.min(length, 512));
  const key = n * 1000 + alphabet;
  const cached = EXPECTED_CACHE.get(key);
  if (cached !== undefined) return cached;
  const p = 1 / alphabet;
  const logP = Math.log(p);
  const logQ = Math.log(1 - p);
  let logBinom = 0; // log C(n, 0)
  let sum = 0;
  for (let x = 1; x <= n; x++) {
    logBinom += Math.log(n - x + 1) - Math.log(x);
    const probability = Math.exp(logBinom + x * logP + (n - x) * logQ);
    const share = x / n;
    sum += probability * share * Math.log2(share);
  }
  const expected = -alphabet * sum;
  EXPECTED_CACHE.set(key, expected);
  return expected;
}

/** True when `value` carries at least `ratio` of the entropy a random string of its shape would have. */
export function looksRandom(value: string, ratio: number): boolean {
  if (value.length < 8) return false;
  return shannonEntropy(value) >= ratio * expectedEntropy(value.length, alphabetSize(value));
}

const EXPECTED_CACHE = new Map<number, number>();
