/**
 * The manifest parsers: every format yields dependencies whose spans point at exactly the written name
 * and version, options and sources are recognised, and malformed input gives a diagnostic where it broke.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseCondaEnv, parsePackageJson, parsePackageLock, parsePipfile, parsePnpmLock, parsePyproject, parseRequirementsFile,
  parseSetupCfg, parseYarnLock, scanInstallCommands, parseManifest,
} from '../../server/src/engine/manifests/index';
import type { Dependency, ParsedManifest, Span } from '../../server/src/engine/manifests/index';

const at = (text: string, span: Span | undefined): string => (span ? text.slice(span.start, span.end) : '<none>');
const byName = (m: ParsedManifest, name: string): Dependency => {
  const d = m.dependencies.find((x) => x.name === name);
  assert.ok(d, `no dependency ${name} in ${JSON.stringify(m.dependencies.map((x) => x.name))}`);
  return d;
};
const lineOf = (text: string, offset: number): number => text.slice(0, offset).split('\n').length;

test('requirements: options, includes, markers, hashes, URLs, continuations and env vars', () => {
  const text = [
    '# comment',
    '-r base.txt',
    '--constraint=constraints.txt',
    '-i https://pypi.org/simple',
    '--extra-index-url https://user:${TOKEN}@private.example/simple',
    '--trusted-host private.example',
    'requests[security]==2.32.3 ; python_version < "3.13"  # pinned',
    'numpy>=1.24,<2 \\',
    '    --hash=sha256:abc',
    'torch @ https://download.pytorch.org/whl/cpu/torch-2.1.0-cp311-none-linux_x86_64.whl',
    '-e git+https://github.com/org/lib.git@v1.0#egg=mylib',
    'git+https://github.com/org/other.git@3f2c1a9d8e7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d#egg=other',
    './local/pkg',
    'Django (>=4.2)',
  ].join('\n');
  const m = parseRequirementsFile(text);
  assert.deepEqual(m.includes.map((i) => [i.kind, i.path]), [['requirements', 'base.txt'], ['constraints', 'constraints.txt']]);
  assert.deepEqual(m.sources.map((s) => s.kind), ['index-url', 'extra-index-url']);
  assert.equal(m.sources[1]!.url, 'https://user:${TOKEN}@private.example/simple');
  assert.deepEqual(m.settings.map((s) => [s.kind, s.value]), [['trusted-host', 'private.example']]);
  const requests = byName(m, 'requests');
  assert.equal(at(text, requests.nameSpan), 'requests');
  assert.equal(at(text, requests.pinnedSpan), '2.32.3');
  assert.equal(requests.pinned, '2.32.3');
  const numpy = byName(m, 'numpy');
  assert.equal(numpy.spec, '>=1.24,<2');
  assert.equal(numpy.hasHashes, true, 'the hash on the continuation line belongs to numpy');
  assert.equal(at(text, numpy.entrySpan).split('\n').length, 3, 'the entry covers both physical lines');
  const torch = byName(m, 'torch');
  assert.equal(torch.source, 'url');
  const mylib = byName(m, 'mylib');
  assert.equal(mylib.source, 'vcs');
  assert.equal(mylib.vcsRef, 'v1.0');
  assert.equal(at(text, mylib.nameSpan), 'mylib');
  assert.equal(byName(m, 'other').vcsRef, '3f2c1a9d8e7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d');
  assert.equal(m.dependencies.find((d) => d.source === 'path')?.url, './local/pkg');
  assert.equal(byName(m, 'Django').spec, '>=4.2');
  assert.deepEqual(m.diagnostics.map((d) => d.message), ['Hash-checking mode: `requests` has no --hash, so pip will refuse to install this file.']);
});

test('requirements: malformed lines give a diagnostic on that line and parsing goes on', () => {
  const text = 'requests>=2.0,,<3\n--no-such-option\nflask[async\nnumpy==1.26.4\n';
  const m = parseRequirementsFile(text);
  assert.deepEqual(m.diagnostics.map((d) => lineOf(text, d.span.start)), [1, 2, 3]);
  assert.equal(byName(m, 'numpy').pinned, '1.26.4');
  assert.equal(parseManifest('requirements', 'x==1\n', 'constraints.txt').dependencies[0]!.role, 'constraint');
});

test('pyproject: PEP 621, extras, PEP 735 groups, build-system, Poetry and uv', () => {
  const text = `[build-system]
requires = ["setuptools>=61", "wheel"]

[project]
name = "demo"
dependencies = [
  "torch==2.5.1",
  'transformers>=4.48',
]
[project.optional-dependencies]
dev = ["pytest"]

[dependency-groups]
lint = ["ruff", {include-group = "dev"}]

[tool.poetry.dependencies]
python = "^3.11"
requests = "2.32.3"
mylib = { git = "https://github.com/org/mylib.git", branch = "main" }

[[tool.poetry.source]]
name = "private"
url = "https://private.example/simple"
priority = "supplemental"

[tool.uv]
index-strategy = "unsafe-best-match"

[[tool.uv.index]]
name = "pytorch"
url = "https://download.pytorch.org/whl/cpu"
explicit = true

[tool.uv.sources]
other = { git = "https://github.com/org/other", tag = "v2" }
`;
  const m = parsePyproject(text);
  assert.deepEqual(m.diagnostics, []);
  assert.equal(m.projectName, 'demo');
  assert.deepEqual(m.dependencies.map((d) => [d.name, d.group]), [
    ['torch', 'project.dependencies'], ['transformers', 'project.dependencies'], ['pytest', 'project.optional-dependencies.dev'],
    ['ruff', 'dependency-groups.lint'], ['setuptools', 'build-system.requires'], ['wheel', 'build-system.requires'],
    ['requests', 'tool.poetry.dependencies'], ['mylib', 'tool.poetry.dependencies'], ['other', 'tool.uv.sources'],
  ]);
  assert.equal(at(text, byName(m, 'torch').pinnedSpan), '2.5.1');
  assert.equal(at(text, byName(m, 'transformers').nameSpan), 'transformers');
  assert.equal(byName(m, 'requests').pinned, '2.32.3');
  assert.equal(at(text, byName(m, 'requests').nameSpan), 'requests');
  assert.deepEqual([byName(m, 'mylib').source, byName(m, 'mylib').vcsRef], ['vcs', 'main']);
  assert.deepEqual([byName(m, 'other').source, byName(m, 'other').vcsRef], ['vcs', 'v2']);
  assert.deepEqual(m.sources.map((s) => [s.kind, s.priority]), [['poetry-source', 'supplemental'], ['uv-index', 'explicit']]);
  assert.deepEqual(m.settings.map((s) => [s.kind, s.value, at(text, s.span)]), [['index-strategy', 'unsafe-best-match', 'unsafe-best-match']]);
});

test('TOML errors point at the line that broke', () => {
  const cases: [string, number][] = [
    ['[project]\nname = "x"\ndependencies = ["a",\n', 3],
    ['[project]\nname = x\n', 2],
    ['[a]\nb = 1\n[a]\n', 3],
    ['a = 1\na = 2\n', 2],
    ['s = "unterminated\n', 1],
  ];
  for (const [text, line] of cases) {
    const m = parsePyproject(text);
    assert.equal(m.diagnostics.length, 1, text);
    assert.equal(lineOf(text, m.diagnostics[0]!.span.start), line, text);
  }
});

test('Pipfile: sources with verify_ssl and package tables', () => {
  const text = '[[source]]\nname = "pypi"\nurl = "https://pypi.org/simple"\nverify_ssl = false\n\n[packages]\nrequests = "==2.32.3"\n"Flask" = "*"\nlib = {git = "https://github.com/o/lib.git", ref = "main"}\n\n[dev-packages]\npytest = {version = ">=8"}\n\n[requires]\npython_version = "3.12"\n';
  const m = parsePipfile(text);
  assert.deepEqual(m.settings.map((s) => [s.kind, at(text, s.span)]), [['verify-ssl-disabled', 'false']]);
  assert.deepEqual(m.dependencies.map((d) => [d.name, d.group]), [['requests', 'packages'], ['Flask', 'packages'], ['lib', 'packages'], ['pytest', 'dev-packages']]);
  assert.equal(byName(m, 'requests').pinned, '2.32.3');
  assert.equal(at(text, byName(m, 'Flask').nameSpan), 'Flask');
  assert.equal(byName(m, 'lib').vcsRef, 'main');
});

test('setup.cfg: install_requires, extras and dependency_links', () => {
  const text = '[metadata]\nname = demo\n\n[options]\ninstall_requires =\n    requests>=2\n    numpy==1.26.4  # pinned\ndependency_links =\n    http://example.com/pkgs\n\n[options.extras_require]\ndev = pytest\n';
  const m = parseSetupCfg(text);
  assert.equal(m.projectName, 'demo');
  assert.deepEqual(m.dependencies.map((d) => [d.name, d.group]), [['requests', 'options.install_requires'], ['numpy', 'options.install_requires'], ['pytest', 'extras.dev']]);
  assert.equal(at(text, byName(m, 'numpy').pinnedSpan), '1.26.4');
  assert.deepEqual(m.sources.map((s) => [s.kind, s.url]), [['dependency-links', 'http://example.com/pkgs']]);
});

test('environment.yml: conda names stay conda, the pip section is requirements', () => {
  const text = 'name: ml\nchannels:\n  - pytorch\n  - http://conda.example/channel\ndependencies:\n  - python=3.11\n  - pytorch::torchtriton=2.1.0=py38\n  - pip\n  - pip:\n    - --extra-index-url https://download.pytorch.org/whl/cpu\n    - "transformers==4.30.0"\n    - -e git+https://github.com/o/r.git#egg=r\n';
  const m = parseCondaEnv(text);
  const triton = byName(m, 'torchtriton');
  assert.equal(triton.ecosystem, 'conda');
  assert.equal(at(text, triton.nameSpan), 'torchtriton');
  const transformers = byName(m, 'transformers');
  assert.equal(transformers.ecosystem, 'pypi');
  assert.equal(at(text, transformers.pinnedSpan), '4.30.0');
  assert.equal(byName(m, 'r').source, 'vcs');
  assert.deepEqual(m.sources.map((s) => s.kind), ['conda-channel', 'extra-index-url']);
  assert.equal(lineOf(text, parseCondaEnv('dependencies:\n  - a\n - b: [\n').diagnostics[0]!.span.start) > 1, true);
});

test('package.json: every field, aliases, git/url/file specs, overrides, resolutions and install scripts', () => {
  const text = JSON.stringify({
    name: 'app',
    dependencies: { lodash: 'npm:lodahs@4.17.21', express: '4.19.2', lib: 'github:user/lib#v1', tar: 'https://example.com/x.tgz', local: 'file:../local', ws: 'workspace:*' },
    devDependencies: { typescript: '^5.4.0' },
    optionalDependencies: { fsevents: '2.3.3' },
    peerDependencies: { react: '>=18' },
    overrides: { semver: '7.5.4', foo: { '.': '1.0.0', bar: '2.0.0' } },
    resolutions: { '**/minimist': '1.2.8' },
    pnpm: { overrides: { 'a@1>@scope/b': '3.0.0' } },
    scripts: { postinstall: 'node build.js', test: 'node --test' },
  }, null, 2);
  const m = parsePackageJson(text);
  const lodash = byName(m, 'lodahs');
  assert.equal(at(text, lodash.nameSpan), 'lodahs');
  assert.equal(lodash.alias?.name, 'lodash');
  assert.equal(at(text, lodash.alias!.span), 'lodash');
  assert.equal(lodash.pinned, '4.17.21');
  assert.equal(at(text, byName(m, 'express').pinnedSpan), '4.19.2');
  assert.deepEqual([byName(m, 'lib').source, byName(m, 'lib').vcsRef], ['vcs', 'v1']);
  assert.equal(byName(m, 'tar').source, 'url');
  assert.equal(byName(m, 'local').source, 'path');
  assert.equal(byName(m, 'ws').source, 'workspace');
  assert.deepEqual(['typescript', 'fsevents', 'react'].map((n) => byName(m, n).group), ['devDependencies', 'optionalDependencies', 'peerDependencies']);
  assert.deepEqual(['semver', 'foo', 'bar', 'minimist', '@scope/b'].map((n) => byName(m, n).role), ['override', 'override', 'override', 'override', 'override']);
  assert.equal(at(text, byName(m, 'minimist').nameSpan), 'minimist');
  assert.equal(at(text, byName(m, '@scope/b').nameSpan), '@scope/b');
  assert.deepEqual(m.scripts.map((s) => [s.name, s.command]), [['postinstall', 'node build.js']]);
  const broken = parsePackageJson('{\n  "dependencies": {\n    "a": "1.0.0"\n    "b": "2.0.0"\n  }\n}\n');
  assert.equal(broken.diagnostics.length, 1);
  assert.equal(lineOf('{\n  "dependencies": {\n    "a": "1.0.0"\n    "b": "2.0.0"\n  }\n}\n', broken.diagnostics[0]!.span.start), 4);
});

