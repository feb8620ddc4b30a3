/**
 * The `aisec` command. This file is the only place that reads `process.argv`, writes to the process's
 * streams or sets the exit code: 0 when no finding at or above `--fail-on` remains, 1 when one does,
 * 2 for a usage or configuration error, 3 when nothing fails but some file was analysed only in part or refused (a special file).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FileSystemProjectFacts, intelUpdate } from '../intel/index';
import { endpointsFromEnv, legacyUserIntelSnapshotPath, userIntelSnapshotPath } from '../host/engine-ports';
import { BASELINE_FILE_NAME, writeBaselineFile } from './baseline-file';
import { loadEngine } from '../host/load-engine';
import { ALL_RULES } from '../rules/index';
import { redactText } from '../rules/secrets/redact-text';
import { HELP, UsageError, parseScanArgs, type ScanArgs } from './args';
import { runScan, type CliIo } from './run-scan';
import { checkScanArgs, exitCode, scanSelected, writeReport } from './scan-command';
import { explainRule, rulesTable } from './rule-commands';
import { VERSION } from './version';

const COMMANDS = new Set(['scan', 'fix', 'rules', 'explain', 'baseline', 'intel', 'bom', 'help', 'version']);

/** Runs the CLI with `argv` (without the node and script paths) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.stdout(`${HELP}\n`);
    return first === undefined ? 2 : 0;
  }
  if (first === '--version' || first === '-V' || first === 'version') {
    io.stdout(`aisec ${VERSION}\n`);
    return 0;
  }
  const command = COMMANDS.has(first) ? first : 'scan';
  const args = COMMANDS.has(first) ? rest : argv;
  try {
    switch (command) {
      case 'scan':
        return await scanCommand(args, io);
      case 'fix':
        return await fixCommand(args, io);
      case 'rules':
        return rulesCommand(args, io);
      case 'explain':
        return explainCommand(args, io);
      case 'baseline':
        return await baselineCommand(args, io);
      case 'intel':
        return await intelCommand(args, io);
      case 'bom':
        return await (await import('./bom.js')).bomCommand(args, io);
      default:
        throw new UsageError(`unknown command "${first}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      // An argument may be a pasted key (`--ignore ghp_…`): errors never echo one.
      io.stderr(`aisec: ${redactText(error.message)}\nRun \`aisec --help\` for usage.\n`);
      return 2;
    }
    throw error;
  }
}

async function scanCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseScanArgs(argv, io.stderrIsTty);
  if (args.help) {
    io.stdout(`${HELP}\n`);
    return 0;
  }
  if (args.unsafe || args.diff || args.ai) throw new UsageError('--unsafe, --diff, --dry-run and --ai belong to `aisec fix` (to scan only changed files, use --diff-base REF)');
  checkScanArgs(args, io);
  if (args.statistics && (args.format === 'sarif' || args.format === 'html')) throw new UsageError(`--statistics prints text or JSON, not ${args.format === 'sarif' ? 'SARIF' : 'HTML'}`);
  const outcome = await scanSelected(args, io);
  writeReport(outcome, args, io);
  return exitCode(outcome.report, args);
}

async function fixCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseScanArgs(argv, io.stderrIsTty);
  if (args.help) {
    io.stdout(`${HELP}\n`);
    return 0;
  }
  checkScanArgs(args, io);
  rejectGitSelection(args);
  if (args.ai) return (await import('./run-ai-fix.js')).runAiFix(args, io, ALL_RULES, loadEngine, process.env);
  const { report, lines } = await (await import('./run-fix.js')).runFix(args, io, ALL_RULES, loadEngine);
  for (const line of lines) io.stdout(`${line}\n`);
  if (report.configErrors.length > 0 || !args.quiet) writeReport({ report }, { ...args, format: args.format }, io, true);
  return exitCode(report, args);
}

async function baselineCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseScanArgs(argv, io.stderrIsTty);
  if (args.help) {
    io.stdout(`${HELP}\n`);
    return 0;
  }
  checkScanArgs(args, io);
  rejectGitSelection(args);
  const file = args.output ?? BASELINE_FILE_NAME;
  const { report } = await runScan(args, io, ALL_RULES, loadEngine);
  if (report.configErrors.length > 0) {
    writeReport({ report }, { ...args, output: undefined, format: 'text' }, io, true);
    return 2;
  }
  const { entries } = writeBaselineFile(report, io.cwd, file);
  io.stdout(`Wrote ${entries} baseline entr${entries === 1 ? 'y' : 'ies'} to ${file} (${report.findings.length} findings in ${report.filesScanned} files). Scan with \`--baseline ${file}\` to report only new findings.\n`);
  return 0;
}

async function intelCommand(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv[0] !== 'update') throw new UsageError('usage: aisec intel update [--private-names GLOBS]');
  const at = argv.indexOf('--private-names');
  const privateNames = at > 0 && argv[at + 1] ? argv[at + 1]!.split(',').map((s) => s.trim()).filter((s) => s !== '') : [];
  const outDir = userIntelSnapshotPath();
  mkdirSync(dirname(outDir), { recursive: true });
  io.stderr(`aisec: refreshing package intelligence from OSV (network) into ${outDir} ...\n`);
  try {
    // The workspace's own dependencies are queried too, beside the most popular names (private names never).
    const facts = new FileSystemProjectFacts({ root: io.cwd });
    const here = join(io.cwd, 'aisec-intel-update');
    const names = { pypi: [...(facts.declaredDependencies(here, 'pypi') ?? [])], npm: [...(facts.declaredDependencies(here, 'npm') ?? [])] };
    const result = await intelUpdate({ outDir, endpoints: endpointsFromEnv(), names, ...(privateNames.length > 0 ? { privateNames } : {}) });
    // The single file an earlier version wrote would only be read if the folder went missing: it is older.
    rmSync(legacyUserIntelSnapshotPath(), { force: true });
    io.stdout(`Updated ${result.outDir}: ${result.advisories.pypi + result.advisories.npm} advisories, ${result.malicious.pypi + result.malicious.npm} malicious-package records (${result.queried.pypi} PyPI and ${result.queried.npm} npm names queried).\n`);
    for (const ecosystem of ['pypi', 'npm'] as const) {
      const exported = result.exports[ecosystem];
      if (exported && 'records' in exported) io.stdout(`OSV export (${ecosystem}): ${exported.records} records, so every advisory and malicious-package record now answers offline.\n`);
      if (exported && 'error' in exported) io.stderr(`aisec: the OSV ${ecosystem} export could not be read (${exported.error}); the most popular and the workspace's names were queried instead.\n`);
      const written = result.registryNames?.names[ecosystem];
      const error = result.registryNames?.errors[ecosystem];
      if (written !== undefined) io.stdout(`Registry names (${ecosystem}): ${written} names for the offline existence check.\n`);
      if (error) io.stderr(`aisec: the ${ecosystem} name list was not refreshed (${error}); the previous one stays.\n`);
    }
    return 0;
  } catch (error) {
    io.stderr(`aisec: intel update failed: ${(error as Error).message}; scans keep using the previous snapshot.\n`);
    return 2;
  }
}

/** Options only `aisec scan` has: `--staged` and `--diff-base` choose what to scan (fixing or baselining a selection git made is not offered), and the HTML page. */
function rejectGitSelection(args: ScanArgs): void {
  if (args.staged || args.diffBase !== undefined || args.history || args.since !== undefined) throw new UsageError('--staged, --diff-base and --history belong to `aisec scan`');
  // `fix` and `baseline` print a summary, not a report: a page would hold no findings.
  if (args.format === 'html') throw new UsageError('--format html belongs to `aisec scan`');
}

