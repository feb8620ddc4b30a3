/**
 * Suppression comments. Findings they cover are moved to `suppressed` (counted, never dropped silently).
 *
 * - `aisec: ignore[AIS101, unsafe-pickle-load]` on the finding's line, or alone on the line above; `aisec: ignore` covers every rule.
 * - `aisec: ignore-file[AIS101]` anywhere in the file (`aisec: ignore-file` alone covers every rule).
 * - Bandit's `# nosec` (all rules) or `# nosec B301, AIS101` (the listed peer or AISec codes), when `honourNosec` is on.
 * - `pragma: allowlist secret` (detect-secrets) and `gitleaks:allow` (gitleaks), for secrets only.
 */
import type { Finding, SuppressedFinding } from './finding';
import type { TextIndex } from './text-index';

const DIRECTIVE = /aisec:\s*ignore(-file)?(?:\[([^\]\n]*)\])?/g;
const NOSEC = /(?:#|\/\/|--)\s*nosec\b(?::?\s*([A-Za-z0-9_, -]*))?/;
const SECRET_ALLOW = /pragma:\s*allowlist[ -]secret|gitleaks:allow/;
const COMMENT_ONLY = /^\s*(#|\/\/|\/\*|\*|<!--|--|;)/;

/** Peer (Bandit) codes that correspond to AISec rules, so `# nosec B301` keeps working after a switch. */
export type PeerCodes = ReadonlyMap<string, readonly string[]>;

interface LineDirectives {
  ignore: Set<string> | 'all' | undefined;
  nosec: Set<string> | 'all' | undefined;
  secretAllow: boolean;
}

export interface SuppressionOptions {
  honourNosec: boolean;
  /** AISec rule id → Bandit test ids that cover the same pattern. */
  peerCodes?: PeerCodes;
}

export function applySuppressions(
  findings: Finding[],
  text: string,
  index: TextIndex,
  options: SuppressionOptions,
): { kept: Finding[]; suppressed: SuppressedFinding[] } {
  if (findings.length === 0) return { kept: findings, suppressed: [] };
  const fileWide = fileDirectives(text);
  const cache = new Map<number, LineDirectives>();
  const directivesAt = (line: number): LineDirectives => {
    let d = cache.get(line);
    if (!d) cache.set(line, (d = lineDirectives(index.lineText(line))));
    return d;
  };

  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const finding of findings) {
    const names = [finding.ruleId, finding.ruleName, finding.category];
    if (matches(fileWide, names)) {
      suppressed.push({ finding, by: 'aisec-ignore-file' });
      continue;
    }
    const lines = new Set([finding.range.start.line, finding.range.end.line]);
    let by: SuppressedFinding['by'] | undefined;
    for (const line of lines) {
      const d = directivesAt(line);
      if (matches(d.ignore, names)) by = 'aisec-ignore';
      else if (options.honourNosec && matchesNosec(d.nosec, finding.ruleId, options.peerCodes)) by = 'nosec';
      else if (finding.category === 'secrets' && d.secretAllow) by = /gitleaks/.test(index.lineText(line)) ? 'gitleaks-allow' : 'pragma-allowlist';
      if (by) break;
    }
    const above = finding.range.start.line - 1;
    if (!by && above >= 0 && COMMENT_ONLY.test(index.lineText(above))) {
      const d = directivesAt(above);
      if (matches(d.ignore, names)) by = 'aisec-ignore';
      else if (options.honourNosec && matchesNosec(d.nosec, finding.ruleId, options.peerCodes)) by = 'nosec';
      else if (finding.category === 'secrets' && d.secretAllow) by = 'pragma-allowlist';
    }
    if (by) suppressed.push({ finding, by });
    else kept.push(finding);
  }
  return { kept, suppressed };
}

function fileDirectives(text: string): Set<string> | 'all' | undefined {
  if (!text.includes('ignore-file')) return undefined;
  let result: Set<string> | undefined;
  for (const m of text.matchAll(DIRECTIVE)) {
    if (!m[1]) continue;
    if (m[2] === undefined || m[2].trim() === '') return 'all';
    result ??= new Set();
    for (const code of splitCodes(m[2])) result.add(code);
  }
  return result;
}

function lineDirectives(line: string): LineDirectives {
  let ignore: LineDirectives['ignore'];
  if (line.includes('aisec')) {
    let codes: Set<string> | undefined;
    for (const m of line.matchAll(DIRECTIVE)) {
      if (m[1]) continue;
      if (m[2] === undefined || m[2].trim() === '') {
        codes = undefined;
        ignore = 'all';
        break;
      }
      codes ??= new Set();
      for (const code of splitCodes(m[2])) codes.add(code);
    }
    if (ignore !== 'all') ignore = codes;
  }
  let nosec: LineDirectives['nosec'];
  if (line.includes('nosec')) {
    const m = NOSEC.exec(line);
    if (m) {
      const codes = splitCodes(m[1] ?? '');
      nosec = codes.length === 0 ? 'all' : new Set(codes);
    }
  }
  return { ignore, nosec, secretAllow: SECRET_ALLOW.test(line) };
}

function splitCodes(list: string): string[] {
  return list
    .split(/[\s,]+/)
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s.length > 0);
}

function matches(set: Set<string> | 'all' | undefined, names: string[]): boolean {
  if (set === undefined) return false;
  if (set === 'all') return true;
  return names.some((n) => set.has(n.toLowerCase()));
}

function matchesNosec(set: Set<string> | 'all' | undefined, ruleId: string, peers: PeerCodes | undefined): boolean {
  if (set === undefined) return false;
  if (set === 'all') return true;
  if (set.has(ruleId.toLowerCase())) return true;
  return (peers?.get(ruleId) ?? []).some((code) => set.has(code.toLowerCase()));
}