test('package-lock.json v3 and v1, yarn.lock v1 and Berry, pnpm-lock v6 and v9', () => {
  const lock = JSON.stringify({ name: 'app', lockfileVersion: 3, packages: {
    '': { name: 'app' },
    'node_modules/@scope/pkg': { version: '1.2.3', resolved: 'https://registry.npmjs.org/@scope/pkg/-/pkg-1.2.3.tgz', integrity: 'sha512-x', hasInstallScript: true },
    'node_modules/a/node_modules/string-width-cjs': { name: 'string-width', version: '4.2.3' },
    'node_modules/g': { version: '1.0.0', resolved: 'git+ssh://git@github.com/o/g.git#0123456789012345678901234567890123456789' },
    'packages/local': { version: '0.0.0' },
  } }, null, 2);
  const m = parsePackageLock(lock);
  assert.deepEqual(m.dependencies.map((d) => [d.name, d.pinned]), [['@scope/pkg', '1.2.3'], ['string-width', '4.2.3'], ['g', '1.0.0']]);
  assert.equal(at(lock, byName(m, '@scope/pkg').nameSpan), '@scope/pkg');
  assert.equal(byName(m, '@scope/pkg').hasInstallScript, true);
  assert.equal(byName(m, 'string-width').alias?.name, 'string-width-cjs');
  assert.equal(byName(m, 'g').source, 'vcs');
  const v1 = parsePackageLock(JSON.stringify({ lockfileVersion: 1, dependencies: { a: { version: '1.0.0', dependencies: { b: { version: 'npm:c@2.0.0' } } } } }));
  assert.deepEqual(v1.dependencies.map((d) => [d.name, d.pinned, d.alias?.name]), [['a', '1.0.0', undefined], ['c', '2.0.0', 'b']]);

  const yarn = '# yarn lockfile v1\n\n"@babel/core@^7.0.0", "@babel/core@^7.1.0":\n  version "7.24.0"\n  resolved "https://registry.yarnpkg.com/@babel/core/-/core-7.24.0.tgz#abc"\n  integrity sha512-x\n  dependencies:\n    debug "^4.1.0"\n\nlodash@^4.17.21:\n  version "4.17.21"\n';
  const y = parseYarnLock(yarn);
  assert.deepEqual(y.dependencies.map((d) => [d.name, d.pinned]), [['@babel/core', '7.24.0'], ['lodash', '4.17.21']]);
  assert.equal(at(yarn, y.dependencies[0]!.pinnedSpan), '7.24.0');
  const berry = '__metadata:\n  version: 6\n\n"lodash@npm:^4.17.21":\n  version: 4.17.21\n  resolution: "lodash@npm:4.17.21"\n  checksum: abc\n\n"app@workspace:.":\n  version: 0.0.0-use.local\n  resolution: "app@workspace:."\n';
  assert.deepEqual(parseYarnLock(berry).dependencies.map((d) => [d.name, d.pinned]), [['lodash', '4.17.21']]);

  const pnpm6 = "lockfileVersion: '6.0'\npackages:\n  /@babel/core@7.24.0:\n    resolution: {integrity: sha512-x}\n  /esbuild@0.20.0:\n    resolution: {integrity: sha512-y}\n    requiresBuild: true\n";
  const p6 = parsePnpmLock(pnpm6);
  assert.deepEqual(p6.dependencies.map((d) => [d.name, d.pinned, d.hasInstallScript ?? false]), [['@babel/core', '7.24.0', false], ['esbuild', '0.20.0', true]]);
  assert.equal(at(pnpm6, p6.dependencies[0]!.nameSpan), '@babel/core');
  const pnpm9 = "lockfileVersion: '9.0'\npackages:\n  react-dom@18.3.1:\n    resolution: {integrity: sha512-x}\n  '@types/node@20.0.0(typescript@5.4.0)':\n    resolution: {tarball: http://example.com/node.tgz}\n";
  const p9 = parsePnpmLock(pnpm9);
  assert.deepEqual(p9.dependencies.map((d) => [d.name, d.pinned, d.url]), [['react-dom', '18.3.1', undefined], ['@types/node', '20.0.0', 'http://example.com/node.tgz']]);
  assert.equal(parsePnpmLock('packages:\n  a: [\n').diagnostics.length > 0, true);
});

