/**
 * The "add the import to the manifest" fix writes a distribution only when the import map names it (under
 * the distribution's name, `yaml` → `pyyaml`); for a module the map does not know, a guessed name could be
 * nobody's or a typosquat, so the undeclared import is reported without that fix.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { ALL_MODULES } from '../../server/src/rules/index';
import { startHarness } from './harness';

test('the manifest fix names the mapped distribution and is not offered for an unmapped module', async () => {
  const root = mkdtempSync(join(tmpdir(), 'aisec-manifest-fix-'));
  writeFileSync(join(root, 'requirements.txt'), 'requests==2.32.3\n');
  const h = await startHarness({ modules: ALL_MODULES, workspaceFolders: [{ uri: URI.file(root).toString(), name: 'm' }] });
  const actionsOf = async (name: string, text: string): Promise<Array<{ diagnostic: Diagnostic; titles: string[] }>> => {
    const path = join(root, name);
    writeFileSync(path, text);
    const uri = URI.file(path).toString();
    const published = h.waitForDiagnostics(uri, () => true, 20000);
    h.open(uri, 'python', text);
    // AIS506 (undeclared) or, for a name that exists nowhere, AIS504 (the import may be invented).
    const undeclared = (await published).filter((d) => d.code === 'AIS506' || d.code === 'AIS504');
    return Promise.all(
      undeclared.map(async (diagnostic) => {
        const actions: CodeAction[] = await h.client.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
        return { diagnostic, titles: actions.map((a) => a.title) };
      }),
    );
  };
  try {
    const mapped = await actionsOf('mapped.py', 'import yaml\nprint(yaml.safe_load("a: 1"))\n');
    assert.equal(mapped.length, 1, 'import yaml is undeclared');
    assert.ok(mapped[0]!.titles.some((t) => /^Add pyyaml to requirements\.txt/i.test(t)), JSON.stringify(mapped[0]!.titles));
    const unmapped = await actionsOf('unmapped.py', 'import zqxlibrary\nzqxlibrary.run()\n');
    assert.equal(unmapped.length, 1, "the unmapped import is still reported");
    for (const { titles } of unmapped) assert.ok(!titles.some((t) => t.startsWith('Add ')), JSON.stringify(titles));
  } finally {
    await h.dispose();
    rmSync(root, { recursive: true, force: true });
  }
});
