// Typosquat recall on the public malicious look-alikes (issue 16): the known-malicious names of the DataDog lists
// in ../shared/data/malicious that look like a popular name, labelled here by a rule independent of the
// detector's classes, and the share of them `typosquatOf` catches, overall and per class of look-alike, with the
// misses printed. A name is a look-alike when, against one of the 5,000 most popular names of its ecosystem (what
// squatters imitate; the bundled popularity lists), it
//   - drops the scope of a scoped package, or puts its name under another scope, when that name is under one
//     popular scope only (`arm-dns`, `@aws-sdk-v3/client-s3`; `@acme/core` imitates nothing in particular;
//     counted as `scope-foreign` when the other scope does not resemble the popular one), or
//     puts a popular unscoped name of six characters or more under a scope (`@universeorg/dotenv`),
//   - equals it after homoglyphs and digits are read as letters (`rn` → `m`, `0` → `o`, `vv` → `w`),
//   - is within Damerau-Levenshtein distance 1 (names of 5-7 characters) or 2 (8 or more) of it, separators removed,
//   - holds all of its words (5 characters or more in all), in any order, plus at most two ecosystem affixes
//     (`requests-utils`, `nmap-python`, `node-lodash`, `axios2`), or joins two of the 1,000 most popular names
//     (`beautifulsoup-requests`).
// Popular names themselves and names shorter than four characters are never labelled. Dependency-confusion names
// (an internal-looking name under a company scope) are not look-alikes and are left out by these rules.
//
// The labelled names are split in two halves by a hash of the name: the tuning half, whose misses are printed to
// guide work on the detector, and the held-out half, whose misses are only counted. The recall figures that count
// are the held-out ones (`held-out` columns); tuning the detector on printed misses cannot raise them directly.
//
//   node bench/typosquat-recall.mjs [--misses N]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

if (!process.execArgv.some((a) => a.includes('tsx'))) {
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}
const { createPackageIntel } = await import('../server/src/intel/index.ts');
const { typosquatOf } = await import('../server/src/rules/dependencies/shared/typosquat.ts');
const { normalizeName } = await import('../server/src/rules/dependencies/shared/names.ts');

const root = join(fileURLToPath(import.meta.url), '..', '..');
const shared = join(root, '..', 'shared', 'data', 'malicious');
// Without `--misses`, indexOf is -1 and the argument read would be the Node binary's path.
const missesAt = process.argv.indexOf('--misses');
const missesShown = missesAt >= 0 ? Number(process.argv[missesAt + 1]) : 40;
const intel = createPackageIntel({ online: false });

const TOP = 5000;
const COMBO_TOP = 1000;
const AFFIXES = new Set(['py', 'python', 'python3', 'py3', 'pypi', 'node', 'nodejs', 'js', 'ts', 'lib', 'libs', 'utils', 'util', 'sdk', 'api', 'client', 'core', 'dev', 'official', 'tools', 'tool', 'cli', 'plugin', 'helper', 'helpers', 'pkg', 'package', 'module', 'new', 'latest', 'fix', 'fixed', 'update', 'secure', 'pro', 'plus', 'x', 'v2', 'v3', 'v4', 'next', 'ng', 'react', 'vue', 'dist', 'mini', 'lite']);
const isAffix = (word) => AFFIXES.has(word) || /^\d+$/.test(word);
const HOMOGLYPHS = [['rn', 'm'], ['vv', 'w'], ['cl', 'd'], ['0', 'o'], ['1', 'l'], ['3', 'e'], ['4', 'a'], ['5', 's'], ['7', 't'], ['8', 'b'], ['9', 'g']];
const strip = (name) => name.replace(/[-_.]/g, '');
const bareOf = (name) => (name.startsWith('@') ? name.slice(name.indexOf('/') + 1) : name);
const wordsOf = (name) => bareOf(name).split(/[-_.]+/).filter(Boolean);
const readHomoglyphs = (text) => HOMOGLYPHS.reduce((t, [from, to]) => t.split(from).join(to), text);

function damerau(a, b, limit) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, rows[i - 2][j - 2] + 1);
      row.push(v);
      best = Math.min(best, v);
    }
    rows.push(row);
    if (best > limit) return limit + 1;
  }
  return rows[a.length][b.length];
}

/** FNV-1a, 32 bits: the split into halves must not depend on the order or the size of the lists. */
function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
const isHeldOut = (name) => fnv1a(name) % 2 === 1;

