/**
 * `npm run bench:real`: the real-code benchmark (not a test). Scans each repository of bench/real/repos.json
 * with the built CLI as a new user would (`aisec scan . --format json` from the repository's folder,
 * default options), and prints:
 *   - per repository: files, code lines, findings by severity, findings per 1,000 code lines, time;
 *   - per rule: findings by severity, findings per 1,000 lines, the repositories it fires in;
 *   - precision (tp / (tp + noise + fp)) per severity and per rule, joining the findings with
 *     bench/real/judgements.jsonl (see judgement-key.ts for the key);
 *   - the share of all findings produced by each information-level rule;
 *   - findings that have no judgement yet (also written to <cache>/unjudged.jsonl, to be judged) and
 *     judgements that no finding matches any more (a fixed false positive, or a lost true positive).
 *
 *   npm run bench:real -- [--profile audit] [--repos owner/name,...] [--offline] [--detail] [--cli dist/cli.js] [-- extra scan args]
 *
 * `--detail` adds each repository's findings per rule. Arguments it does not know are passed to `aisec scan`
 * as they are (so `--profile audit`, `--select X`); a usage error there stops the run, any other failed scan
 * is reported at the end while the other repositories are still scanned.
 * A repository missing from the cache is exported or cloned by prepare.mjs; when that cannot be done the
 * benchmark says how to fill the cache and goes on with the others.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigLoader } from '../../server/src/host/config-loader';
import { walkFiles } from '../../server/src/host/walk';
import { hashLine, keyOf, LineReader, numberOccurrences, readJudgements, type Judgement, type KeyedFinding, type ScanFinding, type Verdict } from './judgement-key';
// @ts-expect-error prepare.mjs is plain JavaScript, run directly with node as well.
import { cacheRoot, prepareRepository, readManifest } from './prepare.mjs';

interface ManifestEntry { repo: string; commit: string; kind: string; about: string }
interface RepoResult {
  entry: ManifestEntry;
  files: number;
  codeLines: number;
  seconds: number;
  findings: KeyedFinding[];
  missingFiles: number;
}

const here = __dirname;
const projectRoot = resolve(here, '..', '..');
const JUDGEMENTS = join(here, 'judgements.jsonl');
const SEVERITIES = ['error', 'warning', 'info'] as const;
const MAX_FILE_BYTES = 2 * 1024 * 1024;

function parseArgs(argv: string[]): { repos: Set<string>; offline: boolean; detail: boolean; cli: string; scanArgs: string[] } {
  const repos = new Set<string>();
  let detail = false;
  let offline = process.env.AISEC_BENCH_REAL_OFFLINE === '1';
  let cli = join(projectRoot, 'dist', 'cli.js');
  const scanArgs: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--repos') for (const repo of (argv[++i] ?? '').split(',').filter(Boolean)) repos.add(repo);
    else if (arg === '--offline') offline = true;
    else if (arg === '--detail') detail = true;
    else if (arg === '--cli') cli = resolve(argv[++i] ?? cli);
    else if (arg === '--') {
      scanArgs.push(...argv.slice(i + 1));
      break;
    }
    else scanArgs.push(arg);
  }
  return { repos, offline, detail, cli, scanArgs };
}

/** Files the scan walks and the code lines among them (notebooks count their code cells). */
async function measure(folder: string): Promise<{ files: number; codeLines: number }> {
  let files = 0;
  let codeLines = 0;
  for await (const entry of walkFiles({ roots: [folder], configs: new ConfigLoader(undefined, folder), maxFileBytes: () => MAX_FILE_BYTES })) {
    if (entry.type !== 'file') continue;
    files += 1;
    if (entry.kind === 'python' || entry.kind === 'javascript' || entry.kind === 'typescript' || entry.kind === 'tsx') {
      codeLines += readFileSync(entry.path, 'utf8').split('\n').length;
    } else if (entry.kind === 'notebook') {
      try {
        const notebook = JSON.parse(readFileSync(entry.path, 'utf8')) as { cells?: { cell_type?: string; source?: string | string[] }[] };
        for (const cell of notebook.cells ?? []) {
          if (cell.cell_type !== 'code') continue;
          const source = Array.isArray(cell.source) ? cell.source.join('') : (cell.source ?? '');
          codeLines += source.split('\n').length;
        }
      } catch {
        // A notebook that is not JSON has no code lines to count; the scan reports it itself.
      }
    }
  }
  return { files, codeLines };
}

/** Exit code of `aisec scan` for a usage or configuration error: the same for every repository, so the run stops. */
const USAGE_ERROR = 2;

