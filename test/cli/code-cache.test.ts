/**
 * The launcher's V8 code cache (server/src/launch/code-cache.ts): a bundle loaded through it runs as a module of
 * its own; the first run writes one cache file named by the bundle's content, the next runs accept it (and leave
 * it alone), a changed bundle of the same length gets a cache of its own and runs its new code, and a damaged
 * cache is rejected, the bundle still runs, and the cache is rewritten. Each case is a fresh Node process (the
 * cache is written at exit), run through tsx like the CLI from source.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { REPO } from './run-cli';

let root = '';
let cacheHome = '';
let bundle = '';
let runner = '';

before(() => {
  root = mkdtempSync(join(tmpdir(), 'aisec-code-cache-'));
  cacheHome = join(root, 'cache');
  bundle = join(root, 'bundle.js');
  runner = join(root, 'runner.ts');
  writeFileSync(runner, `import { loadBundle } from ${JSON.stringify(join(REPO, 'server', 'src', 'launch', 'code-cache'))};\nprocess.stdout.write(JSON.stringify(loadBundle(${JSON.stringify(bundle)})));\n`);
});

after(() => rmSync(root, { recursive: true, force: true }));

function bundleSource(answer: string): string {
  // The module wrapper's arguments are the bundle's own: its exports, module, __dirname and a working require.
  return `'use strict';\nconst { sep } = require('node:path');\nfunction answer() { return ${answer}; }\nmodule.exports = { answer: answer(), dirname: __dirname, sep, sameExports: exports === module.exports };\n`;
}

interface Loaded {
  answer: number;
  dirname: string;
  sep: string;
  sameExports: boolean;
}

function load(env: NodeJS.ProcessEnv = {}): Loaded {
  const result = spawnSync(process.execPath, [join(REPO, 'node_modules', 'tsx', 'dist', 'cli.mjs'), runner], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: cacheHome, AISEC_NO_CODE_CACHE: '', ...env }, timeout: 120_000 });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as Loaded;
}

const cacheFolder = (): string => join(cacheHome, 'aisec', 'v8');
const caches = (): string[] => (existsSync(cacheFolder()) ? readdirSync(cacheFolder()).filter((name) => name.endsWith('.cache')).sort() : []);

test('the first run writes one cache for the bundle, and the next run accepts it without rewriting it', () => {
  writeFileSync(bundle, bundleSource('40 + 2'));
  assert.deepEqual(load(), { answer: 42, dirname: root, sep, sameExports: true });
  const written = caches();
  assert.equal(written.length, 1);
  assert.match(written[0]!, /^bundle-[0-9a-f]{24}\.cache$/);
  const path = join(cacheFolder(), written[0]!);
  const before = statSync(path).mtimeMs;
  assert.ok(statSync(path).size > 0);
  assert.equal(load().answer, 42);
  assert.deepEqual(caches(), written);
  assert.equal(statSync(path).mtimeMs, before, 'an accepted cache is not written again');
});

test('a changed bundle of the same length runs its new code under a cache of its own', () => {
  writeFileSync(bundle, bundleSource('40 + 2'));
  load();
  const first = caches();
  writeFileSync(bundle, bundleSource('40 + 3'));
  assert.equal(bundleSource('40 + 2').length, bundleSource('40 + 3').length);
  assert.equal(load().answer, 43);
  const second = caches();
  assert.equal(second.length, first.length + 1, second.join(', '));
  assert.equal(load().answer, 43);
});

test('a damaged cache is rejected: the bundle still runs, and the cache is written again', () => {
  writeFileSync(bundle, bundleSource('6 * 7'));
  rmSync(cacheHome, { recursive: true, force: true });
  load();
  const [name] = caches();
  const path = join(cacheFolder(), name!);
  const damaged = Buffer.from('not a V8 code cache');
  writeFileSync(path, damaged);
  assert.equal(load().answer, 42);
  assert.deepEqual(caches(), [name]);
  assert.notDeepEqual(readFileSync(path), damaged, 'the rejected cache was replaced');
  assert.ok(readFileSync(path).length > damaged.length);
});

test('AISEC_NO_CODE_CACHE=1 loads the bundle without reading or writing a cache', () => {
  rmSync(cacheHome, { recursive: true, force: true });
  writeFileSync(bundle, bundleSource('1 + 1'));
  assert.equal(load({ AISEC_NO_CODE_CACHE: '1' }).answer, 2);
  assert.deepEqual(caches(), []);
});

test('an ASCII bundle (read as Latin-1) and a bundle with UTF-8 text load the same strings', () => {
  rmSync(cacheHome, { recursive: true, force: true });
  // The built bundles are ASCII (esbuild.mjs escapes the rest); a bundle that is not is still read as UTF-8.
  writeFileSync(bundle, `module.exports = { answer: 1, dirname: 'caf\\u00e9 \\u2192 \\ud83d\\ude00', sep: '', sameExports: true };\n`);
  const escaped = load({ AISEC_NO_CODE_CACHE: '1' });
  writeFileSync(bundle, `// caf\u00e9 \u2192 \ud83d\ude00\nmodule.exports = { answer: 1, dirname: 'caf\u00e9 \u2192 \ud83d\ude00', sep: '', sameExports: true };\n`);
  const utf8 = load({ AISEC_NO_CODE_CACHE: '1' });
  assert.equal(escaped.dirname, 'caf\u00e9 \u2192 \ud83d\ude00');
  assert.deepEqual(utf8, escaped);
});
