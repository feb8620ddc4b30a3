// Builds the VS Code extension package (.vsix) with @vscode/vsce 3.9.1 (the last release that runs on
// Node 20). The package is assembled in a staging folder holding only what the installed extension
// needs; vsce then applies .vscodeignore (deny all, allow the bundles) on top.
// Usage: node scripts/package.mjs [--no-build] [--out <file.vsix>]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAX_BYTES = 10 * 1024 * 1024;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const out = resolve(outIndex >= 0 ? args[outIndex + 1] : join(root, `${manifest.name}-${manifest.version}.vsix`));

function run(command, commandArgs, cwd, { allowFailure = false } = {}) {
  const result = spawnSync(command, commandArgs, { cwd, stdio: ['ignore', 'pipe', allowFailure ? 'pipe' : 'inherit'], encoding: 'utf8' });
  if (allowFailure) return result;
  if (result.status !== 0) {
    process.stdout.write(result.stdout ?? '');
    console.error(`package: ${command} ${commandArgs.join(' ')} failed with ${result.status ?? result.signal}`);
    process.exit(1);
  }
  return result.stdout;
}

if (!args.includes('--no-build')) run(process.execPath, ['esbuild.mjs', '--production'], root);
for (const required of ['dist/client.js', 'dist/server.js', 'dist/server-main.js']) {
  if (!existsSync(join(root, required))) {
    console.error(`package: ${required} is missing; run npm run build`);
    process.exit(1);
  }
}

// The manifest: package.json without what only development needs.
const staged = { ...manifest };
// Nothing runs at packaging time, and dependencies are bundled into dist/ already.
delete staged.scripts;
delete staged.devDependencies;

const staging = join(root, 'out', 'vsix-staging');
rmSync(staging, { recursive: true, force: true });
mkdirSync(staging, { recursive: true });
writeFileSync(join(staging, 'package.json'), `${JSON.stringify(staged, null, 2)}\n`);
const copy = (path) => {
  if (existsSync(join(root, path))) cpSync(join(root, path), join(staging, path), { recursive: true });
};
for (const file of readdirSync(join(root, 'dist'))) if (file.endsWith('.js')) copy(join('dist', file));
for (const path of ['dist/grammars', 'dist/data', 'snippets', 'media', 'README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore']) copy(path);
if (!existsSync(join(staging, 'README.md'))) writeFileSync(join(staging, 'README.md'), `# ${manifest.displayName ?? manifest.name}\n\n${manifest.description ?? ''}\n`);

const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
const flags = ['--no-dependencies', ...(existsSync(join(staging, 'LICENSE')) ? [] : ['--skip-license'])];
const listed = run(process.execPath, [vsce, 'ls', '--no-dependencies'], staging).split('\n').filter(Boolean);
for (const required of ['package.json', 'dist/client.js', 'dist/server.js', 'dist/server-main.js', 'dist/grammars/tree-sitter.wasm', 'dist/grammars/tree-sitter.cjs', 'dist/grammars/tree-sitter-python.wasm', 'dist/data/intel/snapshot/index.json', 'dist/data/intel/snapshot/pypi.popular.json', 'snippets/python.code-snippets']) {
  if (!listed.includes(required)) {
    console.error(`package: ${required} would not be packaged (check .vscodeignore)`);
    process.exit(1);
  }
}
const leaked = listed.filter((file) => /\.(ts|map)$/.test(file) || file.startsWith('node_modules/'));
if (leaked.length > 0) {
  console.error(`package: sources or maps would be packaged: ${leaked.join(', ')}`);
  process.exit(1);
}
mkdirSync(dirname(out), { recursive: true });
// vsce's secret scan flags the example credentials that the secret-detection rules carry (patterns and
// documentation). Those are allowed by type only when every hit is inside one of our own bundles; a hit in
// any other packaged file still fails the build.
let packaged = run(process.execPath, [vsce, 'package', ...flags, '--out', out], staging, { allowFailure: true });
if (packaged.status !== 0) {
  const report = `${packaged.stdout}\n${packaged.stderr}`;
  const types = [...report.matchAll(/\[([a-z0-9-]+)\]\s*\n\s*(\S+?)#/g)];
  const outsideBundles = types.filter(([, , file]) => !/^dist\/[\w-]+\.js$/.test(file));
  if (types.length === 0 || outsideBundles.length > 0) {
    process.stderr.write(report);
    console.error('package: vsce failed');
    process.exit(1);
  }
  const allowed = [...new Set(types.map(([, type]) => type))];
  console.log(`package: allowing rule example patterns found in the bundles: ${allowed.join(', ')}`);
  packaged = run(process.execPath, [vsce, 'package', ...flags, ...allowed.flatMap((type) => ['--allow-package-secrets', type]), '--out', out], staging, { allowFailure: true });
  if (packaged.status !== 0) {
    process.stderr.write(`${packaged.stdout}\n${packaged.stderr}`);
    console.error('package: vsce failed');
    process.exit(1);
  }
}
const size = statSync(out).size;
console.log(`package: ${out} (${listed.length} files, ${(size / (1024 * 1024)).toFixed(2)} MB)`);
if (size >= MAX_BYTES) {
  console.error(`package: the .vsix is ${size} bytes, over the ${MAX_BYTES}-byte limit`);
  process.exit(1);
}
