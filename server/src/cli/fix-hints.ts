/**
 * What the closing lines of a scan or fix say about fixes. A safe fix may be applied in bulk; an unsafe
 * fix is suggested for bulk application (`aisec fix --unsafe`) only when it edits the code file it was
 * found in: a fix that edits a manifest or another file (a new dependency, a version, an index setting)
 * changes what gets installed, so it is reviewed and applied one at a time.
 */
import { fileKindOf, type Finding, type Fix } from '../engine/index';

export interface FixCounts {
  /** Findings with a safe fix (`aisec fix`). */
  safe: number;
  /** Findings without a safe fix whose unsafe fix may be applied in bulk (`aisec fix --unsafe`). */
  bulkUnsafe: number;
  /** Findings whose only fixes edit manifests or other files, or are suggestions: one at a time. */
  oneAtATime: number;
}

export function countFixes(findings: readonly Finding[]): FixCounts {
  const counts: FixCounts = { safe: 0, bulkUnsafe: 0, oneAtATime: 0 };
  for (const finding of findings) {
    if (finding.fixes.some((fix) => fix.applicability === 'safe')) counts.safe += 1;
    else if (finding.fixes.some((fix) => fix.applicability === 'unsafe' && !editsManifestOrOtherFile(finding, fix))) counts.bulkUnsafe += 1;
    else if (finding.fixes.length > 0) counts.oneAtATime += 1;
  }
  return counts;
}

/** The closing hint of a scan, or undefined when no finding has a fix. */
export function scanFixHint(findings: readonly Finding[]): string | undefined {
  const counts = countFixes(findings);
  const parts: string[] = [];
  if (counts.safe > 0) parts.push(`${counts.safe} fixable with \`aisec fix\``);
  if (counts.bulkUnsafe > 0) parts.push(`${counts.bulkUnsafe} more with \`aisec fix --unsafe\` after review`);
  if (counts.oneAtATime > 0) parts.push(`${counts.oneAtATime} with a dependency or configuration fix to review and apply one at a time (editor quick fix)`);
  return parts.length > 0 ? `${parts.join('; ')}.` : undefined;
}

/** The closing hint of `aisec fix` (without `--unsafe`) about what is left. */
export function remainingFixHint(findings: readonly Finding[]): string | undefined {
  const counts = countFixes(findings);
  const parts: string[] = [];
  if (counts.bulkUnsafe > 0) parts.push(`${counts.bulkUnsafe} remaining finding${counts.bulkUnsafe === 1 ? ' has' : 's have'} an unsafe fix: review them, then run \`aisec fix --unsafe\``);
  if (counts.oneAtATime > 0) parts.push(`${counts.oneAtATime} ${counts.oneAtATime === 1 ? 'has a fix' : 'have fixes'} that edit manifests or replace a package: apply those one at a time`);
  return parts.length > 0 ? `${parts.join('; ')}.` : undefined;
}

/**
 * True when the fix edits another file, or the finding lives in a manifest (requirements, pyproject.toml,
 * package.json, ...), or the fix is only a suggestion (replacing one package with another).
 */
export function editsManifestOrOtherFile(finding: Finding, fix: Fix): boolean {
  if (fix.applicability === 'display-only') return true;
  if (fix.edits.some((edit) => edit.file !== undefined)) return true;
  return MANIFEST_KINDS.has(fileKindOf(finding.path) ?? 'text');
}

const MANIFEST_KINDS = new Set<string>(['requirements', 'pyproject', 'pipfile', 'setup-cfg', 'conda-env', 'package-json', 'package-lock', 'yarn-lock', 'pnpm-lock']);
