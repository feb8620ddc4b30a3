/**
 * People-facing views of a model-file scan: the verdict that the `ProjectFacts.modelFileVerdict` port
 * hands to code rules (`torch.load("model.pt")` can say what that file would do), and a readable Markdown
 * report (format, pickles, globals, verdict) for the language server's hover and "Show Details".
 * Pure functions over `scanModelFile`; nothing here reads files.
 */
import { formatSize } from './formats/bytes';
import { scanModelFile, SIZE_LIMIT_SETTING, type GlobalSite, type ModelScan, type ModelScanInput } from './formats/model-scan';
import type { ModelFileVerdict } from './ports';

export type { ModelScan, ModelScanInput } from './formats/model-scan';
export { scanModelFile } from './formats/model-scan';

export interface ModelFileReport {
  path: string;
  scan: ModelScan;
  verdict: ModelFileVerdict;
  /** Markdown. */
  markdown: string;
}

/** Scans a model file and returns its verdict (what a host caches for the `modelFileVerdict` port). */
export function modelFileVerdictOf(input: ModelScanInput): ModelFileVerdict {
  return verdictOf(scanModelFile(input));
}

/** Scans a model file and renders the full report. */
export function modelFileReport(input: ModelScanInput): ModelFileReport {
  const scan = scanModelFile(input);
  const verdict = verdictOf(scan);
  return { path: input.path, scan, verdict, markdown: renderModelReport(input.path, scan, verdict) };
}

/**
 * The verdict of a scan, most severe first: `dangerous` (a deny-listed or unnameable global, a Keras
 * config naming a dangerous module), `suspicious` (globals off the allow list, Lambda layers, custom Keras
 * objects, TorchScript code, an archive its readers disagree about), `unreadable` (something could not be checked, or the format is unknown),
 * `pickle` (a pickle with allow-listed globals only), `safe` (no pickle, nothing executable).
 */
