/**
 * `aisec fix --ai [--dry-run] PATH...`: asks the configured model (`AISEC_AI_BASE_URL`, `AISEC_AI_MODEL`,
 * `OPENAI_API_KEY`) for a fix of each finding in the given code files, one finding at a time on the text
 * the previous verified fixes left, and keeps only patches AISec verified (`ai/verify.ts`). With
 * `--dry-run` it prints the unified diff (redacted); otherwise it writes each file through the same
 * atomic, byte-exact path as `aisec fix` (`fix-files.ts`), over exactly the bytes it read.
 */
import { resolve } from 'node:path';
import type { Engine, Finding, RuleMeta } from '../engine/index';
import { isCodeLanguage } from '../engine/index';
import { aiConfigProblem, readAiConfig } from '../ai/config';
import { AiAnswerCache } from '../ai/answer-cache';
import { requestVerifiedFix, type AiFixOutcome } from '../ai/fix-session';
import { OpenAiCompatibleProvider } from '../ai/provider';
import { ConfigLoader } from '../host/config-loader';
import { createHostPorts, userAiCachePath } from '../host/engine-ports';
import { DEFAULT_MAX_MODEL_BYTES, engineConfigFor, projectRootOf } from '../host/scan';
import { redactText } from '../rules/secrets/redact-text';
import type { ScanArgs } from './args';
import { encodeLike, readSourceSnapshot, writeOver } from './fix-files';
import { unifiedDiff } from './redacted-diff';
import { runScan, scanOverridesOf, type CliIo } from './run-scan';

/** Runs the command and returns its exit code: 0 when every finding got a verified fix, 1 when some did not, 2 when AI is not configured. */
export async function runAiFix(args: ScanArgs, io: CliIo, rules: readonly RuleMeta[], loadEngine: () => Promise<Engine>, env: Readonly<Record<string, string | undefined>>): Promise<number> {
  const { config, problems } = readAiConfig(undefined, env);
  const problem = problems[0] ?? aiConfigProblem(config);
  if (problem) {
    io.stderr(`aisec: fix --ai: ${problem}\n`);
    return 2;
  }
  if (args.paths.length === 0) {
    io.stderr('aisec: fix --ai needs the files to fix (aisec fix --ai [--dry-run] PATH...): each finding is a request to the model\n');
    return 2;
  }
  const engine = await loadEngine();
  const { report } = await runScan({ ...args, jobs: 1 }, io, rules, loadEngine);
  if (report.configErrors.length > 0) {
    for (const error of report.configErrors) io.stderr(`aisec: ${redactText(`${error.file}:${error.line}: ${error.message}`)}\n`);
    return 2;
  }
  const roots = args.paths.map((p) => resolve(io.cwd, p));
  const ports = createHostPorts(engine, { baseFolder: io.cwd, roots, projectRoot: projectRootOf(roots), maxModelBytes: DEFAULT_MAX_MODEL_BYTES });
  const loader = new ConfigLoader(rules, io.cwd);
  const explicit = args.config ? loader.loadExplicit(resolve(io.cwd, args.config)) : undefined;
  const provider = new OpenAiCompatibleProvider(config, env.AISEC_AI_TRACE === '1' ? (line) => io.stderr(`aisec: trace: ${line}\n`) : undefined);
  // Verified patches of earlier runs answer the same code again (verified again first) without a request.
  const cache = new AiAnswerCache({ file: userAiCachePath(env), warn: (message) => io.stderr(`${redactText(message)}\n`) });
  const byPath = new Map<string, Finding[]>();
  for (const finding of report.findings) {
    if (finding.advisory === 'hint' || !isCodeLanguage(engine.kindOf(finding.path))) continue;
    byPath.set(finding.path, [...(byPath.get(finding.path) ?? []), finding]);
  }
  if (byPath.size === 0) {
    io.stdout('No finding in Python, JavaScript or TypeScript code to fix.\n');
    return 0;
  }
  let verified = 0;
  let unfixed = 0;
  for (const [path, findings] of byPath) {
    const absolute = resolve(io.cwd, path);
    const snapshot = readSourceSnapshot(absolute, engine.kindOf(path) ?? 'text');
    if ('refused' in snapshot) {
      io.stdout(`${path}: not fixed: ${snapshot.refused}\n`);
      unfixed += findings.length;
      continue;
    }
    const engineConfig = engineConfigFor(explicit ?? loader.forPath(absolute), absolute, scanOverridesOf(args));
    const analyse = (text: string) => engine.analyze({ path, text, config: engineConfig, ports });
    let text = snapshot.text;
    for (const wanted of findings) {
      // Earlier fixes moved the code: find the same finding (rule and content fingerprint) in the current text.
      const finding = analyse(text).findings.find((f) => f.ruleId === wanted.ruleId && f.fingerprint === wanted.fingerprint);
      const at = `${path}:${wanted.range.start.line + 1} ${wanted.ruleId}`;
      if (!finding) {
        io.stdout(`${at}: already gone after the fixes above\n`);
        continue;
      }
      const outcome = await requestVerifiedFix({ engine, provider, config, path, text, finding, rules, analyse, cache });
      io.stdout(describeOutcome(at, outcome));
      if (outcome.kind === 'verified') {
        text = outcome.text;
        verified += 1;
      } else unfixed += 1;
    }
    if (text === snapshot.text) continue;
    if (args.diff) {
      io.stdout(unifiedDiff(path, snapshot.text, text));
      continue;
    }
    const bytes = encodeLike(snapshot, text);
    const refused = bytes ? writeOver(absolute, snapshot, bytes) : `the fixed text has characters that ${snapshot.encoding.charset} cannot hold`;
    io.stdout(refused ? `${path}: not written: ${refused}\n` : `${path}: written\n`);
  }
  io.stdout(`${args.diff ? 'Would apply' : 'Applied'} ${verified} verified AI fix${verified === 1 ? '' : 'es'}; ${unfixed} finding${unfixed === 1 ? '' : 's'} without a verified fix.\n`);
  return unfixed > 0 ? 1 : 0;
}

function describeOutcome(at: string, outcome: AiFixOutcome): string {
  const usage = `${outcome.usage.attempts} attempt${outcome.usage.attempts === 1 ? '' : 's'}, ${outcome.usage.promptTokens + outcome.usage.completionTokens} tokens, ${Math.round(outcome.usage.latencyMs)} ms`;
  if (outcome.kind === 'verified') {
    const lines = [`${at}: verified AI fix (${outcome.cached ? 'from the cache' : usage}): ${redactText(outcome.rationale || 'no rationale given')}`, ...outcome.evidence.map((e) => `    ✓ ${e}`)];
    return `${lines.join('\n')}\n`;
  }
  return `${at}: no verified fix: ${redactText(outcome.reason)} (${usage})\n`;
}
