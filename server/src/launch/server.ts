/**
 * `dist/server.js`, the language server the extension starts: loads the server bundle (`dist/server-main.js`,
 * which starts the server as it loads) through V8's code cache (see code-cache.ts).
 */
import { join } from 'node:path';
import { loadBundle } from './code-cache';

loadBundle(join(__dirname, 'server-main.js'));
