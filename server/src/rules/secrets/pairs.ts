/**
 * Secrets that work only with an identifier next to them: an AWS secret access key with its access key id, an
 * Entra ID client secret with its application (client) id, a Twilio API key with its account SID, the HMAC secret of
 * Cloud Storage, Tencent Cloud or IBM COS with its access id, a PayPal client secret with its client id, a Coinbase CDP
 * private key with its key name (`organizations/<uuid>/apiKeys/<uuid>`), an Oracle Cloud API signing key with its
 * fingerprint (next to an OCID, as in an SDK configuration or CI variables). When both are
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
  /** Something else the window must hold for the pair to be this provider's (an OCID for Oracle Cloud). */
  requires?: RegExp;
}

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

const PAIR_RULES: readonly PairRule[] = [
  { secretRule: 'AIS441', label: 'access key id', window: 1024, candidateRule: 'AIS440' },
  // The client id is a GUID named as one (`client_id=`, `AZURE_CLIENT_ID`, `clientId:`, `"appId":`); a bare GUID could be a tenant id.
  { secretRule: 'AIS443', label: 'client id', window: 400, pattern: new RegExp(`(?:client|app(?:lication)?)[_-]?id["']?\\s*[:=]\\s*["']?(${UUID})(?![0-9a-fA-F-])`, 'gi') },
  { secretRule: 'AIS451', label: 'account SID', window: 400, pattern: /(?<![0-9A-Za-z])(AC[0-9a-f]{32})(?![0-9A-Za-z])/g },
  // HMAC key pairs of S3-compatible object stores: the access id is an identifier, the secret is the key.
  { secretRule: 'AIS4047', label: 'HMAC access id', window: 1024, pattern: /(?<![0-9A-Za-z])(GOOG1[0-9A-Z]{20,70})(?![0-9A-Za-z])/g },
  { secretRule: 'AIS4048', label: 'SecretId', window: 1024, pattern: /(?<![0-9A-Za-z])(AKID[0-9A-Za-z]{32})(?![0-9A-Za-z])/g },
  // PayPal's client id (public, in the JS SDK URL) and secret are one credential; ids begin with `A`.
  { secretRule: 'AIS4080', label: 'client id', window: 400, pattern: /(?:client[_-]?id|CLIENT_ID|clientId)["']?\s*[:=]\s*["']?(A[A-Za-z0-9_-]{70,90})(?![A-Za-z0-9_-])/g },
  // A Coinbase Developer Platform key is a key name and an EC private key: the name says whose key the PEM block is.
  { secretRule: 'AIS452', label: 'Coinbase CDP API key name', window: 600, pattern: new RegExp(`(organizations/${UUID}/apiKeys/${UUID})(?![0-9a-fA-F-])`, 'g') },
  // An Oracle Cloud API signing key is a PEM key uploaded to a user; its fingerprint (16 hex pairs) names the key to delete
  // in the console. An SSH key's MD5 fingerprint has the same shape, so an OCID (`ocid1.user…`, `ocid1.tenancy…`) must be near.
  { secretRule: 'AIS452', label: 'Oracle Cloud API key fingerprint', window: 1024, pattern: /fingerprint["']?\s{0,4}[:=]\s{0,4}["']?([0-9a-fA-F:]{47})(?![0-9a-fA-F:])/gi, requires: /\bocid1\.(?:user|tenancy)\./ },
  { secretRule: 'AIS4049', label: 'HMAC access key id', window: 600, pattern: /access_key_id["']?\s*[:=]\s*["']?([0-9a-f]{32})(?![0-9A-Za-z])/gi },
];

/** The pair rules of each secret rule, tried in order (a PEM key may be Coinbase's or Oracle Cloud's). */
const PAIR_BY_SECRET = new Map<string, PairRule[]>();
for (const rule of PAIR_RULES) PAIR_BY_SECRET.set(rule.secretRule, [...(PAIR_BY_SECRET.get(rule.secretRule) ?? []), rule]);

/**
 * Gives each secret candidate whose identifier is in its window a `pair` (the nearest identifier; the candidate is
 * replaced in the list), and returns the identifier candidates a pair absorbed, each with its secret.
 */
export function pairSecrets(text: string, candidates: Candidate[]): Map<Candidate, Candidate> {
  const absorbed = new Map<Candidate, Candidate>();
  for (const [i, candidate] of candidates.entries()) {
    const rules = PAIR_BY_SECRET.get(candidate.ruleId);
    if (!rules) continue;
    let partner: ReturnType<typeof nearestCandidate> | ReturnType<typeof nearestMatch>;
    for (const rule of rules) {
      partner = rule.candidateRule ? nearestCandidate(candidates, i, rule) : nearestMatch(text, candidate, rule);
      if (partner) break;
    }
    if (!partner) continue;
    const paired = { ...candidate, pair: partner.value };
    candidates[i] = paired;
    if (partner.candidate && !absorbed.has(partner.candidate)) absorbed.set(partner.candidate, paired);
  }
  joinSessionTokens(candidates, absorbed);
  return absorbed;
}

const SESSION_TOKEN_RULE = 'AIS4046';
/** How far an STS session token may be from its secret access key (a credentials file section, an `export` block). */
const SESSION_TOKEN_WINDOW = 2048;

/**
 * Temporary AWS credentials are three values: the `ASIA…` key id, the secret access key and the session token.
 * A session token near a secret access key that is already paired with its key id joins that finding, so the
 * credential is one finding naming all three places.
 */
function joinSessionTokens(candidates: Candidate[], absorbed: Map<Candidate, Candidate>): void {
  for (const [i, secret] of candidates.entries()) {
    if (secret.ruleId !== 'AIS441' || !secret.pair) continue;
    let token: Candidate | undefined;
    for (const other of candidates) {
      if (other.ruleId !== SESSION_TOKEN_RULE || absorbed.has(other) || distance(other, secret) > SESSION_TOKEN_WINDOW) continue;
      if (!token || distance(other, secret) < distance(token, secret)) token = other;
    }
    if (!token) continue;
    const joined: Candidate = { ...secret, companion: { label: 'session token', start: token.start, end: token.end, value: token.value } };
    candidates[i] = joined;
    for (const [identifier, owner] of absorbed) if (owner === secret) absorbed.set(identifier, joined);
    absorbed.set(token, joined);
  }
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
  if (rule.requires && !rule.requires.test(window)) return undefined;
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