export function verdictOf(scan: ModelScan): ModelFileVerdict {
  const dangerous = scan.globals.filter((g) => g.level === 'dangerous');
  const kerasDangerous = scan.keras.filter((k) => k.level === 'dangerous');
  if (dangerous.length > 0) return { verdict: 'dangerous', summary: `imports ${globalSummary(dangerous)}` };
  if (kerasDangerous.length > 0) return { verdict: 'dangerous', summary: `Keras config names ${kerasDangerous.map((k) => k.global).join(', ')}, which loading imports` };
  const target = scan.metadataTargets.find((t) => t.level === 'dangerous') ?? scan.metadataTargets[0];
  if (target?.level === 'dangerous') return { verdict: 'dangerous', summary: `metadata asks Hydra to instantiate \`${target.target}\` (${target.key}), which ${target.reason}` };
  const escape = scan.onnxExternalData.find((d) => d.escape);
  if (escape) return { verdict: 'dangerous', summary: `ONNX tensor "${escape.tensor}" reads external data from ${escape.location}, which ${escape.escape}` };
  const asset = scan.tensorflowAssets.find((a) => a.escape);
  if (asset?.readBy) return { verdict: 'dangerous', summary: `the graph's ${asset.readBy.op} (${asset.readBy.where}) works on the constant path ${asset.filename} outside the model folder: it ${asset.escape}` };
  if (asset) return { verdict: 'dangerous', summary: `SavedModel asset ${asset.filename} is read from outside the model folder: it ${asset.escape}` };
  const template = scan.chatTemplates[0];
  if (template?.level === 'dangerous') return { verdict: 'dangerous', summary: `chat template \`${template.key}\` ${template.reason}` };
  const suspicious = scan.globals.filter((g) => g.level === 'suspicious');
  const lambdas = scan.keras.filter((k) => k.kind === 'lambda');
  const customObjects = scan.keras.filter((k) => k.kind === 'module-reference' && k.level === 'suspicious');
  if (suspicious.length > 0) return { verdict: 'suspicious', summary: `imports ${globalSummary(suspicious)}, not on the allow list` };
  if (lambdas.length > 0) return { verdict: 'suspicious', summary: `Keras Lambda layer${lambdas.length > 1 ? 's' : ''} ${lambdas.map((l) => `"${l.name}"`).join(', ')} run code on load` };
  if (customObjects.length > 0) return { verdict: 'suspicious', summary: `Keras config imports custom code (${customObjects.map((c) => c.global).join(', ')})` };
  if (target) return { verdict: 'suspicious', summary: `metadata asks Hydra to instantiate \`${target.target}\` (${target.key})` };
  if (template) return { verdict: 'suspicious', summary: `chat template \`${template.key}\` ${template.reason}` };
  if (scan.torchScript) return { verdict: 'suspicious', summary: 'TorchScript archive: its code runs on load' };
  if (scan.tensorflowPythonOps.length > 0) return { verdict: 'suspicious', summary: `TensorFlow graph that calls Python (${scan.tensorflowPythonOps.map((o) => o.op).join(', ')})` };
  if (scan.tensorflowFileOps.length > 0) return { verdict: 'suspicious', summary: `TensorFlow graph with file-system ops (${scan.tensorflowFileOps.map((o) => o.op).join(', ')})` };
  const pythonTargets = scan.exportPrograms.flatMap((p) => p.pythonTargets);
  if (pythonTargets.length > 0) return { verdict: 'suspicious', summary: `torch.export program calls Python callables (${pythonTargets.slice(0, 3).join(', ')})` };
  if (scan.nativeCode.length > 0) return { verdict: 'suspicious', summary: `torch.export archive with native code that AOTInductor runs (${scan.nativeCode.slice(0, 3).join(', ')})` };
  if (scan.torchServe) return { verdict: 'suspicious', summary: `TorchServe archive: serving it runs ${scan.torchServe.handler ? `the handler ${scan.torchServe.handler}` : 'its handler'}${scan.torchServe.codeFiles.length > 0 ? ` (${scan.torchServe.codeFiles.length} Python file(s) inside)` : ''}` };
  const disagreement = scan.archiveDisagreements[0];
  if (disagreement) return { verdict: 'suspicious', summary: `ZIP readers disagree about the archive: ${disagreement.reason}` };
  const firstGap = scan.gaps.find((g) => g.severity === 'warning') ?? scan.gaps[0];
  if (firstGap) return { verdict: 'unreadable', summary: `not fully checked: ${firstGap.reason}` };
  if (scan.safetensors && !scan.safetensors.valid) return { verdict: 'unreadable', summary: `malformed safetensors header: ${scan.safetensors.problems[0] ?? 'invalid'}` };
  if (scan.pickleBased) return { verdict: 'pickle', summary: `${scan.formatLabel}; pickle-based with allow-listed globals only (prefer safetensors)` };
  if (scan.format === 'unknown') return { verdict: 'unreadable', summary: scan.formatLabel.startsWith('Git LFS') ? 'a Git LFS pointer: the model file is not checked out' : 'not a model format AISec recognises' };
  const custom = [...scan.onnxCustomDomains.map((d) => d.domain), ...scan.exportPrograms.flatMap((p) => p.customNamespaces.map((n) => `torch.ops.${n.namespace}`))];
  return { verdict: 'safe', summary: `${scan.formatLabel}; nothing executable found${custom.length > 0 ? `; needs custom operators from ${custom.join(', ')}` : ''}` };
}

/** Where a global was found, in words: `byte 294 (model/data.pkl)` or `byte 12 of model/data.pkl (decompressed)`. */
export function siteLocation(site: Pick<GlobalSite, 'offset' | 'fileOffset' | 'member'>): string {
  if (site.fileOffset !== undefined) return site.member ? `byte ${site.fileOffset} (in ${site.member})` : `byte ${site.fileOffset}`;
  return site.member ? `byte ${site.offset} of ${site.member} (decompressed)` : `byte ${site.offset} of the decompressed data`;
}

