/**
 * Baseline files for the CLI: `--baseline FILE` hides the findings a project has accepted (they are
 * counted as suppressed by `baseline`), and `aisec baseline` records the current findings. The format
 * and the hashing are the engine's (`engine/baseline.ts`); paths in the file are relative to its folder.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { baselineHash, buildBaseline, filterByBaseline, parseBaseline, saltFromBytes, serializeBaseline, type Baseline, type BaselineEntry } from '../engine/baseline';
import { readDiskText } from '../host/safe-read';
import { UsageError } from './args';
import type { ScanReport } from './report';
import { appendAll } from '../engine/collections';

export { BASELINE_FILE_NAME } from '../engine/baseline';

/** Reads a baseline; a missing or malformed file is a usage error (exit 2), never ignored. */
export function readBaselineFile(cwd: string, file: string): Baseline {
  const absolute = resolve(cwd, file);
  const read = readDiskText(absolute, { kind: 'baseline' });
  if (!read.ok) throw new UsageError(`--baseline ${file}: the file ${read.reason}`);
  const parsed = parseBaseline(read.text);
  if (!parsed.ok) throw new UsageError(`--baseline ${file}: ${parsed.error}`);
  return parsed.baseline;
}

/**
 * Moves the findings recorded in the baseline from `findings` to `suppressed`, and returns the entries that were
 * fixed since: no finding matched them, and their file was scanned or no longer exists (an entry of a file this
 * scan did not look at, such as an unchanged file in a `--diff-base` scan, is neither fixed nor new).
 */
export function applyBaseline(report: ScanReport, baseline: Baseline, cwd: string, file: string): { fixed: BaselineEntry[] } {
  const relativePath = pathRelativeTo(cwd, file);
  const { kept, suppressed } = filterByBaseline(report.findings, baseline, relativePath);
  report.findings = kept;
  appendAll(report.suppressed, suppressed);
  report.baselined += suppressed.length;
  const key = (rule: string, path: string, hash: string): string => `${rule}\u0000${path}\u0000${hash}`;
  const matched = new Set(suppressed.map(({ finding }) => key(finding.ruleId, relativePath(finding.path), baselineHash(finding, baseline.salt))));
  const scanned = new Set(report.scannedPaths.map(relativePath));
  const folder = dirname(resolve(cwd, file));
  const fixed = baseline.entries.filter((e) => !matched.has(key(e.rule, e.path, e.hash)) && (scanned.has(e.path) || !existsSync(resolve(folder, e.path))));
  return { fixed };
}

/** Writes a baseline of `report`'s findings, keeping the salt of an existing file so unchanged entries stay identical. */
export function writeBaselineFile(report: ScanReport, cwd: string, file: string): { entries: number } {
  const absolute = resolve(cwd, file);
  let salt = saltFromBytes(randomBytes(16));
  const existing = readDiskText(absolute, { kind: 'baseline' });
  // Writing to a FIFO would block as reading from one does, so anything but a regular file (or no file) is refused.
  if (!existing.ok && !existing.missing) throw new UsageError(`${file}: the baseline cannot be written: the file ${existing.reason}`);
  if (existing.ok) {
    const previous = parseBaseline(existing.text);
    if (previous.ok) salt = previous.baseline.salt;
  }
  const baseline = buildBaseline(report.findings, salt, pathRelativeTo(cwd, file));
  writeFileSync(absolute, serializeBaseline(baseline));
  return { entries: baseline.entries.length };
}

/** Finding paths (relative to the working folder) → paths relative to the baseline file's folder. */
function pathRelativeTo(cwd: string, file: string): (path: string) => string {
  const folder = dirname(resolve(cwd, file));
  return (path) => relative(folder, resolve(cwd, path)).split(sep).join('/');
}
