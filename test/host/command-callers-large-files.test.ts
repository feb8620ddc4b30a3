import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadEngine } from '../../server/src/host/load-engine';
import { callerOriginFacts } from '../../server/src/host/command-callers';

const folders: string[] = [];
after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'aisec-command-callers-'));
  folders.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const HELPER = "import { execSync } from 'node:child_process';\nexport function gitShow(ref: string): string {\n  return execSync(`git show ${ref}`).toString();\n}\n";
const CALLER = "import { gitShow } from './git';\nexport const head = (): string => gitShow('HEAD');\n";
/** A generated file above the parse limit (512 KiB). */
const GENERATED = `export const CATALOG = [\n${'  { id: "model", context: 128000 },\n'.repeat(20_000)}];\n`;

test('caller index: a file too long to parse that never names the helper does not make the answer unknown; one that names it does', async () => {
  const engine = await loadEngine();
  const quiet = project({ 'src/git.ts': HELPER, 'src/caller.ts': CALLER, 'src/catalog.generated.ts': GENERATED });
  const answer = callerOriginFacts({ engine, baseFolder: quiet, projectRoot: quiet }).callerOrigins('src/git.ts', 'gitShow', { index: 0, name: 'ref' });
  assert.deepEqual(answer && { calls: answer.calls, origin: answer.origin }, { calls: 1, origin: 'constant' });

  const naming = project({ 'src/git.ts': HELPER, 'src/caller.ts': CALLER, 'src/catalog.generated.ts': `${GENERATED}// gitShow\n` });
  assert.equal(callerOriginFacts({ engine, baseFolder: naming, projectRoot: naming }).callerOrigins('src/git.ts', 'gitShow', { index: 0, name: 'ref' }), undefined);
});
