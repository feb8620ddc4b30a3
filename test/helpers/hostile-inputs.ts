/**
 * Inputs that defeat the parser, generated at test time (nothing large is committed), and an engine whose
 * parser heap is capped so that a trap costs megabytes instead of the 2 GB a real one needs.
 *
 * A parse needs about 40 times the text in WASM heap, so a 50 MB Python file exhausts web-tree-sitter's 2 GB
 * heap (an emscripten abort: "RuntimeError: Aborted()"), after which every call into that runtime aborts too.
 * With the heap capped at `TRAP_HEAP_BYTES` the same trap happens on `TRAP_PYTHON_BYTES` of the same code.
 */
import { createEngine, type Engine } from '../../server/src/engine/index';
import { engineOptions } from '../../server/src/host/load-engine';
import { ALL_MODULES } from '../../server/src/rules/index';
import { generateKey } from '../secrets/keygen';

/** The parser heap of `trappingEngine()` (and of CLI runs with `AISEC_PARSER_MEMORY_MB=64`). */
export const TRAP_HEAP_BYTES = 64 * 1024 * 1024;
export const TRAP_HEAP_MB = TRAP_HEAP_BYTES / 1024 / 1024;
/** Enough ordinary Python to exhaust `TRAP_HEAP_BYTES` while parsing (measured: traps at about 1.5 MB). */
export const TRAP_PYTHON_BYTES = 3 * 1024 * 1024;

/** A key in a distinctive format, which the secrets checker reports from the text alone. */
export const TRAP_FILE_KEY = generateKey('github');

/**
 * A Python file that traps a parser capped at `TRAP_HEAP_BYTES`: a hard-coded key first (a text finding that must
 * survive the trap), then megabytes of ordinary code.
 */
export function heapExhaustingPython(bytes = TRAP_PYTHON_BYTES, withKey = true): string {
  const head = withKey ? `import pickle\n\nGITHUB_TOKEN = "${TRAP_FILE_KEY}"\n\n` : 'import pickle\n\n';
  const chunk = 'def handler(a, b):\n    values = [a, b, {"k": (a, b)}]\n    return pickle.loads(a) + b\n\n';
  return head + chunk.repeat(Math.ceil(bytes / chunk.length));
}

/** An engine with every rule and its parser heap capped at `TRAP_HEAP_BYTES` (a fresh engine per call). */
export function trappingEngine(): Promise<Engine> {
  return createEngine(engineOptions(ALL_MODULES, TRAP_HEAP_BYTES));
}

/** Ordinary files every later-file assertion expects findings in. */
export const ORDINARY_FILES: readonly { path: string; text: string; ruleId: string }[] = [
  { path: 'loader.py', text: 'import pickle\n\n\ndef restore(blob):\n    return pickle.loads(blob)\n', ruleId: 'AIS101' },
  { path: 'run.ts', text: 'export function run(userInput: string) {\n  return eval(userInput);\n}\n', ruleId: 'AIS240' },
  { path: 'run.js', text: 'function run(userInput) {\n  return eval(userInput);\n}\nmodule.exports = run;\n', ruleId: 'AIS240' },
];
