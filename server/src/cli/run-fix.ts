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
 *   and a file whose other edits could not all be written is not written either (a secret is never
 *   removed from code unless it is in `.env`).
 */
import { basename, resolve } from 'node:path';
import type { Engine, Finding, RuleMeta } from '../engine/index';
import { parseTomlTree } from '../engine/manifests/toml-tree';
import { writeRefusal } from '../host/atomic-write';
import type { ScanArgs } from './args';
import { applyFixesToText, applyOtherFileEdits, chooseFixes, otherFileEdits, type ChosenFix } from './apply-fixes';
import { encodeLike, readOtherSnapshot, readSourceSnapshot, writeOver, type Snapshot } from './fix-files';
import { verificationProblem } from './fix-verify';
import { resolveEditFile } from './paths';
import { emptyReport, type ScanReport } from './report';
import { runScan, type CliIo } from './run-scan';

const MAX_ROUNDS = 5;

export interface FixRun {
  /** The findings that remain after fixing (re-scanned). */
  report: ScanReport;
  /** Lines describing what was done. */
  lines: string[];
}

/** The fixes of one file in one round. */
interface FilePlan {
  path: string;
  snapshot: Snapshot;
  /** The findings of the snapshot, and the fixes applied to it. */
  findings: readonly Finding[];
  applied: ChosenFix[];
  /** The fixed text and its bytes; undefined when the fixes only edit other files. */
  after?: { text: string; bytes: Uint8Array };
}

/** A file other than the fixed ones, as it will be written. */
interface OtherFileWrite {
  target: string;
  snapshot: Snapshot | undefined;
  text: string;
  owners: readonly FilePlan[];
}

