/**
 * What the client renders: messages with code spans (HTML) or without backticks (plain text), the finding
 * details page (escaped, flow steps in order, fixes before "ignore"), the webview page's security policy,
 * and snippet reports whose lines are the file's.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageclient/node';
import { findingDetailsHtml } from '../../client/src/findings/details-html';
import { messageSegments, messageToHtml, messageToPlainText } from '../../client/src/message-markup';
import { isModelFile } from '../../client/src/model-files';
import { renderSnippetReport } from '../../client/src/snippet-report';
import { webviewPage } from '../../client/src/webview-page';

describe('message markup', () => {
  it('splits code spans from text, leaving an unpaired backtick as text', () => {
    assert.deepEqual(messageSegments('`torch.load` unpickles `path`.'), [
      { text: 'torch.load', code: true },
      { text: ' unpickles ', code: false },
      { text: 'path', code: true },
      { text: '.', code: false },
    ]);
    assert.deepEqual(messageSegments('a ` b'), [{ text: 'a ` b', code: false }]);
  });

  it('renders code spans as <code> and escapes everything else', () => {
    assert.equal(messageToHtml('`x<y>` is <b>bad</b> & "quoted"'), '<code>x&lt;y&gt;</code> is &lt;b&gt;bad&lt;/b&gt; &amp; &quot;quoted&quot;');
  });

  it('drops the backticks where no Markdown is rendered', () => {
    assert.equal(messageToPlainText('`pickle.loads` runs code from `blob`'), 'pickle.loads runs code from blob');
  });
});

describe('finding details page', () => {
  const html = findingDetailsHtml({
    severity: 'error',
    code: 'AIS281',
    ruleName: 'llm-output-to-exec',
    message: 'Model output reaches `exec`',
    location: 'app.py:12:5',
    flow: [
      { message: 'source: `client.chat.completions.create(...)`', location: 'app.py:10' },
      { message: 'sink: `exec(code)`', location: 'app.py:12' },
    ],
    actions: [
      { title: 'Ignore AIS281 on this line', kind: 'ignore' },
      { title: 'Use <ast.literal_eval>', kind: 'fix' },
    ],
    documentationHtml: '<h1>AIS281</h1>',
    modelReportHtml: '',
  });

  it('shows the flow step by step with links to each step', () => {
    assert.match(html, /<ol class="flow"><li>source: <code>client\.chat\.completions\.create\(\.\.\.\)<\/code> <a class="location" data-type="step" data-index="0">app\.py:10<\/a><\/li><li>sink: <code>exec\(code\)<\/code>/);
  });

  it('turns each action into a button that posts its index, with escaped titles', () => {
    assert.match(html, /<button class="secondary" data-type="action" data-index="0">Ignore AIS281 on this line<\/button>/);
    assert.match(html, /<button class="" data-type="action" data-index="1">Use &lt;ast\.literal_eval&gt;<\/button>/);
  });

  it('keeps the wired elements in the first element, before the rendered documentation', () => {
    const first = html.indexOf('<div>');
    assert.equal(first, 0);
    assert.ok(html.indexOf('<h1>AIS281</h1>') > html.lastIndexOf('data-type='));
  });
});

describe('webview page', () => {
  it('allows only its own nonce-carrying script', () => {
    const page = webviewPage({ title: 'T "x"', body: '<p>b</p>', cspSource: 'vscode-resource:', nonce: 'abc', script: 'run()' });
    assert.match(page, /script-src 'nonce-abc'/);
    assert.match(page, /default-src 'none'/);
    assert.match(page, /<script nonce="abc">run\(\)<\/script>/);
    assert.match(page, /<title>T &quot;x&quot;<\/title>/);
    assert.doesNotMatch(webviewPage({ title: 't', body: '', cspSource: 's', nonce: 'n' }), /<script/);
  });
});

describe('snippet report', () => {
  const diagnostic: Diagnostic = {
    range: { start: { line: 1, character: 8 }, end: { line: 1, character: 18 } },
    message: 'Unsafe torch.load',
    code: 'AIS102',
    codeDescription: { href: 'command:aisec.showRuleDocumentation?%5B%22unsafe-torch-load%22%5D' },
    source: 'aisec',
    data: { ruleId: 'AIS102', ruleName: 'unsafe-torch-load', label: 'unsafe torch.load', fingerprint: 'f', fixes: [{ title: 'Add weights_only=True', applicability: 'safe', preferred: true, edits: [] }] },
  };

  it('names the lines of the selection in the file\'s terms', () => {
    const report = renderSnippetReport('AISec findings for the selection', 'python', 'import torch\nmodel = torch.load(p)\n', [diagnostic], { file: 'src/app.py', firstLine: 40 });
    assert.match(report, /from src\/app\.py, lines 41–43\./);
    assert.match(report, /## Line 42: AIS102 unsafe-torch-load/);
    assert.match(report, /```python\nmodel = torch\.load\(p\)\n```/);
    assert.match(report, /- Fix \(safe\): Add weights_only=True/);
    assert.doesNotMatch(report, /command:/, 'a command link is not written into the report');
  });

  it('numbers clipboard snippets from 1', () => {
    assert.match(renderSnippetReport('AISec findings for the clipboard', 'python', 'import torch\nmodel = torch.load(p)\n', [diagnostic]), /## Line 2: AIS102/);
  });
});

describe('model files', () => {
  it('recognises the extensions of the model report editor, in any case', () => {
    for (const name of ['a.pt', 'b.PKL', 'c.safetensors', 'd.gguf', 'e.npz', 'dir.v1/f.h5']) assert.ok(isModelFile({ path: `/w/${name}` }), name);
    for (const name of ['a.py', 'pt', '.pt', 'model.pt.txt']) assert.ok(!isModelFile({ path: `/w/${name}` }), name);
  });
});
