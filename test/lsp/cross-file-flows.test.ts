/**
 * Model-output flows through a helper module in the editor: the diagnostic's related information walks into
 * the helper file (its lines), and saving the helper re-analyses the open file, or the open notebook, that
 * depends on it; a helper open in the editor counts with its unsaved text.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { FileChangeType } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { ALL_MODULES } from '../../server/src/rules/index';
import { startHarness } from './harness';

const HELPER_RUNS = 'import subprocess\n\n\ndef run_code(code):\n    cleaned = code.strip()\n    return subprocess.run(["python", "-c", cleaned])\n';
const HELPER_SAFE = 'def run_code(code):\n    return len(code)\n';
const MAIN =
  'from openai import OpenAI\n\nfrom .tools import run_code\n\nclient = OpenAI()\n\n\ndef main(task):\n' +
  '    reply = client.chat.completions.create(model="m", messages=[{"role": "user", "content": task}])\n' +
  '    run_code(reply.choices[0].message.content)\n';

/** A workspace folder holding the package `app` with `main.py` (the caller) and `tools.py` (the helper, running its argument). */
function helperProject(prefix: string): { root: string; helper: string; main: string; uri: string; helperUri: string } {
  const root = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(root, 'app'));
  const helper = join(root, 'app', 'tools.py');
  const main = join(root, 'app', 'main.py');
  writeFileSync(join(root, 'app', '__init__.py'), '');
  writeFileSync(helper, HELPER_RUNS);
  writeFileSync(main, MAIN);
  return { root, helper, main, uri: pathToFileURL(main).href, helperUri: pathToFileURL(helper).href };
}

test('a flow through a helper module points into it, and saving the helper republishes the caller', async () => {
  const { root, helper, uri, helperUri } = helperProject('aisec-lsp-flows-');
  const h = await startHarness({ modules: ALL_MODULES, workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'w' }] });
  try {
    const first = h.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'AIS281'), 20000);
    h.open(uri, 'python', MAIN);
    const diagnostic = (await first).find((d) => d.code === 'AIS281');
    assert.ok(diagnostic);
    assert.equal(diagnostic.range.start.line, 9);
    const related = diagnostic.relatedInformation ?? [];
    const inHelper = related.filter((r) => r.location.uri === helperUri).map((r) => [r.location.range.start.line, r.message]);
    assert.deepEqual(inHelper, [
      [4, 'step 3: assigned to `cleaned`'],
      [5, 'step 4: reaches `subprocess.run`'],
    ]);
    assert.ok(related.some((r) => r.location.uri === uri && r.location.range.start.line === 8), 'the source is in the analysed file');

    // The helper stops running its argument and is saved (it is not open): the caller's finding goes.
    writeFileSync(helper, HELPER_SAFE);
    const cleared = h.waitForDiagnostics(uri, (d) => !d.some((x) => x.code === 'AIS281'), 20000);
    await h.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: helperUri, type: FileChangeType.Changed }] });
    await cleared;

    // Open and saved in the editor: the save alone brings the finding back.
    h.open(helperUri, 'python', HELPER_RUNS);
    writeFileSync(helper, HELPER_RUNS);
    const back = h.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'AIS281'), 20000);
    await h.client.sendNotification('textDocument/didSave', { textDocument: { uri: helperUri } });
    await back;
  } finally {
    await h.dispose();
    rmSync(root, { recursive: true, force: true });
  }
});

