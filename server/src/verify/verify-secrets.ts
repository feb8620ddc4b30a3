/**
 * Opt-in live verification of reported keys (`aisec scan --verify`): for each secret finding whose provider
 * has a read-only check, one request per distinct key to the provider's own host, with a short timeout.
 * The finding gains `properties.verified` (`active`, `inactive` or `unknown`) and a sentence saying so.
 *
 * Never automatic and never for a host the file names. The key travels only in the request's header (or
 * body) to the fixed origin; it is never logged: problems name the provider and the file's line only.
 * Tests point the fixed origins at loopback servers through `AISEC_VERIFY_ORIGINS` (a JSON map from the
 * canonical origin to a test origin); nothing else can change where a key is sent.
 */
import type { Finding } from '../engine/index';
import { TextIndex } from '../engine/index';
import { httpRequest } from '../intel/http';
import { SECRET_VERIFIERS, type SecretVerifier, type Verdict } from './secret-verifiers';

export interface VerifyOptions {
  /** Per request (default 5 s). */
  timeoutMs?: number;
  /** The clock for signed requests (tests). */
  now?: () => Date;
  /** Canonical origin → origin to use instead (tests only). */
  origins?: Readonly<Record<string, string>>;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
}

export interface VerifySummary {
  active: number;
  inactive: number;
  unknown: number;
  /** Findings of providers without a read-only check (left as they were). */
  unverifiable: number;
}

const VERIFIERS = new Map(SECRET_VERIFIERS.map((v) => [v.ruleId, v]));

/** The test-only origin map from the environment, or undefined. */
export function verifyOriginsFromEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> | undefined {
  const raw = env.AISEC_VERIFY_ORIGINS;
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Verifies the secret findings in place (their properties and messages). `textOf` returns a file's text,
 * from which each key is read at its finding's range.
 */
export async function verifySecretFindings(findings: Finding[], textOf: (path: string) => string | undefined, options: VerifyOptions = {}): Promise<VerifySummary> {
  const summary: VerifySummary = { active: 0, inactive: 0, unknown: 0, unverifiable: 0 };
  // One request per distinct key: the same key reported in several places gets one answer.
  const byKey = new Map<string, { verifier: SecretVerifier; secret: string; identifier?: string; findings: Finding[] }>();
  const texts = new Map<string, TextIndex>();
  for (const finding of findings) {
    if (finding.category !== 'secrets') continue;
    const verifier = VERIFIERS.get(finding.ruleId);
    if (!verifier) {
      summary.unverifiable++;
      continue;
    }
    const secret = secretAt(finding, textOf, texts);
    if (!secret) {
      mark(finding, verifier, 'unknown', 'the key could not be read back from the file');
      summary.unknown++;
      continue;
    }
    // A paired secret's identifier is the first step of its flow (see the secrets checker's pairs).
    const pairStep = verifier.needsIdentifier ? finding.flow?.[0] : undefined;
    const identifier = pairStep && pairStep.path === undefined && finding.flow!.length >= 2 ? secretAt({ ...finding, range: pairStep.range }, textOf, texts) : undefined;
    const key = `${finding.ruleId}\u0000${identifier ?? ''}\u0000${secret}`;
    const entry = byKey.get(key) ?? { verifier, secret, ...(identifier ? { identifier } : {}), findings: [] };
    entry.findings.push(finding);
    byKey.set(key, entry);
  }
  const queue = [...byKey.values()];
  const workers = Array.from({ length: Math.min(options.concurrency ?? 4, queue.length) }, async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      const { verdict, why } = await ask(job.verifier, job.secret, job.identifier, options);
      for (const finding of job.findings) {
        mark(finding, job.verifier, verdict, why);
        summary[verdict]++;
      }
    }
  });
  await Promise.all(workers);
  return summary;
}

async function ask(verifier: SecretVerifier, secret: string, identifier: string | undefined, options: VerifyOptions): Promise<{ verdict: Verdict; why?: string }> {
  const request = verifier.request(secret, { ...(identifier ? { identifier } : {}), now: options.now?.() ?? new Date() });
  if (typeof request === 'string') return { verdict: 'unknown', why: request };
  const origin = options.origins?.[request.origin] ?? request.origin;
  try {
    const response = await httpRequest(`${origin}${request.path}`, {
      method: request.method,
      headers: request.headers,
      ...(request.body !== undefined ? { body: request.body } : {}),
      timeoutMs: options.timeoutMs ?? 5000,
      maxBytes: 256 * 1024,
    });
    const verdict = verifier.verdict(response.status, response.body);
    return verdict === 'unknown' ? { verdict, why: response.status === 429 ? 'the provider is rate-limiting (429)' : `the provider answered ${response.status}` } : { verdict };
  } catch (error) {
    // The error of a failed request names the URL at most, never the header that holds the key.
    const name = (error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError' ? 'the request timed out' : 'the provider could not be reached';
    return { verdict: 'unknown', why: name };
  }
}

function secretAt(finding: Finding, textOf: (path: string) => string | undefined, cache: Map<string, TextIndex>): string | undefined {
  let indexed = cache.get(finding.path);
  if (!indexed) {
    const text = textOf(finding.path);
    if (text === undefined) return undefined;
    indexed = new TextIndex(text);
    cache.set(finding.path, indexed);
  }
  const value = indexed.text.slice(indexed.offsetAt(finding.range.start), indexed.offsetAt(finding.range.end));
  // A provider key is one printable token; anything else is not what the provider would accept.
  return /^[\x21-\x7e]{8,512}$/.test(value) ? value : undefined;
}

function mark(finding: Finding, verifier: SecretVerifier, verdict: Verdict, why?: string): void {
  finding.properties = { ...finding.properties, verified: verdict };
  const sentence =
    verdict === 'active'
      ? ` Verified: ${verifier.provider} accepts this key, so it is live; revoke it now.`
      : verdict === 'inactive'
        ? ` Checked: ${verifier.provider} rejects this key (revoked or never valid).`
        : ` Could not check it with ${verifier.provider}: ${why ?? 'no clear answer'}.`;
  finding.message = `${finding.message}${sentence}`;
}
