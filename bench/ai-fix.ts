/**
 * `npm run bench:ai-fix`: how often the configured model's fixes pass AISec's verification. It takes
 * every rule's bad fixtures (and, when the real-code cache is filled, the findings judged true positives
 * in bench/real/judgements.jsonl), asks the endpoint for a verified fix of each finding in Python,
 * JavaScript or TypeScript code, and reports per rule: findings tried, verified fixes and their rate,
 * attempts, latency and tokens. Without an endpoint (AISEC_AI_BASE_URL / AISEC_AI_MODEL / OPENAI_API_KEY)
 * it says so and exits 0. A benchmark, not a test: it asserts nothing.
 *
 *   npm run bench:ai-fix -- [--rules AIS101,AIS280] [--max-per-rule N] [--no-real] [--json FILE]
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { aiConfigProblem, readAiConfig } from '../server/src/ai/config';
import { AiAnswerCache } from '../server/src/ai/answer-cache';
import { requestVerifiedFix, type AiFixOutcome } from '../server/src/ai/fix-session';
import { OpenAiCompatibleProvider } from '../server/src/ai/provider';
import { createEngine, DEFAULT_CONFIG, isCodeLanguage, type EngineConfig, type Finding } from '../server/src/engine/index';
import { engineOptions } from '../server/src/host/load-engine';
import { ALL_MODULES } from '../server/src/rules/index';
import { hashLine, readJudgements } from './real/judgement-key';

const ROOT = join(__dirname, '..');

interface Case {
  source: 'fixture' | 'real';
  path: string;
  text: string;
  finding: Finding;
}

interface RuleFigures {
  tried: number;
  verified: number;
  failed: number;
  attempts: number;
  latencyMs: number;
  tokens: number;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { rules: { type: 'string' }, 'max-per-rule': { type: 'string' }, 'no-real': { type: 'boolean' }, json: { type: 'string' } } });
  const { config, problems } = readAiConfig(undefined, process.env);
  const problem = problems[0] ?? aiConfigProblem(config);
  if (problem) {
    console.log(`bench:ai-fix: no AI endpoint is configured (${problem}); nothing was measured.`);
    console.log('Set AISEC_AI_BASE_URL (e.g. http://127.0.0.1:11434/v1 for Ollama), AISEC_AI_MODEL and, for hosted endpoints, OPENAI_API_KEY.');
    return 0;
  }
  const onlyRules = values.rules ? new Set(values.rules.split(',').map((r) => r.trim())) : undefined;
  const maxPerRule = values['max-per-rule'] ? Number(values['max-per-rule']) : 10;
  const engine = await createEngine(engineOptions(ALL_MODULES));
  const cases = [...fixtureCases(engine), ...(values['no-real'] ? [] : realCases(engine))].filter((c) => !onlyRules || onlyRules.has(c.finding.ruleId));
  const perRule = new Map<string, Case[]>();
  for (const c of cases) {
    const list = perRule.get(c.finding.ruleId) ?? [];
    if (list.length < maxPerRule) list.push(c);
    perRule.set(c.finding.ruleId, list);
  }
  const provider = new OpenAiCompatibleProvider(config);
  // In memory only: answers of an earlier run must not count as this run's figures.
  const cache = new AiAnswerCache();
  const figures = new Map<string, RuleFigures>();
  const failures: string[] = [];
  console.log(`bench:ai-fix: ${[...perRule.values()].flat().length} findings of ${perRule.size} rules, model ${config.model} at ${provider.endpoint}`);
  for (const [rule, list] of [...perRule].sort(([a], [b]) => a.localeCompare(b))) {
    const f: RuleFigures = { tried: 0, verified: 0, failed: 0, attempts: 0, latencyMs: 0, tokens: 0 };
    for (const c of list) {
      const analyse = (text: string) => engine.analyze({ path: c.path, text, config: MEASURED_CONFIG });
      const outcome: AiFixOutcome = await requestVerifiedFix({ engine, provider, config, path: c.path, text: c.text, finding: c.finding, rules: engine.rules, analyse, cache });
      f.tried += 1;
      f.attempts += outcome.usage.attempts;
      f.latencyMs += outcome.usage.latencyMs;
      f.tokens += outcome.usage.promptTokens + outcome.usage.completionTokens;
      if (outcome.kind === 'verified') f.verified += 1;
      else {
        if (outcome.kind === 'failed') f.failed += 1;
        failures.push(`${rule} ${c.source} ${c.path}:${c.finding.range.start.line + 1}: ${outcome.reason}`);
      }
    }
    figures.set(rule, f);
  }
  const rows = [...figures].map(([rule, f]) => [rule, String(f.tried), String(f.verified), `${Math.round((100 * f.verified) / Math.max(1, f.tried))}%`, (f.attempts / Math.max(1, f.tried)).toFixed(1), `${Math.round(f.latencyMs / Math.max(1, f.tried))}`, `${Math.round(f.tokens / Math.max(1, f.tried))}`, String(f.failed)]);
  const total = [...figures.values()].reduce((a, f) => ({ tried: a.tried + f.tried, verified: a.verified + f.verified }), { tried: 0, verified: 0 });
  printTable(['rule', 'tried', 'verified', 'rate', 'attempts/finding', 'ms/finding', 'tokens/finding', 'request errors'], rows);
  console.log(`\nverified ${total.verified} of ${total.tried} (${Math.round((100 * total.verified) / Math.max(1, total.tried))}%)`);
  if (failures.length > 0) console.log(`\nwithout a verified fix:\n${failures.map((l) => `  ${l}`).join('\n')}`);
  if (values.json) writeFileSync(values.json, `${JSON.stringify({ model: config.model, endpoint: provider.endpoint, rules: Object.fromEntries(figures) }, null, 2)}\n`);
  return 0;
}

/**
 * Fixtures live under `fixtures/`, which AISec treats as test code (hidden by default), and judged findings may
 * sit in tests too; the benchmark measures fixes of those findings at their rule's severity.
 */
