/**
 * The completeness gate (ESLint's checkRuleFiles idea): every rule has valid metadata, complete docs,
 * fixtures that exercise it and its registry entry; every rule folder is registered; the engine and the
 * rules stay pure. Run by `npm test` (`npm run check:rules`).
 */
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ALL_RULES } from '../server/src/rules/index';
import { CATEGORIES } from '../server/src/engine/finding';
import { isRuleCode } from '../server/src/engine/rule-codes';

const root = join(__dirname, '..');
const rulesRoot = join(root, 'server', 'src', 'rules');
const problems: string[] = [];
const problem = (message: string): void => {
  problems.push(message);
};

function filesUnder(dir: string, accept: (path: string) => boolean, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (name === 'node_modules') continue;
    if (statSync(full).isDirectory()) filesUnder(full, accept, out);
    else if (accept(full)) out.push(full);
  }
  return out;
}

// 1. Metadata and docs.
const ids = new Set<string>();
const names = new Set<string>();
for (const rule of ALL_RULES) {
  const where = `${rule.id} (${rule.name})`;
  if (!isRuleCode(rule.id)) problem(`${where}: the code must look like AIS123 (or AIS4123 for a secrets rule, see server/src/engine/rule-codes.ts)`);
  if (ids.has(rule.id)) problem(`${where}: duplicate code`);
  ids.add(rule.id);
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(rule.name)) problem(`${where}: the name must be kebab-case`);
  if (names.has(rule.name)) problem(`${where}: duplicate name`);
  names.add(rule.name);
  if (!CATEGORIES.includes(rule.category)) problem(`${where}: unknown category ${rule.category}`);
  if (rule.fileKinds.length === 0) problem(`${where}: no file kinds`);
  for (const cwe of rule.cwe) if (!/^CWE-\d+$/.test(cwe)) problem(`${where}: bad CWE id ${cwe}`);
  if (!rule.title.trim() || !rule.message.trim()) problem(`${where}: empty title or message`);
  const d = rule.docs;
  for (const key of ['whatItDoes', 'whyIsThisBad', 'example', 'useInstead'] as const) {
    if (!d[key] || d[key].trim().length < 10) problem(`${where}: docs.${key} is missing or too short`);
  }
  if (d.references.length === 0) problem(`${where}: docs.references is empty`);
  if (rule.cwe.length > 0 && !/cwe\.mitre\.org/.test(d.references[0] ?? '')) problem(`${where}: the first reference must be the CWE link`);
  if (rule.fixAvailability !== 'none' && !d.fixSafety) problem(`${where}: the rule offers fixes but docs.fixSafety is missing`);
  // An advisory rule says why it is left out of the default profile (shown by `aisec explain` and the docs).
  if (rule.advisory && !/^[A-Z`].{20,}\.$/.test(rule.advisory.reason)) problem(`${where}: advisory.reason must be a sentence saying why the rule is advisory`);
}

// 2. Fixtures: every rule id appears in an expectation of its family (inline `expect:`, a sidecar `.expect`,
//    or a test under test/<family>/ that generates its fixtures at test time), and each family has a good fixture.
const expectationText = new Map<string, string>();
for (const file of filesUnder(rulesRoot, (p) => /[\\/]fixtures[\\/]/.test(p))) {
  const family = relative(rulesRoot, file).split(/[\\/]/)[0];
  const base = file.split(/[\\/]/).pop() ?? '';
  let text = '';
  if (base.endsWith('.expect')) text = readFileSync(file, 'utf8');
  else if (base.startsWith('bad') || /[\\/]fixtures[\\/](?:[^\\/]+[\\/])*bad[^\\/]*[\\/]/.test(file)) {
    const bytes = readFileSync(file);
    if (!bytes.subarray(0, 8192).includes(0)) text = bytes.toString('utf8').split(/\r?\n/).filter((l) => /expect(-next-line)?:/.test(l)).join('\n');
  }
  expectationText.set(family, (expectationText.get(family) ?? '') + '\n' + text);
}
const families = new Set(ALL_RULES.map((r) => r.category));
for (const family of families) {
  const generated = filesUnder(join(root, 'test', family), (p) => p.endsWith('.test.ts')).map((p) => readFileSync(p, 'utf8')).join('\n');
  const text = expectationText.get(family) ?? '';
  for (const rule of ALL_RULES.filter((r) => r.category === family)) {
    const inFixtures = new RegExp(`\\b${rule.id}\\b`).test(text);
    const inGeneratedTests = new RegExp(`['"\`]${rule.id}['"\`]`).test(generated);
    if (!inFixtures && !inGeneratedTests) problem(`${rule.id} (${rule.name}): no bad fixture expects it (add \`expect: ${rule.id}\` to a fixture under server/src/rules/${family}/)`);
  }
  const goods = filesUnder(join(rulesRoot, family), (p) => /[\\/]fixtures[\\/](?:[^\\/]+[\\/])*good/.test(p));
  if (goods.length === 0 && !/good|negative|placeholder/i.test(generated)) problem(`family ${family}: no good fixture`);
}

// 3. Registry: every rule folder (a folder with rule.ts) is imported by its family index.
for (const family of readdirSync(rulesRoot)) {
  const familyDir = join(rulesRoot, family);
  if (!statSync(familyDir).isDirectory() || family === 'shared') continue;
  const indexPath = join(familyDir, 'index.ts');
  const index = existsSync(indexPath) ? readFileSync(indexPath, 'utf8') : '';
  for (const ruleFile of filesUnder(familyDir, (p) => p.endsWith(`${'rule.ts'}`))) {
    const folder = relative(familyDir, ruleFile).replace(/[\\/]rule\.ts$/, '');
    if (!index.includes(`./${folder}/rule`)) problem(`server/src/rules/${family}/${folder}: not registered in ${family}/index.ts`);
  }
}
const registry = readFileSync(join(rulesRoot, 'index.ts'), 'utf8');
for (const family of families) if (!registry.includes(`./${family}/index`)) problem(`family ${family} is not in server/src/rules/index.ts`);

// 4. Purity of the engine and the rules (ESLint enforces this too; this is the build-time check).
const forbidden = /^\s*(?:import\b|export\b|\})[^;\n]*?from\s+['"](vscode[^'"]*|node:[^'"]+|fs|path|os|http|https|net|tls|child_process|worker_threads|zlib)['"]|require\(\s*['"](fs|child_process|http|https|net)['"]\s*\)|^\s*(?:import\b|export\b|\})[^;\n]*?from\s+['"][./]+\/(lsp|cli|intel|host)\//m;
for (const file of filesUnder(join(root, 'server', 'src', 'engine'), (p) => p.endsWith('.ts')).concat(filesUnder(rulesRoot, (p) => p.endsWith('.ts') && !/[\\/]fixtures[\\/]/.test(p)))) {
  // Comments may mention modules freely; only code counts.
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '').replace(/\s\/\/.*$/gm, '');
  const m = forbidden.exec(text);
  if (m) problem(`${relative(root, file)}: the engine and the rules are pure, but this file imports "${m[1] ?? m[2] ?? m[0]}"`);
}

if (problems.length > 0) {
  console.error(`check-rules: ${problems.length} problem(s)`);
  for (const p of problems) console.error(`  - ${p}`);
  process.exit(1);
}
console.log(`check-rules: ${ALL_RULES.length} rules complete (metadata, docs, fixtures, registry); engine and rules are pure`);
