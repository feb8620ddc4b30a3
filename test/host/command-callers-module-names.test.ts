import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadEngine } from '../../server/src/host/load-engine';
import { callerOriginFacts } from '../../server/src/host/command-callers';
import type { Engine } from '../../server/src/engine/index';

const folders: string[] = [];
after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'aisec-caller-names-'));
  folders.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** The engine, counting the files the caller index parses (each `inspect` is one parse). */
async function countingEngine(): Promise<{ engine: Engine; parsed: string[] }> {
  const engine = await loadEngine();
  const parsed: string[] = [];
  const counting = Object.create(engine) as Engine;
  counting.inspect = ((path: string, ...rest: unknown[]) => {
    parsed.push(path);
    return (engine.inspect as (...args: unknown[]) => unknown)(path, ...rest);
  }) as Engine['inspect'];
  return { engine: counting, parsed };
}

const PY_HELPER = 'import subprocess\n\ndef run(cmd):\n    subprocess.run(cmd, shell=True)\n';

test('caller index: a Python file that calls another `run` and never names the defining module is not parsed', async () => {
  const { engine, parsed } = await countingEngine();
  const root = project({
    'pkg/shell.py': PY_HELPER,
    'pkg/caller.py': 'from pkg.shell import run\n\nrun("ls -l")\n',
    'pkg/other.py': 'def run(job):\n    return job()\n\nrun(print)\n',
  });
  const answer = callerOriginFacts({ engine, baseFolder: root, projectRoot: root }).callerOrigins('pkg/shell.py', 'run', { index: 0, name: 'cmd' });
  assert.deepEqual(answer && { calls: answer.calls, origin: answer.origin }, { calls: 1, origin: 'constant' });
  assert.deepEqual(parsed.map((p) => p.replace(/\\/g, '/')), ['pkg/caller.py']);
});

test('caller index: a package `__init__.py` is imported by its folder name or as `.`, so its callers are all read', async () => {
  const { engine, parsed } = await countingEngine();
  const root = project({
    'pkg/__init__.py': PY_HELPER,
    'pkg/caller.py': 'from . import run\n\nrun(input())\n',
  });
  const answer = callerOriginFacts({ engine, baseFolder: root, projectRoot: root }).callerOrigins('pkg/__init__.py', 'run', { index: 0, name: 'cmd' });
  assert.equal(answer?.calls, 1);
  assert.notEqual(answer?.origin, 'constant');
  assert.equal(parsed.length, 1);
});

const JS_HELPER = "import { execSync } from 'node:child_process';\nexport function gitShow(ref: string): string {\n  return execSync(`git show ${ref}`).toString();\n}\n";

test('caller index: an exact tsconfig alias that names a file without its name still finds the call', async () => {
  const { engine } = await countingEngine();
  const root = project({
    'tsconfig.json': '{ "compilerOptions": { "paths": { "@vcs": ["./src/utils/git.ts"] } } }',
    'src/utils/git.ts': JS_HELPER,
    'src/caller.ts': "import { gitShow } from '@vcs';\nexport const show = (): string => gitShow(process.argv[2] ?? 'HEAD');\n",
  });
  const answer = callerOriginFacts({ engine, baseFolder: root, projectRoot: root }).callerOrigins('src/utils/git.ts', 'gitShow', { index: 0, name: 'ref' });
  assert.equal(answer?.calls, 1);
  assert.notEqual(answer?.origin, 'constant');
});

test('caller index: with only `@/*` aliases, a JS file that never names the defining file is not parsed', async () => {
  const { engine, parsed } = await countingEngine();
  const root = project({
    'tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["./src/*"] } } }',
    'src/utils/git.ts': JS_HELPER,
    'src/caller.ts': "import { gitShow } from '@/utils/git';\nexport const head = (): string => gitShow('HEAD');\n",
    'src/unrelated.ts': "const gitShow = (ref: string): string => ref;\nexport const x = gitShow('a');\n",
  });
  const answer = callerOriginFacts({ engine, baseFolder: root, projectRoot: root }).callerOrigins('src/utils/git.ts', 'gitShow', { index: 0, name: 'ref' });
  assert.deepEqual(answer && { calls: answer.calls, origin: answer.origin }, { calls: 1, origin: 'constant' });
  assert.deepEqual(parsed.map((p) => p.replace(/\\/g, '/')), ['src/caller.ts']);
});