test('an unsaved edit of an open helper module changes the diagnostic of its caller, and closing it unsaved restores the disk version', async () => {
  const { root, uri, helperUri } = helperProject('aisec-lsp-unsaved-');
  const h = await startHarness({ modules: ALL_MODULES, workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'w' }] });
  try {
    const first = h.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'AIS281'), 20000);
    h.open(uri, 'python', MAIN);
    await first;

    // The helper is opened and edited to stop running its argument, and not saved: the disk still runs it.
    h.open(helperUri, 'python', HELPER_RUNS);
    const cleared = h.waitForDiagnostics(uri, (d) => !d.some((x) => x.code === 'AIS281'), 20000);
    h.change(helperUri, 2, [{ text: HELPER_SAFE }]);
    await cleared;

    // Typed back to a version that runs it (still unsaved): the finding returns.
    const back = h.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'AIS281'), 20000);
    h.change(helperUri, 3, [{ text: HELPER_RUNS.replace('cleaned = code.strip()', 'cleaned = code.strip().rstrip(";")') }]);
    await back;

    // Edited to the safe version again, then closed without saving: the caller follows the file on disk.
    const clearedAgain = h.waitForDiagnostics(uri, (d) => !d.some((x) => x.code === 'AIS281'), 20000);
    h.change(helperUri, 4, [{ text: HELPER_SAFE }]);
    await clearedAgain;
    const restored = h.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'AIS281'), 20000);
    h.close(helperUri);
    await restored;
  } finally {
    await h.dispose();
    rmSync(root, { recursive: true, force: true });
  }
});

test('a notebook whose cell hands a model reply to a helper module gets the flow, and is analysed again when the helper changes', async () => {
  const root = mkdtempSync(join(tmpdir(), 'aisec-lsp-nb-flows-'));
  const helper = join(root, 'tools.py');
  const notebook = join(root, 'explore.ipynb');
  const sources = ['from openai import OpenAI\nfrom tools import run_code\n\nclient = OpenAI()\n', 'reply = client.chat.completions.create(model="m", messages=[])\nrun_code(reply.choices[0].message.content)\n'];
  writeFileSync(helper, HELPER_RUNS);
  writeFileSync(notebook, JSON.stringify({ cells: sources.map((source) => ({ cell_type: 'code', source, metadata: {}, outputs: [] })), metadata: { language_info: { name: 'python' } }, nbformat: 4, nbformat_minor: 5 }));
  const notebookUri = URI.file(notebook).toString();
  const cellUri = (i: number): string => URI.file(notebook).with({ scheme: 'vscode-notebook-cell', fragment: `W${i}sZmlsZQ==` }).toString();
  const h = await startHarness({ modules: ALL_MODULES, workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'w' }] });
  try {
    const first = h.waitForDiagnostics(cellUri(1), (d) => d.some((x) => x.code === 'AIS281'), 20000);
    h.client.sendNotification('notebookDocument/didOpen', {
      notebookDocument: { uri: notebookUri, notebookType: 'jupyter-notebook', version: 1, cells: sources.map((_, i) => ({ kind: 2, document: cellUri(i) })) },
      cellTextDocuments: sources.map((text, i) => ({ uri: cellUri(i), languageId: 'python', version: 1, text })),
    });
    const diagnostic = (await first).find((d) => d.code === 'AIS281');
    assert.equal(diagnostic?.range.start.line, 1, 'on the call in the second cell');
    assert.match(diagnostic?.message ?? '', /tools\.py/);

    // The helper stops running its argument (changed on disk, not open): the cell's finding goes.
    writeFileSync(helper, HELPER_SAFE);
    const cleared = h.waitForDiagnostics(cellUri(1), (d) => !d.some((x) => x.code === 'AIS281'), 20000);
    await h.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(helper).href, type: FileChangeType.Changed }] });
    await cleared;

    // Saved from the editor: the save brings it back.
    writeFileSync(helper, HELPER_RUNS);
    const back = h.waitForDiagnostics(cellUri(1), (d) => d.some((x) => x.code === 'AIS281'), 20000);
    await h.client.sendNotification('textDocument/didSave', { textDocument: { uri: pathToFileURL(helper).href } });
    await back;
  } finally {
    await h.dispose();
    rmSync(root, { recursive: true, force: true });
  }
});

