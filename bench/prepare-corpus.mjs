// Prepares the benchmark corpus in bench/corpus/ (git-ignored), idempotently:
//   python/<pkg>/...  the .py sources of Debian's python3-torch, -torchvision, -sklearn, -pandas, -scipy
//                     (install them with: apt-get update && apt-get install -y python3-torch
//                     python3-torchvision python3-sklearn python3-pandas python3-scipy bandit)
//   fixtures/ts/openai/...  the TypeScript sources (src/**/*.ts) of the pinned `openai` npm package
//   fixtures/ts/langchain-core/...  the JavaScript build (dist/**/*.js) of the pinned `@langchain/core`
//                     package (it ships no .ts sources; `dist` is renamed `lib` because scans skip dist folders)
//                     The TypeScript lives under a `fixtures` folder because tsconfig.json type-checks
//                     bench/**/*.ts except `**/fixtures/**`.
// A manifest records what was copied; a second run with the same inputs does nothing.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bench = dirname(fileURLToPath(import.meta.url));
const corpus = join(bench, 'corpus');
const manifestPath = join(corpus, 'manifest.json');

const PYTHON_ROOT = '/usr/lib/python3/dist-packages';
const PYTHON_PACKAGES = ['torch', 'torchvision', 'sklearn', 'pandas', 'scipy'];
const NPM_PACKAGES = [
  { spec: 'openai@6.49.0', name: 'openai', from: 'src', to: 'openai', keep: (f) => f.endsWith('.ts') && !f.endsWith('.d.ts') },
  { spec: '@langchain/core@1.4.0', name: '@langchain/core', from: 'dist', to: 'langchain-core/lib', keep: (f) => f.endsWith('.js') },
];

/** Every file under `dir` (relative paths), depth first, sorted. */
function listFiles(dir, base = dir, out = []) {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    let info;
    try {
      info = statSync(full);
    } catch {
      continue; // a dangling symbolic link (Debian's torch ships some)
    }
    if (info.isDirectory()) listFiles(full, base, out);
    else if (info.isFile()) out.push(relative(base, full));
  }
  return out;
}

function wanted() {
  const python = PYTHON_PACKAGES.filter((p) => existsSync(join(PYTHON_ROOT, p)));
  return { version: 3, python, npm: NPM_PACKAGES.map((p) => p.spec) };
}

export function prepareCorpus({ quiet = false } = {}) {
  const log = (line) => quiet || console.log(line);
  const want = wanted();
  const missing = PYTHON_PACKAGES.filter((p) => !want.python.includes(p));
  if (missing.length > 0) log(`prepare-corpus: not installed: ${missing.map((p) => `python3-${p === 'sklearn' ? 'sklearn' : p}`).join(', ')} (apt-get install -y ...); continuing without them`);
  if (existsSync(manifestPath)) {
    const have = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (JSON.stringify(have.inputs) === JSON.stringify(want)) {
      log(`prepare-corpus: up to date (${have.files} files, ${(have.bytes / 1048576).toFixed(1)} MB)`);
      return have;
    }
  }
  rmSync(join(corpus, 'python'), { recursive: true, force: true });
  rmSync(join(corpus, 'ts'), { recursive: true, force: true });
  rmSync(join(corpus, 'fixtures'), { recursive: true, force: true });
  mkdirSync(corpus, { recursive: true });
  let files = 0;
  let bytes = 0;
  const copy = (from, to) => {
    mkdirSync(dirname(to), { recursive: true });
    cpSync(from, to);
    files += 1;
    bytes += statSync(from).size;
  };
  for (const pkg of want.python) {
    for (const file of listFiles(join(PYTHON_ROOT, pkg))) {
      if (file.endsWith('.py')) copy(join(PYTHON_ROOT, pkg, file), join(corpus, 'python', pkg, file));
    }
  }
  const npmDir = join(corpus, '.npm');
  mkdirSync(npmDir, { recursive: true });
  if (!existsSync(join(npmDir, 'package.json'))) writeFileSync(join(npmDir, 'package.json'), '{ "name": "aisec-bench-corpus", "private": true }\n');
  const install = spawnSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--save-exact', ...NPM_PACKAGES.map((p) => p.spec)], { cwd: npmDir, stdio: quiet ? 'ignore' : 'inherit' });
  if (install.status !== 0) log('prepare-corpus: npm install failed; the corpus has no TypeScript part');
  else {
    for (const pkg of NPM_PACKAGES) {
      const source = join(npmDir, 'node_modules', pkg.name, pkg.from);
      if (!existsSync(source)) continue;
      for (const file of listFiles(source)) if (pkg.keep(file)) copy(join(source, file), join(corpus, 'fixtures', 'ts', pkg.to, file));
    }
  }
  const manifest = { inputs: want, files, bytes };
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  log(`prepare-corpus: ${files} files, ${(bytes / 1048576).toFixed(1)} MB in ${relative(process.cwd(), corpus)}`);
  return manifest;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) prepareCorpus();
