/**
 * The persisted workspace-scan cache: a new server (a reload) publishes the last scan's results before any
 * scan, a scan of unchanged files takes them from the cache, and a changed file, changed settings or a
 * changed rule set are analysed again.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { URI } from 'vscode-uri';
import { ScanWorkspaceRequest } from '../../server/src/shared/protocol';
import { startHarness } from './harness';
import { TEST_MODULES } from './test-rules';

test('the scan cache survives a reload and is invalidated by content, settings and rules', async () => {
  const root = mkdtempSync(join(tmpdir(), 'aisec-cache-'));
  const storage = mkdtempSync(join(tmpdir(), 'aisec-storage-'));
  const loader = join(root, 'loader.py');
  writeFileSync(loader, 'import pickle\nobj = pickle.loads(blob)\n');
  writeFileSync(join(root, 'clean.py'), 'print("hello")\n');
  const options = { workspaceFolders: [{ uri: URI.file(root).toString(), name: 'cache' }], initializationOptions: { storageFolder: storage } };
  try {
    const first = await startHarness(options);
    const scanned = await first.client.sendRequest(ScanWorkspaceRequest.type, {});
    assert.equal(scanned.filesScanned, 2);
    assert.equal(scanned.filesFromCache, 0);
    await first.dispose();
    assert.equal(readdirSync(storage).filter((name) => name.startsWith('scan-cache-')).length, 1, 'written to the storage folder');

    // A reload: the finding is back without a scan.
    const second = await startHarness(options);
    const restored = await second.waitForDiagnostics(URI.file(loader).toString(), (d) => d.length > 0, 10000);
    assert.deepEqual(restored.map((d) => d.code), ['AIS901']);
    const again = await second.client.sendRequest(ScanWorkspaceRequest.type, {});
    assert.equal(again.filesFromCache, 2, 'nothing changed: both files come from the cache');
    assert.equal(again.findings, scanned.findings);

    // A changed file is analysed again; the other still comes from the cache.
    writeFileSync(loader, 'import json\nobj = json.loads(blob)\n');
    const edited = await second.client.sendRequest(ScanWorkspaceRequest.type, {});
    assert.equal(edited.filesFromCache, 1);
    assert.equal(edited.findings, 0);

    // Changed settings invalidate every entry.
    second.settings.value = { debounceMs: 0, timeBudgetMs: 4321 };
    second.client.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const reconfigured = await second.client.sendRequest(ScanWorkspaceRequest.type, {});
    assert.equal(reconfigured.filesFromCache, 0);
    writeFileSync(loader, 'import pickle\nobj = pickle.loads(blob)\n');
    assert.equal((await second.client.sendRequest(ScanWorkspaceRequest.type, {})).findings, 1);
    await second.dispose();

    // Without the pickle rule (another rule set, as after an update) the stored AIS901 is not published again:
    // the restore analyses the file anew.
    const fewerRules = await startHarness({ ...options, modules: TEST_MODULES.filter((module) => module !== TEST_MODULES[0]), settings: { debounceMs: 0, timeBudgetMs: 4321 } });
    const other = await fewerRules.client.sendRequest(ScanWorkspaceRequest.type, {});
    assert.equal(other.findings, 0);
    assert.ok(!fewerRules.diagnostics.some((p) => p.diagnostics.some((d) => d.code === 'AIS901')), 'the stored AIS901 was not published');
    await fewerRules.dispose();
  } finally {
    rmSync(root, { recursive: true, force: true });
    if (existsSync(storage)) rmSync(storage, { recursive: true, force: true });
  }
});
