/**
 * Creates the engine in a Node host: reads the grammar WASM files from disk (next to the bundle in
 * `dist/grammars/`, or from the repository's `grammars/` when running from source) and passes the rule
 * registry.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, type Engine } from '../engine/index';
import { ALL_MODULES } from '../rules/index';

let shared: Promise<Engine> | undefined;

/** The process-wide engine (grammars and compiled queries are loaded once and reused). */
export function loadEngine(): Promise<Engine> {
  shared ??= createEngine({ loadWasm: (file) => readFileSync(join(grammarsDirectory(), file)), modules: ALL_MODULES });
  return shared;
}

/** The folder holding `tree-sitter.wasm` and the grammars. */
export function grammarsDirectory(): string {
  const candidates = [join(__dirname, 'grammars'), join(__dirname, '..', 'grammars'), join(__dirname, '..', '..', '..', 'grammars'), join(process.cwd(), 'grammars')];
  for (const dir of candidates) if (existsSync(join(dir, 'tree-sitter.wasm'))) return dir;
  throw new Error(`AISec could not find its grammars (looked in ${candidates.join(', ')})`);
}