test('install commands in notebooks, shell and Markdown', () => {
  const magics = '!pip install -q "transformers==4.30.0" huggingface-cli --extra-index-url https://x.example/simple\n%pip install torch>=2.6\nx = 1  # pip install nothing\n!{sys.executable} -m pip install -U accelerate\n!npm i -D lodahs@1.0.0\n';
  const m = scanInstallCommands(magics, 'magics');
  assert.deepEqual(m.dependencies.map((d) => [d.ecosystem, d.name, d.group]), [
    ['pypi', 'transformers', 'pip install'], ['pypi', 'huggingface-cli', 'pip install'], ['pypi', 'torch', 'pip install'], ['pypi', 'accelerate', 'pip install'], ['npm', 'lodahs', 'npm install'],
  ]);
  assert.equal(at(magics, byName(m, 'transformers').pinnedSpan), '4.30.0');
  assert.deepEqual(m.sources.map((s) => s.kind), ['extra-index-url']);
  const prose = 'Install it with `pip install reqeusts` and run:\n\n```sh\n$ npx create-my-app@latest demo && yarn add left-pad\nuv add "httpx>=0.27"\n```\nWe use pip install as a phrase here.\nRUN pip install --no-cache-dir flask==3.0.0\n';
  const p = scanInstallCommands(prose, 'prose');
  assert.deepEqual(p.dependencies.map((d) => [d.name, d.group]), [['reqeusts', 'pip install'], ['create-my-app', 'npx'], ['left-pad', 'npm install'], ['httpx', 'pip install'], ['flask', 'pip install']]);
});

