// Bundles the four entry points (VS Code client, language server, CLI, GitHub Action) and the CLI's scan worker,
// and copies what esbuild cannot bundle: the tree-sitter WASM files, web-tree-sitter's script (loaded afresh
// for each parser runtime, see server/src/host/load-engine.ts) and the package-intelligence data, whose snapshot
// is written as a folder of parts loaded one by one on first use (server/src/intel/snapshot-parts.ts, which
// `aisec intel update` uses too; it is bundled here on the fly so the build and the CLI share one writer).
// Type checking is separate (`npm run typecheck`).
import * as esbuild from 'esbuild';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const entries = [
  { in: 'client/src/extension.ts', out: 'client', external: ['vscode'] },
  // The server and the CLI are each a small launcher (dist/server.js, dist/cli.js) that loads the bundle
  // (dist/server-main.js, dist/cli-main.js) through V8's code cache: see server/src/launch/code-cache.ts.
  { in: 'server/src/launch/server.ts', out: 'server' },
  { in: 'server/src/lsp/main.ts', out: 'server-main' },
  { in: 'server/src/launch/cli.ts', out: 'cli', banner: '#!/usr/bin/env node' },
  // The CycloneDX library loads its optional XML and validation plugins only when asked (aisec bom writes JSON).
  { in: 'server/src/cli/main.ts', out: 'cli-main', external: ['xmlbuilder2', 'libxmljs2', 'xmllint-wasm', 'ajv', 'ajv-formats', 'ajv-formats-draft2019'] },
  { in: 'server/src/host/scan-worker.ts', out: 'scan-worker' },
  // The GitHub Action (action.yml): the CLI's scan with the runner's inputs, summary and outputs.
  { in: 'server/src/cli/action/main.ts', out: 'action' },
].filter((e) => existsSync(e.in));

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist/grammars', { recursive: true });
for (const file of readdirSync('grammars')) if (file.endsWith('.wasm')) cpSync(join('grammars', file), join('dist/grammars', file));
cpSync('node_modules/web-tree-sitter/tree-sitter.cjs', 'dist/grammars/tree-sitter.cjs');
if (existsSync('server/data')) {
  // The single snapshot.json stays the source (intel:build writes it, tests read it); the bundle gets its parts.
  cpSync('server/data', 'dist/data', { recursive: true, filter: (source) => !source.endsWith(join('intel', 'snapshot.json')) });
  const snapshotFile = 'server/data/intel/snapshot.json';
  if (existsSync(snapshotFile)) (await snapshotWriter()).writeSnapshotParts(JSON.parse(readFileSync(snapshotFile, 'utf8')), 'dist/data/intel/snapshot');
}

/**
 * Escapes the non-ASCII characters esbuild leaves in a bundle (it escapes them in strings and regular expressions,
 * not in the comments it keeps): one `→` in a comment made V8 hold the whole 4 MB bundle as a two-byte string,
 * decoded from UTF-8 at every start (see server/src/launch/code-cache.ts). Outside comments a `\uXXXX` escape means
 * the same character in strings, templates, regular expressions and identifiers alike.
 */
function asciiOnly(file) {
  if (!existsSync(file)) return;
  const text = readFileSync(file, 'utf8');
  if (!/[\u0080-\uffff]/.test(text)) return;
  writeFileSync(file, text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** The snapshot-parts writer of server/src/intel, bundled into memory and imported as an ES module. */
async function snapshotWriter() {
  const built = await esbuild.build({ entryPoints: ['server/src/intel/snapshot-parts.ts'], bundle: true, platform: 'node', format: 'esm', target: 'node20', write: false, logLevel: 'warning' });
  return import(`data:text/javascript;base64,${Buffer.from(built.outputFiles[0].text).toString('base64')}`);
}

const contexts = await Promise.all(
  entries.map((entry) =>
    esbuild.context({
      entryPoints: { [entry.out]: entry.in },
      outdir: 'dist',
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: entry.external ?? [],
      sourcemap: !production,
      minify: production,
      logLevel: 'warning',
      // jsonc-parser's `main` is a UMD build that loads its parts with a dynamic require esbuild cannot follow
      // (the bundle then fails at start with "Cannot find module './impl/format'"); its ES module build bundles.
      alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
      ...(entry.banner ? { banner: { js: entry.banner } } : {}),
    }),
  ),
);

if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('esbuild: watching');
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  for (const entry of entries) asciiOnly(join('dist', `${entry.out}.js`));
  console.log(`esbuild: built ${entries.map((e) => e.out).join(', ')} into dist/`);
}
