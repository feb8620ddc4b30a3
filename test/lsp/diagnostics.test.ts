/**
 * Live diagnostics over the protocol: open, incremental change, close; the diagnostic's content
 * (code, docs link, source, severity, flow, fixes in data); a failing rule that leaves the others alone;
 * oversize files; snippet analysis.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { AnalyzeTextRequest, RuleDocumentationRequest } from '../../server/src/shared/protocol';
import type { DiagnosticData } from '../../server/src/shared/protocol';
import { startHarness } from './harness';
import type { Harness } from './harness';

const APP = 'file:///virtual/project/app.py';

describe('live diagnostics', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.dispose();
  });

  it('publishes a diagnostic with code, docs link, source, severity and fixes in data', async () => {
    const published = h.waitForDiagnostics(APP, (d) => d.length > 0);
    h.open(APP, 'python', 'import pickle\nobj = pickle.loads(blob)\n');
    const [diagnostic] = await published;
    assert.ok(diagnostic);
    assert.equal(diagnostic.code, 'AIS901');
    assert.equal(diagnostic.source, 'aisec');
    assert.equal(diagnostic.severity, DiagnosticSeverity.Error);
    assert.equal(diagnostic.message, 'Unsafe pickle.loads (pickle.loads)');
    assert.equal(diagnostic.codeDescription?.href, 'command:aisec.showRuleDocumentation?%5B%22test-pickle-loads%22%5D');
    assert.deepEqual(diagnostic.range, { start: { line: 1, character: 6 }, end: { line: 1, character: 18 } });
    const data = diagnostic.data as DiagnosticData;
    assert.equal(data.ruleId, 'AIS901');
    assert.equal(data.label, 'unsafe pickle.loads');
    assert.deepEqual(
      data.fixes.map((f) => [f.title, f.applicability, f.preferred]),
      [
        ['Use json.loads', 'safe', true],
        ['Replace with a restricted loader (unsafe)', 'unsafe', false],
      ],
    );
    assert.equal(data.fixes[0]!.edits[0]!.uri, APP);
  });

  it('re-analyses after an incremental change and carries the version', async () => {
    const published = h.waitForDiagnostics(APP, (d) => d.length === 0);
    // Replace `pickle.loads` with `json.loads` on line 1.
    h.change(APP, 2, [{ range: { start: { line: 1, character: 6 }, end: { line: 1, character: 18 } }, text: 'json.loads' }]);
    await published;
    const last = h.diagnostics.filter((p) => p.uri === APP).at(-1);
    assert.equal(last?.version, 2);
    const again = h.waitForDiagnostics(APP, (d) => d.length === 1);
    h.change(APP, 3, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: 'x = pickle.loads(y)\n' }]);
    const [diagnostic] = await again;
    assert.equal(diagnostic?.range.start.line, 2);
  });

  it('publishes only for the newest of several quick changes', async () => {
    h.settings.value = { debounceMs: 50 };
    await h.client.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const uri = 'file:///virtual/project/typing.py';
    const published = h.waitForDiagnostics(uri, (d) => d.length === 1);
    h.open(uri, 'python', '');
    for (let version = 2; version <= 6; version++) {
      h.change(uri, version, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: version === 6 ? 'pickle.loads(a)\n' : '#\n' }]);
    }
    await published;
    const versions = h.diagnostics.filter((p) => p.uri === uri && p.version !== undefined && p.version > 1).map((p) => p.version);
    assert.deepEqual(versions, [6], 'the superseded versions 2 to 5 never published');
    h.settings.value = { debounceMs: 0 };
    await h.client.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  });

  it('clears diagnostics when the document closes', async () => {
    const cleared = h.waitForDiagnostics(APP, (d) => d.length === 0);
    h.close(APP);
    await cleared;
  });

  it('reports taint flows as related information (source first, sink last)', async () => {
    const uri = 'file:///virtual/project/flow.py';
    const published = h.waitForDiagnostics(uri, (d) => d.length > 0);
    h.open(uri, 'python', 'answer = input()\nresult = eval(answer)\n');
    const [diagnostic] = await published;
    assert.equal(diagnostic?.code, 'AIS902');
    assert.equal(diagnostic?.severity, DiagnosticSeverity.Warning);
    assert.deepEqual(
      diagnostic?.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line, r.message]),
      [
        [uri, 0, 'source: user input'],
        [uri, 1, 'sink: reaches eval'],
      ],
    );
  });

  it('keeps the other rules when one rule fails, and logs the failure once per rule and file', async () => {
    const uri = 'file:///virtual/project/boom.py';
    const published = h.waitForDiagnostics(uri, (d) => d.length > 0);
    h.open(uri, 'python', '# boom\nimport pickle\npickle.loads(x)\n');
    const diagnostics = await published;
    assert.deepEqual(diagnostics.map((d) => d.code), ['AIS901']);
    const again = h.waitForDiagnostics(uri, (d) => d.length > 0);
    h.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\n' }]);
    await again;
    const failures = h.logs.filter((line) => line.includes('AIS903') && line.includes('boom.py'));
    assert.equal(failures.length, 1, `logged once: ${JSON.stringify(failures)}`);
    assert.match(failures[0]!, /rule-failed AIS903.*the test rule exploded/);
  });

  it('analyses TypeScript documents', async () => {
    const uri = 'file:///virtual/project/web.ts';
    const published = h.waitForDiagnostics(uri, (d) => d.length > 0);
    h.open(uri, 'typescript', 'const input: string = read();\nconst value = eval(input);\n');
    const [diagnostic] = await published;
    assert.equal(diagnostic?.code, 'AIS904');
    assert.equal(diagnostic?.range.start.line, 1);
  });

  it('gives a file over the size limit one information diagnostic and nothing else', async () => {
    h.settings.value = { debounceMs: 0, maxFileSizeKb: 1 };
    await h.client.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const uri = 'file:///virtual/project/huge.py';
    const published = h.waitForDiagnostics(uri, (d) => d.length > 0);
    h.open(uri, 'python', `pickle.loads(x)\n${'# padding\n'.repeat(200)}`);
    const diagnostics = await published;
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0]!.severity, DiagnosticSeverity.Information);
    assert.match(diagnostics[0]!.message, /did not analyse this file: .*larger than the 1 KB limit/);
    h.settings.value = { debounceMs: 0 };
    await h.client.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  });

  it('applies severity overrides from the settings', async () => {
    h.settings.value = { debounceMs: 0, severity: { AIS901: 'info' } };
    const uri = 'file:///virtual/project/severity.py';
    await h.client.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const published = h.waitForDiagnostics(uri, (d) => d.length > 0);
    h.open(uri, 'python', 'pickle.loads(x)\n');
    const [diagnostic] = await published;
    assert.equal(diagnostic?.severity, DiagnosticSeverity.Information);
    h.settings.value = { debounceMs: 0 };
    await h.client.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  });

  it('analyses a snippet and, with a range, keeps only findings on the inserted lines', async () => {
    const snippet = await h.client.sendRequest(AnalyzeTextRequest.type, { text: 'pickle.loads(a)\n', languageId: 'python' });
    assert.equal(snippet.languageId, 'python');
    assert.deepEqual(snippet.diagnostics.map((d) => d.code), ['AIS901']);
    const text = 'pickle.loads(a)\nok = 1\npickle.loads(b)\n';
    const inserted = await h.client.sendRequest(AnalyzeTextRequest.type, {
      text,
      uri: 'file:///virtual/project/insert.py',
      range: { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } },
    });
    assert.deepEqual(inserted.diagnostics.map((d) => d.range.start.line), [2]);
    const ts = await h.client.sendRequest(AnalyzeTextRequest.type, { text: 'eval(x);\n', languageId: 'typescript' });
    assert.deepEqual(ts.diagnostics.map((d) => d.code), ['AIS904']);
  });

  it('returns rule documentation as Markdown, by code or name', async () => {
    const docs = await h.client.sendRequest(RuleDocumentationRequest.type, { rule: 'test-pickle-loads' });
    assert.equal(docs?.id, 'AIS901');
    assert.match(docs?.markdown ?? '', /## What it does[\s\S]*## Why is this bad\?[\s\S]*## Example[\s\S]*## Use instead[\s\S]*## Fix safety[\s\S]*## References/);
    assert.equal(await h.client.sendRequest(RuleDocumentationRequest.type, { rule: 'AIS000' }), null);
  });
});
