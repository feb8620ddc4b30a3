/**
 * The one binary checker of the model-files family: scans the file once (engine/formats/model-scan) and
 * reports each rule at most once per file, on the whole file (line 0, column 0), with the global, its
 * byte offset, the format and the archive member in the message and the properties.
 */
import type { Range } from '../../engine/finding';
import type { BinaryChecker, BinaryContext, ReportInput } from '../../engine/rule';
import { scanModelFile, type GlobalSite, type KerasSite, type ModelScan } from '../../engine/formats/model-scan';
import type { MemberVerdict } from '../../engine/formats/model-scan-types';
import { siteLocation, siteOffset } from '../../engine/model-report';

export const MODEL_FILE_RULE_IDS = ['AIS601', 'AIS602', 'AIS603', 'AIS604', 'AIS605', 'AIS606', 'AIS607', 'AIS608', 'AIS609', 'AIS610', 'AIS611', 'AIS612', 'AIS614', 'AIS615', 'AIS616', 'AIS617', 'AIS618', 'AIS619'] as const;

/** The option holding exact global names the user declares safe. */
export const ALLOW_GLOBALS_OPTION = 'modelFiles.allowGlobals';

const WHOLE_FILE: Range = { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } };

export const modelFileChecker: BinaryChecker = {
  kind: 'binary',
  name: 'model-file-scanner',
  ruleIds: MODEL_FILE_RULE_IDS,
  fileKinds: ['model'],
  check(ctx) {
    const allow = ctx.config.options[ALLOW_GLOBALS_OPTION];
    const scan = scanModelFile({
      path: ctx.path,
      bytes: ctx.bytes,
      fileSize: ctx.fileSize,
      allowGlobals: Array.isArray(allow) ? allow.filter((a): a is string => typeof a === 'string') : [],
      linkEscape: (relativePath) => ctx.ports.project?.linkEscape?.(ctx.path, relativePath),
    });
    reportScan(ctx, scan);
    if (scan.members.length > 0) ctx.reportMembers(scan.members);
    // A served archive imports its Python files: the code rules read them as the Python files they are.
    for (const code of scan.codeMembers) ctx.analyzeMemberCode(code.member, code.text);
  },
};

/**
 * Turns a scan into findings (exported for tests that build a scan by hand). In an archive, every finding
 * also carries the members' verdicts (`members` property), and the most severe one names them in its
 * message, so the CLI's text, JSON and SARIF say which member is what.
 */
export function reportScan(outer: BinaryContext, scan: ModelScan): void {
  const reports: ReportInput[] = [];
  reportFindings({ ...outer, report: (r) => reports.push(r) }, scan);
  if (scan.members.length > 0 && reports.length > 0) attachMemberVerdicts(reports, scan.members);
  for (const r of reports) outer.report(r);
}

function reportFindings(ctx: BinaryContext, scan: ModelScan): void {
  const dangerous = scan.globals.filter((g) => g.level === 'dangerous');
  const kerasDangerous = scan.keras.filter((k) => k.level === 'dangerous');
  const suspicious = scan.globals.filter((g) => g.level === 'suspicious');
  if (dangerous.length > 0) reportDangerousGlobal(ctx, scan, dangerous);
  else if (kerasDangerous.length > 0) reportDangerousKeras(ctx, kerasDangerous);
  const escapes = scan.onnxExternalData.filter((d) => d.escape);
  if (escapes.length > 0) reportOnnxEscape(ctx, escapes);
  const assets = scan.tensorflowAssets.filter((a) => a.escape);
  if (assets.length > 0) reportAssetEscape(ctx, assets);
  if (suspicious.length > 0) reportUnknownGlobal(ctx, scan, suspicious);
  if (scan.pickleBased && dangerous.length === 0 && suspicious.length === 0) reportPickleBased(ctx, scan);
  if (scan.gaps.length > 0) reportGaps(ctx, scan);
  if (scan.safetensors && !scan.safetensors.valid) reportSafetensors(ctx, scan);
  const lambdas = scan.keras.filter((k) => k.kind === 'lambda');
  if (lambdas.length > 0) reportLambda(ctx, lambdas);
  const custom = scan.keras.filter((k) => k.kind === 'module-reference' && k.level === 'suspicious');
  if (custom.length > 0) reportCustomObject(ctx, custom);
  if (scan.torchScript) {
    ctx.report({
      ruleId: 'AIS608',
      range: WHOLE_FILE,
      data: { codeFiles: String(scan.torchScript.codeFiles) },
      fingerprintSeed: `torchscript:${scan.torchScript.member}`,
      properties: { format: scan.format, member: scan.torchScript.member, codeFiles: scan.torchScript.codeFiles },
    });
  }
  if (scan.archiveDisagreements.length > 0) reportDisagreements(ctx, scan);
  if (scan.chatTemplates.length > 0) reportChatTemplate(ctx, scan);
  if (scan.metadataTargets.length > 0) reportMetadataTarget(ctx, scan);
  if (scan.tensorflowFileOps.length > 0) reportTensorflowOps(ctx, 'AIS609', scan.tensorflowFileOps, 'reads or writes files the graph names');
  if (scan.tensorflowPythonOps.length > 0) reportTensorflowOps(ctx, 'AIS616', scan.tensorflowPythonOps, 'calls a Python function of the loading process by its token');
  if (scan.onnxCustomDomains.length > 0) reportOnnxCustomDomains(ctx, scan);
  if (scan.torchServe) reportTorchServe(ctx, scan.torchServe);
  if (scan.exportPrograms.length > 0 || scan.nativeCode.length > 0) reportExportArchive(ctx, scan);
}

