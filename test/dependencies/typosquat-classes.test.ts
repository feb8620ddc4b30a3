/**
 * Typosquat classes beyond one edit (issue 16): each class with a look-alike it must catch and a
 * legitimate name it must leave alone, the message naming the transformation, popular pairs that never
 * flag each other, and the false-alarm rate on the top 15,000 names under the popularity gap.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import { createPackageIntel } from '../../server/src/intel/index';
import type { Ecosystem, PackageIntel } from '../../server/src/engine/ports';
import { typosquatOf } from '../../server/src/rules/dependencies/shared/typosquat';

const intel = createPackageIntel({ online: false });

/** [ecosystem, look-alike, class, popular name imitated, legitimate name of the same shape]. */
const CLASSES: [Ecosystem, string, string, string, string][] = [
  ['npm', 'arm-dns', 'scope-dropped', '@azure/arm-dns', 'eslint-config'],
  ['npm', 'client-s3', 'scope-dropped', '@aws-sdk/client-s3', 'client-only'],
  // A scope word that starts popular unscoped names too is a naming family (`vue-router`), not a scope written out.
  ['npm', 'tanstack-virtual-core', 'scope-into-name', '@tanstack/virtual-core', 'vue-runtime-core'],
  ['npm', 'sentry-utils', 'scope-into-name', '@sentry/utils', 'vue-shared'],
  ['npm', '@aws-sdk-v3/client-s3', 'scope-swapped', '@aws-sdk/client-s3', '@my-company/react-dialog'],
  // A popular scope dressed up as its publisher's, on a bare name many scopes share: the twin is the evidence.
  ['npm', '@babel-official/runtime', 'scope-swapped', '@babel/runtime', '@my-company/runtime'],
  ['npm', '@types-dev/estree', 'scope-swapped', '@types/estree', '@react-types/estree'],
  // Dependency confusion: a popular scoped package's bare name under a scope that resembles nothing. The same
  // shape on a toolchain part or a per-platform binary is how every monorepo names its packages.
  ['npm', '@rbapp/store', 'scope-foreign', '@tanstack/store', '@my-company/parser'],
  ['npm', '@majiajun7/claude-code', 'scope-foreign', '@anthropic-ai/claude-code', '@my-company/linux-x64'],
  ['npm', '@flight-common/components', 'scope-foreign', '@storybook/components', '@my-company/core'],
  // On the PyPI malicious list; a `-utils` companion is no copy on PyPI (`fastapi-utils`).
  ['pypi', 'captcha-py', 'affix', 'captcha', 'django-utils'],
  ['npm', 'puppeteer-core-js', 'affix', 'puppeteer-core', 'tree-sitter-python'],
  ['pypi', 'dateutil-python', 'word-order', 'python-dateutil', 'python-dateutil'],
  ['pypi', 'rnatplotlib', 'homoglyph', 'matplotlib', 'matplotlib-venn'],
  ['npm', 'vvebpack', 'homoglyph', 'webpack', 'webpack-cli'],
  // Short names: only look-alike characters, several at once or making the name longer; a digit that is a
  // version is none (`vue3`).
  ['npm', 'rnocha', 'homoglyph', 'mocha', 'hornet'],
  ['npm', 'ax10s', 'digits', 'axios', 'vue3'],
  ['npm', 'pupeter', 'vowels', 'puppeteer', 'pupa'],
  // The first letter changed for another vowel, from eight letters; `as-array` (seven, a real package) reads as `isarray`.
  ['npm', 'imoji-regex', 'vowels', 'emoji-regex', 'as-array'],
  ['pypi', 'oiobotocore', 'vowels', 'aiobotocore', 'anyconfig'],
  ['npm', 'ganach-cli', 'slip', 'ganache-cli', 'ganache'],
  ['npm', 'hardhta', 'slip', 'hardhat', 'hardhat-deploy'],
  ['npm', 'bcrypts-js', 'affix-and-slip', 'bcryptjs', 'bcrypt'],
  ['pypi', 'beautifullsoup4-py', 'affix-and-slip', 'beautifulsoup4', 'soupsieve'],
  // A binding suffix is evidence only after a misspelt name: after the exact one it names a real binding.
  ['pypi', 'reqursts-python', 'affix-and-slip', 'requests', 'tree-sitter-python'],
  ['npm', 'minumatch-node', 'affix-and-slip', 'minimatch', 'tree-sitter-node'],
  // A neighbouring key may replace the first letter of a name of seven letters or more.
  ['pypi', 'detuptools-python', 'affix-and-slip', 'setuptools', 'bpython'],
];