const MEASURED_CONFIG: EngineConfig = { ...DEFAULT_CONFIG, testCode: 'same' };

/** Every finding in the bad fixtures' code (its own rule or any other: the fixture is real code for all). */
function fixtureCases(engine: Awaited<ReturnType<typeof createEngine>>): Case[] {
  const out: Case[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\/fixtures\/bad[^/]*$/.test(full.split('\\').join('/')) && isCodeLanguage(engine.kindOf(full))) {
        const text = readFileSync(full, 'utf8');
        const path = relative(ROOT, full);
        for (const finding of engine.analyze({ path, text, config: MEASURED_CONFIG }).findings) if (!finding.advisory) out.push({ source: 'fixture', path, text, finding });
      }
    }
  };
  walk(join(ROOT, 'server', 'src', 'rules'));
  return out;
}

/** The judged true positives of the real-code benchmark whose repository is in the cache. */
function realCases(engine: Awaited<ReturnType<typeof createEngine>>): Case[] {
  const cache = process.env.AISEC_BENCH_REAL_CACHE || join(homedir(), '.cache', 'aisec', 'bench-real');
  const out: Case[] = [];
  for (const judgement of readJudgements(join(ROOT, 'bench', 'real', 'judgements.jsonl'))) {
    if (judgement.verdict !== 'tp') continue;
    const folder = join(cache, `${judgement.repo.replace('/', '+')}@${judgement.commit}`);
    const file = join(folder, judgement.path);
    if (!existsSync(join(folder, '.aisec-bench-complete')) || !existsSync(file) || !isCodeLanguage(engine.kindOf(file))) continue;
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    const matching = engine.analyze({ path: judgement.path, text, config: MEASURED_CONFIG }).findings.filter((f) => f.ruleId === judgement.rule && hashLine(lines[f.range.start.line] ?? '') === judgement.lineHash);
    const finding = matching[judgement.occurrence - 1];
    if (finding) out.push({ source: 'real', path: judgement.path, text, finding });
  }
  return out;
}

function printTable(head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(head));
  for (const row of rows) console.log(line(row));
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench:ai-fix failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    process.exit(1);
  },
);