type ScanOutcome = { findings: ScanFinding[]; seconds: number } | { error: string; usage: boolean };

function scan(entry: ManifestEntry, folder: string, cli: string, scanArgs: string[], outFile: string): ScanOutcome {
  const started = performance.now();
  rmSync(outFile, { force: true });
  const run = spawnSync(process.execPath, [cli, 'scan', '.', '--format', 'json', '--fail-on', 'never', '--output', outFile, ...scanArgs], { cwd: folder, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0 || !existsSync(outFile)) {
    return { error: `aisec scan failed on ${entry.repo} (exit ${run.status ?? run.signal}): ${(run.stderr || '').trim().split('\n').slice(-5).join('\n')}`, usage: run.status === USAGE_ERROR };
  }
  const report = JSON.parse(readFileSync(outFile, 'utf8')) as { findings: ScanFinding[] };
  return { findings: report.findings, seconds };
}

const pad = (value: string | number, width: number): string => String(value).padStart(width);
const padEnd = (value: string | number, width: number): string => String(value).padEnd(width);
const perKilo = (count: number, lines: number): string => (lines > 0 ? ((count * 1000) / lines).toFixed(2) : '-');
const percent = (part: number, whole: number): string => (whole > 0 ? `${((100 * part) / whole).toFixed(1)} %` : '-');

function bySeverity(findings: readonly KeyedFinding[]): Record<(typeof SEVERITIES)[number], number> {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity] += 1;
  return counts;
}

function printRepositories(results: readonly RepoResult[]): void {
  console.log('\nPer repository (default options unless scan arguments were given)');
  console.log(`${padEnd('repository', 34)} ${pad('files', 6)} ${pad('lines', 8)} ${pad('findings', 8)} ${pad('error', 6)} ${pad('warn', 6)} ${pad('info', 6)} ${pad('/kLOC', 7)} ${pad('time s', 7)}`);
  let files = 0;
  let lines = 0;
  let findings = 0;
  let seconds = 0;
  const all: KeyedFinding[] = [];
  for (const r of results) {
    const s = bySeverity(r.findings);
    console.log(`${padEnd(r.entry.repo, 34)} ${pad(r.files, 6)} ${pad(r.codeLines, 8)} ${pad(r.findings.length, 8)} ${pad(s.error, 6)} ${pad(s.warning, 6)} ${pad(s.info, 6)} ${pad(perKilo(r.findings.length, r.codeLines), 7)} ${pad(r.seconds.toFixed(1), 7)}`);
    files += r.files;
    lines += r.codeLines;
    findings += r.findings.length;
    seconds += r.seconds;
    all.push(...r.findings);
  }
  const s = bySeverity(all);
  console.log(`${padEnd('total', 34)} ${pad(files, 6)} ${pad(lines, 8)} ${pad(findings, 8)} ${pad(s.error, 6)} ${pad(s.warning, 6)} ${pad(s.info, 6)} ${pad(perKilo(findings, lines), 7)} ${pad(seconds.toFixed(1), 7)}`);
}

function printRules(results: readonly RepoResult[]): void {
  const lines = results.reduce((sum, r) => sum + r.codeLines, 0);
  interface RuleCounts { name: string; findings: KeyedFinding[]; repos: Map<string, number> }
  const rules = new Map<string, RuleCounts>();
  for (const r of results) {
    for (const f of r.findings) {
      const rule: RuleCounts = rules.get(f.rule) ?? { name: f.ruleName, findings: [], repos: new Map<string, number>() };
      rule.findings.push(f);
      rule.repos.set(r.entry.repo, (rule.repos.get(r.entry.repo) ?? 0) + 1);
      rules.set(f.rule, rule);
    }
  }
  console.log('\nPer rule (all repositories)');
  console.log(`${padEnd('rule', 40)} ${pad('findings', 8)} ${pad('error', 6)} ${pad('warn', 6)} ${pad('info', 6)} ${pad('/kLOC', 7)}  repositories (findings)`);
  for (const [id, rule] of [...rules].sort((a, b) => b[1].findings.length - a[1].findings.length)) {
    const s = bySeverity(rule.findings);
    const where = [...rule.repos].sort((a, b) => b[1] - a[1]).map(([repo, count]) => `${repo.split('/')[1]} ${count}`).join(', ');
    console.log(`${padEnd(`${id} ${rule.name}`, 40)} ${pad(rule.findings.length, 8)} ${pad(s.error, 6)} ${pad(s.warning, 6)} ${pad(s.info, 6)} ${pad(perKilo(rule.findings.length, lines), 7)}  ${where}`);
  }
}

