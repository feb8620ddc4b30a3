/**
 * Secrets inside containers that hide them from a plain text scan: the base64 `data` values of a Kubernetes
 * `Secret` manifest (YAML or JSON) and a kubeconfig's `client-key-data` (`kubernetes.ts`), the base64
 * `user:password` of a Docker or Podman `auths` entry (also inside a Secret's `.dockerconfigjson`,
 * `registry-auth.ts`), Composer's host-keyed token maps (`composer-auth.ts`), and the private lines of a PuTTY `.ppk` key. Base64 is an encoding, not encryption: each
 * decoded value is scanned like any text (`name: value`, so the generic reader and its filters judge a bare
 * password), and what it finds is reported on the encoded value, which is what a user deletes and rotates.
 */
import type { Candidate } from './candidate';
import { looksRandom } from './entropy';
import { hasPlaceholderMarker } from './placeholders';
import { PRIVATE_KEY_ID } from './providers';
import { kubernetesCandidates } from './kubernetes';
import { dockerAuthCandidates } from './registry-auth';
import { composerAuthCandidates } from './composer-auth';

/** The candidates found by decoding containers in `text` (a YAML, JSON or plain text file). */
export function containerCandidates(text: string): Candidate[] {
  const found: Candidate[] = [];
  // Every container is gated on a plain substring first: code files, most of which hold none, pay a few `includes`.
  if (text.includes('Secret') || text.includes('client-key-data')) found.push(...kubernetesCandidates(text));
  if (text.includes('"auth"')) found.push(...dockerAuthCandidates(text));
  if ((text.includes('"bearer"') || text.includes('-oauth"') || text.includes('"gitlab-token"')) && /"(?:bearer|github-oauth|gitlab-token|gitlab-oauth)"/.test(text)) found.push(...composerAuthCandidates(text));
  if (text.includes('PuTTY-User-Key-File-')) found.push(...puttyKeyCandidates(text));
  return found;
}

/** Drops the plain scan's candidates that overlap a decoded one (the generic reader took the base64 text for a password). */
export function withContainerCandidates(plain: readonly Candidate[], decoded: readonly Candidate[]): Candidate[] {
  if (decoded.length === 0) return [...plain];
  const sorted = [...decoded].sort((a, b) => a.start - b.start);
  // The furthest end among the first i decoded spans: a plain candidate overlaps one of the spans starting before its end exactly when that reaches past its start.
  const reach: number[] = [];
  for (const d of sorted) reach.push(Math.max(d.end, reach[reach.length - 1] ?? -1));
  const kept = plain.filter((c) => {
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (sorted[middle]!.start < c.end) low = middle + 1;
      else high = middle;
    }
    return low === 0 || reach[low - 1]! <= c.start;
  });
  return [...kept, ...sorted].sort((a, b) => a.start - b.start);
}

const PUTTY_HEADER = /^PuTTY-User-Key-File-([23]):[ \t]*(\S+)[ \t]*\r?$/gm;

/** A PuTTY key's `Private-Lines` block: the private key, in plain base64 when `Encryption: none`. */
function puttyKeyCandidates(text: string): Candidate[] {
  const found: Candidate[] = [];
  PUTTY_HEADER.lastIndex = 0;
  for (let m = PUTTY_HEADER.exec(text); m; m = PUTTY_HEADER.exec(text)) {
    // A key is read up to the next key's header, so a file of headers stays linear.
    const next = text.indexOf('PuTTY-User-Key-File-', m.index + 1);
    const rest = text.slice(m.index, Math.min(next < 0 ? text.length : next, m.index + 20_000));
    const encryption = /^Encryption:[ \t]*(\S+)/m.exec(rest)?.[1];
    const lines = /^Private-Lines:[ \t]*(\d{1,4})[ \t]*\r?\n/m.exec(rest);
    if (!encryption || !lines) continue;
    const bodyStart = lines.index + lines[0].length;
    const bodyLines = rest.slice(bodyStart).split('\n').slice(0, Number(lines[1]));
    const body = bodyLines.map((line) => line.trim()).join('');
    if (body.length < 40 || !/^[A-Za-z0-9+/=]+$/.test(body) || hasPlaceholderMarker(body) || /(.)\1{7}/.test(body) || !looksRandom(body.slice(0, 400), 0.7)) continue;
    const encrypted = encryption !== 'none';
    found.push({
      ruleId: PRIVATE_KEY_ID, start: m.index, end: m.index + bodyStart + bodyLines.join('\n').length, value: body, tier: 1, priority: 25,
      label: `${encrypted ? 'encrypted ' : ''}PuTTY ${m[2]} private key`,
      ...(encrypted ? { severity: 'warning' as const } : {}),
    });
  }
  return found;
}
