/**
 * A hard-coded key never travels in diagnostics: messages and `Diagnostic.data` hold a redacted form,
 * and the fix that writes the key to `.env` gets its real edit only when resolved on the server.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import type { Finding } from '../../server/src/engine/finding';
import { toDiagnostic } from '../../server/src/lsp/convert';
import { redactedFixOf, resolveRedactedFix } from '../../server/src/lsp/code-actions';
import { ALL_MODULES } from '../../server/src/rules/index';
import { generateKey } from '../secrets/keygen';
import { secretsEngine } from '../secrets/engine';
import { startHarness } from './harness';
import type { Harness } from './harness';

const URI = 'file:///virtual/secrets/agent.py';
const KEY = generateKey('openai');
const TEXT = `from openai import OpenAI\n\nclient = OpenAI(api_key="${KEY}")\n`;

describe('secret redaction over LSP', () => {
  let h: Harness;
  let diagnostics: Diagnostic[];
  before(async () => {
    h = await startHarness({ modules: ALL_MODULES });
    const published = h.waitForDiagnostics(URI, (d) => d.some((x) => x.data && (x.data as { ruleId?: string }).ruleId?.startsWith('AIS4')), 20000);
    h.open(URI, 'python', TEXT);
    diagnostics = await published;
  });
  after(async () => {
    await h.dispose();
  });

  it('publishes the finding without the raw key anywhere in the diagnostics', () => {
    assert.ok(diagnostics.length > 0);
    assert.ok(!JSON.stringify(diagnostics).includes(KEY), 'the raw key is in the published diagnostics');
    assert.ok(!JSON.stringify(h.logs).includes(KEY), 'the raw key is in the server log');
  });

  it('offers the .env fix without an edit and resolves it on the server with the real value', async () => {
    const secret = diagnostics.find((d) => (d.data as { ruleId?: string }).ruleId?.startsWith('AIS4'));
    assert.ok(secret);
    const actions: CodeAction[] = await h.client.sendRequest('textDocument/codeAction', { textDocument: { uri: URI }, range: secret.range, context: { diagnostics: [secret] } });
    assert.ok(!JSON.stringify(actions).includes(KEY), 'the raw key is in the code action list');
    const envAction = actions.find((a) => (a.data as { redactedFix?: unknown } | undefined)?.redactedFix !== undefined);
    assert.ok(envAction, `no redacted .env action among ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(envAction.edit, undefined);
    const resolved: CodeAction = await h.client.sendRequest('codeAction/resolve', envAction);
    assert.ok(resolved.edit, 'the resolved action has an edit');
    assert.ok(JSON.stringify(resolved.edit).includes(KEY), 'the resolved .env edit holds the real value to write');
  });
});

describe('diagnostic conversion', () => {
  it('masks URL passwords a message or a flow step quotes (message and relatedInformation)', () => {
    const password = 'Tz8qLw3vRn5k';
    const range = { start: { line: 2, column: 0 }, end: { line: 2, column: 9 } };
    const finding: Finding = {
      ruleId: 'AIS280', ruleName: 'llm-output-to-code-execution', category: 'code-execution', severity: 'error', confidence: 'high',
      message: 'model output reaches `exec`', path: 'a.py', range, cwe: [], fingerprint: 'f', fixes: [],
      flow: [
        { range, message: `model output returned by \`fetch("https://bot:${password}@llm.internal/v1")\`` },
        { range, message: 'runs `exec(code)`' },
      ],
    };
    const diagnostic = toDiagnostic(finding, { uri: 'file:///a.py', docsBaseUrl: 'https://example.invalid/docs/', rules: new Map() });
    assert.equal(diagnostic.relatedInformation?.length, 2);
    assert.match(diagnostic.relatedInformation![0]!.message, /https:\/\/bot:\*\*\*\*@llm\.internal/);
    assert.ok(!JSON.stringify(diagnostic).includes(password));
  });

  it('a fix whose title and edit quote a password travels masked and resolves to the real edit', async () => {
    const password = 'Tz8qLw3vRn5k';
    const range = { start: { line: 0, column: 6 }, end: { line: 0, column: 40 } };
    const url = `http://ci:${password}@models.internal/m.bin`;
    const finding: Finding = {
      ruleId: 'AIS701', ruleName: 'plain-http-model-download', category: 'transport', severity: 'warning', confidence: 'high',
      message: 'a model is downloaded over plain HTTP', path: 'a.py', range, cwe: [], fingerprint: 'fp1',
      fixes: [{ title: `Use ${url.replace('http:', 'https:')}`, applicability: 'safe', edits: [{ range, newText: url.replace('http:', 'https:') }] }],
    };
    const diagnostic = toDiagnostic(finding, { uri: 'file:///a.py', docsBaseUrl: 'https://example.invalid/docs/', rules: new Map() });
    assert.ok(!JSON.stringify(diagnostic).includes(password), JSON.stringify(diagnostic));
    const shownFix = (diagnostic.data as { fixes: Array<{ title: string; redacted?: boolean }> }).fixes[0]!;
    assert.equal(shownFix.redacted, true);
    const action: CodeAction = { title: shownFix.title, data: { redactedFix: { uri: 'file:///a.py', fingerprint: 'fp1', ruleId: 'AIS701', title: shownFix.title } } };
    const text = `m = "${url}"\n`;
    const open = { uri: 'file:///a.py', path: '/a.py', languageId: 'python', version: 1, document: (await secretsEngine()).openDocument('/a.py', text, 'python') };
    const resolved = resolveRedactedFix(action, open, (wanted) => redactedFixOf([finding], wanted));
    assert.ok(JSON.stringify(resolved.edit).includes(password), 'the resolved edit holds the real text to write');
  });
});