/** `--detail`: each repository's findings per rule and severity, with findings per 1,000 of its lines. */
function printRulesPerRepository(results: readonly RepoResult[]): void {
  console.log('\nPer repository and rule (--detail)');
  for (const r of results) {
    const counts = new Map<string, number>();
    for (const f of r.findings) counts.set(`${f.rule} ${f.ruleName} [${f.severity}]`, (counts.get(`${f.rule} ${f.ruleName} [${f.severity}]`) ?? 0) + 1);
    console.log(`${r.entry.repo} (${r.codeLines} lines)`);
    for (const [name, count] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`  ${padEnd(name, 58)} ${pad(count, 6)} ${pad(perKilo(count, r.codeLines), 7)}/kLOC`);
  }
}

type Tally = Record<Verdict, number>;
const emptyTally = (): Tally => ({ tp: 0, noise: 0, fp: 0 });
const precisionOf = (t: Tally): string => percent(t.tp, t.tp + t.noise + t.fp);

/**
 * The judged sample is stratified (every rule gets some, rare rules all, frequent ones a sample), so the
 * plain precision of a severity over-weights rare rules. The weighted column estimates the precision of
 * all findings of that severity: each rule's judged precision weighted by how many findings it has.
 */
function printPrecision(findings: readonly KeyedFinding[], judgements: readonly Judgement[]): { unjudged: KeyedFinding[]; stale: Judgement[] } {
  const byKey = new Map(judgements.map((j) => [keyOf(j), j]));
  const matchedKeys = new Set<string>();
  const rule = new Map<string, { severity: string; tally: Tally; population: number }>();
  const unjudged: KeyedFinding[] = [];
  for (const f of findings) {
    const ruleKey = `${f.rule} ${f.ruleName} [${f.severity}]`;
    const entry = rule.get(ruleKey) ?? { severity: f.severity, tally: emptyTally(), population: 0 };
    entry.population += 1;
    rule.set(ruleKey, entry);
    const judgement = byKey.get(keyOf(f));
    if (!judgement) {
      unjudged.push(f);
      continue;
    }
    matchedKeys.add(keyOf(f));
    entry.tally[judgement.verdict] += 1;
  }
  const judged = findings.length - unjudged.length;
  console.log(`\nPrecision = tp / (tp + noise + fp), over the ${judged} current findings that have a judgement (of ${findings.length}; ${judgements.length} judgements in bench/real/judgements.jsonl)`);
  console.log('"weighted" estimates all findings of the severity: per-rule precision weighted by each rule\'s number of findings; "covered" is the share of findings whose rule has judgements');
  console.log(`${padEnd('severity', 40)} ${pad('judged', 6)} ${pad('tp', 5)} ${pad('noise', 5)} ${pad('fp', 5)} ${pad('precision', 9)} ${pad('weighted', 9)} ${pad('of all', 7)} ${pad('covered', 8)}`);
  for (const level of SEVERITIES) {
    const t = emptyTally();
    let weightedTp = 0;
    let coveredPopulation = 0;
    let population = 0;
    for (const entry of rule.values()) {
      if (entry.severity !== level) continue;
      population += entry.population;
      const judgedHere = entry.tally.tp + entry.tally.noise + entry.tally.fp;
      for (const verdict of ['tp', 'noise', 'fp'] as const) t[verdict] += entry.tally[verdict];
      if (judgedHere === 0) continue;
      coveredPopulation += entry.population;
      weightedTp += (entry.population * entry.tally.tp) / judgedHere;
    }
    console.log(`${padEnd(level, 40)} ${pad(t.tp + t.noise + t.fp, 6)} ${pad(t.tp, 5)} ${pad(t.noise, 5)} ${pad(t.fp, 5)} ${pad(precisionOf(t), 9)} ${pad(percent(weightedTp, coveredPopulation), 9)} ${pad(population, 7)} ${pad(percent(coveredPopulation, population), 8)}`);
  }
  console.log('\nPrecision per rule and current severity');
  console.log(`${padEnd('rule [severity]', 60)} ${pad('judged', 6)} ${pad('tp', 5)} ${pad('noise', 5)} ${pad('fp', 5)} ${pad('precision', 9)} ${pad('of all', 7)}`);
  for (const [name, entry] of [...rule].sort((a, b) => a[0].localeCompare(b[0]))) {
    const t = entry.tally;
    console.log(`${padEnd(name, 60)} ${pad(t.tp + t.noise + t.fp, 6)} ${pad(t.tp, 5)} ${pad(t.noise, 5)} ${pad(t.fp, 5)} ${pad(precisionOf(t), 9)} ${pad(entry.population, 7)}`);
  }
  const stale = judgements.filter((j) => !matchedKeys.has(keyOf(j)));
  return { unjudged, stale };
}