/** The class of look-alike `name` is and the popular name it imitates, or undefined. */
function labelOf(name, index) {
  if (name.length < 4 || index.popular.has(name)) return undefined;
  const bare = bareOf(name);
  const scoped = index.scopedByBare.get(bare);
  if (scoped && new Set(scoped.map((n) => n.slice(0, n.indexOf('/')))).size === 1 && bare.length >= 4) {
    if (!name.startsWith('@')) return { kind: 'scope-dropped', target: scoped[0] };
    // Reported apart: a scope that looks like the popular one (`@aws-sdk-v3`), and any other scope, mostly a
    // company's on a plain word (`@rbapp/components`), which is dependency confusion rather than a look-alike.
    const [mine, theirs] = [strip(name.slice(1, name.indexOf('/'))), strip(scoped[0].slice(1, scoped[0].indexOf('/')))];
    const resembles = mine.includes(theirs) || theirs.includes(mine) || damerau(mine, theirs, 2) <= 2;
    return { kind: resembles ? 'scope-swapped' : 'scope-foreign', target: scoped[0] };
  }
  // A scoped name is compared by its scope only: under a company scope, a plain word (`@acme/utils`) imitates nothing.
  if (name.startsWith('@')) return bare.length >= 6 && index.top.has(bare) ? { kind: 'scope-added', target: bare } : undefined;
  const stripped = strip(bare);
  const read = readHomoglyphs(stripped);
  if (read !== stripped && index.byStripped.has(read)) return { kind: 'homoglyph-or-digit', target: index.byStripped.get(read) };
  if (stripped.length < 5) return undefined;
  const limit = stripped.length >= 8 ? 2 : 1;
  for (const target of index.byLength.get(stripped.length) ?? []) if (damerau(stripped, target.stripped, limit) <= limit) return { kind: `edit-${damerau(stripped, target.stripped, limit)}`, target: target.name };
  for (let d = 1; d <= limit; d++) {
    for (const length of [stripped.length - d, stripped.length + d]) {
      for (const target of index.byLength.get(length) ?? []) if (damerau(stripped, target.stripped, limit) <= limit) return { kind: `edit-${damerau(stripped, target.stripped, limit)}`, target: target.name };
    }
  }
  const words = wordsOf(name);
  const counts = new Map();
  for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  for (const w of new Set(words)) {
    for (const target of index.byWord.get(w) ?? []) {
      const targetWords = wordsOf(target);
      if (targetWords.join('').length < 5 || words.length - targetWords.length > 2 || words.length < targetWords.length) continue;
      const left = new Map(counts);
      let all = true;
      for (const t of targetWords) {
        if (!left.get(t)) { all = false; break; }
        left.set(t, left.get(t) - 1);
      }
      if (!all) continue;
      const extra = [...left].flatMap(([w, n]) => Array(n).fill(w));
      if (extra.length === 0) return { kind: 'word-order', target };
      if (extra.every(isAffix)) return { kind: 'affix', target };
      if (extra.length === 1 && index.combo.has(extra[0]) && index.combo.has(target)) return { kind: 'combination', target };
    }
  }
  return undefined;
}

function indexFor(ecosystem) {
  const all = intel.popularNames(ecosystem).map((n) => normalizeName(ecosystem, n));
  const popular = new Set(all);
  const names = all.slice(0, TOP);
  const combo = new Set(all.slice(0, COMBO_TOP));
  const scopedByBare = new Map();
  const byStripped = new Map();
  const byLength = new Map();
  const byWord = new Map();
  for (const name of names) {
    if (name.startsWith('@')) {
      const bare = bareOf(name);
      if (!scopedByBare.has(bare)) scopedByBare.set(bare, []);
      scopedByBare.get(bare).push(name);
      continue;
    }
    const stripped = strip(name);
    if (stripped.length < 4) continue;
    if (!byStripped.has(stripped)) byStripped.set(stripped, name);
    if (!byLength.has(stripped.length)) byLength.set(stripped.length, []);
    byLength.get(stripped.length).push({ name, stripped });
    for (const w of new Set(wordsOf(name))) {
      if (!byWord.has(w)) byWord.set(w, []);
      byWord.get(w).push(name);
    }
  }
  return { popular, top: new Set(names), combo, scopedByBare, byStripped, byLength, byWord };
}

const totals = { tuning: { labelled: 0, caught: 0 }, heldOut: { labelled: 0, caught: 0 } };
const ratio = (e) => (e.labelled ? (e.caught / e.labelled).toFixed(3) : '  -  ');
const cell = (e) => `${String(e.caught).padStart(4)} / ${String(e.labelled).padEnd(4)} ${ratio(e)}`;
for (const ecosystem of ['pypi', 'npm']) {
  const file = join(shared, `datadog-${ecosystem}-manifest.json`);
  if (!existsSync(file)) {
    console.log(`${ecosystem}: ${file} not found, skipped`);
    continue;
  }
  const manifest = JSON.parse(readFileSync(file, 'utf8'));
  const index = indexFor(ecosystem);
  const names = [...new Set(Object.keys(manifest).filter((n) => manifest[n] === null).map((n) => normalizeName(ecosystem, n)))];
  const byKind = new Map();
  const mine = { tuning: { labelled: 0, caught: 0 }, heldOut: { labelled: 0, caught: 0 } };
  const misses = [];
  for (const name of names) {
    const label = labelOf(name, index);
    if (!label) continue;
    const half = isHeldOut(name) ? 'heldOut' : 'tuning';
    const entry = byKind.get(label.kind) ?? { tuning: { labelled: 0, caught: 0 }, heldOut: { labelled: 0, caught: 0 } };
    byKind.set(label.kind, entry);
    const caught = typosquatOf(intel, ecosystem, name) !== undefined;
    for (const counts of [entry[half], mine[half], totals[half]]) {
      counts.labelled++;
      if (caught) counts.caught++;
    }
    if (!caught && half === 'tuning') misses.push(`${name} ~ ${label.target} (${label.kind})`);
  }
  console.log(`${ecosystem}: ${names.length} malicious names, ${mine.tuning.labelled + mine.heldOut.labelled} look-alikes; held-out recall ${ratio(mine.heldOut)} (${mine.heldOut.caught} of ${mine.heldOut.labelled}), tuning ${ratio(mine.tuning)}`);
  console.log(`  ${'class'.padEnd(20)} ${'held-out'.padEnd(17)} tuning`);
  for (const [kind, e] of [...byKind].sort()) console.log(`  ${kind.padEnd(20)} ${cell(e.heldOut)}   ${cell(e.tuning)}`);
  console.log(`  tuning-half misses (first ${missesShown} of ${misses.length}): ${misses.slice(0, missesShown).join('; ')}`);
}
console.log(`both: held-out recall ${ratio(totals.heldOut)} (${totals.heldOut.caught} of ${totals.heldOut.labelled}); tuning ${ratio(totals.tuning)} (${totals.tuning.caught} of ${totals.tuning.labelled})`);
