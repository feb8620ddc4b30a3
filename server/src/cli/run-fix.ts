/**
 * `aisec fix`: scans, applies the chosen fixes file by file, and re-scans the changed files for up to
 * a few rounds (a fix deferred because it overlapped another gets its turn). Every changed file is
 * re-parsed before it is written; a file whose fixed text no longer parses is left untouched and the
 * output says so. Edits to other files (`.gitignore`, `.env`) are applied after the files they came from.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Engine, Finding, RuleMeta } from '../engine/index';
import { parseTomlTree } from '../engine/manifests/toml-tree';
import type { ScanArgs } from './args';
import { applyFixesToText, applyOtherFileEdits, chooseFixes, otherFileEdits, type ChosenFix } from './apply-fixes';
import { resolveEditFile } from './paths';
import { unifiedDiff } from './redacted-diff';
import { emptyReport, type ScanReport } from './report';
import { runScan, type CliIo } from './run-scan';
import { appendAll } from '../engine/collections';

const MAX_ROUNDS = 5;

export interface FixRun {
  /** The findings that remain after fixing (re-scanned). */
  report: ScanReport;
  /** Lines describing what was done. */
  lines: string[];
}

export async function runFix(args: ScanArgs, io: CliIo, rules: readonly RuleMeta[], loadEngine: () => Promise<Engine>): Promise<FixRun> {
  const engine = await loadEngine();
  const lines: string[] = [];
  let { report } = await runScan(args, io, rules, loadEngine);
  if (report.configErrors.length > 0) return { report, lines };
  const fixedCount = new Map<string, number>();
  const refused = new Map<string, string>();
  let scope: readonly string[] | undefined;
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const chosen = chooseFixes(report.findings, args.unsafe).filter((c) => !refused.has(c.finding.path));
    if (chosen.length === 0) break;
    const changed = new Set<string>();
    const byFile = new Map<string, ChosenFix[]>();
    for (const c of chosen) byFile.set(c.finding.path, [...(byFile.get(c.finding.path) ?? []), c]);
    const appliedEverywhere: ChosenFix[] = [];
    for (const [path, fixes] of byFile) {
      const absolute = resolve(io.cwd, path);
      let before: string;
      try {
        before = readFileSync(absolute, 'utf8');
      } catch (error) {
        refused.set(path, `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
        continue;
      }
      const { text: after, applied } = applyFixesToText(before, fixes);
      if (after === before) {
        appendAll(appliedEverywhere, applied.filter((c) => c.fix.edits.some((e) => e.file !== undefined)));
        continue;
      }
      const problem = parseProblem(engine, path, before, after);
      if (problem) {
        refused.set(path, problem);
        continue;
      }
      if (args.diff) io.stdout(unifiedDiff(path, before, after));
      else writeFileSync(absolute, after);
      changed.add(path);
      appendAll(appliedEverywhere, applied);
      fixedCount.set(path, (fixedCount.get(path) ?? 0) + applied.length);
    }
    for (const [target, edits] of otherFileEdits(appliedEverywhere, resolveEditFile)) {
      const absolute = resolve(io.cwd, target);
      const current = existsSync(absolute) ? readFileSync(absolute, 'utf8') : undefined;
      const next = applyOtherFileEdits(current, edits, basename(target) === '.gitignore');
      if (next === current) continue;
      // A .env file holds secrets: say what would change, never print it.
      if (args.diff) io.stdout(engine.kindOf(target) === 'dotenv' ? `--- a/${target}\n+++ b/${target}\n(${next.split('\n').length - (current ?? '').split('\n').length} line(s) added; contents not shown because the file holds secrets)\n` : unifiedDiff(target, current ?? '', next));
      else writeFileSync(absolute, next);
      lines.push(`${current === undefined ? 'Created' : 'Updated'} ${target}`);
    }
    if (changed.size === 0 || args.diff) break;
    // Re-scan only what changed; the other files' findings stand.
    scope = [...changed];
    const rescan = await runScan({ ...args, jobs: 1 }, io, rules, loadEngine, undefined, scope);
    report = mergeRescan(report, rescan.report, changed);
  }
  const total = [...fixedCount.values()].reduce((a, b) => a + b, 0);
  const verb = args.diff ? 'Would fix' : 'Fixed';
  lines.unshift(total > 0 ? `${verb} ${total} finding${total === 1 ? '' : 's'} in ${fixedCount.size} file${fixedCount.size === 1 ? '' : 's'}${args.unsafe ? ' (safe and unsafe fixes)' : ''}.` : 'No fix was applied.');
  for (const [path, n] of fixedCount) lines.splice(1, 0, `  ${path}: ${n} fix${n === 1 ? '' : 'es'}`);
  for (const [path, reason] of refused) lines.push(`Refused to fix ${path}: ${reason}`);
  if (!args.unsafe) {
    const unsafe = report.findings.filter((f) => f.fixes.some((x) => x.applicability === 'unsafe')).length;
    if (unsafe > 0) lines.push(`${unsafe} remaining finding${unsafe === 1 ? ' has' : 's have'} an unsafe fix: review them, then run \`aisec fix --unsafe\`.`);
  }
  return { report, lines };
}

/** Why the fixed text may not be written, or undefined when it still parses. */
export function parseProblem(engine: Engine, path: string, before: string, after: string): string | undefined {
  const kind = engine.kindOf(path);
  const code = engine.parsesCleanly(path, after);
  if (code !== undefined) {
    if (engine.parsesCleanly(path, before) === false) return 'the file already has syntax errors, so a fix cannot be proved safe; nothing was written';
    return code ? undefined : 'the fixed code does not parse; nothing was written';
  }
  if (kind === 'json' || kind === 'package-json' || kind === 'package-lock' || kind === 'notebook') {
    try {
      JSON.parse(after);
      return undefined;
    } catch {
      return 'the fixed JSON does not parse; nothing was written';
    }
  }
  if (kind === 'toml' || kind === 'pyproject' || kind === 'pipfile') {
    return parseTomlTree(after).error ? 'the fixed TOML does not parse; nothing was written' : undefined;
  }
  return undefined;
}

function mergeRescan(previous: ScanReport, rescan: ScanReport, changed: ReadonlySet<string>): ScanReport {
  const keep = (f: Finding): boolean => !changed.has(f.path);
  const merged = emptyReport();
  merged.findings = [...previous.findings.filter(keep), ...rescan.findings];
  merged.suppressed = [...previous.suppressed.filter((s) => keep(s.finding)), ...rescan.suppressed];
  merged.skipped = previous.skipped;
  merged.notes = [...previous.notes.filter((n) => !changed.has(n.path)), ...rescan.notes];
  merged.configErrors = previous.configErrors;
  merged.filesScanned = previous.filesScanned;
  merged.bytesScanned = previous.bytesScanned;
  merged.durationMs = previous.durationMs + rescan.durationMs;
  merged.workers = previous.workers;
  merged.findings.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.range.start.line - b.range.start.line));
  return merged;
}
