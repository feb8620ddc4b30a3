// Runs every test file (test/**/*.test.ts) with Node's test runner through tsx.
// Node 20's --test does not expand globs, so the files are listed here.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const filter = process.argv.slice(2);

function collect(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'fixtures') continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) collect(full, out);
    else if (name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

const files = collect(join(root, 'test'), [])
  .map((f) => relative(root, f))
  .filter((f) => filter.length === 0 || filter.some((p) => f.includes(p)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
// The tests make temporary projects, caches and git repositories under os.tmpdir(); not every test removes what it
// made (a failing assertion skips its cleanup), so the run gives them one folder of their own through TMPDIR and
// removes it afterwards. AISEC_KEEP_TEST_TMP=1 keeps it for debugging.
const scratch = mkdtempSync(join(tmpdir(), 'aisec-test-run-'));
// tsx keeps its compile cache in <tmpdir>/tsx-<uid>; the link keeps that cache across runs (removing the scratch
// folder removes the link, not the cache).
const tsxCache = `tsx-${process.geteuid?.() ?? 'user'}`;
mkdirSync(join(tmpdir(), tsxCache), { recursive: true });
symlinkSync(join(tmpdir(), tsxCache), join(scratch, tsxCache));
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, TMPDIR: scratch },
});
if (process.env.AISEC_KEEP_TEST_TMP === '1') console.error(`test temporary files kept in ${scratch}`);
else rmSync(scratch, { recursive: true, force: true });
process.exit(result.status ?? 1);
