/**
 * Baselines: the findings a project has accepted, stored in `.aisec-baseline.json` as a rule, a
 * workspace-relative path and a keyed hash. Never the secret and never a line number, so moving code
 * keeps it baselined and the file can be committed. Hosts do the file I/O; this module is pure.
 */
import type { Finding, SuppressedFinding } from './finding';
import { hmacSha256Hex } from './secrets/sha256';

export const BASELINE_FILE_NAME = '.aisec-baseline.json';
export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  rule: string;
  /** Workspace-relative, with `/` separators. */
  path: string;
  /** Hex HMAC-SHA-256 under the baseline's salt of the rule and the finding's content hash. */
  hash: string;
}

export interface Baseline {
  version: typeof BASELINE_VERSION;
  /** How `hash` is computed, so a future format can be told apart. */
  hashAlgorithm: 'hmac-sha256';
  /** The HMAC key (random per baseline, hex), so hashes cannot be compared across projects or looked up in precomputed tables. */
  salt: string;
  entries: BaselineEntry[];
}

/**
 * The content hash a baseline keys on: a secret's keyed hash (`properties.secretHash`) when the family
 * provides one, else the finding's location-independent fingerprint.
 */
export function contentHashOf(finding: Finding): string {
  const secretHash = finding.properties?.['secretHash'];
  return typeof secretHash === 'string' ? secretHash : finding.fingerprint;
}

/** The baseline hash of one finding under `salt`. */
export function baselineHash(finding: Finding, salt: string): string {
  return hmacSha256Hex(salt, `${finding.ruleId}\u0000${contentHashOf(finding)}`);
}

/**
 * Builds a baseline from findings. `relativePath` turns the path the engine was given into the
 * workspace-relative one stored in the file (the identity by default). `salt` comes from the host's
 * random source (`saltFromBytes(randomBytes(16))`), or from the existing baseline when updating it.
 */
export function buildBaseline(findings: readonly Finding[], salt: string, relativePath: (path: string) => string = (p) => p): Baseline {
  const seen = new Set<string>();
  const entries: BaselineEntry[] = [];
  for (const f of findings) {
    const entry = { rule: f.ruleId, path: normalisePath(relativePath(f.path)), hash: baselineHash(f, salt) };
    const key = `${entry.rule}\u0000${entry.path}\u0000${entry.hash}`;
    if (seen.has(key)) continue;
    seen.add(key);
    entries.push(entry);
  }
  entries.sort((a, b) => compare(a.path, b.path) || compare(a.rule, b.rule) || compare(a.hash, b.hash));
  return { version: BASELINE_VERSION, hashAlgorithm: 'hmac-sha256', salt, entries };
}

/** Splits findings into those not in the baseline and those it suppresses (reported as `by: 'baseline'`). */
export function filterByBaseline(
  findings: readonly Finding[],
  baseline: Baseline,
  relativePath: (path: string) => string = (p) => p,
): { kept: Finding[]; suppressed: SuppressedFinding[] } {
  const known = new Set(baseline.entries.map((e) => `${e.rule}\u0000${normalisePath(e.path)}\u0000${e.hash}`));
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const f of findings) {
    const key = `${f.ruleId}\u0000${normalisePath(relativePath(f.path))}\u0000${baselineHash(f, baseline.salt)}`;
    if (known.has(key)) suppressed.push({ finding: f, by: 'baseline' });
    else kept.push(f);
  }
  return { kept, suppressed };
}

/** Stable JSON text for the file (sorted entries, two-space indent, final newline) so diffs stay small. */
export function serializeBaseline(baseline: Baseline): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

/** Reads a baseline file's text; an error message instead of throwing when it is malformed. */
export function parseBaseline(text: string): { ok: true; baseline: Baseline } | { ok: false; error: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!isRecord(data)) return { ok: false, error: 'the baseline is not a JSON object' };
  if (data['version'] !== BASELINE_VERSION) return { ok: false, error: `unsupported baseline version ${String(data['version'])}` };
  if (data['hashAlgorithm'] !== 'hmac-sha256') return { ok: false, error: 'unsupported hashAlgorithm (expected "hmac-sha256")' };
  const salt = data['salt'];
  if (typeof salt !== 'string' || !/^[0-9a-f]{16,128}$/.test(salt)) return { ok: false, error: 'the salt must be 16 to 128 lower-case hex digits' };
  const rawEntries = data['entries'];
  if (!Array.isArray(rawEntries)) return { ok: false, error: '"entries" must be an array' };
  const entries: BaselineEntry[] = [];
  for (const [i, e] of rawEntries.entries()) {
    if (!isRecord(e) || typeof e['rule'] !== 'string' || typeof e['path'] !== 'string' || typeof e['hash'] !== 'string' || !/^[0-9a-f]{64}$/.test(e['hash'])) {
      return { ok: false, error: `entry ${i} must have string "rule", "path" and a 64-hex-digit "hash"` };
    }
    entries.push({ rule: e['rule'], path: normalisePath(e['path']), hash: e['hash'] });
  }
  return { ok: true, baseline: { version: BASELINE_VERSION, hashAlgorithm: 'hmac-sha256', salt, entries } };
}

/** Hex text of random bytes from the host (the engine has no random source of its own). */
export function saltFromBytes(bytes: Uint8Array): string {
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return hex;
}

function normalisePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.\//, '');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
