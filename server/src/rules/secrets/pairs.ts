/**
 * Secrets that work only with an identifier next to them: an AWS secret access key with its access key id, an
 * Entra ID client secret with its application (client) id, a Twilio API key with its account SID. When both are
 * in the file, they are one credential and one finding: reported on the secret, with the identifier's place as a
 * second location, and the identifier's own finding (an AWS key id is one) absorbed into it.
 */
import type { Candidate, PairedValue } from './candidate';

interface PairRule {
  /** The secret's rule. */
  secretRule: string;
  /** What the identifier is, for the message ("access key id"). */
  label: string;
  /** Characters searched before and after the secret. */
  window: number;
  /** The identifier as another candidate of the scan (the AWS key id, which is reported on its own too)... */
  candidateRule?: string;
  /** ...or as a pattern in the window; the first group (or the whole match) is the identifier. Global, case as written. */
  pattern?: RegExp;
}

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

const PAIR_RULES: readonly PairRule[] = [
  { secretRule: 'AIS441', label: 'access key id', window: 1024, candidateRule: 'AIS440' },
  // The client id is a GUID named as one (`client_id=`, `AZURE_CLIENT_ID`, `clientId:`, `"appId":`); a bare GUID could be a tenant id.
  { secretRule: 'AIS443', label: 'client id', window: 400, pattern: new RegExp(`(?:client|app(?:lication)?)[_-]?id["']?\\s*[:=]\\s*["']?(${UUID})(?![0-9a-fA-F-])`, 'gi') },
  { secretRule: 'AIS451', label: 'account SID', window: 400, pattern: /(?<![0-9A-Za-z])(AC[0-9a-f]{32})(?![0-9A-Za-z])/g },
];

const PAIR_BY_SECRET = new Map(PAIR_RULES.map((rule) => [rule.secretRule, rule]));

/**
 * Gives each secret candidate whose identifier is in its window a `pair` (the nearest identifier; the candidate is
 * replaced in the list), and returns the identifier candidates a pair absorbed, each with its secret.
 */
export function pairSecrets(text: string, candidates: Candidate[]): Map<Candidate, Candidate> {
  const absorbed = new Map<Candidate, Candidate>();
  for (const [i, candidate] of candidates.entries()) {
    const rule = PAIR_BY_SECRET.get(candidate.ruleId);
    if (!rule) continue;
    const partner = rule.candidateRule ? nearestCandidate(candidates, i, rule) : nearestMatch(text, candidate, rule);
    if (!partner) continue;
    const paired = { ...candidate, pair: partner.value };
    candidates[i] = paired;
    if (partner.candidate && !absorbed.has(partner.candidate)) absorbed.set(partner.candidate, paired);
  }
  return absorbed;
}

/** The identifier candidate nearest the secret; candidates are in text order, so the search stops at the window's edges. */
function nearestCandidate(candidates: readonly Candidate[], index: number, rule: PairRule): { value: PairedValue; candidate: Candidate } | undefined {
  const secret = candidates[index]!;
  let best: Candidate | undefined;
  const consider = (other: Candidate): void => {
    if (other.ruleId === rule.candidateRule && (!best || distance(other, secret) < distance(best, secret))) best = other;
  };
  for (let i = index - 1; i >= 0 && secret.start - candidates[i]!.end <= rule.window; i--) consider(candidates[i]!);
  for (let i = index + 1; i < candidates.length && candidates[i]!.start - secret.end <= rule.window; i++) consider(candidates[i]!);
  const found = best as Candidate | undefined;
  return found ? { value: { label: rule.label, start: found.start, end: found.end, value: found.value }, candidate: found } : undefined;
}

function nearestMatch(text: string, secret: Candidate, rule: PairRule): { value: PairedValue; candidate?: undefined } | undefined {
  const from = Math.max(0, secret.start - rule.window);
  const window = text.slice(from, Math.min(text.length, secret.end + rule.window));
  const pattern = rule.pattern!;
  pattern.lastIndex = 0;
  let best: PairedValue | undefined;
  for (let m = pattern.exec(window); m; m = pattern.exec(window)) {
    const value = m[1] ?? m[0];
    const start = from + m.index + m[0].length - value.length;
    const found = { label: rule.label, start, end: start + value.length, value };
    if (!best || distance(found, secret) < distance(best, secret)) best = found;
  }
  return best ? { value: best } : undefined;
}

function distance(a: { start: number; end: number }, b: { start: number; end: number }): number {
  return a.end <= b.start ? b.start - a.end : b.end <= a.start ? a.start - b.end : 0;
}
