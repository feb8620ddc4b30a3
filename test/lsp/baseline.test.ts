/**
 * The editor honours `.aisec-baseline.json`: findings the project accepted are hidden, new ones show.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { buildBaseline, serializeBaseline, BASELINE_FILE_NAME } from '../../server/src/engine/baseline';
import { loadEngine } from '../../server/src/host/load-engine';
import { ALL_MODULES } from '../../server/src/rules/index';
import { startHarness } from './harness';

test('baselined findings are hidden in the editor and new ones are shown', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'aisec-lsp-baseline-'));
  const file = join(folder, 'src', 'load.py');
  const accepted = 'import pickle\n\n\ndef restore(blob):\n    return pickle.loads(blob)\n';
  const engine = await loadEngine();
  const findings = engine.analyze({ path: file, text: accepted }).findings;
  assert.equal(findings.filter((f) => f.ruleId === 'AIS101').length, 1);
  writeFileSync(join(folder, BASELINE_FILE_NAME), serializeBaseline(buildBaseline(findings, '00112233445566778899aabbccddeeff', () => 'src/load.py')));

  const h = await startHarness({ modules: ALL_MODULES, workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'w' }] });
  try {
    const uri = pathToFileURL(file).href;
    const first = h.waitForDiagnostics(uri, () => true, 20000);
    h.open(uri, 'python', accepted);
    assert.deepEqual((await first).map((d) => d.code), [], 'the accepted finding is hidden');
    // Moving the accepted code keeps it baselined (no line numbers); a new load shows.
    const second = h.waitForDiagnostics(uri, (d) => d.length > 0, 20000);
    h.change(uri, 2, [{ text: `# moved down\n${accepted}\n\ndef other(data):\n    return pickle.loads(data.payload)\n` }]);
    const shown = await second;
    assert.deepEqual(shown.map((d) => [d.code, d.range.start.line]), [['AIS101', 9]]);
  } finally {
    await h.dispose();
  }
});
