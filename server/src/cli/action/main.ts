/**
 * The GitHub Action's entry point (`dist/action.js`, run by `action.yml` with `runs.using: node20`). It runs
 * `aisec scan` in `GITHUB_WORKSPACE` with the CLI's own code: the text report goes to the log, the SARIF log to
 * the `sarif-file` input (for `github/codeql-action/upload-sarif`), a Markdown summary to `GITHUB_STEP_SUMMARY`,
 * and `findings`, `errors`, `warnings` and `sarif-file` to `GITHUB_OUTPUT`. The exit code is the CLI's
 * (`fail-on`). Nothing goes to the network unless the `online` input is true.
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { redactText } from '../../rules/secrets/redact-text';
import { parseScanArgs, UsageError } from '../args';
import { summarise } from '../report';
import type { CliIo } from '../run-scan';
import { checkScanArgs, exitCode, sarifText, scanSelected, writeReport } from '../scan-command';
import { readActionInputs } from './inputs';
import { jobSummary } from './job-summary';

/** Runs the action with the runner's environment and returns the exit code. */
export async function runAction(env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  try {
    const inputs = readActionInputs(env);
    for (const warning of inputs.warnings) io.stdout(`::warning title=AISec::${workflowCommandText(warning)}\n`);
    const args = parseScanArgs(inputs.argv, false);
    checkScanArgs(args, io);
    const outcome = await scanSelected(args, io);
    writeReport(outcome, args, io);

    const sarifPath = resolve(io.cwd, inputs.sarifFile);
    mkdirSync(dirname(sarifPath), { recursive: true });
    writeFileSync(sarifPath, sarifText(outcome.report, io));

    const notes = [...(inputs.diffBase ? [`Only findings on lines this pull request adds or edits: since the merge base with ${inputs.diffBase.ref} (${inputs.diffBase.from}).`] : []), ...inputs.warnings];
    const server = env['GITHUB_SERVER_URL'];
    const repository = env['GITHUB_REPOSITORY'];
    const sha = env['GITHUB_SHA'];
    const repositoryRoot = outcome.selection?.root ?? io.cwd;
    const summary = jobSummary(outcome, {
      ...(server && repository && sha ? { blobBase: `${server.replace(/\/$/, '')}/${repository}/blob/${sha}` } : {}),
      repositoryPath: (path) => relative(repositoryRoot, resolve(io.cwd, path)).split(sep).join('/'),
      notes,
    });
    const summaryFile = env['GITHUB_STEP_SUMMARY'];
    if (summaryFile) appendFileSync(summaryFile, summary);

    const counts = summarise(outcome.report.findings);
    const outputFile = env['GITHUB_OUTPUT'];
    if (outputFile) {
      const outputs = { findings: counts.total, errors: counts.bySeverity.error, warnings: counts.bySeverity.warning, 'sarif-file': inputs.sarifFile };
      appendFileSync(outputFile, Object.entries(outputs).map(([name, value]) => outputLine(name, String(value))).join(''));
    }
    const code = exitCode(outcome.report, args);
    if (code === 1) io.stdout(`::error title=AISec::${counts.total} finding(s) at or above fail-on (${args.failOn}); see the job summary and the code scanning alerts.\n`);
    return code;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stdout(`::error title=AISec::${workflowCommandText(redactText(error.message))}\n`);
      return 2;
    }
    throw error;
  }
}

/** One `GITHUB_OUTPUT` entry in the multi-line form, with a delimiter no value can contain. */
function outputLine(name: string, value: string): string {
  const delimiter = `aisec_${randomBytes(12).toString('hex')}`;
  return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
}

/** A workflow command's message: `%`, CR and LF escaped as the runner expects. */
function workflowCommandText(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Entry point when run by the runner (`node dist/action.js`). */
function run(): void {
  const io: CliIo = {
    cwd: process.env['GITHUB_WORKSPACE'] || process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stderrIsTty: false,
  };
  runAction(process.env, io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stdout.write(`::error title=AISec::internal error: ${workflowCommandText(redactText((error as Error).stack ?? String(error)))}\n`);
      process.exitCode = 2;
    },
  );
}

if (require.main === module) run();