function reportExportArchive(ctx: BinaryContext, scan: ModelScan): void {
  const targets = scan.exportPrograms.flatMap((p) => p.pythonTargets.map((t) => ({ member: p.member, target: t })));
  const namespaces = scan.exportPrograms.flatMap((p) => p.customNamespaces.map((n) => ({ member: p.member, ...n })));
  const parts: string[] = [];
  if (targets.length > 0) parts.push(`calls the Python callable${targets.length === 1 ? '' : 's'} ${targets.slice(0, 3).map((t) => `\`${t.target}\``).join(', ')}${targets.length > 3 ? ', …' : ''} as graph node targets (${targets[0]!.member}), which \`torch.export.load\` looks up by name`);
  if (scan.nativeCode.length > 0) parts.push(`holds native code that AOTInductor loads and runs (${scan.nativeCode.slice(0, 3).map((m) => `\`${m}\``).join(', ')}${scan.nativeCode.length > 3 ? ', …' : ''})`);
  if (namespaces.length > 0) parts.push(`uses custom operators (${namespaces.slice(0, 3).map((n) => `\`torch.ops.${n.namespace}\`: ${n.ops.join(', ')}`).join('; ')}) that need a library the application registers`);
  const severity = targets.length > 0 || scan.nativeCode.length > 0 ? 'warning' : 'info';
  ctx.report({
    ruleId: 'AIS619',
    range: WHOLE_FILE,
    severity,
    data: { what: parts.join('; it ') },
    fingerprintSeed: `pt2:${targets.map((t) => t.target).join(',')}:${scan.nativeCode.join(',')}:${namespaces.map((n) => n.namespace).join(',')}`,
    properties: { format: 'pt2', member: targets[0]?.member ?? namespaces[0]?.member ?? scan.nativeCode[0] ?? '', pythonTargets: targets.length, nativeCode: scan.nativeCode.length, customNamespaces: namespaces.length },
  });
}

/** Members listed by name in a message before the rest are counted. */
const MEMBERS_NAMED = 5;

function attachMemberVerdicts(reports: ReportInput[], members: readonly MemberVerdict[]): void {
  const listed = members.slice(0, 200).map((m) => `${m.member}: ${m.verdict}${m.verdict === 'safe' ? '' : ` (${m.reason})`}`).join('; ');
  const more = members.length > 200 ? `; and ${members.length - 200} more` : '';
  const counts = new Map<string, number>();
  for (const m of members) counts.set(m.verdict, (counts.get(m.verdict) ?? 0) + 1);
  const notable = members.filter((m) => m.verdict !== 'safe' && m.verdict !== 'pickle');
  const named = notable.slice(0, MEMBERS_NAMED).map((m) => `${m.member} ${m.verdict === 'not-checked' ? 'not checked' : m.verdict}`);
  const rest = members.length - named.length;
  const sentence = `Members: ${[...named, ...(rest > 0 ? [`${rest} other${rest === 1 ? '' : 's'} ${restSummary(counts, notable.slice(0, MEMBERS_NAMED))}`] : [])].join('; ')}.`;
  // Findings are reported most severe first (dangerous globals and escaping paths lead), so the first one carries
  // the sentence; AIS603 is an audit-profile hint, so another finding of the file carries it when there is one.
  const lead = reports.find((r) => r.ruleId !== 'AIS603') ?? reports[0]!;
  for (const r of reports) {
    r.properties = { ...r.properties, members: `${listed}${more}`, membersDangerous: counts.get('dangerous') ?? 0, membersNotChecked: counts.get('not-checked') ?? 0 };
  }
  lead.messageSuffix = `${lead.messageSuffix ?? ''} ${sentence}`;
}

/** `are safe` / `are safe or allow-listed pickles`: what the members not named in the sentence are. */
function restSummary(counts: ReadonlyMap<string, number>, named: readonly MemberVerdict[]): string {
  const left = new Map(counts);
  for (const m of named) left.set(m.verdict, (left.get(m.verdict) ?? 0) - 1);
  const parts = ['dangerous', 'suspicious', 'not-checked', 'pickle', 'safe']
    .filter((v) => (left.get(v) ?? 0) > 0)
    .map((v) => `${left.get(v)} ${v === 'not-checked' ? 'not checked' : v === 'pickle' ? 'allow-listed pickle' : v}`);
  return `(${parts.join(', ')})`;
}


function reportTensorflowOps(ctx: BinaryContext, ruleId: 'AIS609' | 'AIS616', ops: ModelScan['tensorflowFileOps'], effect: string): void {
  const first = ops[0]!;
  const others = ops.slice(1).map((o) => `\`${o.op}\` (${o.count}, ${o.where})`);
  const member = first.member ? ` of ${first.member}` : '';
  ctx.report({
    ruleId,
    range: WHOLE_FILE,
    data: { op: first.op, offset: String(first.offset) },
    message: `This TensorFlow graph uses \`${first.op}\` (${first.count} node${first.count === 1 ? '' : 's'}, first in the ${first.where} at byte ${first.offset}${member}): running the model ${effect}.${others.length > 0 ? ` Also: ${others.join(', ')}.` : ''}`,
    fingerprintSeed: `${ruleId === 'AIS609' ? 'tf-file-op' : 'tf-python-op'}:${ops.map((o) => o.op).join(',')}`,
    properties: { format: 'tensorflow', global: first.op, offset: first.offset, member: first.member, count: first.count, where: first.where },
  });
}

