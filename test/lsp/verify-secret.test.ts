/**
 * "Check whether this key is active": a secret diagnostic whose provider has a read-only check gets the
 * action (a command, never an edit); the server answers `aisec/verifySecret` by reading the key from the
 * open document and asking the provider's fixed origin (a fake GitHub on loopback here), and its answer
 * names the verdict without the key.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { ALL_MODULES } from '../../server/src/rules/index';
import { startHarness } from './harness';
import { generateKey } from '../secrets/keygen';
import { CHECK_SECRET_COMMAND, VerifySecretRequest } from '../../server/src/shared/protocol';

test('a GitHub token diagnostic offers the key check, and the server answers it from the open document', async () => {
  const key = generateKey('github', 7);
  const seen: string[] = [];
  const github = createServer((req, res) => {
    seen.push(`${req.method} ${req.url} ${String(req.headers.authorization)}`);
    res.writeHead(401).end('{"message":"Bad credentials"}');
  });
  await new Promise<void>((resolve) => github.listen(0, '127.0.0.1', resolve));
  const previous = process.env.AISEC_VERIFY_ORIGINS;
  process.env.AISEC_VERIFY_ORIGINS = JSON.stringify({ 'https://api.github.com': `http://127.0.0.1:${(github.address() as AddressInfo).port}` });
  const h = await startHarness({ modules: ALL_MODULES });
  try {
    const uri = 'file:///virtual/keys/settings.py';
    const published = h.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'AIS444'));
    h.open(uri, 'python', `GITHUB = "${key}"\n`);
    const diagnostic = (await published).find((d) => d.code === 'AIS444') as Diagnostic;
    const actions: CodeAction[] = await h.client.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    const check = actions.find((a) => a.command?.command === CHECK_SECRET_COMMAND);
    assert.ok(check, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(check.title, 'Check whether this key is active (asks GitHub)');
    assert.equal(check.edit, undefined);
    assert.ok(!JSON.stringify(check).includes(key), 'the action carries no key');
    assert.equal(seen.length, 0, 'offering the action sends nothing');
    const result = await h.client.sendRequest(VerifySecretRequest.type, { uri, ruleId: 'AIS444', range: diagnostic.range });
    assert.equal(result.verdict, 'inactive');
    assert.match(result.message, /GitHub rejects this key/);
    assert.ok(!result.message.includes(key));
    assert.deepEqual(seen, [`GET /user token ${key}`]);
  } finally {
    await h.dispose();
    if (previous === undefined) delete process.env.AISEC_VERIFY_ORIGINS;
    else process.env.AISEC_VERIFY_ORIGINS = previous;
    github.closeAllConnections();
    await new Promise<void>((resolve) => github.close(() => resolve()));
  }
});