/** The byte offset to publish in finding properties: in the file when known, else in the member. */
export function siteOffset(site: Pick<GlobalSite, 'offset' | 'fileOffset'>): number {
  return site.fileOffset ?? site.offset;
}

function globalSummary(sites: GlobalSite[]): string {
  const first = sites[0]!;
  const more = sites.length > 1 ? ` and ${sites.length - 1} more (${sites.slice(1, 4).map((s) => s.global).join(', ')})` : '';
  return `${first.global} at ${siteLocation(first)}${more}`;
}

/** Renders the report as Markdown. */
export function renderModelReport(path: string, scan: ModelScan, verdict: ModelFileVerdict = verdictOf(scan)): string {
  const lines: string[] = [];
  const name = path.split(/[\\/]/).pop() ?? path;
  lines.push(`# Model file: ${escapeMd(name)}`, '');
  lines.push(`**Verdict: ${verdict.verdict.toUpperCase()}** — ${escapeMd(verdict.summary)}`, '');
  const read = scan.bytesExamined >= scan.fileSize ? 'all of it read' : `first ${formatSize(scan.bytesExamined)} read (${SIZE_LIMIT_SETTING})`;
  lines.push('| | |', '|---|---|');
  lines.push(`| Format | ${escapeMd(scan.formatLabel)} |`);
  lines.push(`| Size | ${formatSize(scan.fileSize)} (${read}) |`);
  lines.push(`| Pickle-based | ${scan.pickleBased ? 'yes: loading it unpickles data' : 'no'} |`);
  if (scan.membersSeen > 0) lines.push(`| Archive members | ${scan.membersSeen} |`);
  lines.push(`| Pickles found | ${scan.pickles.length}${scan.pickles.length > 0 ? ` (${pickleSummary(scan)})` : ''} |`);
  lines.push('');
  if (scan.pickles.length > 0) {
    lines.push('## Pickles', '', '| Where | Bytes | Protocol | Opcodes | Walked to STOP |', '|---|---|---|---|---|');
    for (const p of scan.pickles.slice(0, 50)) {
      const status = p.complete ? 'yes' : `no: ${p.error ? `${p.error.message} at byte ${p.error.offset}` : 'stopped'}`;
      lines.push(`| ${escapeMd(p.member || '(file)')}${p.nested ? ' (nested)' : ''} | ${p.start}–${p.end} | ${p.protocol || '0/1'} | ${p.opcodes} | ${escapeMd(status)} |`);
    }
    if (scan.pickles.length > 50) lines.push(`| … | | | | ${scan.pickles.length - 50} more |`);
    lines.push('');
  }
  if (scan.globals.length > 0) {
    lines.push('## Globals imported', '', '| Global | Verdict | Where | Count | Calls | Why |', '|---|---|---|---|---|---|');
    for (const g of scan.globals.slice(0, 200)) {
      lines.push(`| ${code(g.global)} | ${g.level} | ${escapeMd(siteLocation(g))} | ${g.count} | ${escapeMd(g.calls.join('; ')) || '–'} | ${escapeMd(g.reason)} |`);
    }
    if (scan.globals.length > 200) lines.push(`| … | | | | | ${scan.globals.length - 200} more |`);
    lines.push('');
  }
  if (scan.keras.length > 0) {
    lines.push('## Keras configuration', '');
    for (const k of scan.keras) lines.push(`- **${k.level}** ${k.kind === 'lambda' ? 'Lambda layer' : 'module reference'} "${escapeMd(k.name)}"${k.global ? ` → ${code(k.global)}` : ''} at ${code(k.path || '(root)')}${k.member ? ` in ${escapeMd(k.member)}` : ''}: ${escapeMd(k.reason)}`);
    lines.push('');
  }
  if (scan.chatTemplates.length > 0) {
    lines.push('## Chat templates', '');
    for (const t of scan.chatTemplates) lines.push(`- **${t.level}** ${code(t.key)}${t.member ? ` in ${escapeMd(t.member)}` : ''}${t.offset !== undefined ? ` (byte ${t.offset})` : ''}: ${escapeMd(t.reason)}: ${code(t.excerpt)}`);
    lines.push('');
  }
  if (scan.metadataTargets.length > 0) {
    lines.push('## Hydra targets in metadata', '');
    for (const t of scan.metadataTargets) lines.push(`- **${t.level}** ${code(t.target)} named by ${code(t.key)}${t.member ? ` in ${escapeMd(t.member)}` : ''}: ${escapeMd(t.reason)}`);
    lines.push('');
  }
  if (scan.safetensors) {
    lines.push('## safetensors header', '');
    lines.push(scan.safetensors.valid ? `Valid: ${scan.safetensors.tensorCount} tensors, ${scan.safetensors.metadataKeys} metadata keys.` : `Invalid: ${scan.safetensors.problems.map(escapeMd).join('; ')}`);
    lines.push('');
  }
  const tensorflowOps = [...scan.tensorflowPythonOps.map((op) => ({ ...op, what: 'calls Python' })), ...scan.tensorflowFileOps.map((op) => ({ ...op, what: 'file system' }))];
  if (tensorflowOps.length > 0) {
    lines.push('## TensorFlow ops that leave the graph', '');
    for (const op of tensorflowOps) lines.push(`- ${code(op.op)} (${op.what}) ×${op.count}, first in the ${escapeMd(op.where)} at byte ${op.offset}${op.member ? ` of ${escapeMd(op.member)}` : ''}`);
    lines.push('');
  }
  if (scan.tensorflowAssets.length > 0) {
    lines.push('## SavedModel assets', '');
    for (const a of scan.tensorflowAssets) lines.push(`- ${code(a.filename)}${a.readBy ? ` (a constant path of ${code(a.readBy.op)} in the ${escapeMd(a.readBy.where)})` : ''}${a.escape ? `: **${escapeMd(a.escape)}**` : ' (under assets/)'}${a.member ? ` in ${escapeMd(a.member)}` : ''}`);
    lines.push('');
  }
  if (scan.onnxExternalData.length > 0 || scan.onnxCustomDomains.length > 0) {
    lines.push('## ONNX', '');
    for (const d of scan.onnxExternalData) lines.push(`- tensor ${code(d.tensor)} reads external data from ${code(d.location)}${d.escape ? `: **${escapeMd(d.escape)}**` : ' (inside the model folder)'}${d.member ? ` in ${escapeMd(d.member)}` : ''}`);
    for (const d of scan.onnxCustomDomains) lines.push(`- custom operator domain ${code(d.domain)}: ${d.nodes} node(s) (${d.ops.map(code).join(', ')}); needs a library the application registers`);
    lines.push('');
  }
  if (scan.exportPrograms.length > 0 || scan.nativeCode.length > 0) {
    lines.push('## torch.export program', '');
    for (const p of scan.exportPrograms) {
      for (const n of p.customNamespaces) lines.push(`- custom operator namespace ${code(`torch.ops.${n.namespace}`)}: ${n.nodes} node(s) (${n.ops.map(code).join(', ')}) in ${escapeMd(p.member)}; needs a library the application registers`);
      for (const t of p.pythonTargets) lines.push(`- **Python callable as a node target**: ${code(t)} in ${escapeMd(p.member)}`);
    }
    for (const m of scan.nativeCode) lines.push(`- **native code**: ${escapeMd(m)} (AOTInductor loads and runs it)`);
    lines.push('');
  }
  if (scan.torchServe) {
    const mar = scan.torchServe;
    lines.push('## TorchServe archive', '', `Handler: ${mar.handler ? code(mar.handler) : 'not named'}; serialized model: ${mar.serializedFile ? code(mar.serializedFile) : 'not named'}; ${mar.codeFiles.length} Python file(s): ${mar.codeFiles.slice(0, 20).map(code).join(', ') || 'none'}.`, '');
    for (const p of mar.pathProblems) lines.push(`- **manifest path outside the archive**: ${escapeMd(p)}`);
    if (mar.pathProblems.length > 0) lines.push('');
  }
  if (scan.torchScript) lines.push('## TorchScript', '', `${scan.torchScript.codeFiles} code file(s) in the archive; \`torch.jit.load\` compiles and runs them.`, '');
  if (scan.archiveDisagreements.length > 0) {
    lines.push('## ZIP readers disagree', '', 'Every member any of these readers sees was scanned.', '');
    for (const d of scan.archiveDisagreements) lines.push(`- ${d.member ? `${escapeMd(d.member)}: ` : ''}${escapeMd(d.reason)}`);
    lines.push('');
  }
  if (scan.members.length > 0) {
    lines.push('## Archive members', '', '| Member | Verdict | Why |', '|---|---|---|');
    for (const m of scan.members.slice(0, 500)) lines.push(`| ${escapeMd(m.member)} | ${m.verdict === 'not-checked' ? 'not checked' : m.verdict} | ${escapeMd(m.reason)} |`);
    if (scan.members.length > 500) lines.push(`| … | | ${scan.members.length - 500} more |`);
    lines.push('');
  }
  if (scan.gaps.length > 0) {
    lines.push('## Not fully checked', '');
    for (const g of scan.gaps) lines.push(`- **${g.severity}**${g.member ? ` ${escapeMd(g.member)}:` : ''} ${escapeMd(g.reason)}`);
    lines.push('');
  }
  if (scan.notes.length > 0) {
    lines.push('## Notes', '');
    for (const n of scan.notes.slice(0, 50)) lines.push(`- ${escapeMd(n)}`);
    lines.push('');
  }
  lines.push('## What to do', '');
  lines.push(...adviceFor(verdict.verdict, scan));
  lines.push('', '_AISec read this file as bytes; nothing in it was executed or unpickled._');
  return lines.join('\n');
}