/**
 * Precision per group, so the two questions the benchmark answers stay apart: the application
 * repositories (the real-code precision of issue #10, `kind` other than `config`) and the repositories
 * chosen for their assistant and pipeline configuration (`kind: config`), and, across all repositories,
 * the assistant-configuration and pipeline rules (AIS800-AIS899) against every other rule.
 */
function printPrecisionByGroup(findings: readonly KeyedFinding[], judgements: readonly Judgement[], kindOf: ReadonlyMap<string, string>): void {
  const byKey = new Map(judgements.map((j) => [keyOf(j), j]));
  const configRule = (f: KeyedFinding): boolean => /^AIS8\d\d$/.test(f.rule);
  const groups: [string, (f: KeyedFinding) => boolean][] = [
    ['application repositories, all rules', (f) => kindOf.get(f.repo) !== 'config'],
    ['configuration repositories, all rules', (f) => kindOf.get(f.repo) === 'config'],
    ['all repositories, configuration rules (AIS8xx)', configRule],
    ['all repositories, other rules', (f) => !configRule(f)],
  ];
  console.log('\nPrecision per group');
  console.log(`${padEnd('group [severity]', 56)} ${pad('judged', 6)} ${pad('tp', 5)} ${pad('noise', 5)} ${pad('fp', 5)} ${pad('precision', 9)} ${pad('of all', 7)}`);
  for (const [name, member] of groups) {
    for (const level of SEVERITIES) {
      const t = emptyTally();
      let population = 0;
      for (const f of findings) {
        if (f.severity !== level || !member(f)) continue;
        population += 1;
        const judgement = byKey.get(keyOf(f));
        if (judgement) t[judgement.verdict] += 1;
      }
      if (population > 0) console.log(`${padEnd(`${name} [${level}]`, 56)} ${pad(t.tp + t.noise + t.fp, 6)} ${pad(t.tp, 5)} ${pad(t.noise, 5)} ${pad(t.fp, 5)} ${pad(precisionOf(t), 9)} ${pad(population, 7)}`);
    }
  }
}

function printInformationShare(findings: readonly KeyedFinding[]): void {
  const info = new Map<string, number>();
  for (const f of findings) if (f.severity === 'info') info.set(`${f.rule} ${f.ruleName}`, (info.get(`${f.rule} ${f.ruleName}`) ?? 0) + 1);
  console.log(`\nShare of all ${findings.length} findings per information-level rule (goal: none above 5 %)`);
  for (const [name, count] of [...info].sort((a, b) => b[1] - a[1])) {
    const share = findings.length > 0 ? (100 * count) / findings.length : 0;
    console.log(`${padEnd(name, 48)} ${pad(count, 6)} ${pad(percent(count, findings.length), 8)}${share > 5 ? '  above 5 %' : ''}`);
  }
  if (info.size === 0) console.log('(no information-level findings)');
}

function printUnjudged(unjudged: readonly KeyedFinding[], stale: readonly Judgement[], outFile: string): void {
  writeFileSync(outFile, unjudged.map((f) => `${JSON.stringify(f)}\n`).join(''));
  const perRule = new Map<string, number>();
  for (const f of unjudged) perRule.set(`${f.rule} [${f.severity}]`, (perRule.get(`${f.rule} [${f.severity}]`) ?? 0) + 1);
  console.log(`\nFindings without a judgement: ${unjudged.length} (written to ${outFile})`);
  for (const [name, count] of [...perRule].sort((a, b) => b[1] - a[1])) console.log(`  ${padEnd(name, 24)} ${pad(count, 6)}`);
  const lost = emptyTally();
  for (const j of stale) lost[j.verdict] += 1;
  console.log(`Judgements that no current finding matches: ${stale.length} (tp ${lost.tp}, noise ${lost.noise}, fp ${lost.fp}); a tp here is a finding the rules no longer report`);
  for (const j of stale.filter((s) => s.verdict === 'tp')) console.log(`  lost tp: ${j.repo} ${j.path}:${j.line} ${j.rule}`);
}

/** Every finding of the run with its verdict and reason when it has a judgement, to see which ones remain at a severity. */
function writeJudgedFindings(findings: readonly KeyedFinding[], judgements: readonly Judgement[], outFile: string): void {
  const byKey = new Map(judgements.map((j) => [keyOf(j), j]));
  const lines = findings.map((f) => {
    const judgement = byKey.get(keyOf(f));
    return `${JSON.stringify({ ...f, verdict: judgement?.verdict, reason: judgement?.reason })}\n`;
  });
  writeFileSync(outFile, lines.join(''));
  console.log(`Every finding with its judgement: ${outFile}`);
}