export async function runFix(args: ScanArgs, io: CliIo, rules: readonly RuleMeta[], loadEngine: () => Promise<Engine>): Promise<FixRun> {
  const engine = await loadEngine();
  const lines: string[] = [];
  let { report } = await runScan(args, io, rules, loadEngine);
  if (report.configErrors.length > 0) return { report, lines };
  const fixedCount = new Map<string, number>();
  const refused = new Map<string, string>();
  const refuse = (path: string, reason: string): void => void (refused.has(path) || refused.set(path, reason));
  // Analyses exactly the given bytes (report path → bytes), as `aisec scan` would analyse them on disk.
  const analyse = async (contents: ReadonlyMap<string, Uint8Array>): Promise<Map<string, Finding[]>> => {
    if (contents.size === 0) return new Map();
    const absolute = new Map([...contents].map(([path, bytes]) => [resolve(io.cwd, path), bytes] as const));
    const scanned = await runScan({ ...args, jobs: 1 }, io, rules, loadEngine, undefined, [...contents.keys()], absolute);
    const byPath = new Map<string, Finding[]>([...contents.keys()].map((path) => [path, []]));
    for (const finding of scanned.report.findings) byPath.get(finding.path)?.push(finding);
    return byPath;
  };

  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const paths = [...new Set(chooseFixes(report.findings, args.unsafe).map((c) => c.finding.path))].filter((path) => !refused.has(path));
    if (paths.length === 0) break;
    const snapshots = new Map<string, Snapshot>();
    for (const path of paths) {
      const snapshot = readSourceSnapshot(resolve(io.cwd, path), engine.kindOf(path) ?? 'text');
      if ('refused' in snapshot) refuse(path, snapshot.refused);
      else snapshots.set(path, snapshot);
    }
    const current = await analyse(new Map([...snapshots].map(([path, s]) => [path, s.bytes])));
    const plans: FilePlan[] = [];
    for (const [path, snapshot] of snapshots) {
      const findings = current.get(path) ?? [];
      const plan = planFile(engine, path, snapshot, findings, args.unsafe);
      if (typeof plan === 'string') refuse(path, plan);
      else if (plan) plans.push(plan);
    }
    const changing = plans.filter((p) => p.after !== undefined);
    const checked = await analyse(new Map(changing.map((p) => [p.path, p.after!.bytes])));
    const accepted = plans.filter((plan) => {
      const problem = plan.after ? verificationProblem(plan.findings, checked.get(plan.path) ?? [], plan.applied) : undefined;
      if (problem) refuse(plan.path, problem);
      return problem === undefined;
    });
    if (args.diff) {
      const others = otherFileWrites(accepted, io.cwd, (plan, reason) => refuse(plan.path, reason));
      for (const plan of accepted.filter((p) => !refused.has(p.path))) {
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
    const written = writeRound(accepted, io.cwd, refuse, lines);
    for (const plan of written) fixedCount.set(plan.path, (fixedCount.get(plan.path) ?? 0) + plan.applied.length);
    if (written.length === 0) break;
    // Re-scan what changed from disk (its manifests may have changed too); the other files' findings stand.
    const changed = new Set(written.map((p) => p.path));
    const rescan = await runScan({ ...args, jobs: 1 }, io, rules, loadEngine, undefined, [...changed]);
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

/** Applies the chosen fixes of one file to its snapshot; a string says why the file is refused. */
function planFile(engine: Engine, path: string, snapshot: Snapshot, findings: readonly Finding[], unsafe: boolean): FilePlan | string | undefined {
  const chosen = chooseFixes(findings, unsafe);
  if (chosen.length === 0) return undefined;
  const { text, applied } = applyFixesToText(snapshot.text, chosen);
  if (text === snapshot.text) return { path, snapshot, findings, applied: applied.filter((c) => c.fix.edits.some((e) => e.file !== undefined)) };
  const bytes = encodeLike(snapshot, text);
  if (!bytes) return `the fixed text has characters that ${snapshot.encoding.charset} cannot hold; nothing was written`;
  const problem = parseProblem(engine, path, snapshot.text, text);
  if (problem) return problem;
  return { path, snapshot, findings, applied, after: { text, bytes } };
}

/**
 * Writes one round: first checks that every fixed file may be written, then writes the other files
 * their fixes edit, then the fixed files whose other files were all written. Returns the plans written.
 */
function writeRound(plans: readonly FilePlan[], cwd: string, refuse: (path: string, reason: string) => void, lines: string[]): FilePlan[] {
  const failed = new Set<FilePlan>();
  const fail = (plan: FilePlan, reason: string): void => {
    failed.add(plan);
    refuse(plan.path, reason);
  };
  for (const plan of plans) {
    const refusal = plan.after ? writeRefusal(resolve(cwd, plan.path)) : undefined;
    if (refusal) fail(plan, `the file ${refusal}; nothing was written`);
  }
  let ready = plans.filter((p) => !failed.has(p));
  for (const other of otherFileWrites(ready, cwd, fail)) {
    if (other.owners.some((owner) => failed.has(owner))) continue;
    const bytes = encodeLike({ encoding: other.snapshot?.encoding ?? { charset: 'utf-8', bom: false } }, other.text)!;
    // A new .env holds secrets: only its owner may read it.
    const problem = writeOver(resolve(cwd, other.target), other.snapshot, bytes, basename(other.target).startsWith('.env') ? 0o600 : undefined);
    if (problem) {
      for (const owner of other.owners) fail(owner, `${other.target} was not written: ${problem}; nothing was written`);
      continue;
    }
    lines.push(`${other.snapshot === undefined ? 'Created' : 'Updated'} ${other.target}`);
  }
  ready = ready.filter((p) => !failed.has(p));
  return ready.filter((plan) => {
    if (!plan.after) return true;
    const problem = writeOver(resolve(cwd, plan.path), plan.snapshot, plan.after.bytes);
    if (problem) fail(plan, `${problem}; nothing was written`);
    return problem === undefined;
  });
}

/**
 * The other files the plans' fixes edit, each with its new text and the plans that need it. A plan whose
 * other file cannot be read, or changed since its edits were computed, is refused (through `refuse`) and
 * left out, and the rest is computed again without it.
 */
function otherFileWrites(plans: readonly FilePlan[], cwd: string, refuse: (plan: FilePlan, reason: string) => void): OtherFileWrite[] {
  let active = plans.filter((p) => p.applied.some((c) => c.fix.edits.some((e) => e.file !== undefined)));
  for (;;) {
    const owners = new Map<string, FilePlan[]>();
    for (const plan of active) for (const target of otherFileEdits(plan.applied, resolveEditFile).keys()) owners.set(target, [...(owners.get(target) ?? []), plan]);
    const out: OtherFileWrite[] = [];
    const failing = new Map<FilePlan, string>();
    for (const [target, edits] of otherFileEdits(active.flatMap((p) => p.applied), resolveEditFile)) {
      const snapshot = readOtherSnapshot(resolve(cwd, target));
      const planOwners = owners.get(target) ?? [];
      if (snapshot && 'refused' in snapshot) {
        for (const owner of planOwners) failing.set(owner, `${target} cannot be edited: ${snapshot.refused}; nothing was written`);
        continue;
      }
      const { text, stale } = applyOtherFileEdits(snapshot?.text, edits, basename(target) === '.gitignore');
      if (stale.length > 0) {
        for (const owner of planOwners) failing.set(owner, `${target} changed after the fix was computed; nothing was written`);
        continue;
      }
      if (text !== snapshot?.text) out.push({ target, snapshot, text, owners: planOwners });
    }
    if (failing.size === 0) return out;
    for (const [plan, reason] of failing) refuse(plan, reason);
    active = active.filter((p) => !failing.has(p));
  }
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

/** A minimal unified diff: the changed block of lines with a little context. */
export function unifiedDiff(path: string, before: string, after: string): string {
  const a = before.split('\n');
  const b = after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length - 1;
  let endB = b.length - 1;
  while (endA >= start && endB >= start && a[endA] === b[endB]) {
    endA -= 1;
    endB -= 1;
  }
  const from = Math.max(0, start - 2);
  const toA = Math.min(a.length - 1, endA + 2);
  const toB = Math.min(b.length - 1, endB + 2);
  const out = [`--- a/${path}`, `+++ b/${path}`, `@@ -${from + 1},${toA - from + 1} +${from + 1},${toB - from + 1} @@`];
  for (let i = from; i < start; i += 1) out.push(` ${a[i]}`);
  for (let i = start; i <= endA; i += 1) out.push(`-${a[i]}`);
  for (let i = start; i <= endB; i += 1) out.push(`+${b[i]}`);
  for (let i = endA + 1; i <= toA; i += 1) out.push(` ${a[i]}`);
  return `${out.join('\n')}\n`;
}