function reportOnnxEscape(ctx: BinaryContext, escapes: ModelScan['onnxExternalData']): void {
  const first = escapes[0]!;
  const more = escapes.length > 1 ? ` Also: ${escapes.slice(1, 4).map((d) => `"${d.tensor}" from \`${d.location}\``).join(', ')}${escapes.length > 4 ? ` and ${escapes.length - 4} more` : ''}.` : '';
  ctx.report({
    ruleId: 'AIS614',
    range: WHOLE_FILE,
    data: { tensor: first.tensor, location: first.location, escape: first.escape ?? '' },
    messageSuffix: `${first.member ? ` (${first.member}, byte ${first.offset})` : ` (byte ${first.offset})`}${more}`,
    fingerprintSeed: `onnx-external:${escapes.map((d) => d.location).join(',')}`,
    properties: { format: 'onnx', tensor: first.tensor, location: first.location, offset: first.offset, member: first.member, tensors: escapes.length },
  });
}

/** What a file op does with the constant path it is given, for AIS618's message. */
const CONSTANT_PATH_EFFECT: Record<string, string> = {
  ReadFile: 'running the model reads that file',
  WriteFile: 'running the model overwrites that file',
  MatchingFiles: 'running the model lists the files it matches',
  InitializeTableFromTextFile: 'loading the model reads that file into a lookup table',
  InitializeTableFromTextFileV2: 'loading the model reads that file into a lookup table',
};

function reportAssetEscape(ctx: BinaryContext, assets: ModelScan['tensorflowAssets']): void {
  const first = assets[0]!;
  const more = assets.length > 1 ? ` Also: ${assets.slice(1, 4).map((a) => `\`${a.filename}\``).join(', ')}${assets.length > 4 ? ` and ${assets.length - 4} more` : ''}.` : '';
  const source = first.readBy ? `has a \`${first.readBy.op}\` node (in the ${first.readBy.where}) whose path is the constant` : 'feeds its graph the asset file';
  const effect = first.readBy ? (CONSTANT_PATH_EFFECT[first.readBy.op] ?? 'running the model uses that file') : 'loading the model reads that file';
  ctx.report({
    ruleId: 'AIS618',
    range: WHOLE_FILE,
    data: { filename: first.filename, escape: first.escape ?? '', source, effect },
    messageSuffix: `${first.member ? ` (${first.member}, byte ${first.offset})` : ` (byte ${first.offset})`}${more}`,
    fingerprintSeed: `savedmodel-asset:${assets.map((a) => a.filename).join(',')}`,
    properties: { format: 'tensorflow', location: first.filename, offset: first.offset, member: first.member, assets: assets.length, ...(first.readBy ? { op: first.readBy.op, where: first.readBy.where } : {}) },
  });
}

