/**
 * The CLI's WebAssembly tier-up budget. V8 runs tree-sitter's WASM with its baseline compiler (Liftoff) and
 * recompiles a function with the optimising compiler (TurboFan) in the background once the function has run
 * for a budget of roughly 1.8 MB of executed code. A one-file scan spends most of that budget compiling
 * queries and parsing, so it starts compiling the parser's and the grammar's largest functions just before it
 * ends, and Node waits for those background compilations before the process exits: 70-300 ms of the wall time
 * of `aisec scan` of one small file, measured on the 2-core machine, for code that never runs again. Ten
 * times the budget leaves short runs on Liftoff code, while a long scan still tiers its hot functions up after
 * a few more milliseconds each (CPU time of a 10 MB, one-thread scan within run-to-run noise).
 * The language server keeps V8's default: it lives on, so its functions' tier-up pays off.
 */
import { setFlagsFromString } from 'node:v8';

/** Ten times V8's default (1,800,000, Node 20). */
export const CLI_WASM_TIERING_BUDGET = 18_000_000;

/**
 * Raises the budget before any WebAssembly module is instantiated (V8 reads it per instance), unless the user
 * chose one (`node --wasm-tiering-budget=…` or `NODE_OPTIONS`).
 */
export function raiseWasmTieringBudget(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): boolean {
  if ([...execArgv, nodeOptions].some((flag) => /wasm[-_]tiering[-_]budget/.test(flag))) return false;
  setFlagsFromString(`--wasm-tiering-budget=${CLI_WASM_TIERING_BUDGET}`);
  return true;
}
