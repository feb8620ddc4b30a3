/**
 * The diff `aisec fix --diff` prints. It is computed on the real lines, but every line is printed as
 * `RedactedDocument` shows it: a fix that moves a key out of the code must not print the key on its `-`
 * line (nor a URL password or any other secret on a context line). Masking keeps line breaks, so the
 * hunk header counts real lines.
 */
import { RedactedDocument } from '../rules/secrets/redact-text';

/** A minimal unified diff of one file: the changed block of lines with a little context, redacted. */
export function unifiedDiff(path: string, before: string, after: string): string {
  const a = before.split('\n');
  const b = after.split('\n');
  const shownA = new RedactedDocument(before);
  const shownB = new RedactedDocument(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length - 1;
  let endB = b.length - 1;
  while (endA >= start && endB >= start && a[endA] === b[endB]) {
    endA -= 1;
    endB -= 1;
  }
  const from = Math.max(0, start - 2);
  const toA = Math.min(a.length - 1, endA + 2);
  const toB = Math.min(b.length - 1, endB + 2);
  const out = [`--- a/${path}`, `+++ b/${path}`, `@@ -${from + 1},${toA - from + 1} +${from + 1},${toB - from + 1} @@`];
  for (let i = from; i < start; i += 1) out.push(` ${shownA.line(i).text}`);
  for (let i = start; i <= endA; i += 1) out.push(`-${shownA.line(i).text}`);
  for (let i = start; i <= endB; i += 1) out.push(`+${shownB.line(i).text}`);
  for (let i = endA + 1; i <= toA; i += 1) out.push(` ${shownA.line(i).text}`);
  return `${out.join('\n')}\n`;
}