function reportOnnxCustomDomains(ctx: BinaryContext, scan: ModelScan): void {
  const first = scan.onnxCustomDomains[0]!;
  const more = scan.onnxCustomDomains.length > 1 ? ` Also: ${scan.onnxCustomDomains.slice(1, 4).map((d) => `\`${d.domain}\``).join(', ')}.` : '';
  ctx.report({
    ruleId: 'AIS615',
    range: WHOLE_FILE,
    data: { domain: first.domain, ops: `${first.nodes} node${first.nodes === 1 ? '' : 's'}: ${first.ops.map((o) => `\`${o}\``).join(', ')}` },
    messageSuffix: more,
    fingerprintSeed: `onnx-domain:${scan.onnxCustomDomains.map((d) => d.domain).join(',')}`,
    properties: { format: 'onnx', domain: first.domain, member: first.member, nodes: first.nodes, domains: scan.onnxCustomDomains.length },
  });
}

function reportTorchServe(ctx: BinaryContext, mar: NonNullable<ModelScan['torchServe']>): void {
  const handlerFile = mar.codeFiles.includes(mar.handler);
  const handler = handlerFile ? `its handler \`${mar.handler}\`` : mar.handler ? `the built-in handler \`${mar.handler}\`` : 'the handler its manifest names';
  const otherCode = mar.codeFiles.filter((f) => f !== mar.handler);
  const parts: string[] = [];
  if (otherCode.length > 0) parts.push(`, which can import ${otherCode.length} more Python file${otherCode.length === 1 ? '' : 's'} of the archive (${otherCode.slice(0, 3).map((f) => `\`${f}\``).join(', ')}${otherCode.length > 3 ? ', …' : ''})`);
  if (mar.pathProblems.length > 0) parts.push(`; the manifest names paths outside the archive: ${mar.pathProblems.slice(0, 3).join('; ')}`);
  ctx.report({
    ruleId: 'AIS617',
    range: WHOLE_FILE,
    data: { handler, more: parts.join('') },
    fingerprintSeed: `torchserve:${mar.handler}:${mar.codeFiles.join(',')}`,
    properties: { format: 'torchserve', member: mar.member, handler: mar.handler, codeFiles: mar.codeFiles.length, pathProblems: mar.pathProblems.length, ...(mar.serializedFile ? { serializedFile: mar.serializedFile } : {}) },
  });
}


function reportChatTemplate(ctx: BinaryContext, scan: ModelScan): void {
  const first = scan.chatTemplates[0]!;
  const more = scan.chatTemplates.length > 1 ? ` (and ${scan.chatTemplates.length - 1} more; see the file report)` : '';
  ctx.report({
    ruleId: 'AIS611',
    range: WHOLE_FILE,
    severity: first.level === 'dangerous' ? 'error' : 'warning',
    data: { key: first.key, reason: first.reason, excerpt: `\`${first.excerpt}\`${more}` },
    fingerprintSeed: `chat-template:${first.member}:${first.key}:${first.reason}`,
    properties: { format: scan.format, member: first.member, key: first.key, offset: first.offset ?? 0, issues: scan.chatTemplates.length },
  });
}

