/**
 * After "move the key to .env" the key sits in a `.env` that git ignores: the editor does not report it
 * there. A `.env` that is not ignored, or that git tracks although ignored, is still reported.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ALL_MODULES } from '../../server/src/rules/index';
import { generateKey } from '../secrets/keygen';
import { startHarness } from './harness';

const KEY = generateKey('groq');

function repository(root: string, name: string): string {
  const folder = join(root, name);
  mkdirSync(folder);
  execFileSync('git', ['init', '-q'], { cwd: folder });
  writeFileSync(join(folder, '.gitignore'), '.env\n');
  return folder;
}

test('a key in a git-ignored, untracked .env is not reported; a tracked or unignored one is', async () => {
  const root = mkdtempSync(join(tmpdir(), 'aisec-dotenv-'));
  const h = await startHarness({ modules: ALL_MODULES });
  try {
    const ignored = repository(root, 'ignored');
    const tracked = repository(root, 'tracked');
    writeFileSync(join(tracked, '.env'), `GROQ_API_KEY=${KEY}\n`);
    execFileSync('git', ['add', '-f', '.env'], { cwd: tracked });
    const notIgnored = repository(root, 'other');
    writeFileSync(join(notIgnored, '.gitignore'), '*.log\n');

    const text = `GROQ_API_KEY=${KEY}\n`;
    const reportedIn = async (folder: string): Promise<number> => {
      const uri = pathToFileURL(join(folder, '.env')).toString();
      const published = h.waitForDiagnostics(uri, () => true, 20000);
      h.open(uri, 'dotenv', text);
      const count = (await published).filter((d) => String(d.code).startsWith('AIS4')).length;
      h.close(uri);
      return count;
    };
    assert.equal(await reportedIn(ignored), 0, 'git-ignored and untracked: the key is where it belongs');
    assert.ok((await reportedIn(tracked)) > 0, 'tracked although ignored: the key is in the history');
    assert.ok((await reportedIn(notIgnored)) > 0, 'not ignored: the key would be committed');
  } finally {
    await h.dispose();
    rmSync(root, { recursive: true, force: true });
  }
});