test('requirements: a requirement continued over lines keeps exact spans', () => {
  const text = 'requests \\\n    ==2.32.3 \\\n    --hash=sha256:abc\n';
  const dep = parseRequirementsFile(text).dependencies[0]!;
  assert.equal(at(text, dep.nameSpan), 'requests');
  assert.equal(at(text, dep.pinnedSpan), '2.32.3');
  assert.equal(dep.hasHashes, true);
});

test('local paths, placeholders and run-at-once tools', () => {
  const m = parseRequirementsFile('-e .\n..\nlibs/core\n-e libs/other[dev]\n');
  assert.deepEqual(m.diagnostics, []);
  assert.deepEqual(m.dependencies.map((d) => d.source), ['path', 'path', 'path', 'path']);
  const prose = scanInstallCommands('Run `pip install your-package-name` or `npm i <name>` or `pip install PACKAGE_NAME`, then `uvx ruff check` and `pipx run --spec black-fork black`.\n', 'prose');
  assert.deepEqual(prose.dependencies.map((d) => [d.name, d.group]), [["ruff", "uvx"], ["black-fork", "uvx"]]);
});

test('pyproject: PDM development groups declare their packages', () => {
  const m = parsePyproject('[tool.pdm.dev-dependencies]\ntest = ["pytest>=8"]\nlint = ["ruff"]\n');
  assert.deepEqual(m.dependencies.map((d) => [d.name, d.group, d.role]), [
    ['pytest', 'tool.pdm.dev-dependencies.test', 'install'],
    ['ruff', 'tool.pdm.dev-dependencies.lint', 'install'],
  ]);
});
