/**
 * `dist/cli.js`, the `aisec` command: loads the CLI bundle (`dist/cli-main.js`) through V8's code cache
 * (see code-cache.ts) and runs it.
 */
import { join } from 'node:path';
import { loadBundle } from './code-cache';

(loadBundle(join(__dirname, 'cli-main.js')) as { run(): void }).run();
