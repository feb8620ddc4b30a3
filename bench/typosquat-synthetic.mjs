// Typosquat recall per transformation on synthetic look-alikes (issue 16): each unscoped name of five characters or
// more among the 2,000 most popular of its ecosystem is transformed once by each class of the issue (a neighbouring
// key, a vowel, a doubled, dropped or swapped letter, look-alike characters, an ecosystem prefix or suffix, words
// reordered, a separator changed or dropped, words put in or out of the plural, an affix on a slip, two slips, a
// digit for a letter), and on npm each popular scoped name by the scope transformations (the scope dropped, written
// into the name, with a slip, or with a word such as `-official` added), and the share that `typosquatOf` reports
// is printed with the first misses. Unlike `typosquat-recall.mjs`, which measures real
// malicious names, this measures whether a class generalises over every popular name rather than the few that
// attackers happened to pick; a transformation that yields a popular name is skipped (two popular packages never
// flag each other). Some misses are intended: a separator variant, changed or dropped, cannot be registered on
// either registry (one that does not exist is AIS504's), bare names many scopes share (`types`, `parser`) and
// Babel's pre-scope names (`babel-parser`) are no evidence of a dropped or written-out scope, on
// PyPI `-utils`, `-sdk` and a number name companions and version lines, and a slip on a short name is another
// word (`clack`, `http`). The random choices are seeded, so runs compare.
//
//   node bench/typosquat-synthetic.mjs
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

if (!process.execArgv.some((a) => a.includes('tsx'))) {
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}
const { createPackageIntel } = await import('../server/src/intel/index.ts');
const { typosquatOf } = await import('../server/src/rules/dependencies/shared/typosquat.ts');

const intel = createPackageIntel({ online: false });
const TARGETS = 2000;
const MISSES_SHOWN = 6;

/** A linear congruential generator: the same look-alikes on every run. */
let seed = 7;
const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const pick = (list) => list[Math.floor(random() * list.length)];

const ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const neighbourKey = (c) => {
  for (const row of ROWS) {
    const i = row.indexOf(c);
    if (i >= 0) return pick([row[i - 1], row[i + 1]].filter(Boolean));
  }
  return undefined;
};
const letters = (name) => [...name].map((c, i) => [c, i]).filter(([c]) => /[a-z]/.test(c));
const replaceAt = (name, i, text, length = 1) => name.slice(0, i) + text + name.slice(i + length);