function pickleSummary(scan: ModelScan): string {
  const protocols = [...new Set(scan.pickles.map((p) => p.protocol))].sort();
  const broken = scan.pickles.filter((p) => !p.complete).length;
  return `protocol ${protocols.join('/')}${broken > 0 ? `, ${broken} incomplete` : ', all complete'}`;
}

function adviceFor(verdict: ModelFileVerdict['verdict'], scan: ModelScan): string[] {
  switch (verdict) {
    case 'dangerous':
      return ['- Do **not** load this file (no `torch.load`, `pickle.load`, `joblib.load`, `numpy.load(allow_pickle=True)`, `keras.models.load_model`).', '- Delete it and get the weights from a trusted source, ideally as `.safetensors`.'];
    case 'suspicious':
      return ['- Load it only if you trust its source and the code it imports.', '- For PyTorch, `torch.load(path, weights_only=True)` refuses the globals listed above; convert trusted checkpoints with `safetensors.torch.save_file`.', '- For Keras, keep `safe_mode=True` and pass reviewed `custom_objects`.'];
    case 'unreadable':
      return ['- The scanner could not check everything (see above); treat the file as untrusted until it is re-downloaded, decompressed or converted.'];
    case 'pickle':
      return ['- Only allow-listed globals today, but the format can run code. Load with `torch.load(path, weights_only=True)` (or `numpy.load(..., allow_pickle=False)`), and convert to safetensors:', '', '```python', 'from safetensors.torch import save_file', 'save_file(torch.load("model.pt", weights_only=True), "model.safetensors")', '```'];
    case 'safe':
      return [scan.format === 'safetensors' ? '- safetensors holds tensors and JSON only; loading it runs no code.' : '- Nothing executable was found in this file.'];
  }
}

/** A Markdown code span (its content is literal, so only backticks and table pipes need care). */
function code(s: string): string {
  return `\`${s.replace(/`/g, "'").replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')}\``;
}

function escapeMd(s: string): string {
  return s.replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}