function reportMetadataTarget(ctx: BinaryContext, scan: ModelScan): void {
  const sorted = [...scan.metadataTargets].sort((a, b) => (a.level === b.level ? 0 : a.level === 'dangerous' ? -1 : 1));
  const first = sorted[0]!;
  const more = sorted.length > 1 ? ` Also: ${sorted.slice(1, 4).map((t) => `\`${t.target}\``).join(', ')}.` : '';
  ctx.report({
    ruleId: 'AIS612',
    range: WHOLE_FILE,
    severity: first.level === 'dangerous' ? 'error' : 'warning',
    data: { target: first.target, key: `${first.member ? `${first.member}: ` : ''}${first.key}`, reason: `${first.reason}${more ? `.${more}` : ''}` },
    fingerprintSeed: `hydra-target:${sorted.map((t) => t.target).join(',')}`,
    properties: { format: scan.format, member: first.member, key: first.key, global: first.target, targets: sorted.length },
  });
}

function reportDangerousGlobal(ctx: BinaryContext, scan: ModelScan, sites: GlobalSite[]): void {
  const first = sites[0]!;
  const call = first.calls.find((c) => c.includes('('));
  const name = first.global.includes('?') ? `a global the scanner cannot name (\`${first.global}\`)` : `\`${first.global}\``;
  const more = sites.length > 1 ? ` Also imports ${listGlobals(sites.slice(1))}.` : '';
  ctx.report({
    ruleId: 'AIS601',
    range: WHOLE_FILE,
    message: `Loading this ${scan.formatLabel} runs ${name}, imported at ${siteLocation(first)}${call ? ` and called as ${call}` : ''}: it ${first.reason}.${more}`,
    fingerprintSeed: `dangerous:${sites.map((s) => s.global).join(',')}`,
    properties: globalProperties(first, sites.length),
  });
}

function reportDangerousKeras(ctx: BinaryContext, sites: KerasSite[]): void {
  const first = sites[0]!;
  const more = sites.length > 1 ? ` Also: ${sites.slice(1, 4).map((s) => `\`${s.global}\``).join(', ')}.` : '';
  ctx.report({
    ruleId: 'AIS601',
    range: WHOLE_FILE,
    message: `Loading this Keras model imports \`${first.global}\`, named by ${first.member || 'the model config'} at \`${first.path || '(root)'}\`${first.offset !== undefined ? ` (byte ${first.offset})` : ''}: ${first.reason}.${more}`,
    fingerprintSeed: `keras-dangerous:${sites.map((s) => s.global).join(',')}`,
    properties: { global: first.global ?? '', offset: first.offset ?? 0, format: 'keras', member: first.member, configPath: first.path },
  });
}

function reportUnknownGlobal(ctx: BinaryContext, scan: ModelScan, sites: GlobalSite[]): void {
  const first = sites[0]!;
  const more = sites.length > 1 ? ` Also imports ${listGlobals(sites.slice(1))}.` : '';
  ctx.report({
    ruleId: 'AIS602',
    range: WHOLE_FILE,
    message: `Loading this ${scan.formatLabel} imports \`${first.global}\` (at ${siteLocation(first)}), which is not on the allow list of names known to be safe in model files.${more}`,
    fingerprintSeed: `unknown:${sites.map((s) => s.global).join(',')}`,
    properties: globalProperties(first, sites.length),
  });
}

function reportPickleBased(ctx: BinaryContext, scan: ModelScan): void {
  const complete = scan.pickles.filter((p) => p.complete).length;
  const globals = scan.globals.length;
  ctx.report({
    ruleId: 'AIS603',
    range: WHOLE_FILE,
    data: {
      format: scan.formatLabel,
      pickles: `${scan.pickles.length} pickle${scan.pickles.length === 1 ? '' : 's'}${complete < scan.pickles.length ? ` (${scan.pickles.length - complete} incomplete)` : ''} importing ${globals === 0 ? 'no globals' : `only allow-listed globals (${globals})`}`,
    },
    fingerprintSeed: `pickle:${scan.format}`,
    properties: { format: scan.format, pickles: scan.pickles.length, globals },
  });
}

