/**
 * The file walker and the configuration loader on a generated tree: nested .gitignore files with
 * negation, default excludes, configuration excludes, a symbolic-link cycle, size limits (reported as
 * skips), stable order, and the nearest configuration file governing each folder.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { ConfigLoader } from '../../server/src/host/config-loader';
import { walkFiles, type WalkEntry } from '../../server/src/host/walk';
import { ALL_RULES } from '../../server/src/rules/index';

let root = '';

function write(path: string, text = 'x = 1\n'): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

before(() => {
  root = mkdtempSync(join(tmpdir(), 'aisec-walk-'));
  mkdirSync(join(root, '.git'));
  write('.gitignore', '*.log\nout/\n');
  write('app/main.py');
  write('app/.gitignore', 'generated_*.py\n!generated_keep.py\n');
  write('app/generated_one.py');
  write('app/generated_keep.py');
  write('app/debug.log', 'not analysed anyway\n');
  write('out/build.py');
  write('node_modules/pkg/index.js');
  write('.venv/lib/site.py');
  write('pkg/__pycache__/m.py');
  write('pkg/mod.egg-info/PKG-INFO.py');
  write('pkg/big.py', `# ${'x'.repeat(5000)}\n`);
  // Large because of its outputs: the limit applies to its code cells, which the engine checks.
  write('pkg/outputs.ipynb', JSON.stringify({ cells: [{ cell_type: 'code', source: ['x = 1\n'], outputs: [{ output_type: 'stream', text: ['y'.repeat(5000)] }] }] }));
  write('pkg/readme.png', 'not a kind AISec reads');
  write('pkg/model.pt', 'PK');
  write('lib/.aisec.toml', 'exclude = ["third_party"]\n');
  write('lib/third_party/vendored.py');
  write('lib/own.py');
  symlinkSync(root, join(root, 'app', 'loop'));
});

after(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

async function collect(roots: string[]): Promise<WalkEntry[]> {
  const out: WalkEntry[] = [];
  const configs = new ConfigLoader(ALL_RULES, root);
  for await (const entry of walkFiles({ roots, configs, maxFileBytes: () => 1000 })) out.push(entry);
  return out;
}

test('the walk honours .gitignore (nested, with negation), default and configured excludes', async () => {
  const entries = await collect([root]);
  const files = entries.filter((e) => e.type === 'file').map((e) => relative(root, e.path));
  assert.deepEqual(files, ['app/generated_keep.py', 'app/main.py', 'lib/.aisec.toml', 'lib/own.py', 'pkg/model.pt', 'pkg/outputs.ipynb']);
  const skipped = entries.filter((e) => e.type === 'skipped').map((e) => `${relative(root, e.path)}: ${e.type === 'skipped' ? e.reason : ''}`);
  assert.equal(skipped.length, 1);
  assert.match(skipped[0] ?? '', /^pkg\/big\.py: larger than the 1000 bytes limit/);
});

test('a file named explicitly is scanned even when .gitignore excludes it; a missing path is reported', async () => {
  const entries = await collect([join(root, 'app', 'generated_one.py'), join(root, 'missing.py')]);
  assert.equal(entries[0]?.type, 'file');
  assert.equal(entries[1]?.type, 'skipped');
});

test('the nearest configuration governs a folder', () => {
  const loader = new ConfigLoader(ALL_RULES, root);
  assert.equal(loader.forPath(join(root, 'lib', 'own.py'))?.file, join(root, 'lib', '.aisec.toml'));
  assert.equal(loader.forPath(join(root, 'app', 'main.py')), undefined, 'the search stops at the repository root');
  const explicit = loader.loadExplicit(join(root, 'nope.toml'));
  assert.match(explicit.errors[0]?.message ?? '', /does not exist/);
});
