/**
 * Special files never stall the language server: with FIFOs and links to /dev/zero (created at test
 * time) under the names it reads (manifests, ignore and configuration files, the baseline, a model
 * file), an opened document still gets its diagnostics, the model report answers, and the workspace scan
 * finishes and names what it refused. The server runs in a child process, so a regression fails the
 * test at its deadline instead of blocking the test process.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { URI } from 'vscode-uri';
import { ModelFileReportRequest, ScanWorkspaceRequest } from '../../server/src/shared/protocol';
import { startHarness } from './harness';

const DEADLINE_MS = 60_000;
const uriOf = (path: string): string => URI.file(path).toString();

test('FIFOs and links to /dev/zero under the names the server reads do not stall it', { timeout: DEADLINE_MS * 2 }, async () => {
  const root = mkdtempSync(join(tmpdir(), 'aisec-lsp-special-'));
  mkdirSync(join(root, '.git'));
  mkdirSync(join(root, 'src'));
  const app = join(root, 'src', 'app.py');
  const text = 'import pickle\nimport requests\n\n\ndef restore(blob):\n    return pickle.loads(blob)\n';
  writeFileSync(app, text);
  for (const name of ['requirements.txt', 'pyproject.toml', 'setup.py', '.gitignore', '.aisec.toml', '.aisec-baseline.json', 'src/.aisec-baseline.json', 'weights.pkl']) {
    execFileSync('mkfifo', [join(root, name)]);
  }
  for (const name of ['package.json', 'tsconfig.json', 'setup.cfg', 'model.pt']) symlinkSync('/dev/zero', join(root, name));

  const h = await startHarness({ childProcess: true, workspaceFolders: [{ uri: uriOf(root), name: 'special' }] });
  try {
    const uri = uriOf(app);
    const published = h.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'AIS101'), DEADLINE_MS);
    h.open(uri, 'python', text);
    await published;

    for (const model of ['weights.pkl', 'model.pt']) {
      const report = await h.client.sendRequest(ModelFileReportRequest.type, { uri: uriOf(join(root, model)) });
      assert.match(report?.markdown ?? '', /The file was not read: it is a (FIFO|character device).*not a regular file/);
    }

    const scan = await h.client.sendRequest(ScanWorkspaceRequest.type, {});
    assert.equal(scan.cancelled, false);
    assert.ok(scan.filesSkipped >= 10, `the refused files are counted: ${JSON.stringify(scan)}`);
    assert.ok(h.logs.some((l) => /requirements\.txt: not read: the file is a FIFO/.test(l)), h.logs.join('\n'));
    assert.ok(h.logs.some((l) => /\.aisec-baseline\.json: the file is a FIFO/.test(l)), 'the baseline that was refused is named');
  } finally {
    await h.dispose();
    rmSync(root, { recursive: true, force: true });
  }
});
