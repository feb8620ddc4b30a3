/**
 * Shared helpers of the model-file tests: fixture paths, running the family's checker on bytes with a
 * hand-built BinaryContext, CPython at test time for fresh pickles, and a seeded PRNG for fuzzing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG, type EngineConfig } from '../../server/src/engine/config';
import type { BinaryContext, ReportInput, RuleMeta } from '../../server/src/engine/rule';
import { modelFileChecker } from '../../server/src/rules/model-files/model-file-checker';
import { modules } from '../../server/src/rules/model-files/index';

export const ROOT = join(__dirname, '..', '..');
export const FIXTURES = join(ROOT, 'server', 'src', 'rules', 'model-files', 'fixtures');
export const GENERATOR = join(ROOT, 'scripts', 'gen-model-fixtures.py');

/** The rules of the family, by id. */
export const RULES: ReadonlyMap<string, RuleMeta> = new Map(modules.flatMap((m) => m.rules).map((r) => [r.id, r]));

/** Reads a committed fixture, failing with the command that regenerates it when it is missing. */
export function fixture(name: string): Uint8Array {
  const path = join(FIXTURES, name);
  if (!existsSync(path)) assert.fail(`model-file fixture ${name} is missing: run \`python3 scripts/gen-model-fixtures.py\` to regenerate the fixtures`);
  return new Uint8Array(readFileSync(path));
}

export interface Reported extends ReportInput {
  /** The effective severity: the report's override, else the rule default. */
  effectiveSeverity: string;
}

/** Runs the model-files checker on bytes, as the engine would, and returns what it reported. */
export function check(path: string, bytes: Uint8Array, fileSize = bytes.length, config: EngineConfig = DEFAULT_CONFIG): Reported[] {
  const out: Reported[] = [];
  const ctx: BinaryContext = {
    path,
    fileKind: 'model',
    config,
    ports: {},
    bytes,
    fileSize,
    report: (r) => out.push({ ...r, effectiveSeverity: r.severity ?? RULES.get(r.ruleId)?.severity ?? '?' }),
    // The code rules run in the engine (`Analyzer.analyzeBinary`); the tests of that path go through the engine.
    analyzeMemberCode: () => undefined,
    reportMembers: () => undefined,
  };
  modelFileChecker.check(ctx);
  for (const r of out) assert.ok(modelFileChecker.ruleIds.includes(r.ruleId), `unexpected rule ${r.ruleId}`);
  return out;
}

/** Runs a Python snippet with the machine's CPython (`input` on its stdin) and returns its stdout. */
export function python(script: string, args: string[] = [], input?: string): string {
  return execFileSync('python3', ['-c', script, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...(input !== undefined ? { input } : {}) });
}

/** Runs a Python snippet that prints a JSON object of hex strings; returns the decoded byte arrays. */
export function pythonBytes(script: string): Record<string, Uint8Array> {
  const json = JSON.parse(python(`import json, sys\nout = {}\n${script}\nprint(json.dumps({k: v.hex() for k, v in out.items()}))`)) as Record<string, string>;
  return Object.fromEntries(Object.entries(json).map(([k, hex]) => [k, new Uint8Array(Buffer.from(hex, 'hex'))]));
}

/** mulberry32: a small seeded PRNG so that fuzz runs are reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A mutated copy of `input`: byte flips, overwrites, truncation, duplication or insertion of random bytes. */
export function mutate(input: Uint8Array, random: () => number): Uint8Array {
  const bytes = new Uint8Array(input);
  const kind = Math.floor(random() * 6);
  const at = Math.floor(random() * Math.max(1, bytes.length));
  switch (kind) {
    case 0: {
      const flips = 1 + Math.floor(random() * 8);
      for (let i = 0; i < flips; i++) bytes[Math.floor(random() * bytes.length)] ^= 1 << Math.floor(random() * 8);
      return bytes;
    }
    case 1: {
      const interesting = [0x00, 0xff, 0x7f, 0x80, 0x28, 0x2e, 0x93, 0x94, 0x95, 0x8c, 0x63, 0x52, 0x50, 0x4b];
      for (let i = 0; i < 4; i++) bytes[Math.floor(random() * bytes.length)] = interesting[Math.floor(random() * interesting.length)]!;
      return bytes;
    }
    case 2:
      return bytes.subarray(0, at);
    case 3: {
      const out = new Uint8Array(bytes.length * 2);
      out.set(bytes);
      out.set(bytes, bytes.length);
      return out;
    }
    case 4: {
      const n = 1 + Math.floor(random() * 64);
      const out = new Uint8Array(bytes.length + n);
      out.set(bytes.subarray(0, at));
      for (let i = 0; i < n; i++) out[at + i] = Math.floor(random() * 256);
      out.set(bytes.subarray(at), at + n);
      return out;
    }
    default: {
      // Overwrite a 4- or 8-byte window with a huge length, the classic hostile-size trick.
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      if (at + 8 <= bytes.length) view.setUint32(at, 0xfffffff0, true);
      return bytes;
    }
  }
}

/**
 * Model files made by the fixture generator (scripts/gen-model-fixtures.py), by name: each value is a Python
 * expression over the generator's functions, e.g. `safetensors_bytes({...}, {'license': 'mit'})` or
 * `torch_zip(*state_dict())`.
 */
export function generatedModelFiles(expressions: Record<string, string>): Record<string, Uint8Array> {
  const lines = Object.entries(expressions).map(([name, expression]) => `out[${JSON.stringify(name)}] = eval(${JSON.stringify(expression)}, vars(gen))`);
  return pythonBytes(`import importlib.util\nspec = importlib.util.spec_from_file_location('gen', ${JSON.stringify(GENERATOR)})\ngen = importlib.util.module_from_spec(spec)\nspec.loader.exec_module(gen)\n${lines.join('\n')}`);
}
