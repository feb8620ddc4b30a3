/**
 * Bad input never crashes: truncated, shuffled and byte-mangled manifests, lockfiles and code go through
 * every parser and the whole dependency family, and the result is findings and notes, never a thrown
 * error or a "rule failed" note. Deterministic: the mutations come from a seeded generator.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadEngine } from '../../server/src/host/load-engine';
import { createPackageIntel, FileSystemProjectFacts } from '../../server/src/intel/index';
import { MANIFEST_KINDS, parseManifest, parsePythonLock, scanInstallCommands } from '../../server/src/engine/manifests/index';

const FIXTURES = join(__dirname, 'fixtures');

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) files(full, out);
    else if (!name.endsWith('.expect')) out.push(full);
  }
  return out;
}

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutations(text: string, rand: () => number): string[] {
  const out = [text.slice(0, Math.floor(text.length * rand())), text.slice(Math.floor(text.length * rand()))];
  const chars = ['"', "'", '[', ']', '{', '}', '\\', '\n', '=', '#', ':', '@', '\u0000', '\u{1F600}', '\r', ',', '-', '>', '<', ';'];
  for (let k = 0; k < 6; k++) {
    const arr = [...text];
    for (let n = 0; n < 8; n++) arr.splice(Math.floor(rand() * arr.length), Math.floor(rand() * 3), chars[Math.floor(rand() * chars.length)]!);
    out.push(arr.join(''));
  }
  const lines = text.split('\n');
  out.push(lines.sort(() => rand() - 0.5).join('\n'));
  return out;
}

test('every parser survives mangled input', () => {
  const rand = random(42);
  const samples = files(FIXTURES).map((f) => readFileSync(f, 'utf8'));
  for (const sample of samples) {
    for (const text of mutations(sample, rand)) {
      for (const kind of MANIFEST_KINDS) assert.doesNotThrow(() => parseManifest(kind, text, 'x'), kind);
      for (const kind of ['poetry-lock', 'uv-lock', 'pylock', 'pipfile-lock'] as const) assert.doesNotThrow(() => parsePythonLock(kind, text), kind);
      assert.doesNotThrow(() => scanInstallCommands(text, 'prose'));
      assert.doesNotThrow(() => scanInstallCommands(text, 'magics'));
    }
  }
});

test('the dependency rules never fail on mangled project files', async () => {
  const engine = await loadEngine();
  const rand = random(7);
  const intel = createPackageIntel({ online: false });
  for (const file of files(FIXTURES)) {
    if (!engine.kindOf(file) || file.endsWith('registry.json')) continue;
    const ports = { intel, project: new FileSystemProjectFacts({ root: FIXTURES }), clock: { now: () => 0 } };
    for (const text of mutations(readFileSync(file, 'utf8'), rand)) {
      const result = engine.analyze({ path: file, text, ports });
      assert.deepEqual(result.notes.filter((n) => n.kind === 'rule-failed' && /depend|install|setup-py/.test(n.message)), [], file);
    }
  }
});

test('manifests nested thousands of levels deep are a parse error with its offset, never a stack overflow', async () => {
  const engine = await loadEngine();
  const intel = createPackageIntel({ online: false });
  const ports = { intel, project: new FileSystemProjectFacts({ root: FIXTURES }), clock: { now: () => 0 } };
  const deep = '['.repeat(50_000);
  const cases: Array<[string, string]> = [
    ['Pipfile.lock', `{"default": {"requests": {"version": "==2.0.0", "x": ${deep}`],
    ['package.json', `{"dependencies": ${'{"a": '.repeat(50_000)}`],
    ['pyproject.toml', `[project]\ndependencies = ${deep}\n`],
    ['pyproject-inline.toml', `[project]\nx = ${'{a = '.repeat(50_000)}\n`],
  ];
  for (const [name, text] of cases) {
    const path = name === 'pyproject-inline.toml' ? 'pyproject.toml' : name;
    const result = engine.analyze({ path, text, ports });
    assert.deepEqual(result.notes.filter((n) => n.kind === 'rule-failed'), [], name);
    const problem = result.findings.find((f) => f.ruleId === 'AIS513');
    assert.ok(problem, `${name}: the malformed manifest is reported`);
    assert.match(problem.message, /Nested more than 256 levels deep/, name);
  }
});
