/**
 * The workspace scan over the protocol: diagnostics for files that are not open, the walker's excludes,
 * work-done progress, cancellation, and the file watcher (re-scan on change, clear on delete).
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { URI } from 'vscode-uri';
import { ModelFileReportRequest, ScanWorkspaceRequest } from '../../server/src/shared/protocol';
import { modules as modelFileModules } from '../../server/src/rules/model-files/index';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { startHarness } from './harness';
import { TEST_MODULES } from './test-rules';
import type { Harness } from './harness';

function write(root: string, path: string, text: string): string {
  const full = join(root, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, text);
  return full;
}

const uriOf = (path: string): string => URI.file(path).toString();

describe('workspace scan', () => {
  let root: string;
  let h: Harness;
  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'aisec-scan-'));
    write(root, 'src/loader.py', 'import pickle\nobj = pickle.loads(blob)\n');
    write(root, 'src/web/app.ts', 'export const v = eval(input);\n');
    write(root, 'src/clean.py', 'print("hello")\n');
    // Only an advisory finding, published as a hint: the file counts as clean, as the Problems panel shows it.
    write(root, 'src/tools.py', 'import shutil\ngit = shutil.which("git")\n');
    write(root, 'node_modules/dep/index.js', 'eval(x);\n');
    write(root, 'generated/out.py', 'pickle.loads(x)\n');
    write(root, '.gitignore', 'generated/\n');
    write(root, 'legacy/old.py', 'pickle.loads(x)\n');
    write(root, '.aisec.toml', 'exclude = ["legacy"]\n');
    // A protocol-0 pickle that calls os.system when loaded.
    write(root, 'models/evil.pkl', "cos\nsystem\n(S'echo pwned'\ntR.");
    for (let i = 0; i < 300; i++) write(root, `bulk/file${i}.py`, i % 50 === 0 ? 'pickle.loads(x)\n' : `value_${i} = ${i}\n`);
    // The test rules plus the production model-file family, which reads binary files.
    h = await startHarness({ workspaceFolders: [{ uri: uriOf(root), name: 'scan' }], modules: [...TEST_MODULES, ...modelFileModules] });
  });
  after(async () => {
    await h.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('publishes diagnostics for unopened files, honouring .gitignore, default and configured excludes', async () => {
    const result = await h.client.sendRequest(ScanWorkspaceRequest.type, {});
    assert.equal(result.cancelled, false);
    assert.equal(result.filesWithFindings, 2 + 6 + 1);
    assert.equal(result.filesScanned, 4 + 300 + 1 + 1, 'src files, bulk files, .aisec.toml and the model file');
    const published = new Map(h.diagnostics.map((p) => [p.uri, p.diagnostics]));
    assert.deepEqual(published.get(uriOf(join(root, 'src/loader.py')))?.map((d) => d.code), ['AIS901']);
    assert.deepEqual(published.get(uriOf(join(root, 'src/web/app.ts')))?.map((d) => d.code), ['AIS904']);
    assert.deepEqual(published.get(uriOf(join(root, 'src/tools.py')))?.map((d) => [d.code, d.severity]), [['AIS905', DiagnosticSeverity.Hint]]);
    const model = published.get(uriOf(join(root, 'models/evil.pkl'))) ?? [];
    assert.ok(model.length > 0, 'the malicious pickle is reported on the file');
    assert.ok(model.every((d) => d.range.start.line === 0 && d.source === 'aisec'));
    assert.match(model.map((d) => d.message).join(' '), /system/);
    for (const excluded of ['node_modules/dep/index.js', 'generated/out.py', 'legacy/old.py']) {
      assert.equal(published.has(uriOf(join(root, excluded))), false, `${excluded} is excluded`);
    }
  });

  it('renders the report of a model file', async () => {
    const report = await h.client.sendRequest(ModelFileReportRequest.type, { uri: uriOf(join(root, 'models/evil.pkl')) });
    assert.match(report?.markdown ?? '', /os[.\s]*system|posix/);
    assert.equal(await h.client.sendRequest(ModelFileReportRequest.type, { uri: uriOf(join(root, 'src/clean.py')) }), null);
  });

  it('reports work-done progress from begin to end', async () => {
    h.progress.length = 0;
    await h.client.sendRequest(ScanWorkspaceRequest.type, {});
    const kinds = h.progress.map((p) => (p as { value: { kind: string } }).value.kind);
    assert.equal(kinds[0], 'begin');
    assert.equal(kinds.at(-1), 'end');
    const begin = (h.progress[0] as { value: { title: string; cancellable: boolean } }).value;
    assert.equal(begin.title, 'AISec: scanning the workspace');
    assert.equal(begin.cancellable, true);
  });

  it('stops when the request is cancelled and says so', async () => {
    const source = new CancellationTokenSource();
    h.progress.length = 0;
    const pending = h.client.sendRequest(ScanWorkspaceRequest.type, {}, source.token);
    while (h.progress.length === 0) await new Promise((r) => setImmediate(r));
    source.cancel();
    const result = await pending;
    assert.equal(result.cancelled, true);
    assert.ok(result.filesScanned < 304, `stopped early (${result.filesScanned} files)`);
  });

  it('stops when the progress notification is cancelled', async () => {
    h.progress.length = 0;
    const pending = h.client.sendRequest(ScanWorkspaceRequest.type, {});
    // Cancel as soon as the server announced its progress token.
    while (h.progress.length === 0) await new Promise((r) => setImmediate(r));
    const token = (h.progress[0] as { token: string }).token;
    await h.client.sendNotification('window/workDoneProgress/cancel', { token });
    const result = await pending;
    assert.equal(result.cancelled, true);
  });

  it('re-scans a file that changes on disk and clears the diagnostics of a deleted file', async () => {
    const loader = join(root, 'src/loader.py');
    const changed = h.waitForDiagnostics(uriOf(loader), (d) => d.length === 0);
    writeFileSync(loader, 'import json\nobj = json.loads(blob)\n');
    await h.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(loader), type: 2 }] });
    await changed;
    const app = join(root, 'src/web/app.ts');
    const cleared = h.waitForDiagnostics(uriOf(app), (d) => d.length === 0);
    unlinkSync(app);
    await h.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(app), type: 3 }] });
    await cleared;
    const created = join(root, 'src/new.py');
    const found = h.waitForDiagnostics(uriOf(created), (d) => d.length === 1);
    writeFileSync(created, 'pickle.loads(x)\n');
    await h.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(created), type: 1 }] });
    await found;
  });

  it('leaves open documents to their live diagnostics', async () => {
    const bulk = join(root, 'bulk/file0.py');
    const uri = uriOf(bulk);
    const opened = h.waitForDiagnostics(uri, (d) => d.length === 0);
    h.open(uri, 'python', 'print("edited, not saved")\n');
    await opened;
    const before = h.diagnostics.length;
    await h.client.sendRequest(ScanWorkspaceRequest.type, {});
    assert.equal(h.diagnostics.slice(before).some((p) => p.uri === uri), false);
    // Closed without saving: the file's on-disk content (with its finding) is reported again.
    const restored = h.waitForDiagnostics(uri, (d) => d.length === 1);
    h.close(uri);
    assert.equal((await restored)[0]?.code, 'AIS901');
  });

  it('counts open files from their live text, so its summary agrees with the Problems panel', async () => {
    const closed = await h.client.sendRequest(ScanWorkspaceRequest.type, {});
    assert.equal(closed.openFiles, 0);
    const clean = uriOf(join(root, 'src/clean.py'));
    const opened = h.waitForDiagnostics(clean, (d) => d.length === 1);
    h.open(clean, 'python', 'import pickle\nobj = pickle.loads(blob)\n');
    await opened;
    const before = h.diagnostics.length;
    const withOpen = await h.client.sendRequest(ScanWorkspaceRequest.type, {});
    assert.equal(withOpen.openFiles, 1);
    assert.equal(withOpen.filesScanned, closed.filesScanned, 'the open file is scanned, not left out');
    assert.equal(withOpen.findings, closed.findings + 1);
    assert.equal(withOpen.filesWithFindings, closed.filesWithFindings + 1);
    assert.equal(h.diagnostics.slice(before).some((p) => p.uri === clean), false, 'nothing published over the live diagnostics');
    h.close(clean);
  });

  it('clears every diagnostic under a deleted folder', async () => {
    await h.client.sendRequest(ScanWorkspaceRequest.type, {});
    const bulk = join(root, 'bulk');
    const cleared = h.waitForDiagnostics(uriOf(join(bulk, 'file50.py')), (d) => d.length === 0);
    rmSync(bulk, { recursive: true, force: true });
    await h.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(bulk), type: 3 }] });
    await cleared;
  });
});
