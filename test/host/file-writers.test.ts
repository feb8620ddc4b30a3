/**
 * The host's project pass behind `ProjectFacts.fileWriter`, over real files with the real engine: it finds the
 * file that writes a name (a literal, an f-string template, a constant), and it parses only the files that can
 * write the name asked about (a serializer or `open` call and the name's extension as a dotted word), so a
 * project full of `open(` calls costs one parse per real candidate instead of one per file.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Engine } from '../../server/src/engine/index';
import { loadEngine } from '../../server/src/host/load-engine';
import { fileWriterFacts } from '../../server/src/host/file-writers';

const folders: string[] = [];
after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'aisec-file-writers-'));
  folders.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** The real engine, recording the path of every file the project pass parses. */
function countingEngine(engine: Engine, parsed: string[]): Engine {
  const counting = Object.create(engine) as Engine;
  counting.inspect = (path, ...rest) => {
    parsed.push(path);
    return engine.inspect(path, ...rest);
  };
  return counting;
}

const READS_TEXT = 'def read(path):\n    with open(path) as f:\n        return f.read()\n';

test('the writer of a literal, template or constant file name is found; only files that may write that extension are parsed', async () => {
  const engine = await loadEngine();
  const root = project({
    'data/prepare.py': 'import os\nimport pickle\n\nwith open(os.path.join(os.path.dirname(__file__), "meta.pkl"), "wb") as f:\n    pickle.dump({"vocab": 1}, f)\n',
    'ckpt.py': 'import torch\n\ndef save(state, d, rank):\n    torch.save(state, f"{d}/rank_{rank}.pt")\n',
    'export.py': 'import joblib\nMODEL_FILE = "classifier.joblib"\n\ndef export(clf):\n    joblib.dump(clf, MODEL_FILE)\n',
    // Calls `open(` and mentions `.pkl` in a comment only: a candidate for `.pkl` that writes nothing.
    'notes.py': `${READS_TEXT}# the cache lives in meta.pkl\n`,
    // Names `.pkl` only as the start of longer dotted words (`.pkl_old`, `.pklz`): not a `.pkl` candidate.
    'backup.py': `${READS_TEXT}# meta.pkl_old and meta.pklz are older formats\n`,
    // Calls `open(` without naming any extension the questions ask about: never parsed.
    'util.py': READS_TEXT,
    'more/util2.py': READS_TEXT,
    // Writes a `.pt` name but calls no writer by its text: never parsed.
    'names.py': 'NAME = "weights.pt"\n',
    'train.py': 'import pickle\n',
  });
  const parsed: string[] = [];
  const facts = fileWriterFacts({ engine: countingEngine(engine, parsed), baseFolder: root, projectRoot: root });

  // A `.pkl` name nobody writes: the two files that may write a `.pkl` are parsed, no other.
  assert.equal(facts.fileWriter('train.py', 'other.pkl'), undefined);
  assert.deepEqual(parsed.sort(), ['data/prepare.py', 'notes.py']);
  assert.deepEqual(facts.fileWriter('train.py', 'meta.pkl'), { path: 'data/prepare.py', range: { start: { line: 3, column: 5 }, end: { line: 3, column: 68 } } });
  assert.equal(parsed.length, 2);

  parsed.length = 0;
  assert.equal(facts.fileWriter('train.py', 'rank_0.pt')?.path, 'ckpt.py');
  assert.equal(facts.fileWriter('train.py', 'rank_*.pt')?.path, 'ckpt.py');
  assert.deepEqual(parsed, ['ckpt.py'], 'a file parsed for one question is not parsed again');

  parsed.length = 0;
  assert.equal(facts.fileWriter('train.py', 'classifier.joblib')?.path, 'export.py');
  assert.equal(facts.fileWriter('train.py', 'weights.bin'), undefined);
  assert.deepEqual(parsed, ['export.py']);
  // The asking file is not its own writer.
  assert.equal(facts.fileWriter('data/prepare.py', 'meta.pkl'), undefined);
});

test('a file edited after a question is read again: a new writer is found, an old one forgotten', async () => {
  const engine = await loadEngine();
  const root = project({ 'util.py': READS_TEXT, 'train.py': 'import pickle\n' });
  const parsed: string[] = [];
  const facts = fileWriterFacts({ engine: countingEngine(engine, parsed), baseFolder: root, projectRoot: root });
  assert.equal(facts.fileWriter('train.py', 'meta.pkl'), undefined);
  assert.deepEqual(parsed, []);

  writeFileSync(join(root, 'util.py'), `${READS_TEXT}\ndef cache(obj):\n    with open("meta.pkl", "wb") as f:\n        import pickle\n        pickle.dump(obj, f)\n`);
  utimesSync(join(root, 'util.py'), new Date(), new Date(Date.now() + 5000));
  assert.equal(facts.fileWriter('train.py', 'meta.pkl')?.path, 'util.py');

  writeFileSync(join(root, 'util.py'), READS_TEXT);
  utimesSync(join(root, 'util.py'), new Date(), new Date(Date.now() + 10_000));
  assert.equal(facts.fileWriter('train.py', 'meta.pkl'), undefined);
  assert.deepEqual(parsed, ['util.py']);
});
