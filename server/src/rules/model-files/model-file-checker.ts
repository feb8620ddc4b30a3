/**
 * The one binary checker of the model-files family: scans the file once (engine/formats/model-scan) and
 * reports each rule at most once per file, on the whole file (line 0, column 0), with the global, its
 * byte offset, the format and the archive member in the message and the properties.
 */
import type { Range } from '../../engine/finding';
import type { BinaryChecker, BinaryContext } from '../../engine/rule';
import { scanModelFile, type GlobalSite, type KerasSite, type ModelScan } from '../../engine/formats/model-scan';
import { siteLocation, siteOffset } from '../../engine/model-report';

export const MODEL_FILE_RULE_IDS = ['AIS601', 'AIS602', 'AIS603', 'AIS604', 'AIS605', 'AIS606', 'AIS607', 'AIS608', 'AIS609', 'AIS610', 'AIS611', 'AIS612'] as const;

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
    });
    reportScan(ctx, scan);
  },
};

/** Turns a scan into findings (exported for tests that build a scan by hand). */
export function reportScan(ctx: BinaryContext, scan: ModelScan): void {
  const dangerous = scan.globals.filter((g) => g.level === 'dangerous');
  const kerasDangerous = scan.keras.filter((k) => k.level === 'dangerous');
  const suspicious = scan.globals.filter((g) => g.level === 'suspicious');
  if (dangerous.length > 0) reportDangerousGlobal(ctx, scan, dangerous);
  else if (kerasDangerous.length > 0) reportDangerousKeras(ctx, kerasDangerous);
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
  const fileOp = scan.tensorflowFileOps[0];
  if (fileOp) {
    const others = scan.tensorflowFileOps.slice(1).map((o) => `\`${o.op}\``);
    ctx.report({
      ruleId: 'AIS609',
      range: WHOLE_FILE,
      data: { op: fileOp.op, offset: String(fileOp.offset) },
      message: `This TensorFlow graph uses \`${fileOp.op}\` (${fileOp.count} node${fileOp.count === 1 ? '' : 's'}, first at byte ${fileOp.offset}${fileOp.member ? ` of ${fileOp.member}` : ''}): running the model reads or writes files the graph names.${others.length > 0 ? ` Also: ${others.join(', ')}.` : ''}`,
      fingerprintSeed: `tf-file-op:${scan.tensorflowFileOps.map((o) => o.op).join(',')}`,
      properties: { format: 'tensorflow', global: fileOp.op, offset: fileOp.offset, member: fileOp.member, count: fileOp.count },
    });
  }
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