test('a file outside every workspace folder resolves its imports from its own folder, and its helper edited and saved in the editor republishes it', async () => {
  const workspace = mkdtempSync(join(tmpdir(), 'aisec-lsp-flows-ws-'));
  const outside = mkdtempSync(join(tmpdir(), 'aisec-lsp-flows-out-'));
  const helper = join(outside, 'tools.py');
  const main = join(outside, 'main.py');
  const text = MAIN.replace('from .tools import run_code', 'from tools import run_code');
  writeFileSync(helper, HELPER_RUNS);
  writeFileSync(main, text);
  const h = await startHarness({ modules: ALL_MODULES, workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'w' }] });
  try {
    const uri = pathToFileURL(main).href;
    const helperUri = pathToFileURL(helper).href;
    const first = h.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'AIS281'), 20000);
    h.open(uri, 'python', text);
    await first;
    // No watcher covers a folder outside the workspace: the editor is what tells the server (its edit, then its save).
    h.open(helperUri, 'python', HELPER_RUNS);
    const cleared = h.waitForDiagnostics(uri, (d) => !d.some((x) => x.code === 'AIS281'), 20000);
    h.change(helperUri, 2, [{ text: HELPER_SAFE }]);
    writeFileSync(helper, HELPER_SAFE);
    await h.client.sendNotification('textDocument/didSave', { textDocument: { uri: helperUri } });
    await cleared;
  } finally {
    await h.dispose();
    rmSync(workspace, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  }
});

test('a helper module edited to call a method on its parameter\'s object republishes the caller that passes an object of a class that runs code', async () => {
  const root = mkdtempSync(join(tmpdir(), 'aisec-lsp-param-calls-'));
  mkdirSync(join(root, 'agent'));
  writeFileSync(join(root, 'agent', '__init__.py'), '');
  writeFileSync(join(root, 'agent', 'computer.py'), 'import subprocess\n\n\nclass Computer:\n    def __init__(self, owner):\n        self.owner = owner\n\n    def run(self, language, code):\n        return subprocess.run(code, shell=True)\n');
  const quiet = 'def respond(interpreter):\n    code = interpreter.messages[-1]\n    return len(code)\n';
  const runs = 'def respond(interpreter):\n    code = interpreter.messages[-1]\n    return interpreter.computer.run("shell", code)\n';
  const helper = join(root, 'agent', 'respond.py');
  writeFileSync(helper, quiet);
  const core =
    'from openai import OpenAI\n\nfrom agent.computer import Computer\nfrom agent.respond import respond\n\nclient = OpenAI()\n\n\nclass Interpreter:\n' +
    '    def __init__(self):\n        self.messages = []\n        self.computer = Computer(self)\n\n    def chat(self, prompt):\n' +
    '        reply = client.chat.completions.create(model="m", messages=[]).choices[0].message.content\n' +
    '        self.messages.append(reply)\n        return respond(self)\n';
  const main = join(root, 'core.py');
  writeFileSync(main, core);
  const uri = pathToFileURL(main).href;
  const helperUri = pathToFileURL(helper).href;
  const h = await startHarness({ modules: ALL_MODULES, workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'w' }] });
  try {
    const first = h.waitForDiagnostics(uri, () => true, 20000);
    h.open(uri, 'python', core);
    assert.ok(!(await first).some((d) => d.code === 'AIS281'), 'the helper does not run anything yet');

    // The helper, open and unsaved, starts handing the message to its parameter's computer: the caller, which
    // passes `self` (its `computer` runs a shell), is analysed again and reports the flow at `respond(self)`.
    h.open(helperUri, 'python', quiet);
    const flagged = h.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'AIS281'), 20000);
    h.change(helperUri, 2, [{ text: runs }]);
    const diagnostic = (await flagged).find((d) => d.code === 'AIS281');
    assert.equal(diagnostic?.range.start.line, 16);

    // Typed back: the finding goes.
    const cleared = h.waitForDiagnostics(uri, (d) => !d.some((x) => x.code === 'AIS281'), 20000);
    h.change(helperUri, 3, [{ text: quiet }]);
    await cleared;
  } finally {
    await h.dispose();
    rmSync(root, { recursive: true, force: true });
  }
});

