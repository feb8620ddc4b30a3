// AI fixes in a real VS Code (trusted workspace), against a fake OpenAI-compatible endpoint on 127.0.0.1:
// "Fix with AI (verified)" is offered without any request, resolves only when asked, and its edit removes
// the diagnostic. The refactor preview is proven by the UI suite: code actions returned to an extension
// by `vscode.executeCodeActionProvider` lose their edits' metadata (needsConfirmation) in VS Code's API
// conversion, so only the editor's own lightbulb path shows what users see.
'use strict';
const assert = require('node:assert/strict');
const vscode = require('vscode');
const { startFakeEndpoint, AI_FIX_FILE_TEXT: TEXT, AI_FIX_PATCH: PATCH } = require('./ai-fake-endpoint.cjs');

const AI_FIX_TITLE = 'Fix with AI (verified)';
/** Sets the aisec.ai.* user settings (restricted ones are read from the user level in any workspace). */
async function configureAi(values) {
  const settings = vscode.workspace.getConfiguration('aisec');
  for (const [key, value] of Object.entries(values)) await settings.update(`ai.${key}`, value, vscode.ConfigurationTarget.Global);
}

module.exports = function registerAiTests(test, { waitFor, aisecDiagnostics, codeOf, workspaceUri }) {
  test('Fix with AI (verified) is resolved lazily, and its verified edit removes the diagnostic', async () => {
    assert.equal(vscode.workspace.isTrusted, true);
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['aisec.setAiApiKey', 'aisec.explainWithAi', 'aisec.previewAiRequest']) assert.ok(commands.includes(id), `${id} is registered`);
    const fake = await startFakeEndpoint();
    try {
      await configureAi({ enable: true, baseUrl: fake.baseUrl, model: 'fake-model', maxRetries: 0 });
      const uri = workspaceUri('ai_fix.py');
      await vscode.workspace.fs.writeFile(uri, Buffer.from(TEXT));
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
      const diagnostic = await waitFor('AIS101 on ai_fix.py', () => aisecDiagnostics(uri).find((d) => codeOf(d) === 'AIS101'));

      const offered = await waitFor('the AI action', async () => {
        const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
        return actions.find((a) => a.title === AI_FIX_TITLE);
      });
      assert.equal(offered.edit, undefined, 'lazily resolved');
      assert.equal(fake.requests.length, 0, 'no request before the action is chosen');

      fake.script.push(PATCH);
      const resolvedActions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value, 100);
      const resolved = resolvedActions.find((a) => a.title === AI_FIX_TITLE);
      assert.ok(resolved && resolved.edit, 'the resolved action carries the verified edit');
      assert.equal(fake.requests.length, 1);
      assert.ok(!fake.requests[0].raw.includes('OPENAI_API_KEY='), 'nothing but the prompt is sent');

      assert.equal(await vscode.workspace.applyEdit(resolved.edit), true);
      assert.match(document.getText(), /^import json$/m);
      assert.match(document.getText(), /json\.load\(handle\)/);
      await waitFor('AIS101 to clear', () => !aisecDiagnostics(uri).some((d) => codeOf(d) === 'AIS101'));
      await document.save();
    } finally {
      await configureAi({ enable: undefined, baseUrl: undefined, model: undefined, maxRetries: undefined });
      await fake.close();
    }
  });
};