for (const [ecosystem, squat, kind, intended, legitimate] of CLASSES) {
  test(`${kind}: ${squat} imitates ${intended}; ${legitimate} does not`, () => {
    const verdict = typosquatOf(intel, ecosystem, squat);
    assert.equal(verdict?.kind, kind, JSON.stringify(verdict));
    assert.equal(verdict?.intended, intended);
    assert.equal(typosquatOf(intel, ecosystem, legitimate), undefined, `${legitimate}: ${JSON.stringify(typosquatOf(intel, ecosystem, legitimate))}`);
  });
}

test('digits for letters are named as such', () => {
  const verdict = typosquatOf(intel, 'pypi', 't3ns0rflow');
  assert.equal(verdict?.kind, 'digits', JSON.stringify(verdict));
  assert.equal(verdict?.how, 'writes tensorflow with digits for letters');
  assert.equal(typosquatOf(intel, 'npm', 'l0d4sh')?.intended, 'lodash');
  assert.equal(typosquatOf(intel, 'pypi', 'py3dns'), undefined, 'a digit that is a version, not a letter');
});

test('two popular packages never flag each other', () => {
  for (const [ecosystem, a, b] of [['npm', 'preact', 'react'], ['pypi', 'scapy', 'scipy'], ['pypi', 'boto', 'moto'], ['npm', 'js-base64', 'base64-js']] as const) {
    assert.equal(typosquatOf(intel, ecosystem, a), undefined, a);
    assert.equal(typosquatOf(intel, ecosystem, b), undefined, b);
  }
});

test('the finding names the transformation', async () => {
  const engine = await loadEngine();
  const result = engine.analyze({ path: '/p/package.json', text: JSON.stringify({ name: 'p', dependencies: { 'arm-dns': '^1.0.0' } }, null, 2), ports: { intel, clock: { now: () => Date.parse('2026-12-06T00:00:00Z') } } });
  const finding = result.findings.find((f) => f.ruleId === 'AIS503');
  assert.match(finding?.message ?? '', /^arm-dns drops the scope of @azure\/arm-dns/);
  assert.equal(finding?.fixes[0]?.edits[0]?.newText, '@azure/arm-dns');
});