function rulesCommand(argv: readonly string[], io: CliIo): number {
  const json = argv.includes('--format=json') || (argv.includes('--format') && argv[argv.indexOf('--format') + 1] === 'json') || argv.includes('--json');
  io.stdout(rulesTable(ALL_RULES, json));
  return 0;
}

function explainCommand(argv: readonly string[], io: CliIo): number {
  const wanted = argv.filter((a) => !a.startsWith('-'));
  if (wanted.length === 0) throw new UsageError('explain needs a rule code or name, e.g. `aisec explain AIS101`');
  let status = 0;
  for (const key of wanted) {
    const explained = explainRule(ALL_RULES, key, io.stderrIsTty && !process.env.NO_COLOR && process.stdout.isTTY === true);
    if (explained.ok) io.stdout(`${explained.text}\n`);
    else {
      io.stderr(`aisec: ${redactText(explained.text)}\n`);
      status = 2;
    }
  }
  return status;
}

/** Entry point when run as a program: the launcher `dist/cli.js` calls it after loading the bundle `dist/cli-main.js`. */
export function run(): void {
  // A closed pipe (`aisec scan | head`) ends the output, not the process with a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  const io: CliIo = {
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stderrIsTty: process.stderr.isTTY === true,
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`aisec: internal error: ${redactText((error as Error).stack ?? String(error))}\n`);
      process.exitCode = 2;
    },
  );
}

if (require.main === module) run();
