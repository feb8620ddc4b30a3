// Builds the compact package-intelligence snapshot that ships with the extension and the CLI
// (server/data/intel/snapshot.json plus the notices the data licences require) from the public data in
// ../shared/data and the MIT-licensed `npm-high-impact` list. Run with `npm run intel:build`.
// It also writes the offline existence check: every PyPI name (../shared/data/registry-names) and every npm
// name (the MIT-licensed `all-the-package-names`) as binary fuse filters in names-pypi.bin and names-npm.bin.
// Usage: tsx scripts/build-intel.mjs [--data <shared data dir>] [--out <output dir>] [--no-names]
import { readFileSync, writeFileSync, readdirSync, mkdirSync, existsSync, rmSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { registryNameSets, encodeNameList } from '../server/src/intel/name-list-file.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const argValue = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const dataDir = resolve(argValue('--data') ?? process.env.AISEC_SHARED_DATA ?? join(repoRoot, '..', 'shared', 'data'));
const outDir = resolve(argValue('--out') ?? join(repoRoot, 'server', 'data', 'intel'));

if (!existsSync(dataDir)) {
  console.error(`build-intel: data folder not found: ${dataDir} (pass --data <dir>)`);
  process.exit(1);
}

// Scopes whose packages are named after the vendor's products: an unscoped copy of one of their names
// (`arm-dns` for `@azure/arm-dns`) is a dropped scope. Their packages are listed whole (about 2,500 names); scopes that wrap other projects' packages under the same names (`@nestjs/sequelize`) are left out..
const VENDOR_SCOPES = ['@azure', '@azure-rest', '@aws-sdk', '@smithy', '@google-cloud', '@anthropic-ai', '@openai', '@huggingface', '@langchain', '@mistralai', '@pinecone-database'];

// When each installed `all-the-package-names` version was published (npm view all-the-package-names time):
// the npm names are as of that day. A new version needs its date here, so that messages never claim a
// fresher list than they use.
const NPM_NAMES_DATES = { '2.0.2578': '2026-09-29' };

// The words an ecosystem names packages with: tokens (between `-`, `_`, `.`; scopes left out) of four or more
// characters that at least NAMING_WORD_USES registered names use. A name that is one such word (`dataset`,
// `storage`, `cookies`) was chosen as a word, not mistyped from a popular neighbour (`datasets`, `cookie`).
const NAMING_WORD_USES = 30;

const normalizePypi = (name) => name.toLowerCase().replace(/[-_.]+/g, '-');
const readJson = (p) => JSON.parse(readFileSync(join(dataDir, p), 'utf8'));

// Popular names, most popular first (GuardDog's lists; npm is merged with npm-high-impact).
const pypiPopular = dedupe(readJson('popular/pypi-top.json').packages.map(normalizePypi));
const { npmHighImpact } = await import('npm-high-impact');
const npmPopular = dedupe([...npmHighImpact, ...readJson('popular/npm-top.json').packages]);

// Known-malicious names (null = every version) and compromised versions of legitimate packages.
const pypiMalicious = {};
for (const [name, versions] of Object.entries(readJson('malicious/datadog-pypi-manifest.json'))) pypiMalicious[normalizePypi(name)] = versions;
const npmMalicious = { ...readJson('malicious/datadog-npm-manifest.json') };
const csv = readFileSync(join(dataDir, 'malicious/ossf-compromised-packages.csv'), 'utf8').split(/\r?\n/).slice(1);
for (const row of csv) {
  const m = /^"([^"]+)","([^"]*)"/.exec(row);
  if (!m) continue;
  const versions = m[2].split(/,\s*/).filter(Boolean);
  const existing = npmMalicious[m[1]];
  if (existing === null) continue;
  npmMalicious[m[1]] = dedupe([...(existing ?? []), ...versions]);
}

// ML supply-chain incidents from the dependencies catalogue that the bundled lists lack or postdate.
const INCIDENT_MALICIOUS = {
  pypi: {
    torchtriton: null, // PyPI only: the conda package of the same name in the pytorch channel is legitimate.
    gptplus: null,
    'claudeai-eng': null,
    'ai-labs-snippets-sdk': null,
    'aliyun-ai-labs-sdk': null,
    ultralytics: ['8.3.41', '8.3.42', '8.3.45', '8.3.46'],
    litellm: ['1.82.7', '1.82.8'],
    lightning: ['2.6.2', '2.6.3'],
    'pytorch-lightning': ['2.6.2', '2.6.3'],
  },
  npm: { chalk: ['5.6.1'], debug: ['4.4.2'] },
};
for (const [name, versions] of Object.entries(INCIDENT_MALICIOUS.pypi)) mergeMalicious(pypiMalicious, name, versions);
for (const [name, versions] of Object.entries(INCIDENT_MALICIOUS.npm)) mergeMalicious(npmMalicious, name, versions);

// PyPA advisories distilled to id, aliases, a one-line summary and the affected ranges.
const pypiAdvisories = {};
const vulnsDir = join(dataDir, 'advisories/pypi/vulns');
let advisoryCount = 0;
for (const pkg of readdirSync(vulnsDir)) {
  if (pkg.startsWith('.')) continue;
  for (const file of readdirSync(join(vulnsDir, pkg))) {
    if (!file.endsWith('.yaml')) continue;
    const record = parseYaml(readFileSync(join(vulnsDir, pkg, file), 'utf8'));
    if (!record || record.withdrawn) continue;
    for (const affected of record.affected ?? []) {
      if (affected.package?.ecosystem !== 'PyPI') continue;
      const name = normalizePypi(affected.package.name);
      const ranges = (affected.ranges ?? [])
        .filter((r) => r.type === 'ECOSYSTEM')
        .map((r) => r.events.map((e) => compactEvent(e)).filter(Boolean));
      const entry = [record.id, (record.aliases ?? []).filter((a) => /^(CVE|GHSA)-/.test(a)), summaryOf(record), ranges];
      // An explicit version list is kept only when there is no range to evaluate.
      if (ranges.length === 0 && affected.versions?.length) entry.push(affected.versions.map(String));
      (pypiAdvisories[name] ??= []).push(entry);
      advisoryCount++;
    }
  }
}

// npm has no advisories here: no openly licensed npm package ships npm-ecosystem OSV or GHSA records (the
// osv-offline packages hold only a downloader; see the README's "No npm advisories offline"), and
// ../shared/data has PyPI's only. So `npm.advisories` stays empty and `advisoryDates` has no `npm` date.

// Incidents newer than the bundled PyPA snapshot (it stops at 2024-10-10), from the catalogue's table.
const INCIDENT_ADVISORIES = [
  ['torch', 'GHSA-53q9-r3pm-6pq6', ['CVE-2025-32434', 'PYSEC-2025-41'], 'torch.load with weights_only=True can still execute code from a crafted checkpoint (RCE).', '2.6.0'],
  ['torch', 'GHSA-63cw-57p8-fm3p', ['CVE-2026-24747'], 'Memory corruption in the weights_only unpickler allows code execution via a crafted .pth file.', '2.10.0'],
  ['transformers', 'GHSA-wrfc-pvp9-mr9g', [], 'Deserialization of untrusted data (pickle) can lead to remote code execution.', '4.48.0'],
  ['transformers', 'GHSA-hxxf-235m-72v3', [], 'Deserialization of untrusted data (pickle) can lead to remote code execution.', '4.48.0'],
  ['transformers', 'GHSA-qxrp-vhvm-j765', [], 'Deserialization of untrusted data (pickle) can lead to remote code execution.', '4.48.0'],
  ['transformers', 'GHSA-3863-2447-669p', ['CVE-2023-6730'], 'Deserialization of untrusted data (pickle) in RagRetriever can lead to remote code execution.', '4.36.0'],
];
for (const [name, id, aliases, summary, fixed] of INCIDENT_ADVISORIES) {
  const list = (pypiAdvisories[name] ??= []);
  if (list.some((a) => a[0] === id || a[1].some((x) => aliases.includes(x)))) continue;
  list.push([id, aliases, summary, [[{ i: '0' }, { f: fixed }]]]);
  advisoryCount++;
}

// Import name → distribution map (pipreqs), curated for the known-wrong entries, plus the stdlib list.
const importMap = {};
for (const line of readFileSync(join(dataDir, 'import-map/pipreqs-mapping.txt'), 'utf8').split(/\r?\n/)) {
  const m = /^([^:#\s]+):(\S+)$/.exec(line.trim());
  if (!m) continue;
  (importMap[m[1]] ??= []).push(normalizePypi(m[2]));
}
const CURATED_IMPORTS = {
  sklearn: ['scikit-learn'], cv2: ['opencv-python', 'opencv-python-headless', 'opencv-contrib-python', 'opencv-contrib-python-headless'],
  PIL: ['pillow'], yaml: ['pyyaml'], bs4: ['beautifulsoup4'], skimage: ['scikit-image'], attr: ['attrs'], jwt: ['pyjwt'],
  dateutil: ['python-dateutil'], dotenv: ['python-dotenv'], fitz: ['pymupdf'], git: ['gitpython'], serial: ['pyserial'],
  magic: ['python-magic'], docx: ['python-docx'], pptx: ['python-pptx'], MySQLdb: ['mysqlclient'], faiss: ['faiss-cpu', 'faiss-gpu'],
  llama_cpp: ['llama-cpp-python'], telegram: ['python-telegram-bot'], Levenshtein: ['levenshtein', 'python-levenshtein'],
  docker: ['docker'], bcrypt: ['bcrypt'], google: ['protobuf', 'google-api-python-client', 'google-cloud-storage', 'google-auth', 'google-genai', 'google-generativeai'],
  Crypto: ['pycryptodome', 'pycrypto'], OpenSSL: ['pyopenssl'], huggingface_hub: ['huggingface-hub'], sentence_transformers: ['sentence-transformers'],
  tensorflow_hub: ['tensorflow-hub'], zmq: ['pyzmq'], psycopg2: ['psycopg2', 'psycopg2-binary'], websocket: ['websocket-client'],
};
for (const [imp, dists] of Object.entries(CURATED_IMPORTS)) importMap[imp] = dists;
for (const [imp, dists] of Object.entries(importMap)) importMap[imp] = dedupe(dists);
// pipreqs' list predates Python 3.11 (it lacks `tomllib`) and leaves out some platform modules; these are the
// names of `sys.stdlib_module_names` (3.11-3.14) missing from it, so importing them is never an undeclared package.
const NEWER_STDLIB = ['tomllib', 'annotationlib', 'compression', 'nt', '_winapi', '_overlapped', '_msi', '_scproxy', '_tokenize', '_typing', '_zoneinfo', '_interpreters', '_interpqueues', '_interpchannels', '_pyrepl', '_colorize', '_suggestions', '_sysconfig', '_zstd'];
const stdlib = dedupe([...readFileSync(join(dataDir, 'import-map/pipreqs-stdlib.txt'), 'utf8').split(/\r?\n/).map((s) => s.trim()).filter(Boolean), ...NEWER_STDLIB]);

// Names that AI assistants are known to invent and that someone has since registered, with what was meant.
// Each is from a published account:
// - huggingface-cli (PyPI): Bar Lanyado, Lasso Security, "Diving into AI Package Hallucinations" (2024):
//   registered empty as an experiment, 30,000+ downloads in three months (catalogue §4.3).
// - react-codeshift (npm): Aikido Security, "Agent skills spreading hallucinated npx commands" (January
//   2026): an LLM-invented name copied into 237 repositories' agent skill files, claimed by the researcher;
//   the tools meant are jscodeshift with react-codemod's transforms.
const hallucinations = { pypi: { 'huggingface-cli': 'huggingface_hub[cli]' }, npm: { 'react-codeshift': 'jscodeshift' } };

// Import names that people (and models) `pip install` although the distribution has another name; on PyPI
// the import name is a stub, an unrelated project or a squat (catalogue §7). Not `bs4`: Beautiful Soup's author
// maintains it as an alias that installs beautifulsoup4, so installing it is harmless.
const IMPORT_NAME_CONFUSIONS = {
  sklearn: 'scikit-learn', cv2: 'opencv-python', pil: 'pillow', yaml: 'pyyaml', skimage: 'scikit-image',
  attr: 'attrs', jwt: 'pyjwt', dateutil: 'python-dateutil', dotenv: 'python-dotenv', fitz: 'pymupdf', git: 'gitpython',
  serial: 'pyserial', magic: 'python-magic', docx: 'python-docx', pptx: 'python-pptx', mysqldb: 'mysqlclient', faiss: 'faiss-cpu',
  'llama-cpp': 'llama-cpp-python', telegram: 'python-telegram-bot', crypto: 'pycryptodome', openssl: 'pyopenssl', zmq: 'pyzmq',
  websocket: 'websocket-client', 'google-protobuf': 'protobuf',
};

const snapshot = {
  format: 1,
  sources: {
    pypiPopular: 'DataDog/guarddog@ca8b5b4 (2026-06-16)',
    npmPopular: 'npm-high-impact@1.13.0 + DataDog/guarddog@ca8b5b4',
    malicious: 'DataDog/malicious-software-packages-dataset (2026-04), ossf/malicious-packages@7f4c2bd',
    pypiAdvisories: 'pypa/advisory-database@3ccb612 (2024-10-10) + catalogue incidents',
    importMap: 'bndr/pipreqs@48dbafd (curated)',
  },
  advisoryDates: { pypi: '2024-10-10' },
  pypi: { popular: pypiPopular, malicious: sortKeys(pypiMalicious), advisories: sortKeys(pypiAdvisories), hallucinations: hallucinations.pypi, importNames: IMPORT_NAME_CONFUSIONS, namingWords: namingWords(pypiRegistryNames()) },
  npm: { popular: npmPopular, malicious: sortKeys(npmMalicious), advisories: {}, hallucinations: hallucinations.npm, importNames: {}, vendorScoped: vendorScopedNames(), namingWords: namingWords(npmRegistryNames()) },
  importMap: sortKeys(importMap),
  stdlib,
};

mkdirSync(outDir, { recursive: true });
for (const f of ['LICENSE-APACHE-2.0.txt', 'NOTICE-guarddog.txt']) rmSync(join(outDir, f), { force: true });
const json = JSON.stringify(snapshot);
writeFileSync(join(outDir, 'snapshot.json'), json);
// Copied by content (the shared data is read-only, and copyFileSync would keep that mode).
writeFileSync(join(outDir, 'LICENSE-APACHE-2.0.txt'), readFileSync(join(dataDir, 'popular/LICENSE')));
writeFileSync(join(outDir, 'NOTICE-guarddog.txt'), readFileSync(join(dataDir, 'popular/NOTICE')));
writeFileSync(join(outDir, 'NOTICE.md'), noticeText());
if (!args.includes('--no-names')) writeNameLists();
console.log(`build-intel: wrote ${join(outDir, 'snapshot.json')} (${(json.length / 1024).toFixed(0)} KiB): ` +
  `${pypiPopular.length} popular PyPI, ${npmPopular.length} popular npm, ${Object.keys(pypiMalicious).length} + ${Object.keys(npmMalicious).length} malicious, ${advisoryCount} PyPI advisories`);

function vendorScopedNames() {
  const require = createRequire(import.meta.url);
  const scopes = new Set(VENDOR_SCOPES);
  return dedupe(require('all-the-package-names/names.json').map((n) => n.toLowerCase()).filter((n) => scopes.has(n.split('/')[0]))).sort();
}

function pypiRegistryNames() {
  return gunzipSync(readFileSync(join(dataDir, 'registry-names/pypi-names.txt.gz'))).toString('utf8').split(/\r?\n/).filter(Boolean);
}

function npmRegistryNames() {
  return createRequire(import.meta.url)('all-the-package-names/names.json');
}

function namingWords(names) {
  const uses = new Map();
  for (const raw of names) {
    const bare = raw.toLowerCase().replace(/^@[^/]+\//, '');
    for (const token of new Set(bare.split(/[-_.]+/))) if (token.length >= 4 && /^[a-z][a-z0-9]*$/.test(token)) uses.set(token, (uses.get(token) ?? 0) + 1);
  }
  return [...uses].filter(([, count]) => count >= NAMING_WORD_USES).map(([token]) => token).sort();
}

function writeNameLists() {
  const pypiNames = pypiRegistryNames();
  const require = createRequire(import.meta.url);
  const npmVersion = require('all-the-package-names/package.json').version;
  const npmDate = argValue('--npm-names-date') ?? NPM_NAMES_DATES[npmVersion];
  if (!npmDate) {
    console.error(`build-intel: all-the-package-names ${npmVersion} has no publish date in NPM_NAMES_DATES; add it or pass --npm-names-date YYYY-MM-DD`);
    process.exit(1);
  }
  const npmNames = npmRegistryNames();
  for (const [ecosystem, names, date, source] of [
    ['pypi', pypiNames, '2026-11', 'PyPI project list of November 2026 (../shared/data/registry-names)'],
    ['npm', npmNames, npmDate, `all-the-package-names ${npmVersion}`],
  ]) {
    const started = Date.now();
    const sets = registryNameSets(ecosystem, names);
    const bytes = encodeNameList(ecosystem, date, source, sets);
    writeFileSync(join(outDir, `names-${ecosystem}.bin`), bytes);
    console.log(`build-intel: wrote names-${ecosystem}.bin (${(bytes.length / 1024 / 1024).toFixed(2)} MiB, ${sets.names.length} names${sets.scopes ? `, ${sets.scopes.length} scopes` : ''}, ${Date.now() - started} ms)`);
  }
}

function compactEvent(e) {
  if (e.introduced !== undefined) return { i: String(e.introduced) };
  if (e.fixed !== undefined) return { f: String(e.fixed) };
  if (e.last_affected !== undefined) return { l: String(e.last_affected) };
  if (e.limit !== undefined) return { x: String(e.limit) };
  return undefined;
}

function summaryOf(record) {
  const text = String(record.summary ?? record.details ?? '').replace(/\s+/g, ' ').trim();
  // PYSEC details often open with what the project is ("Flask is a lightweight WSGI framework."); prefer the
  // first sentence that says what is wrong.
  // Sentences end at `. ` before a capital letter, so version numbers (`2.20.0 for`) do not split them.
  const sentences = text.split(/(?<=[.!?])\s+(?=[A-Z])/).map((s) => s.trim()).filter(Boolean).slice(0, 4);
  const describesProject = (s) => /^[\w.-]+( [\w.-]+)? (is|are) (a|an|the) /i.test(s) && !/vulnerab|attack|exploit/i.test(s);
  const telling = sentences.find((s) => !describesProject(s) && /vulnerab|attack|allow|inject|execut|overflow|bypass|denial|leak|expos|disclos|travers|forg|XSS|SSRF|CSRF|RCE|arbitrary|malicious|crash|DoS|escalat|unsafe|improper|missing|fails? to|does not|untrusted/i.test(s)) ?? sentences.find((s) => !describesProject(s)) ?? sentences[0] ?? '';
  if (telling.length <= 160) return telling;
  return `${telling.slice(0, 157).replace(/\s+\S*$/, '')}…`;
}

function mergeMalicious(table, name, versions) {
  const existing = table[name];
  if (existing === null) return;
  table[name] = versions === null ? null : dedupe([...(existing ?? []), ...versions]);
}

function dedupe(list) {
  return [...new Set(list)];
}

function sortKeys(obj) {
  return Object.fromEntries(Object.entries(obj).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function noticeText() {
  return `# Third-party data in this snapshot

\`snapshot.json\` (shipped in the extension and the CLI as the \`snapshot/\` folder of its parts) is derived from the public data sets below by \`scripts/build-intel.mjs\`.
Names and version lists are copied; advisories are shortened to id, aliases, a one-line summary and affected ranges.

- **Popular PyPI and npm names** — Contains data from Datadog GuardDog (https://github.com/DataDog/guarddog), Copyright 2022-Present Datadog, Inc., licensed under the Apache License 2.0 (\`LICENSE-APACHE-2.0.txt\`, \`NOTICE-guarddog.txt\`).
- **Popular npm names** — npm-high-impact by Titus Wormer (https://github.com/wooorm/npm-high-impact), MIT License, Copyright (c) Titus Wormer <tituswormer@gmail.com>. Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated documentation files, to deal in the Software without restriction, subject to the condition that the copyright notice and this permission notice be included in all copies or substantial portions of the Software. THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND.
- **Known-malicious packages** — Contains data from the Open-Source Dataset of Malicious Software Packages by Datadog Security Labs (https://github.com/DataDog/malicious-software-packages-dataset), licensed under the Apache License 2.0.
- **Compromised npm versions** — Contains data from OpenSSF Malicious Packages (https://github.com/ossf/malicious-packages), licensed under the Apache License 2.0.
- **PyPI advisories** — Contains vulnerability data from the Python Packaging Advisory Database (https://github.com/pypa/advisory-database) by the Python Packaging Authority and contributors, licensed under CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/). Changes: records were shortened (summary truncated to one sentence, non-ECOSYSTEM ranges and withdrawn records dropped).
- **Import-name map and standard-library list** — Contains data from pipreqs (https://github.com/bndr/pipreqs), licensed under the Apache License 2.0. Changes: a few entries were corrected (e.g. \`bcrypt\`, \`docker\`).
- **Registry names (existence check)** — \`snapshot.json\`'s \`npm.vendorScoped\` lists the packages of a few vendor scopes from all-the-package-names; \`names-pypi.bin\` holds fingerprints of the PyPI project names listed in November 2026 (public registry metadata); \`names-npm.bin\` those of the npm names in all-the-package-names (https://github.com/nice-registry/all-the-package-names), MIT License (author: zeke, maintained by jsDelivr). Only hashed fingerprints are stored, not the names.
- **ML supply-chain incidents** (torch, transformers, ultralytics, litellm, lightning, torchtriton and others) — version facts from the public advisories cited by id (GHSA, PYSEC, CVE).
`;
}