/** Each transformation returns the look-alike, or undefined when the name does not take it. */
const TRANSFORMATIONS = {
  'neighbour key': (name) => {
    const [c, i] = pick(letters(name));
    const key = neighbourKey(c);
    return key && replaceAt(name, i, key);
  },
  vowel: (name) => {
    const vowels = letters(name).filter(([c]) => 'aeiou'.includes(c));
    if (!vowels.length) return undefined;
    const [c, i] = pick(vowels);
    return replaceAt(name, i, pick([...'aeiou'].filter((v) => v !== c)));
  },
  'doubled letter': (name) => {
    const [c, i] = pick(letters(name));
    return replaceAt(name, i, c, 0);
  },
  'dropped letter': (name) => {
    const all = letters(name);
    return all.length < 5 ? undefined : replaceAt(name, pick(all.slice(1))[1], '');
  },
  'swapped letters': (name) => {
    const i = 1 + Math.floor(random() * (name.length - 2));
    return /^[a-z]{2}$/.test(name.slice(i, i + 2)) && name[i] !== name[i + 1] ? replaceAt(name, i, name[i + 1] + name[i], 2) : undefined;
  },
  'look-alike characters': (name) => {
    const pairs = [['l', '1'], ['o', '0'], ['m', 'rn'], ['w', 'vv'], ['i', '1'], ['e', '3'], ['a', '4'], ['s', '5']].filter(([from]) => name.includes(from));
    if (!pairs.length) return undefined;
    const [from, to] = pick(pairs);
    return name.replace(from, to);
  },
  prefix: (name, ecosystem) => pick(ecosystem === 'pypi' ? ['python-', 'py-', 'py'] : ['node-', 'js-']) + name,
  suffix: (name, ecosystem) => name + pick(ecosystem === 'pypi' ? ['-python', '-py', '-lib', '-utils', '2', '-sdk'] : ['-js', '.js', 'js', '-lib', '-utils', '2', '-node']),
  'word order': (name) => {
    const words = name.split(/[-_.]/);
    return words.length < 2 ? undefined : [...words.slice(1), words[0]].join('-');
  },
  separator: (name) => (name.includes('-') ? name.replace('-', '_') : undefined),
  'plural words': (name) => {
    const words = name.split('-');
    return words.length < 2 ? undefined : words.map((w) => (w.endsWith('s') ? w.slice(0, -1) : `${w}s`)).join('-');
  },
  'affix on a slip': (name, ecosystem) => {
    const slip = TRANSFORMATIONS['neighbour key'](name);
    return slip && slip + pick(ecosystem === 'pypi' ? ['-python', '-py'] : ['-js', '-node']);
  },
  'two slips': (name) => {
    const doubled = TRANSFORMATIONS['doubled letter'](name);
    return doubled && TRANSFORMATIONS['neighbour key'](doubled);
  },
  'separator dropped': (name) => (name.includes('-') ? name.replace('-', '') : undefined),
  'digit for a letter': (name) => {
    const pairs = [['o', '0'], ['l', '1'], ['i', '1'], ['e', '3'], ['a', '4'], ['s', '5'], ['t', '7'], ['b', '8'], ['g', '9']].filter(([from]) => name.slice(1).includes(from));
    if (!pairs.length) return undefined;
    const [from, to] = pick(pairs);
    const at = name.indexOf(from, 1);
    return replaceAt(name, at, to);
  },
};

/** The scoped transformations, on npm's popular scoped names: the scope dropped, or swapped for a look-alike. */
const SCOPED_TRANSFORMATIONS = {
  'scope dropped': (name) => name.slice(name.indexOf('/') + 1),
  'scope written into the name': (name) => name.slice(1).replace('/', '-'),
  'scope with a slip': (name) => {
    const scope = name.slice(1, name.indexOf('/'));
    const slip = TRANSFORMATIONS['neighbour key'](scope);
    return slip && `@${slip}${name.slice(name.indexOf('/'))}`;
  },
  'scope with an affix': (name) => {
    const scope = name.slice(1, name.indexOf('/'));
    return `@${scope}${pick(['-js', '-official', 'js', '-dev', '-io'])}${name.slice(name.indexOf('/'))}`;
  },
};

for (const ecosystem of ['pypi', 'npm']) {
  const all = [...new Set(intel.popularNames(ecosystem))];
  const popular = new Set(all);
  const unscoped = all.slice(0, TARGETS).filter((n) => !n.startsWith('@') && n.length >= 5);
  const scoped = all.slice(0, TARGETS).filter((n) => n.startsWith('@') && n.length - n.indexOf('/') > 5);
  console.log(`${ecosystem}: look-alikes of ${unscoped.length} popular unscoped names${ecosystem === 'npm' ? ` and ${scoped.length} scoped ones` : ''}`);
  const classes = [...Object.entries(TRANSFORMATIONS).map(([kind, transform]) => [kind, transform, unscoped]), ...(ecosystem === 'npm' ? Object.entries(SCOPED_TRANSFORMATIONS).map(([kind, transform]) => [kind, transform, scoped]) : [])];
  for (const [kind, transform, targets] of classes) {
    let total = 0;
    let caught = 0;
    const misses = [];
    for (const target of targets) {
      const name = transform(target, ecosystem);
      if (!name || name === target || popular.has(name)) continue;
      total++;
      if (typosquatOf(intel, ecosystem, name)) caught++;
      else if (misses.length < MISSES_SHOWN) misses.push(`${name} ~ ${target}`);
    }
    console.log(`  ${kind.padEnd(27)} ${(caught / total).toFixed(2)} (${String(caught).padStart(4)} of ${String(total).padEnd(4)}) missed: ${misses.join(', ')}`);
  }
}
