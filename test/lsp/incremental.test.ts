/**
 * The language server and incremental analysis: an inexact run (a syntax error in the re-parsed window) is
 * followed by a full analysis once the document rests, and changes on disk that the analysis cannot see
 * in the text (a manifest) make open documents be analysed again in full.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startHarness } from './harness';
import { ALL_MODULES } from '../../server/src/rules/index';
import { SETTLE_MS } from '../../server/src/lsp/live-diagnostics';

const SOURCE = ['import pickle', '', 'def load(blob):', '    return pickle.loads(blob)', '', 'def other():', '    return 1', ''].join('\n');

test('an edit that leaves a syntax error is analysed incrementally, then in full once the document rests', async () => {
  const h = await startHarness({ modules: ALL_MODULES });
  try {
    const uri = 'file:///w/settle.py';
    const opened = h.waitForDiagnostics(uri, (d) => d.length === 1);
    h.open(uri, 'python', SOURCE);
    await opened;
    const before = h.diagnostics.length;
    // An unclosed call in other(): the window around the edit has a syntax error.
    h.change(uri, 2, [{ range: { start: { line: 6, character: 12 }, end: { line: 6, character: 12 } }, text: ' + f(' }]);
    await h.waitForDiagnostics(uri);
    const started = Date.now();
    await h.waitForDiagnostics(uri, undefined, SETTLE_MS + 3000);
    const publishes = h.diagnostics.slice(before).filter((p) => p.uri === uri);
    assert.equal(publishes.length, 2, 'one incremental publish and one full one');
    assert.ok(publishes.every((p) => p.version === 2));
    assert.ok(Date.now() - started >= SETTLE_MS / 2, 'the full run waits for the document to rest');
    assert.deepEqual(publishes[1]!.diagnostics.map((d) => d.code), ['AIS101']);
  } finally {
    await h.dispose();
  }
});

test('typing that keeps the code valid publishes once per change (no extra full run)', async () => {
  const h = await startHarness({ modules: ALL_MODULES });
  try {
    const uri = 'file:///w/valid.py';
    const opened = h.waitForDiagnostics(uri, (d) => d.length === 1);
    h.open(uri, 'python', SOURCE);
    await opened;
    const before = h.diagnostics.length;
    h.change(uri, 2, [{ range: { start: { line: 6, character: 12 }, end: { line: 6, character: 12 } }, text: '0' }]);
    await h.waitForDiagnostics(uri);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS + 300));
    assert.equal(h.diagnostics.slice(before).filter((p) => p.uri === uri).length, 1);
  } finally {
    await h.dispose();
  }
});

test('a manifest changed on disk re-analyses open documents with the new declared dependencies', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'aisec-incremental-'));
  const h = await startHarness({ modules: ALL_MODULES, workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'w' }] });
  try {
    writeFileSync(join(folder, 'requirements.txt'), 'requests==2.32.3\n');
    const app = join(folder, 'app.py');
    const text = 'import requests\n\n\ndef config(path):\n    import yaml\n    return yaml.safe_load(open(path))\n';
    writeFileSync(app, text);
    const uri = pathToFileURL(app).href;
    const undeclared = h.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'AIS506'));
    h.open(uri, 'python', text);
    await undeclared;
    // An edit first, so the document holds an incremental state the manifest change must invalidate.
    h.change(uri, 2, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '# settings\n' }]);
    await h.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'AIS506'));
    writeFileSync(join(folder, 'requirements.txt'), 'requests==2.32.3\npyyaml==6.0.2\n');
    const declared = h.waitForDiagnostics(uri, (d) => !d.some((x) => x.code === 'AIS506'));
    await h.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(folder, 'requirements.txt')).href, type: 2 }] });
    await declared;
  } finally {
    await h.dispose();
    rmSync(folder, { recursive: true, force: true });
  }
});
