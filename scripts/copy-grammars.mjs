// Copies the tree-sitter grammars (and the web-tree-sitter runtime) from their npm packages into
// grammars/ and records their provenance. This script is the only way to upgrade a grammar.
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'grammars');
mkdirSync(out, { recursive: true });

const sources = [
  { pkg: 'tree-sitter-python', file: 'tree-sitter-python.wasm' },
  { pkg: 'tree-sitter-javascript', file: 'tree-sitter-javascript.wasm' },
  { pkg: 'tree-sitter-typescript', file: 'tree-sitter-typescript.wasm' },
  { pkg: 'tree-sitter-typescript', file: 'tree-sitter-tsx.wasm' },
  { pkg: 'web-tree-sitter', file: 'tree-sitter.wasm' },
];

const provenance = [];
for (const { pkg, file } of sources) {
  const pkgDir = join(root, 'node_modules', pkg);
  const version = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version;
  const bytes = readFileSync(join(pkgDir, file));
  copyFileSync(join(pkgDir, file), join(out, file));
  provenance.push({ file, package: pkg, version, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length });
}
writeFileSync(join(out, 'provenance.json'), JSON.stringify(provenance, null, 2) + '\n');
const rows = provenance.map((p) => `| ${p.file} | ${p.package} | ${p.version} | \`${p.sha256}\` |`).join('\n');
writeFileSync(join(out, 'GRAMMARS.md'), `# Grammars\n\nCopied from their npm packages by \`npm run grammars\` (scripts/copy-grammars.mjs); do not edit by hand.\nThe parser runtime \`tree-sitter.wasm\` comes from \`web-tree-sitter\`, whose version must support the grammars' ABI.\n\n| file | package | version | sha256 |\n|---|---|---|---|\n${rows}\n`);
console.log(`copied ${provenance.length} grammar files to grammars/`);