function reportGaps(ctx: BinaryContext, scan: ModelScan): void {
  const warnings = scan.gaps.filter((g) => g.severity === 'warning');
  const first = warnings[0] ?? scan.gaps[0]!;
  const more = scan.gaps.length > 1 ? ` (and ${scan.gaps.length - 1} more problem${scan.gaps.length > 2 ? 's' : ''}; see the file report)` : '';
  ctx.report({
    ruleId: 'AIS604',
    range: WHOLE_FILE,
    severity: warnings.length > 0 ? 'warning' : 'info',
    data: { reason: `${first.member ? `${first.member}: ` : ''}${first.reason}${more}` },
    fingerprintSeed: `gap:${first.member}:${first.reason}`,
    properties: { format: scan.format, member: first.member, gaps: scan.gaps.length, bytesExamined: scan.bytesExamined, fileSize: scan.fileSize },
  });
}

function reportDisagreements(ctx: BinaryContext, scan: ModelScan): void {
  const all = scan.archiveDisagreements;
  const first = all[0]!;
  const more = all.length > 1 ? ` (and ${all.length - 1} more disagreement${all.length > 2 ? 's' : ''}; see the file report)` : '';
  ctx.report({
    ruleId: 'AIS610',
    range: WHOLE_FILE,
    data: { reason: `${first.member ? `${first.member}: ` : ''}${first.reason}${more}` },
    fingerprintSeed: `archive-disagreement:${first.member}:${first.reason}`,
    properties: { format: scan.format, member: first.member, disagreements: all.length },
  });
}

function reportSafetensors(ctx: BinaryContext, scan: ModelScan): void {
  const st = scan.safetensors!;
  const more = st.problems.length > 1 ? ` (and ${st.problems.length - 1} more)` : '';
  ctx.report({
    ruleId: 'AIS605',
    range: WHOLE_FILE,
    data: { problem: `${st.problems[0] ?? 'invalid header'}${more}` },
    fingerprintSeed: `safetensors:${st.problems[0] ?? ''}`,
    properties: { format: 'safetensors', offset: 0, problems: st.problems.length },
  });
}

function reportLambda(ctx: BinaryContext, sites: KerasSite[]): void {
  const first = sites[0]!;
  const more = sites.length > 1 ? ` (and ${sites.length - 1} more Lambda layer${sites.length > 2 ? 's' : ''})` : '';
  ctx.report({
    ruleId: 'AIS606',
    range: WHOLE_FILE,
    message: `Keras layer "${first.name}" (${first.member ? `${first.member} ` : ''}at \`${first.path}\`) is a Lambda layer: its serialized Python function runs when the model is loaded${more}.`,
    fingerprintSeed: `lambda:${sites.map((s) => s.name).join(',')}`,
    properties: { format: 'keras', layer: first.name, member: first.member, configPath: first.path, offset: first.offset ?? 0, count: sites.length },
  });
}

function reportCustomObject(ctx: BinaryContext, sites: KerasSite[]): void {
  const first = sites[0]!;
  const more = sites.length > 1 ? ` Also: ${sites.slice(1, 4).map((s) => `\`${s.global}\``).join(', ')}.` : '';
  ctx.report({
    ruleId: 'AIS607',
    range: WHOLE_FILE,
    data: { layer: first.name, global: first.global ?? '' },
    // A custom object imports code from outside Keras; a Keras function outside the model parts is a "dead op" call.
    message: first.reason.startsWith('a custom object')
      ? `Keras object "${first.name}" imports \`${first.global}\`, code from outside Keras and TensorFlow, when the model is loaded.${more}`
      : `Keras object "${first.name}" names \`${first.global}\`: ${first.reason}.${more}`,
    fingerprintSeed: `custom:${sites.map((s) => s.global).join(',')}`,
    properties: { format: 'keras', global: first.global ?? '', member: first.member, configPath: first.path, offset: first.offset ?? 0 },
  });
}

function listGlobals(sites: GlobalSite[]): string {
  const shown = sites.slice(0, 3).map((s) => `\`${s.global}\` (${siteLocation(s)})`);
  return `${shown.join(', ')}${sites.length > 3 ? ` and ${sites.length - 3} more` : ''}`;
}

function globalProperties(site: GlobalSite, distinct: number): Record<string, string | number | boolean> {
  return { global: site.global, offset: siteOffset(site), format: site.format, member: site.member, occurrences: site.count, distinctGlobals: distinct, opcode: site.opcode };
}
