// The API suite of an untrusted workspace (workspace trust on, no startup prompt, so the folder opens in
// restricted mode): AISec still analyses and offers its ordinary quick fixes, but never "Fix with AI
// (verified)", even with AI enabled and an endpoint configured, and nothing is sent.
/* global exports */
'use strict';
const assert = require('node:assert/strict');
const vscode = require('vscode');
const { startFakeEndpoint } = require('./ai-fake-endpoint.cjs');

const { waitFor } = require('./wait.cjs');

exports.run = async function run() {
  assert.equal(vscode.workspace.isTrusted, false, 'the workspace opened in restricted mode');
  const extension = vscode.extensions.getExtension('aisec.aisec');
  assert.ok(extension, 'the extension is installed');
  await extension.activate();
  const fake = await startFakeEndpoint();
  try {
    const settings = vscode.workspace.getConfiguration('aisec');
    for (const [key, value] of Object.entries({ enable: true, baseUrl: fake.baseUrl, model: 'fake-model' })) await settings.update(`ai.${key}`, value, vscode.ConfigurationTarget.Global);
    const folder = vscode.workspace.workspaceFolders[0];
    const uri = vscode.Uri.joinPath(folder.uri, 'app.py');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const diagnostic = await waitFor('a diagnostic on app.py', () => vscode.languages.getDiagnostics(uri).find((d) => d.source === 'aisec'));
    // Ask a few times: the answer must stay the same once the server has its settings.
    for (let i = 0; i < 5; i += 1) {
      const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
      const titles = actions.map((a) => a.title);
      assert.ok(titles.some((t) => t.startsWith('Ignore AIS')), `AISec's own actions are offered: ${titles.join(' | ')}`);
      assert.ok(!titles.includes('Fix with AI (verified)'), `no AI fix in an untrusted workspace: ${titles.join(' | ')}`);
      assert.ok(!titles.includes('Explain with AI'), 'no AI explanation either');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.equal(fake.requests.length, 0, 'nothing was sent');
    console.log('untrusted suite: 1 passed, 0 failed');
  } finally {
    await fake.close();
  }
};
