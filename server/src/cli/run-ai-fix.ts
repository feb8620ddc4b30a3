/**
 * `aisec fix --ai [--dry-run] PATH...`: asks the configured model (`AISEC_AI_BASE_URL`, `AISEC_AI_MODEL`,
 * `OPENAI_API_KEY`) for a fix of each finding in the given code files and notebooks' code cells, one
 * finding at a time on the code the previous verified fixes left (`ai-fix-targets.ts`), and keeps only
 * patches AISec verified (`ai/verify.ts`). Before a file is written it is analysed again as a whole, as the
 * scan reads it. With `--dry-run` it prints the unified diff (redacted); otherwise it writes each file
 * through the same atomic, byte-exact path as `aisec fix` (`fix-files.ts`), over exactly the bytes it read.
 */
import { resolve } from 'node:path';
import type { Engine, Finding, RuleMeta } from '../engine/index';
import { isCodeLanguage } from '../engine/index';
import { aiConfigProblem, readAiConfig } from '../ai/config';
import { AiAnswerCache } from '../ai/answer-cache';
import { requestVerifiedFix, type AiFixOutcome } from '../ai/fix-session';
import type { ModelPatch } from '../ai/patch';
import { OpenAiCompatibleProvider } from '../ai/provider';
import { ConfigLoader } from '../host/config-loader';
import { describeDelta, findingDelta } from '../host/finding-delta';
import { createHostPorts, userAiCachePath } from '../host/engine-ports';
import { DEFAULT_MAX_MODEL_BYTES, engineConfigFor, projectRootOf } from '../host/scan';
import { redactText } from '../rules/secrets/redact-text';
import { codeFixTarget, notebookFixTarget } from './ai-fix-targets';
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
    const kind = engine.kindOf(finding.path);
    if (finding.advisory === 'hint' || !(isCodeLanguage(kind) || kind === 'notebook')) continue;
    byPath.set(finding.path, [...(byPath.get(finding.path) ?? []), finding]);
  }
  if (byPath.size === 0) {
    io.stdout('No finding in Python, JavaScript or TypeScript code or notebook cells to fix.\n');
    return 0;
  }
  let verified = 0;
  let unfixed = 0;
  for (const [path, findings] of byPath) {
    const absolute = resolve(io.cwd, path);
    const kind = engine.kindOf(path) ?? 'text';
    const skipped = (reason: string): void => {
      io.stdout(`${path}: not fixed: ${reason}\n`);
      unfixed += findings.length;
    };
    const snapshot = readSourceSnapshot(absolute, kind);
    if ('refused' in snapshot) {
      skipped(snapshot.refused);
      continue;
    }
    const engineConfig = engineConfigFor(explicit ?? loader.forPath(absolute), absolute, scanOverridesOf(args));
    const input = { engine, path, text: snapshot.text, config: engineConfig, ports };
    const target = kind === 'notebook' ? notebookFixTarget(input) : codeFixTarget(input);
    if ('problem' in target) {
      skipped(target.problem);
      continue;
    }
    const fixed: Finding[] = [];
    for (const wanted of findings) {
      // Earlier fixes moved the code: find the same finding (rule and content fingerprint) in the current code.
      const finding = target.find(wanted);
      const at = target.label(wanted);
      if (!finding && fixed.length > 0) {
        io.stdout(`${at}: already gone after the fixes above\n`);
        continue;
      }
      if (!finding || 'problem' in finding) {
        io.stdout(`${at}: no verified fix: ${finding ? finding.problem : 'AISec does not find it again in the code it would ask about'}\n`);
        unfixed += 1;
        continue;
      }
      const accept = target.acceptPatch ? { acceptPatch: (patch: ModelPatch) => target.acceptPatch!(patch) } : {};
      const outcome = await requestVerifiedFix({ engine, provider, config, path: target.codePath, text: target.code(), finding, rules, analyse: (text) => target.analyse(text), cache, ...accept });
      const carried = outcome.kind === 'verified' ? target.take(outcome) : undefined;
      io.stdout(describeOutcome(at, outcome, carried));
      if (outcome.kind === 'verified' && carried === undefined) {
        verified += 1;
        fixed.push(wanted);
      } else unfixed += 1;
    }
    const text = target.fileText();
    if (snapshot.text === text) continue;
    // The file as it would be written, analysed as the scan analysed it: the fixed findings gone and nothing new.
    const analyseFile = (fileText: string): Finding[] => engine.analyze({ path, text: fileText, config: engineConfig, ports }).findings;
    const left = describeDelta(findingDelta(analyseFile(snapshot.text), analyseFile(text), fixed));
    if (left) {
      io.stdout(`${path}: not written: analysed again as a whole, the fixed file ${left}\n`);
      verified -= fixed.length;
      unfixed += fixed.length;
      continue;
    }
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

function describeOutcome(at: string, outcome: AiFixOutcome, notCarried: string | undefined): string {
  const usage = `${outcome.usage.attempts} attempt${outcome.usage.attempts === 1 ? '' : 's'}, ${outcome.usage.promptTokens + outcome.usage.completionTokens} tokens, ${Math.round(outcome.usage.latencyMs)} ms`;
  if (outcome.kind === 'verified' && notCarried !== undefined) return `${at}: no verified fix: the verified fix could not be written into the file (${notCarried})\n`;
  if (outcome.kind === 'verified') {
    const lines = [`${at}: verified AI fix (${outcome.cached ? 'from the cache' : usage}): ${redactText(outcome.rationale || 'no rationale given')}`, ...outcome.evidence.map((e) => `    ✓ ${e}`)];
    return `${lines.join('\n')}\n`;
  }
  return `${at}: no verified fix: ${redactText(outcome.reason)} (${usage})\n`;
}
