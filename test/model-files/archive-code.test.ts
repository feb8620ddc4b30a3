/**
 * Python files inside model archives (a TorchServe handler and its modules) are read by the code rules as the
 * Python files they are: their findings join the archive's, named by member and line in every output.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import { DEFAULT_CONFIG, type Finding } from '../../server/src/engine/index';
import { formatFinding } from '../../server/src/cli/emitters/text';
import { toJsonFinding } from '../../server/src/cli/emitters/json';
import { zipSync, strToU8 } from 'fflate';
import { scanModelFile } from '../../server/src/engine/formats/model-scan';
import { fixture } from './helpers';

const AUDIT = { ...DEFAULT_CONFIG, profile: 'audit' as const };

async function analyseArchive(name: string): Promise<Finding[]> {
  const engine = await loadEngine();
  const bytes = fixture(name);
  return engine.analyzeBytes({ path: `models/${name}`, bytes, fileSize: bytes.length, config: AUDIT, ports: {} }).findings;
}

test('the code rules read a TorchServe handler and report its findings at the member and line', async () => {
  const findings = await analyseArchive('bad-handler-code.mar');
  const code = findings.filter((f) => f.member);
  assert.deepEqual(code.map((f) => `${f.member?.member}:${f.member!.range.start.line + 1} ${f.ruleId}`).sort(), ['handler.py:10 AIS101', 'handler.py:13 AIS203']);
  for (const f of code) {
    assert.equal(f.path, 'models/bad-handler-code.mar', 'the finding belongs to the archive');
    assert.deepEqual(f.range, { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } });
    assert.deepEqual(f.fixes, [], 'a member cannot be edited in place, so no fix is offered');
    assert.match(f.message, /\(in the archive member handler\.py, line 1[03]\)$/);
  }
  assert.ok(findings.some((f) => f.ruleId === 'AIS617' && !f.member), 'the archive finding is still there');
  const text = formatFinding(code.find((f) => f.ruleId === 'AIS203')!, { color: false, documentOf: () => undefined });
  assert.match(text, /^models\/bad-handler-code\.mar!\/handler\.py:13:9: AIS203 \[error\]/);
  const json = toJsonFinding(code.find((f) => f.ruleId === 'AIS101')!);
  assert.deepEqual(json['member'], { path: 'handler.py', location: { line: 10, column: 16, endLine: 10, endColumn: 34 } });
});

test('a handler with no unsafe code adds no code findings, and a suppression comment in the handler is honoured', async () => {
  const plain = await analyseArchive('bad-handler.mar');
  assert.deepEqual(plain.filter((f) => f.member), []);
  const engine = await loadEngine();
  const manifest = JSON.stringify({ model: { modelName: 'm', handler: 'serve/handler.py:handle', serializedFile: 'model.safetensors' } });
  const handler = 'import pickle\n\ndef handle(data, context):\n    # aisec: ignore[AIS101]\n    a = pickle.loads(data[0]["body"])\n    return eval(data[1]["body"])\n';
  const bytes = zipSync({ 'MAR-INF/MANIFEST.json': strToU8(manifest), 'serve/handler.py': strToU8(handler) }, { level: 6 });
  const result = engine.analyzeBytes({ path: 'm.mar', bytes, fileSize: bytes.length, config: AUDIT, ports: {} });
  assert.deepEqual(result.findings.filter((f) => f.member).map((f) => `${f.member?.member}:${f.member!.range.start.line + 1} ${f.ruleId}`), ['serve/handler.py:6 AIS201']);
  assert.deepEqual(result.suppressed.map((s) => `${s.finding.member?.member}:${s.finding.member!.range.start.line + 1} ${s.finding.ruleId} ${s.by}`), ['serve/handler.py:5 AIS101 aisec-ignore']);
});

test('the code rules read at most 200 Python files of one archive, and the first one left out is named as not checked', () => {
  const files: Record<string, Uint8Array> = { 'MAR-INF/MANIFEST.json': strToU8(JSON.stringify({ model: { handler: 'h0.py' } })) };
  for (let i = 0; i < 201; i++) files[`h${i}.py`] = strToU8(`x = ${i}\n`);
  const bytes = zipSync(files, { level: 0 });
  const result = scanModelFile({ path: 'many.mar', bytes, fileSize: bytes.length });
  assert.equal(result.codeMembers.length, 200);
  assert.deepEqual(result.gaps.map((g) => [g.severity, g.member]), [['info', 'h200.py']]);
});
