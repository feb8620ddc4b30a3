/**
 * A token that a test file also asserts on (`expect(out).not.toContain("ghp_…")`, `assert "sk-…" not in out`)
 * is the input of a redaction, masking or parsing test: the code under test is given the value and checked
 * against it. Such a test needs a token in the provider's real format (often with a valid checksum), so the
 * format says nothing; the assertion does. On the real-code benchmark these were all 19 GitHub-token errors in
 * one project's redaction tests. A key that a test only uses (passed to a client) is not asserted on and keeps
 * its severity.
 */

/** A line that checks a value: `expect(…)`, `assert…`, `should`, or a matcher such as `.toContain(`. */
const ASSERTION_LINE = /\b(?:expect|assert\w*|should)\b|\.(?:toBe|toEqual|toContain|toMatch|toStrictEqual)\w*\(/;

/** Occurrences of one value looked at before giving up (a generated file may repeat it thousands of times). */
const MAX_OCCURRENCES = 200;

/** True when some line of `text` holding `value` is an assertion. */
export function isAssertedValue(text: string, value: string): boolean {
  if (value.length === 0) return false;
  let at = text.indexOf(value);
  for (let seen = 0; at >= 0 && seen < MAX_OCCURRENCES; seen += 1) {
    const lineStart = text.lastIndexOf('\n', at) + 1;
    const lineEnd = text.indexOf('\n', at);
    if (ASSERTION_LINE.test(text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd))) return true;
    at = text.indexOf(value, at + value.length);
  }
  return false;
}
