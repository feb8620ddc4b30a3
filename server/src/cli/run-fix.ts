/**
 * `aisec fix`: scans, then fixes file by file in rounds (a fix deferred because it overlapped another gets
 * its turn in the next round), and never loses data:
 * - each file is read once as bytes and analysed again from exactly those bytes, so every edit is computed
 *   on the content it is applied to (the scan's findings only say which files to open);
 * - the text keeps the file's encoding, byte-order mark and line breaks, and a file AISec cannot write back
 *   byte-exactly is refused with a note;
 * - the fixed text must parse and, analysed again, no longer raise the fixed findings nor any new one;
 * - files are written atomically (see `host/atomic-write.ts`), only over the bytes the edits were computed
 *   on; a read-only or changed file is reported and skipped, and the run goes on;
 * - edits to other files (`.env`, `.gitignore`, manifests) are written before the files they came from,
 *   and a file whose other edits could not all be written is not written either (see `fix-writes.ts`);
 * - a fix whose finding is still there after it was written is never applied again in the run.
 */
import { resolve } from 'node:path';
import { remainingFixHint } from './fix-hints';
import type { Engine, Finding, RuleMeta } from '../engine/index';
import type { ScanArgs } from './args';
import { applyFixesToText, chooseFixes } from './apply-fixes';
import { encodeLike, readSourceSnapshot, type Snapshot } from './fix-files';
import { findingKey, parseProblem, stuckFindings, verificationProblem } from './fix-verify';
import { otherFileWrites, writeRound, type FilePlan } from './fix-writes';
import { unifiedDiff } from './redacted-diff';
import { emptyReport, type ScanReport } from './report';
import { runScan, type CliIo } from './run-scan';

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
  const refuse = (path: string, reason: string): void => void (refused.has(path) || refused.set(path, reason));
  const refusePlan = (plan: FilePlan, reason: string): void => refuse(plan.path, reason);
  // Findings whose written fix did not remove them: such a fix is never applied again in this run.
  const stuck = new Set<string>();
  const open = (findings: readonly Finding[]): Finding[] => findings.filter((f) => !stuck.has(findingKey(f)));
  // Analyses exactly the given bytes (report path → bytes), as `aisec scan` would analyse them on disk.
  const analyse = async (contents: ReadonlyMap<string, Uint8Array>): Promise<{ report: ScanReport; byPath: Map<string, Finding[]> }> => {
    const byPath = new Map<string, Finding[]>([...contents.keys()].map((path) => [path, []]));
    if (contents.size === 0) return { report: emptyReport(), byPath };
    const absolute = new Map([...contents].map(([path, bytes]) => [resolve(io.cwd, path), bytes] as const));
    const scanned = await runScan({ ...args, jobs: 1 }, io, rules, loadEngine, [...contents.keys()], absolute);
    for (const finding of scanned.report.findings) byPath.get(finding.path)?.push(finding);
    return { report: scanned.report, byPath };
  };

  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const paths = [...new Set(chooseFixes(open(report.findings), args.unsafe).map((c) => c.finding.path))].filter((path) => !refused.has(path));
    if (paths.length === 0) break;
    const snapshots = new Map<string, Snapshot>();
    for (const path of paths) {
      const snapshot = readSourceSnapshot(resolve(io.cwd, path), engine.kindOf(path) ?? 'text');
      if ('refused' in snapshot) refuse(path, snapshot.refused);
      else snapshots.set(path, snapshot);
    }
    const current = await analyse(new Map([...snapshots].map(([path, s]) => [path, s.bytes])));
    // What these files hold now replaces what the scan or an earlier round saw (a manifest may have changed since).
    report = mergeRescan(report, current.report, new Set(snapshots.keys()));
    const plans: FilePlan[] = [];
    for (const [path, snapshot] of snapshots) {
      const plan = planFile(engine, path, snapshot, current.byPath.get(path) ?? [], open, args.unsafe);
      if (typeof plan === 'string') refuse(path, plan);
      else if (plan) plans.push(plan);
    }
    const changing = plans.filter((p) => p.after !== undefined);
    const checked = await analyse(new Map(changing.map((p) => [p.path, p.after!.bytes])));
    const accepted = plans.filter((plan) => {
      const cut = plan.after ? incompleteAnalysis(checked.report, plan.path) : undefined;
      const problem = cut && !incompleteAnalysis(current.report, plan.path)
        ? `the fixed code could not be fully analysed again (${cut}), so the fix cannot be proved; nothing was written`
        : plan.after ? verificationProblem(plan.findings, checked.byPath.get(plan.path) ?? [], plan.applied) : undefined;
      if (problem) refusePlan(plan, problem);
      return problem === undefined;
    });
    if (args.diff) {
      const { writes: others, deferred } = otherFileWrites(engine, accepted, io.cwd, refusePlan);
      for (const plan of accepted.filter((p) => !refused.has(p.path) && !deferred.has(p))) {
        if (plan.after) io.stdout(unifiedDiff(plan.path, plan.snapshot.text, plan.after.text));
        fixedCount.set(plan.path, (fixedCount.get(plan.path) ?? 0) + plan.applied.length);
      }
      for (const other of others) {
        const target = other.target;
        const current = other.snapshot?.text;
        const next = other.text;
        // A .env file holds secrets: say what would change, never print it.
        io.stdout(engine.kindOf(target) === 'dotenv' ? `--- a/${target}\n+++ b/${target}\n(${next.split('\n').length - (current ?? '').split('\n').length} line(s) added; contents not shown because the file holds secrets)\n` : unifiedDiff(target, current ?? '', next));
        lines.push(`${current === undefined ? 'Created' : 'Updated'} ${target}`);
      }
      break;
    }
    const written = writeRound(engine, accepted, io.cwd, refusePlan, lines);
    for (const plan of written) fixedCount.set(plan.path, (fixedCount.get(plan.path) ?? 0) + plan.applied.length);
    if (written.length === 0) break;
    // Re-scan what changed from disk (its manifests may have changed too); the other files' findings stand.
    const changed = new Set(written.map((p) => p.path));
    const rescan = await runScan({ ...args, jobs: 1 }, io, rules, loadEngine, [...changed]);
    report = mergeRescan(report, rescan.report, changed);
    for (const key of stuckFindings(written, rescan.report.findings)) stuck.add(key);
  }
  const total = [...fixedCount.values()].reduce((a, b) => a + b, 0);
  const verb = args.diff ? 'Would fix' : 'Fixed';
  lines.unshift(total > 0 ? `${verb} ${total} finding${total === 1 ? '' : 's'} in ${fixedCount.size} file${fixedCount.size === 1 ? '' : 's'}${args.unsafe ? ' (safe and unsafe fixes)' : ''}.` : 'No fix was applied.');
  for (const [path, n] of fixedCount) lines.splice(1, 0, `  ${path}: ${n} fix${n === 1 ? '' : 'es'}`);
  for (const [path, reason] of refused) lines.push(`Refused to fix ${path}: ${reason}`);
  if (!args.unsafe) {
    const hint = remainingFixHint(report.findings);
    if (hint) lines.push(hint);
  }
  return { report, lines };
}

