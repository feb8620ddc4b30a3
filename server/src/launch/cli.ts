/**
 * `dist/cli.js`, the `aisec` command: loads the CLI bundle (`dist/cli-main.js`) through V8's code cache
 * (see code-cache.ts) and runs it, with a WebAssembly tier-up budget suited to a short-lived process
 * (see wasm-tiering.ts).
 */
import { join } from 'node:path';
import { loadBundle } from './code-cache';
import { raiseWasmTieringBudget } from './wasm-tiering';

raiseWasmTieringBudget();
(loadBundle(join(__dirname, 'cli-main.js')) as { run(): void }).run();
