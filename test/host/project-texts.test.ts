/**
 * The store of module texts the host's project passes share (`host/project-texts.ts`): a file is read once while
 * its size and modification time are unchanged, read again when they change, refused over a pass's byte cap, and
 * past the budget of kept characters read at each question. The tests see whether a text was read again by
 * rewriting the file behind the store with its old size and modification time.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LIVE_FILE_STATES, memoisedFileStates } from '../../server/src/host/file-states';
import { projectTexts } from '../../server/src/host/project-texts';

const SOME_TIME = 1_700_000_000;
const folders: string[] = [];
after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function file(text: string): string {
  const root = mkdtempSync(join(tmpdir(), 'aisec-project-texts-'));
  folders.push(root);
  const path = join(root, 'helpers.py');
  writeFileSync(path, text);
  // Whole seconds, which `utimesSync` restores exactly.
  utimesSync(path, SOME_TIME, SOME_TIME);
  return path;
}

/** Rewrites `path` with text of the same length, keeping its modification time (the store cannot tell). */
function rewriteUnseen(path: string, text: string): void {
  writeFileSync(path, text);
  utimesSync(path, SOME_TIME, SOME_TIME);
}

test('a file is read once while its size and modification time are unchanged', () => {
  const path = file('import os\n');
  const texts = projectTexts(LIVE_FILE_STATES, 1024);
  assert.equal(texts.textOf(path, 'python'), 'import os\n');
  rewriteUnseen(path, 'import io\n');
  assert.equal(texts.textOf(path, 'python'), 'import os\n');
});

test('a file whose size changed is read again', () => {
  const path = file('import os\n');
  const texts = projectTexts(LIVE_FILE_STATES, 1024);
  texts.textOf(path, 'python');
  writeFileSync(path, 'import subprocess\n');
  assert.equal(texts.textOf(path, 'python'), 'import subprocess\n');
});

test('a file over the asking pass\'s byte cap is not read, though another pass may read it', () => {
  const path = file('x = 1\n'.repeat(10));
  const texts = projectTexts(memoisedFileStates(), 1024);
  assert.equal(texts.textOf(path, 'python', 20), undefined);
  assert.equal(texts.textOf(path, 'python')?.length, 60);
});

test('past the budget of kept characters, a file is read at each question', () => {
  const path = file('import os\n');
  const texts = projectTexts(LIVE_FILE_STATES, 4);
  assert.equal(texts.textOf(path, 'python'), 'import os\n');
  rewriteUnseen(path, 'import io\n');
  assert.equal(texts.textOf(path, 'python'), 'import io\n');
});

test('a Python coding cookie is honoured for Python texts', () => {
  const path = file('# -*- coding: latin-1 -*-\nname = "caf\u00e9"\n');
  writeFileSync(path, Buffer.concat([Buffer.from('# -*- coding: latin-1 -*-\nname = "caf'), Buffer.from([0xe9]), Buffer.from('"\n')]));
  assert.match(projectTexts(LIVE_FILE_STATES, 1024).textOf(path, 'python') ?? '', /café/);
});