/** Applies the chosen fixes of one file to its snapshot; a string says why the file is refused. */
function planFile(engine: Engine, path: string, snapshot: Snapshot, findings: readonly Finding[], open: (findings: readonly Finding[]) => Finding[], unsafe: boolean): FilePlan | string | undefined {
  const chosen = chooseFixes(open(findings), unsafe);
  if (chosen.length === 0) return undefined;
  const { text, applied } = applyFixesToText(snapshot.text, chosen);
  if (text === snapshot.text) return { path, snapshot, findings, applied: applied.filter((c) => c.fix.edits.some((e) => e.file !== undefined)) };
  const bytes = encodeLike(snapshot, text);
  if (!bytes) return `the fixed text has characters that ${snapshot.encoding.charset} cannot hold; nothing was written`;
  const problem = parseProblem(engine, path, snapshot.text, text);
  if (problem) return problem;
  return { path, snapshot, findings, applied, after: { text, bytes } };
}

/** Why the analysis of a file in `report` was cut short (a skip, a failed rule, a spent time budget), or undefined. */
function incompleteAnalysis(report: ScanReport, path: string): string | undefined {
  const skipped = report.skipped.find((s) => s.path === path);
  if (skipped) return skipped.reason;
  const note = report.notes.find((n) => n.path === path && (n.note.kind === 'rule-failed' || n.note.kind === 'partial' || n.note.kind === 'skipped'));
  return note?.note.message;
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