async function main(): Promise<void> {
  const { repos, offline, detail, cli, scanArgs } = parseArgs(process.argv.slice(2));
  if (!existsSync(cli)) {
    console.error(`bench:real: ${cli} does not exist; run \`npm run build\` first (npm run bench:real does).`);
    process.exit(2);
  }
  const judgements = readJudgements(JUDGEMENTS);
  const everything = readManifest() as ManifestEntry[];
  const unknown = [...repos].filter((repo) => !everything.some((e) => e.repo === repo));
  if (unknown.length > 0) {
    console.error(`bench:real: --repos names repositories that bench/real/repos.json does not list: ${unknown.join(', ')}`);
    process.exit(2);
  }
  const manifest = everything.filter((e) => repos.size === 0 || repos.has(e.repo));
  const results: RepoResult[] = [];
  const missing: string[] = [];
  const failed: string[] = [];
  const outDir = join(cacheRoot() as string, 'results');
  mkdirSync(outDir, { recursive: true });
  console.log(`bench:real: ${manifest.length} repositories, cache ${cacheRoot() as string}, scan arguments: ${scanArgs.length > 0 ? scanArgs.join(' ') : '(defaults)'}`);
  for (const entry of manifest) {
    const prepared = prepareRepository(entry, { offline }) as { folder: string; error?: string; help?: string };
    if (prepared.error) {
      missing.push(`${entry.repo}: ${prepared.error}\n${prepared.help ?? ''}`);
      console.error(`bench:real: skipping ${entry.repo}: ${prepared.error}`);
      continue;
    }
    const outcome = scan(entry, prepared.folder, cli, scanArgs, join(outDir, `${entry.repo.replace('/', '+')}.json`));
    if ('error' in outcome) {
      if (outcome.usage) {
        console.error(`bench:real: ${outcome.error}`);
        process.exit(2);
      }
      failed.push(outcome.error);
      console.error(`bench:real: ${outcome.error}`);
      continue;
    }
    const { findings, seconds } = outcome;
    const { files, codeLines } = await measure(prepared.folder);
    const reader = new LineReader(prepared.folder);
    const keyed = numberOccurrences(findings.map((f): KeyedFinding => {
      const lineText = reader.textOf(f);
      return { repo: entry.repo, commit: entry.commit, path: f.path, line: f.location.line, column: f.location.column, rule: f.ruleId, ruleName: f.ruleName, severity: f.severity, message: f.message, lineHash: hashLine(lineText), occurrence: 0, lineText };
    }));
    const missingList = join(prepared.folder, '.aisec-bench-missing');
    const missingFiles = existsSync(missingList) ? readFileSync(missingList, 'utf8').split('\n').filter(Boolean).length : 0;
    results.push({ entry, files, codeLines, seconds, findings: keyed, missingFiles });
    console.log(`  ${entry.repo}: ${keyed.length} findings in ${seconds.toFixed(1)} s`);
  }
  if (results.length === 0) {
    console.error(`\nbench:real: no repository was scanned:\n${[...missing, ...failed].join('\n')}`);
    process.exit(1);
  }
  printRepositories(results);
  printRules(results);
  if (detail) printRulesPerRepository(results);
  const all = results.flatMap((r) => r.findings);
  const scanned = new Set(results.map((r) => r.entry.repo));
  const { unjudged, stale } = printPrecision(all, judgements.filter((j) => scanned.has(j.repo)));
  printPrecisionByGroup(all, judgements, new Map(results.map((r) => [r.entry.repo, r.entry.kind])));
  printInformationShare(all);
  printUnjudged(unjudged, stale, join(cacheRoot() as string, 'unjudged.jsonl'));
  writeJudgedFindings(all, judgements, join(cacheRoot() as string, 'findings.jsonl'));
  const withMissing = results.filter((r) => r.missingFiles > 0);
  if (withMissing.length > 0) console.log(`\nFiles absent from the local snapshots (blobs of 4 MiB and more): ${withMissing.map((r) => `${r.entry.repo} ${r.missingFiles}`).join(', ')}`);
  if (missing.length > 0) {
    console.error(`\nbench:real: ${missing.length} repositories could not be prepared and were not scanned:\n${missing.join('\n')}`);
    process.exitCode = 1;
  }
  if (failed.length > 0) {
    console.error(`\nbench:real: the scan failed on ${failed.length} repositories:\n${failed.join('\n')}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(`bench:real: ${(error as Error).message}`);
  process.exit(1);
});