test('a popular name under a foreign scope is reported as dependency confusion, with no replacement offered', async () => {
  const engine = await loadEngine();
  const text = JSON.stringify({ name: 'p', dependencies: { '@northwind-web/claude-code': '^1.0.0' } }, null, 2);
  const result = engine.analyze({ path: '/p/package.json', text, ports: { intel, clock: { now: () => Date.parse('2026-12-06T00:00:00Z') } } });
  const finding = result.findings.find((f) => f.ruleId === 'AIS503');
  assert.match(finding?.message ?? '', /puts the name of @anthropic-ai\/claude-code under the unrelated scope @northwind-web \(dependency confusion/);
  assert.deepEqual(finding?.fixes, [], 'another project is no fix for a package of your own scope');
});

test('in a lockfile only look-alike characters are reported; other classes match real resolved packages there', async () => {
  const engine = await loadEngine();
  const lock = [
    "lockfileVersion: '9.0'",
    '',
    'packages:',
    '',
    '  passport-oauth1@1.3.0:',
    "    resolution: {integrity: sha512-abc}",
    '',
    '  arm-dns@1.0.0:',
    "    resolution: {integrity: sha512-abc}",
    '',
    '  vvebpack@1.0.0:',
    "    resolution: {integrity: sha512-abc}",
    '',
  ].join('\n');
  const found = engine.analyze({ path: '/p/pnpm-lock.yaml', text: lock, ports: { intel, clock: { now: () => Date.parse('2026-12-06T00:00:00Z') } } }).findings.filter((f) => f.ruleId === 'AIS503');
  assert.deepEqual(found.map((f) => /^(\S+)/.exec(f.message)?.[1]), ['vvebpack']);
});

test('an npm import with capital letters is a bundler alias, never an invented package', async () => {
  const engine = await loadEngine();
  const ports = { intel, clock: { now: () => Date.parse('2026-12-06T00:00:00Z') }, project: { isFirstParty: () => false, fileExists: () => false, declaredDependencies: () => new Set<string>() } };
  const text = "import Link from '@docusaurus/Link';\nimport x from 'zq-invented-helper-pkg-xyz';\n";
  const found = engine.analyze({ path: '/p/src/index.js', text, ports }).findings.filter((f) => f.ruleId === 'AIS504');
  assert.deepEqual(found.map((f) => f.range.start.line), [1]);
});

/**
 * The popularity gap on the top 15,000: a name ranked r is judged only against names ten times as popular
 * (the top r/10), as if it were not itself popular. Reported per ecosystem; the bound keeps it from growing.
 */
function gapFalseAlarms(ecosystem: Ecosystem): { rate: number; examples: string[] } {
  const all = [...new Set(intel.popularNames(ecosystem))];
  let flagged = 0;
  let total = 0;
  const examples: string[] = [];
  for (let k = 1; k < 15; k++) {
    const restricted = popularityGapView(all.slice(0, k * 100));
    for (const name of all.slice(k * 1000, (k + 1) * 1000)) {
      total++;
      const verdict = typosquatOf(restricted, ecosystem, name);
      if (!verdict) continue;
      flagged++;
      if (examples.length < 8) examples.push(`${name}→${verdict.intended} (${verdict.kind ?? verdict.reason})`);
    }
  }
  return { rate: flagged / total, examples };
}

/** The package intelligence as if only `top` were popular. */
function popularityGapView(top: readonly string[]): PackageIntel {
  const topSet = new Set(top);
  // The naming words and the name list are the registry's vocabulary, not popularity, so the restricted view keeps them.
  return { exists: () => undefined, isListed: (e, n) => intel.isListed(e, n), isNamingWord: (e, w) => intel.isNamingWord(e, w), isPopular: (_e, n) => topSet.has(n), popularNames: () => top, malicious: () => undefined, vulnerabilities: () => [] };
}

/** The verdict on a popular name judged, as in the false-alarm test, only against the names ten times as popular. */
function verdictUnderGap(ecosystem: Ecosystem, name: string) {
  const all = [...new Set(intel.popularNames(ecosystem))];
  const rank = all.indexOf(name);
  assert.ok(rank >= 1000, `${name} must be a popular name ranked 1,000 or lower for this test to mean anything (rank ${rank})`);
  return typosquatOf(popularityGapView(all.slice(0, Math.floor(rank / 10))), ecosystem, name);
}

/**
 * The evidence-weighted classes (`typosquat-evidence.ts`) and the look-alike scope checked against the name list:
 * [ecosystem, known-malicious name from the DataDog lists, class, name imitated]; and legitimate popular names of
 * the same shapes that must stay quiet under the popularity gap.
 */
const WEIGHTED: [Ecosystem, string, string, string][] = [
  ['npm', 'typescript-5.4', 'version-copy', 'typescript'],
  ['npm', 'eslint-v7', 'version-copy', 'eslint'],
  ['npm', 'playwright-1.45', 'version-copy', 'playwright'],
  ['npm', 'sort-keys-plus', 'affix', 'sort-keys'],
  ['npm', 'nodemailer-helper', 'affix', 'nodemailer'],
  ['npm', 'validator-utils-pro', 'affix', 'validator'],
  // `ts` marks a TypeScript port as `js` marks a JavaScript one: with another affix it is evidence too.
  ['npm', 'ts-tweetnacl-utils', 'affix', 'tweetnacl'],
  // After a framework's name a release word is still a telltale, since it names no plugin's feature.
  ['npm', 'mongoose_update', 'affix', 'mongoose'],
  ['pypi', 'python3-flask', 'affix', 'flask'],
  ['pypi', 'pygame-install', 'affix', 'pygame'],
  ['npm', 'webpacks-dev-servers', 'plurals', 'webpack-dev-server'],
  ['pypi', 'torchs-visions', 'plurals', 'torchvision'],
  ['pypi', 'requesgt', 'two-edits', 'requests'],
  ['pypi', 'marshmellows', 'two-edits', 'marshmallow'],
  ['npm', '@metaplex-foundations/umi-public-keys', 'scope-swapped', '@metaplex-foundation/umi-public-keys'],
  ['npm', 'exceljs-ui', 'tagged', 'exceljs'],
  ['npm', 'mongodb-ci', 'tagged', 'mongodb'],
  ['npm', 'pp-react-icons', 'tagged', 'react-icons'],
  ['npm', 'babel-plugin-styled-componentsss', 'doubled-letters', 'babel-plugin-styled-components'],
  // One part-naming suffix after a popular name that no family of popular packages extends.
  ['npm', 'googleapis-node', 'affix', 'googleapis'],
  ['npm', 'cheerio-core', 'affix', 'cheerio'],
  // Words in another grammatical form or spelling, two changes at least (`typosquat-word-forms.ts`).
  ['pypi', 'colouramas', 'word-forms', 'colorama'],
  ['pypi', 'kera-preprocess', 'word-forms', 'keras-preprocessing'],
  ['pypi', 'type-extension', 'word-forms', 'typing-extensions'],
  ['npm', 'webpacks-bundle-analyze', 'word-forms', 'webpack-bundle-analyzer'],
  // An ecosystem word written into the middle of a popular name.
  ['npm', 'expressjs-session', 'inserted-word', 'express-session'],
  ['npm', 'jsonwebjstoken', 'inserted-word', 'jsonwebtoken'],
  // A look-alike of a popular scope on a popular name, with no twin under the popular scope to confirm it.
  ['npm', '@typescript_eslinter/eslint', 'scope-look-alike', '@typescript-eslint'],
  // A language affix glued to a framework's name, which plugins never take.
  ['npm', 'typescriptjs', 'affix', 'typescript'],
  // A version glued to an inner word.
  ['npm', 'react-dnd11-html5-backend', 'version-copy', 'react-dnd-html5-backend'],
  // A separator dropped, added or moved plus one more letter changed, against any popular name.
  ['npm', 'ethrereum-js-tx', 'two-edits', 'ethereumjs-tx'],
  ['npm', 'pupeteerextra', 'two-edits', 'puppeteer-extra'],
  ['npm', 'cloud-binary', 'two-edits', 'cloudinary'],
  // On npm, the words of any popular name reordered, with any separators.
  ['npm', 'event.custom', 'word-order', 'custom-event'],
  ['npm', 'vite-loader-svg', 'word-order', 'vite-svg-loader'],
];

for (const [ecosystem, squat, kind, intended] of WEIGHTED) {
  test(`${kind}: the malicious ${squat} imitates ${intended}`, () => {
    assert.equal(intel.malicious(ecosystem, squat), 'all', `${squat} must be on the malicious list for this test to mean anything`);
    const verdict = typosquatOf(intel, ecosystem, squat);
    assert.equal(verdict?.kind, kind, JSON.stringify(verdict));
    assert.equal(verdict?.intended, intended);
  });
}

test('legitimate popular names of the weighted shapes stay quiet under the popularity gap', () => {
  const legitimate: [Ecosystem, string, string][] = [
    // A version glued on without a separator is how uuid's variants are named.
    ['npm', 'uuidv4', 'version-copy'],
    // PyPI companions: a suffix after a popular name names a project of its own there.
    ['pypi', 'fastapi-utils', 'affix'],
    ['pypi', 'frida-tools', 'affix'],
    ['pypi', 'pytest-qt', 'two-edits (letters added at the end)'],
    // Two words of another name, not slips of it (`react-is`).
    ['npm', 'react-use', 'two-edits (no typing slip)'],
    // Two popular names joined: adapters, so the shape is not reported.
    ['pypi', 'httpx-aiohttp', 'joined names'],
    // A scope containing a popular one, on a generic word (`@eslint/core`), and `@types` mirrors everything.
    ['npm', '@eslint-react/core', 'scope-swapped'],
    ['npm', '@react-types/table', 'scope-swapped'],
    // A sibling scope named for a runtime, not dressed up as the publisher (`@swc/core`).
    ['npm', '@swc-node/core', 'scope-swapped'],
    // Toolchain parts, per-platform binaries and framework-named components under another project's scope.
    ['npm', '@prisma/generator', 'scope-foreign'],
    ['npm', '@pnpm/linux-x64', 'scope-foreign'],
    ['npm', '@chakra-ui/react-context', 'scope-foreign'],
    // A two-character tag naming a language, runtime or helper prefix: ports and helpers, not copies.
    ['npm', 'cookie-es', 'tagged'],
    ['npm', 'ts-deepmerge', 'tagged'],
    ['npm', 'to-camel-case', 'tagged'],
    ['npm', 'fs-minipass', 'tagged'],
    // A part suffix after a name that popular packages extend: a member of its family (`webpack-dev-server`).
    ['npm', 'webpack-core', 'part suffix'],
    // A separator moved plus one letter on a name of eight letters: another word (`uritools`).
    ['pypi', 'umi-tools', 'two-edits (separator and letter)'],
  ];
  for (const [ecosystem, name, shape] of legitimate) {
    const verdict = verdictUnderGap(ecosystem, name);
    assert.equal(verdict, undefined, `${name} (${shape}): ${JSON.stringify(verdict)}`);
  }
});

/** The verdict on a popular name ranked below 5,000, judged against the 5,000 most popular names only. */
function verdictAgainstTop5000(ecosystem: Ecosystem, name: string) {
  const all = [...new Set(intel.popularNames(ecosystem))];
  assert.ok(all.indexOf(name) >= 5000, `${name} must be a popular name ranked below 5,000 for this test to mean anything`);
  return typosquatOf(popularityGapView(all.slice(0, 5000)), ecosystem, name);
}

test('the word rewrites and the look-alike scope leave legitimate names of their shapes quiet', () => {
  const legitimate: [Ecosystem, string, string][] = [
    // One word in another form names a project of its own (`text-decoder`); letters added at the end too.
    ['npm', 'text-decoding', 'word-forms'],
    ['pypi', 'ratelimiter', 'word-forms'],
    ['pypi', 'pytest-cover', 'word-forms'],
    // Another first letter, or a letter that is no neighbouring key, is another scope (`@esbuild`, `@protobufjs`).
    ['npm', '@rsbuild/core', 'scope-look-alike'],
    // A doubled letter and a slip on a short name reach another word (`react-is`).
    ['npm', 'react-jss', 'two-edits'],
    ['pypi', 'pottery', 'two-edits'],
    ['npm', '@protobuf-ts/runtime', 'scope-look-alike'],
    // PyPI integrations are named both ways round (`geojson-pydantic`, ranked 4,683rd).
    ['pypi', 'pydantic-geojson', 'word-order'],
  ];
  for (const [ecosystem, name, shape] of legitimate) {
    const verdict = verdictAgainstTop5000(ecosystem, name);
    assert.equal(verdict, undefined, `${name} (${shape}): ${JSON.stringify(verdict)}`);
  }
  // A version on the first word is a framework's line, and a number glued to a framework's name is its version.
  assert.equal(typosquatOf(intel, 'npm', 'vue2-datepicker'), undefined);
  assert.equal(typosquatOf(intel, 'npm', 'webpack5'), undefined);
  // Two popular packages of these shapes never flag each other.
  for (const [ecosystem, a, b] of [['npm', 'serialised-error', 'serialize-error'], ['npm', 'bcrypt-nodejs', 'bcryptjs'], ['pypi', 'pypydispatcher', 'pydispatcher']] as const) {
    assert.ok(intel.isPopular(ecosystem, a) && intel.isPopular(ecosystem, b), `${a} and ${b} must both be popular`);
    assert.equal(typosquatOf(intel, ecosystem, a), undefined, a);
    assert.equal(typosquatOf(intel, ecosystem, b), undefined, b);
  }
});

test('the message of a weighted class names the transformation', () => {
  assert.equal(typosquatOf(intel, 'pypi', 'colouramas')?.how, 'changes the grammatical form or spelling of the words of colorama');
  assert.equal(typosquatOf(intel, 'npm', 'jsonwebjstoken')?.how, 'writes "js" into the name of jsonwebtoken');
  assert.equal(typosquatOf(intel, 'npm', 'cloud-binary')?.how, 'changes one letter of cloudinary and adds, drops or moves a separator');
  assert.equal(typosquatOf(intel, 'npm', '@typescript_eslinter/prettier')?.how, 'uses @typescript_eslinter, a look-alike of the popular scope @typescript-eslint');
  assert.equal(typosquatOf(intel, 'npm', '@typescript_eslinter/prettier')?.installable, false, 'no package under the popular scope to offer instead');
  assert.equal(typosquatOf(intel, 'npm', '@babel-official/runtime')?.how, 'moves @babel/runtime to @babel-official, the scope @babel dressed up with "official"');
  assert.equal(typosquatOf(intel, 'npm', 'typescriptjs')?.how, 'adds "js" to typescript');
  // A doubled letter on top of a slip, below the top 300 that the two-edit class covers.
  assert.equal(typosquatOf(intel, 'npm', 'tailwindd-mergr')?.how, 'doubles a letter of tailwind-merge and slips once more');
  assert.equal(typosquatOf(intel, 'npm', 'eslint-plugiin-reacy')?.intended, 'eslint-plugin-react');
  // The other slip may be on the first key, next to the real one (`n` for `b`); a key elsewhere is no slip.
  assert.equal(typosquatOf(intel, 'npm', 'nalanced-maatch')?.how, 'doubles a letter of balanced-match and slips once more');
  assert.equal(typosquatOf(intel, 'pypi', 'oackaaging')?.intended, 'packaging');
  assert.equal(typosquatOf(intel, 'npm', 'salanced-maatch'), undefined);
  assert.equal(typosquatOf(intel, 'npm', 'react-dnd11-html5-backend')?.how, 'puts the version "11" into the name of react-dnd-html5-backend');
  assert.equal(typosquatOf(intel, 'npm', 'typescript-5.4')?.how, 'puts the version "5.4" into the name of typescript');
  assert.equal(typosquatOf(intel, 'npm', 'validator-utils-pro')?.how, 'adds "utils", "pro" to validator');
  assert.equal(typosquatOf(intel, 'pypi', 'requesgt')?.how, 'is two typing slips away from requests');
  assert.equal(typosquatOf(intel, 'npm', 'exceljs-ui')?.how, 'adds the tag "ui" to exceljs');
  // A tag after a name that many popular packages extend may be a family member (lowdb's `lodash-id`).
  assert.equal(intel.malicious('npm', 'lodash-id'), undefined);
  assert.equal(typosquatOf(intel, 'npm', 'lodash-id'), undefined);
  assert.equal(typosquatOf(intel, 'npm', 'lodashhh')?.how, 'repeats letters of lodash');
  // One doubled letter is a single slip, reported by the edit check.
  assert.equal(typosquatOf(intel, 'npm', 'lodashh')?.reason, 'edit');
});

test('a part suffix is a copy only after a name without a family, and a language suffix is a port', () => {
  assert.equal(typosquatOf(intel, 'npm', 'googleapis-node')?.how, 'adds "node" to googleapis');
  // A TypeScript port (`bcrypt-ts`) and a command line (`dotenv-cli`) are named the same way by their own projects.
  assert.equal(intel.isPopular('npm', 'bcrypt-ts'), false);
  assert.equal(typosquatOf(intel, 'npm', 'bcrypt-ts'), undefined);
  // Plugin hosts and names that five or more popular packages extend have families named by what follows them.
  assert.equal(typosquatOf(intel, 'npm', 'eslint-core'), undefined);
  assert.equal(typosquatOf(intel, 'npm', 'express-client'), undefined);
});

test('an AI brand misspelt by one slip is a brand look-alike; its plural and its real name are not', () => {
  assert.equal(intel.malicious('pypi', 'deepseeek'), 'all', 'deepseeek must be on the malicious list for this test to mean anything');
  for (const [name, brand] of [['deepseeek', 'deepseek'], ['antrhopic-sdk', 'anthropic'], ['huggingfac', 'huggingface']] as const) {
    const verdict = typosquatOf(intel, 'pypi', name);
    assert.equal(verdict?.reason, 'brand', `${name}: ${JSON.stringify(verdict)}`);
    assert.equal(verdict?.intended, brand);
  }
  assert.equal(typosquatOf(intel, 'pypi', 'copilots'), undefined);
  assert.equal(typosquatOf(intel, 'pypi', 'deepseek'), undefined);
});

test('false alarms on the top 15,000 under the popularity gap', (t) => {
  for (const ecosystem of ['pypi', 'npm'] as const) {
    const { rate, examples } = gapFalseAlarms(ecosystem);
    t.diagnostic(`${ecosystem}: ${(rate * 100).toFixed(2)} % of names ranked 1,001-15,000 look like a name ten times as popular (goal 0.5 %), e.g. ${examples.join(', ')}`);
    assert.ok(rate <= 0.005, `${ecosystem}: ${(rate * 100).toFixed(2)} %, e.g. ${examples.join(', ')}`);
  }
});

/** [ecosystem, legitimate name, the popular neighbour it must not be called a copy of]. */
const CONVENTIONS: [Ecosystem, string, string][] = [
  // Version lines: both numbered, or on PyPI a number (or `v2`) added to the popular name.
  ['pypi', 'elasticsearch10', 'elasticsearch'],
  ['pypi', 'awscliv3', 'awscli'],
  // A one-letter implementation prefix, added or dropped.
  ['pypi', 'arequests', 'requests'],
  ['pypi', 'gtqdm', 'tqdm'],
  ['npm', 'vexpress', 'express'],
  // A different first letter that is no neighbouring key.
  ['pypi', 'bjinja2', 'jinja2'],
  // A word the ecosystem names packages with.
  ['pypi', 'channel', 'channels'],
  ['npm', 'asserts', 'assert'],
  // A separator variant: neither registry registers one any more.
  ['pypi', 'pyt-est', 'pytest'],
  ['npm', 'body-parse-r', 'body-parser'],
  // The command line of a library.
  ['pypi', 'numpy-cli', 'numpy'],
  // A fork or wrapper under someone's scope.
  ['npm', '@someone/rimraf', 'rimraf'],
  ['npm', '@acme-corp/debug', 'debug'],
];

for (const [ecosystem, name, neighbour] of CONVENTIONS) {
  test(`naming convention: ${name} is not a copy of ${neighbour}`, () => {
    assert.equal(intel.isPopular(ecosystem, name), false, `${name} must not be popular for this test to mean anything`);
    assert.equal(typosquatOf(intel, ecosystem, name), undefined, JSON.stringify(typosquatOf(intel, ecosystem, name)));
  });
}

test('the conventions leave the look-alikes of the same shapes reported', () => {
  const squats: [Ecosystem, string, string][] = [
    // npm's malicious lists are full of numbered copies, so a number added counts there.
    ['npm', 'fdir3', 'fdir'],
    ['npm', 'react-dom-16', 'react-dom'],
    // A neighbouring key, or the first two letters swapped, is a slip even at the start.
    ['pypi', 'dequests', 'requests'],
    ['npm', 'si-wsl', 'is-wsl'],
    // A doubled first letter is a slip, not a prefix.
    ['npm', 'eexpress', 'express'],
    // A one-word name that is no naming word.
    ['pypi', 'pydantics', 'pydantic'],
    // A scope that claims to publish the popular name.
    ['npm', '@lodash-js/lodash', 'lodash'],
    // An AI brand with `-cli` is still a brand look-alike.
    ['npm', 'huggingface-cli', 'huggingface'],
  ];
  for (const [ecosystem, name, intended] of squats) assert.equal(typosquatOf(intel, ecosystem, name)?.intended, intended, name);
});

/**
 * Shapes that count only for a name the offline name list lacks (`typosquat-unlisted.ts`): [ecosystem, known-malicious
 * name from the DataDog lists that the list lacks, class, name imitated, a registered name of the same shape].
 */
const UNLISTED: [Ecosystem, string, string, string, string][] = [
  ['pypi', 'pandas-numpy', 'unlisted-joined', 'pandas', 'msgpack-numpy'],
  ['pypi', 'scikit-learn-matplotlib', 'unlisted-joined', 'scikit-learn', 'httpx-aiohttp'],
  ['pypi', 's3transfer-sl', 'unlisted-tag', 's3transfer', 'bq-tabulate'],
  ['pypi', 'sys-selenium', 'unlisted-tag', 'selenium', 'anyio-ext'],
];

for (const [ecosystem, squat, kind, intended, registered] of UNLISTED) {
  test(`${kind}: ${squat}, which the name list lacks, imitates ${intended}; the registered ${registered} does not`, () => {
    assert.equal(intel.isUnlisted(ecosystem, squat), true, `${squat} must be missing from the name list for this test to mean anything`);
    assert.equal(intel.isListed(ecosystem, registered), true, `${registered} must be in the name list for this test to mean anything`);
    const verdict = typosquatOf(intel, ecosystem, squat);
    assert.equal(verdict?.kind, kind, JSON.stringify(verdict));
    assert.equal(verdict?.intended, intended);
    assert.equal(typosquatOf(intel, ecosystem, registered), undefined);
  });
}

test('without a name list, or for a version tag, the unlisted shapes stay quiet', () => {
  const noList: PackageIntel = { exists: () => undefined, isPopular: (e, n) => intel.isPopular(e, n), popularNames: (e) => intel.popularNames(e), malicious: () => undefined, vulnerabilities: () => [] };
  // A separate popular-name array, so the verdicts cached for the full intel are not reused.
  const copy = [...intel.popularNames('pypi')];
  assert.equal(typosquatOf({ ...noList, popularNames: () => copy }, 'pypi', 'pandas-numpy'), undefined);
  assert.equal(typosquatOf({ ...noList, popularNames: () => copy, isUnlisted: () => true }, 'pypi', 'celery-3'), undefined);
  assert.equal(typosquatOf({ ...noList, popularNames: () => copy, isUnlisted: () => true }, 'pypi', 'django-rest-x-y'), undefined);
  // A companion (`-cli`, `-api`, `-dev`) is a convention, not a tag (see `naming-conventions.ts`).
  assert.equal(typosquatOf({ ...noList, popularNames: () => copy, isUnlisted: () => true }, 'pypi', 'numpy-cli'), undefined);
});

test('a joined name the list lacks is an error naming both packages, with no single replacement; quiet when another index may serve it, and in a lockfile', async () => {
  const engine = await loadEngine();
  const now = { now: () => Date.parse('2026-12-06T00:00:00Z') };
  // Invented here (the known-malicious names of this shape are reported as malicious first).
  const result = engine.analyze({ path: '/p/requirements.txt', text: 'numpy-pandas==1.0\nselenium-qx\n', ports: { intel, clock: now } });
  const [joined, tagged] = result.findings.filter((f) => f.ruleId === 'AIS503');
  assert.match(joined?.message ?? '', /^numpy-pandas joins the popular packages numpy and pandas and does not exist on PyPI/);
  assert.equal(joined?.severity, 'error');
  assert.deepEqual(joined?.fixes, []);
  assert.match(tagged?.message ?? '', /^selenium-qx adds "qx" to the popular selenium and does not exist on PyPI/);
  assert.equal(tagged?.fixes[0]?.edits[0]?.newText, 'selenium');
  // Another index may serve a name the public list lacks: then its absence, and so its shape, is no evidence.
  const private_ = engine.analyze({ path: '/p/requirements.txt', text: '--extra-index-url https://pkgs.example.com/simple\nnumpy-pandas==1.0\n', ports: { intel, clock: now } });
  assert.deepEqual(private_.findings.filter((f) => f.ruleId === 'AIS503' || f.ruleId === 'AIS504'), []);
  const lock = ['[[package]]', 'name = "numpy-pandas"', 'version = "1.0"', ''].join('\n');
  assert.deepEqual(engine.analyze({ path: '/p/poetry.lock', text: lock, ports: { intel, clock: now } }).findings.filter((f) => f.ruleId === 'AIS503'), []);
});