test('a helper saved with the same summary leaves its caller alone, and a save that moves its sink republishes the caller once', async () => {
  const { root, helper, uri, helperUri } = helperProject('aisec-lsp-flows-same-');
  const h = await startHarness({ modules: ALL_MODULES, workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'w' }] });
  try {
    const first = h.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'AIS281'), 20000);
    h.open(uri, 'python', MAIN);
    await first;
    const before = h.diagnostics.filter((p) => p.uri === uri).length;
    // A comment after the code and a function that handles no model output: importers see the same summary.
    writeFileSync(helper, `${HELPER_RUNS}\n\n# Runs snippets.\ndef describe():\n    return "runner"\n`);
    await h.client.sendNotification('textDocument/didSave', { textDocument: { uri: helperUri } });
    // A request answered after the save was handled, so the next save is not merged with it into one run.
    await h.client.sendRequest('aisec/rules');
    // A line above the code moves every step of the flow in the helper: the caller is re-checked.
    writeFileSync(helper, `# Runs snippets.\n${HELPER_RUNS}`);
    const moved = h.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'AIS281' && x.relatedInformation?.some((r) => r.location.uri === helperUri && r.location.range.start.line === 6)), 20000);
    await h.client.sendNotification('textDocument/didSave', { textDocument: { uri: helperUri } });
    await moved;
    // Publishes arrive in the order of the saves: the first save published nothing for the caller.
    assert.equal(h.diagnostics.filter((p) => p.uri === uri).length - before, 1);
  } finally {
    await h.dispose();
    rmSync(root, { recursive: true, force: true });
  }
});

test('a helper reached through a package that re-exports it (`from .pkg import run_code`) republishes its caller when saved', async () => {
  const root = mkdtempSync(join(tmpdir(), 'aisec-lsp-flows-reexport-'));
  mkdirSync(join(root, 'app', 'pkg'), { recursive: true });
  writeFileSync(join(root, 'app', '__init__.py'), '');
  // The package hands on the helper's function (the caller's lookup goes through it to tools.py) and has a
  // command of its own, so its summary is computed without asking for that of tools.py.
  writeFileSync(join(root, 'app', 'pkg', '__init__.py'), 'import os\n\nfrom .tools import run_code\n\n\ndef clear_screen():\n    os.system("clear")\n');
  const helper = join(root, 'app', 'pkg', 'tools.py');
  writeFileSync(helper, HELPER_RUNS);
  // The reply comes from another helper module, found first among the caller's imports by any walk of them.
  writeFileSync(join(root, 'app', 'llm.py'), 'from openai import OpenAI\n\nclient = OpenAI()\n\n\ndef draft_code(task):\n    return client.chat.completions.create(model="m", messages=[{"role": "user", "content": task}]).choices[0].message.content\n');
  const main = join(root, 'app', 'main.py');
  const text = 'from .llm import draft_code\nfrom .pkg import run_code\n\n\ndef main(task):\n    run_code(draft_code(task))\n';
  writeFileSync(main, text);
  const uri = pathToFileURL(main).href;
  const h = await startHarness({ modules: ALL_MODULES, workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'w' }] });
  try {
    const first = h.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'AIS281'), 20000);
    h.open(uri, 'python', text);
    await first;
    // The helper stops running its argument and is saved on disk: the caller depends on it through the package.
    writeFileSync(helper, HELPER_SAFE);
    const cleared = h.waitForDiagnostics(uri, (d) => !d.some((x) => x.code === 'AIS281'), 20000);
    await h.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(helper).href, type: FileChangeType.Changed }] });
    await cleared;
  } finally {
    await h.dispose();
    rmSync(root, { recursive: true, force: true });
  }
});
