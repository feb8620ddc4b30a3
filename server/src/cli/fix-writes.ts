/**
 * The writes of one `aisec fix` round. Every fixed file is first checked to be writable; then the other
 * files its fixes edit (`.env`, `.gitignore`, manifests) are written, each over the exact snapshot its
 * edits were computed on; then the fixed files whose other files were all written. So a fix that moves a
 * secret to `.env` never removes it from the code unless `.env` holds it, and a read-only or changed file
 * is reported while the run goes on.
 */
import { basename, resolve } from 'node:path';
import type { Engine, Finding } from '../engine/index';
import { writeRefusal } from '../host/atomic-write';
import { applyOtherFileEdits, otherFileEdits, type ChosenFix } from './apply-fixes';
import { encodeLike, readOtherSnapshot, writeOver, type Snapshot } from './fix-files';
import { parseProblem } from './fix-verify';
import { resolveEditFile } from './paths';

/** The fixes of one file in one round. */
export interface FilePlan {
  path: string;
  snapshot: Snapshot;
  /** The findings of the snapshot, and the fixes applied to it. */
  findings: readonly Finding[];
  applied: ChosenFix[];
  /** The fixed text and its bytes; undefined when the fixes only edit other files. */
  after?: { text: string; bytes: Uint8Array };
}

/** A file other than the fixed ones, as it will be written. */
export interface OtherFileWrite {
  target: string;
  snapshot: Snapshot | undefined;
  text: string;
  owners: readonly FilePlan[];
}

/** Says why a plan's file is not written (completing "Refused to fix <file>: …"). */
export type Refuse = (plan: FilePlan, reason: string) => void;

/**
 * Writes one round: first checks that every fixed file may be written, then writes the other files
 * their fixes edit, then the fixed files whose other files were all written. Returns the plans that
 * changed a file (a plan that only edits other files counts when one of them was written).
 */
export function writeRound(engine: Engine, plans: readonly FilePlan[], cwd: string, refuse: Refuse, lines: string[]): FilePlan[] {
  const failed = new Set<FilePlan>();
  const fail: Refuse = (plan, reason) => {
    failed.add(plan);
    refuse(plan, reason);
  };
  for (const plan of plans) {
    const refusal = plan.after ? writeRefusal(resolve(cwd, plan.path)) : undefined;
    if (refusal) fail(plan, `the file ${refusal}; nothing was written`);
  }
  let ready = plans.filter((p) => !failed.has(p));
  const wroteOther = new Set<FilePlan>();
  const { writes, deferred } = otherFileWrites(engine, ready, cwd, fail);
  for (const other of writes) {
    if (other.owners.some((owner) => failed.has(owner))) continue;
    const bytes = encodeLike({ encoding: other.snapshot?.encoding ?? { charset: 'utf-8', bom: false } }, other.text)!;
    // A new .env holds secrets: only its owner may read it.
    const problem = writeOver(resolve(cwd, other.target), other.snapshot, bytes, basename(other.target).startsWith('.env') ? 0o600 : undefined);
    if (problem) {
      for (const owner of other.owners) fail(owner, `${other.target} was not written: ${problem}; nothing was written`);
      continue;
    }
    lines.push(`${other.snapshot === undefined ? 'Created' : 'Updated'} ${other.target}`);
    for (const owner of other.owners) wroteOther.add(owner);
  }
  ready = ready.filter((p) => !failed.has(p) && !deferred.has(p));
  return ready.filter((plan) => {
    if (!plan.after) return wroteOther.has(plan);
    const problem = writeOver(resolve(cwd, plan.path), plan.snapshot, plan.after.bytes);
    if (problem) fail(plan, `${problem}; nothing was written`);
    return problem === undefined;
  });
}

/**
 * The other files the plans' fixes edit, each with its new text and the plans that need it. A plan whose
 * other file cannot be read, changed since its edits were computed, or would no longer parse (a manifest)
 * is refused (through `refuse`) and left out, and the rest is computed again without it. A plan whose
 * other file is itself being fixed in this round (a manifest with its own fixes) waits for the next
 * round, when its edits are computed on the fixed file: `deferred`.
 */
export function otherFileWrites(engine: Engine, plans: readonly FilePlan[], cwd: string, refuse: Refuse): { writes: OtherFileWrite[]; deferred: Set<FilePlan> } {
  const fixing = new Set(plans.filter((p) => p.after).map((p) => resolve(cwd, p.path)));
  const targetsOf = (plan: FilePlan): string[] => [...otherFileEdits(plan.applied, resolveEditFile).keys()];
  const withOthers = plans.filter((p) => p.applied.some((c) => c.fix.edits.some((e) => e.file !== undefined)));
  const deferred = new Set(withOthers.filter((p) => targetsOf(p).some((target) => fixing.has(resolve(cwd, target)))));
  let active = withOthers.filter((p) => !deferred.has(p));
  for (;;) {
    const owners = new Map<string, FilePlan[]>();
    for (const plan of active) for (const target of targetsOf(plan)) owners.set(target, [...(owners.get(target) ?? []), plan]);
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
      const malformed = parseProblem(engine, target, snapshot?.text ?? '', text);
      if (malformed) {
        for (const owner of planOwners) failing.set(owner, `${target}: ${malformed}`);
        continue;
      }
      if (text !== snapshot?.text) out.push({ target, snapshot, text, owners: planOwners });
    }
    if (failing.size === 0) return { writes: out, deferred };
    for (const [plan, reason] of failing) refuse(plan, reason);
    active = active.filter((p) => !failing.has(p));
  }
}

