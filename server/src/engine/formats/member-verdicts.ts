/**
 * Per-member verdicts of an archive: what each member would do when loaded, from what the scan found in
 * it (or in archives nested inside it). The levels are the file verdicts of `model-report.ts` applied to one
 * member: dangerous, suspicious, not checked (with the reason), pickle (allow-listed globals only), safe.
 */
import { MAX_MEMBER_VERDICTS, type MemberPath, type MemberVerdict, type ModelScan } from './model-scan-types';

export interface MemberVerdicts {
  members: MemberVerdict[];
  /** Members past `MAX_MEMBER_VERDICTS`, scanned but not listed. */
  unlisted: number;
}

type Role = { verdict: 'suspicious'; reason: string };

/** One verdict per member path, in the order given; a member's verdict includes everything nested in it. */
export function memberVerdicts(scan: ModelScan, paths: readonly MemberPath[], roles: ReadonlyMap<MemberPath, Role>): MemberVerdicts {
  const findings = findingsByMember(scan);
  const pickles = withEnclosingMembers(scan.pickles.map((p) => p.member));
  const members: MemberVerdict[] = [];
  for (const member of paths.slice(0, MAX_MEMBER_VERDICTS)) {
    members.push(verdictOfMember(member, findings, pickles, roles));
  }
  return { members, unlisted: Math.max(0, paths.length - MAX_MEMBER_VERDICTS) };
}

interface MemberFinding {
  member: MemberPath;
  verdict: 'dangerous' | 'suspicious' | 'not-checked';
  reason: string;
}

/** Every finding of the scan that belongs to a member, most severe first. */
function findingsByMember(scan: ModelScan): MemberFinding[] {
  const out: MemberFinding[] = [];
  for (const g of scan.globals) {
    if (g.level === 'dangerous' || g.level === 'suspicious') out.push({ member: g.member, verdict: g.level, reason: `imports ${g.global}: ${g.reason}` });
  }
  for (const k of scan.keras) {
    if (k.level === 'dangerous' || k.kind === 'lambda' || k.level === 'suspicious') out.push({ member: k.member, verdict: k.level === 'dangerous' ? 'dangerous' : 'suspicious', reason: k.kind === 'lambda' ? `Keras Lambda layer "${k.name}"` : `Keras config names ${k.global ?? k.name}` });
  }
  for (const t of scan.metadataTargets) out.push({ member: t.member, verdict: t.level, reason: `Hydra target ${t.target} (${t.key})` });
  for (const t of scan.chatTemplates) out.push({ member: t.member, verdict: t.level, reason: `chat template ${t.key}: ${t.reason}` });
  for (const d of scan.onnxExternalData) {
    if (d.escape) out.push({ member: d.member, verdict: 'dangerous', reason: `ONNX tensor "${d.tensor}" reads external data from ${d.location}, which ${d.escape}` });
  }
  for (const a of scan.tensorflowAssets) {
    if (a.escape) out.push({ member: a.member, verdict: 'dangerous', reason: `SavedModel asset ${a.filename}, which ${a.escape}` });
  }
  for (const p of scan.exportPrograms) {
    if (p.pythonTargets.length > 0) out.push({ member: p.member, verdict: 'suspicious', reason: `torch.export program calls Python ${p.pythonTargets.slice(0, 3).join(', ')}` });
  }
  for (const op of [...scan.tensorflowFileOps, ...scan.tensorflowPythonOps]) out.push({ member: op.member, verdict: 'suspicious', reason: `TensorFlow op ${op.op}` });
  for (const gap of scan.gaps) out.push({ member: gap.member, verdict: 'not-checked', reason: gap.reason });
  const rank = { dangerous: 0, suspicious: 1, 'not-checked': 2 };
  return out.sort((a, b) => rank[a.verdict] - rank[b.verdict]);
}

function verdictOfMember(member: MemberPath, findings: readonly MemberFinding[], pickles: ReadonlySet<MemberPath>, roles: ReadonlyMap<MemberPath, Role>): MemberVerdict {
  const own = findings.find((f) => f.member === member || f.member.startsWith(`${member}!`));
  const role = roles.get(member);
  if (own && (own.verdict === 'dangerous' || !role)) return { member, verdict: own.verdict, reason: own.reason };
  if (role) return { member, verdict: role.verdict, reason: role.reason };
  if (pickles.has(member)) return { member, verdict: 'pickle', reason: 'a pickle importing only allow-listed globals' };
  return { member, verdict: 'safe', reason: 'nothing executable found' };
}

/** The members and every archive member that encloses them (`a.zip!b.pt!data.pkl` → also `a.zip!b.pt`, `a.zip`). */
function withEnclosingMembers(members: readonly MemberPath[]): Set<MemberPath> {
  const out = new Set<MemberPath>();
  for (const member of members) {
    for (let cut = member.length; cut > 0 && !out.has(member.slice(0, cut)); cut = member.lastIndexOf('!', cut - 1)) out.add(member.slice(0, cut));
  }
  return out;
}
