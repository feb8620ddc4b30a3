/**
 * A shell helper graded by the calls other files make to it (`ProjectFacts.callerOrigins`), in the editor: an
 * unsaved edit of a caller, and a caller changed on disk, re-analyse the open helper, whose finding follows what
 * its callers pass.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { FileChangeType } from 'vscode-languageserver';
import { ALL_MODULES } from '../../server/src/rules/index';
import { startHarness } from './harness';

const HELPER = 'import os\n\n\ndef run_cmd(cmd):\n    print(cmd)\n    return os.system(cmd)\n';
const CALLER_CONSTANT = 'from pkg.shell import run_cmd\n\n\ndef status():\n    return run_cmd("git status")\n';
const CALLER_OUTSIDE = 'from pkg.shell import run_cmd\n\n\ndef status(request):\n    return run_cmd(request.args["cmd"])\n';

test('a helper whose callers pass constants is quiet, and a caller edited to pass outside data brings its finding', async () => {
  const root = mkdtempSync(join(tmpdir(), 'aisec-lsp-callers-'));
  mkdirSync(join(root, 'pkg'));
  writeFileSync(join(root, 'pkg', '__init__.py'), '');
  const helper = join(root, 'pkg', 'shell.py');
  const caller = join(root, 'pkg', 'jobs.py');
  writeFileSync(helper, HELPER);
  writeFileSync(caller, CALLER_CONSTANT);
  const helperUri = pathToFileURL(helper).href;
  const callerUri = pathToFileURL(caller).href;
  const h = await startHarness({ modules: ALL_MODULES, workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'w' }] });
  const hasShellFinding = (d: { code?: string | number; severity?: number }[]): boolean => d.some((x) => x.code === 'AIS204' && x.severity === 1);
  try {
    const quiet = h.waitForDiagnostics(helperUri, (d) => !hasShellFinding(d), 20000);
    h.open(helperUri, 'python', HELPER);
    await quiet;

    // The caller is opened and edited, unsaved, to pass a request's data: the helper's command is outside data.
    h.open(callerUri, 'python', CALLER_CONSTANT);
    const reported = h.waitForDiagnostics(helperUri, hasShellFinding, 20000);
    h.change(callerUri, 2, [{ text: CALLER_OUTSIDE }]);
    await reported;

    // Typed back to a constant: the finding goes again.
    const cleared = h.waitForDiagnostics(helperUri, (d) => !hasShellFinding(d), 20000);
    h.change(callerUri, 3, [{ text: CALLER_CONSTANT }]);
    await cleared;

    // Closed, then changed on disk: the watcher's notice re-analyses the helper.
    h.close(callerUri);
    writeFileSync(caller, CALLER_OUTSIDE);
    const onDisk = h.waitForDiagnostics(helperUri, hasShellFinding, 20000);
    await h.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: callerUri, type: FileChangeType.Changed }] });
    await onDisk;
  } finally {
    await h.dispose();
    rmSync(root, { recursive: true, force: true });
  }
});
