/**
 * Command-line parsing. Every command's options are declared once here; a usage error becomes a
 * `UsageError` that `main.ts` turns into exit code 2 with the help text.
 */
import { parseArgs } from 'node:util';
import { parseSize } from '../engine/config-file';
import { PROFILES, type Profile, type Severity } from '../engine/index';

export class UsageError extends Error {}

export type OutputFormat = 'text' | 'json' | 'sarif' | 'html';

/** Options shared by `scan`, `fix` and `baseline`. */
export interface ScanArgs {
  paths: string[];
  format: OutputFormat;
  output?: string;
  failOn: Severity | 'never';
  baseline?: string;
  select?: string[];
  ignore?: string[];
  noNosec: boolean;
  maxFileBytes?: number;
  maxModelFileBytes?: number;
  config?: string;
  jobs?: number;
  timeBudgetMs: number;
  noGitignore: boolean;
  color: boolean;
  quiet: boolean;
  /** (scan, text output) List every member of every model archive with its verdict. */
  verbose: boolean;
  unsafe: boolean;
  diff: boolean;
  /** (fix) Ask the configured model for fixes and apply only those AISec verified. */
  ai: boolean;
  /** Ask PyPI, npm and OSV about packages the bundled snapshot cannot answer for. */
  online: boolean;
  /** Package-name globs that are never sent to a registry. */
  privateNames?: string[];
  /** Overall time for the online lookups of a run, in milliseconds. */
  onlineDeadlineMs?: number;
  /** `--profile audit` also reports advisory findings; absent: the configuration files decide. */
  profile?: Profile;
  /** Findings below this severity are not reported (nor counted for `--fail-on`). */
  minSeverity: Severity;
  /** Print counts per rule instead of the findings (like `ruff --statistics`). */
  statistics: boolean;
  /** Ask each reported key's provider (its own fixed host) whether the key is active. */
  verify: boolean;
  /** Exit 1 only for keys the provider confirmed active (implies `verify`). */
  failOnVerified: boolean;
  /** (scan) Scan the staged content of the staged files, read from git's index (a pre-commit hook). */
  staged: boolean;
  /** (scan) Scan only the files changed since the merge base with this ref (a pull request's files). */
  diffBase?: string;
  /** (scan) Scan the lines every commit added (secrets rules unless `select` says otherwise). */
  history: boolean;
  /** (scan, with `history`) Only the commits reachable from HEAD and not from this ref. */
  since?: string;
}

/**
 * Per-file analysis budget. Ordinary files take milliseconds; the budget bounds pathological ones (a
 * multi-megabyte minified bundle), which are then reported as partly analysed. Text rules (secrets) always
 * run; 0 means no budget, and a parse still stops after the engine's `maxParseMs` (30 s).
 */
export const DEFAULT_TIME_BUDGET_MS = 20_000;

export const SCAN_OPTIONS = {
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  'fail-on': { type: 'string' },
  baseline: { type: 'string' },
  select: { type: 'string', multiple: true },
  ignore: { type: 'string', multiple: true },
  'no-nosec': { type: 'boolean' },
  'max-file-size': { type: 'string' },
  'max-model-file-size': { type: 'string' },
  config: { type: 'string', short: 'c' },
  jobs: { type: 'string', short: 'j' },
  'time-budget': { type: 'string' },
  'no-gitignore': { type: 'boolean' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  verbose: { type: 'boolean' },
  unsafe: { type: 'boolean' },
  diff: { type: 'boolean' },
  ai: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  online: { type: 'boolean' },
  verify: { type: 'boolean' },
  'fail-on-verified': { type: 'boolean' },
  'private-names': { type: 'string', multiple: true },
  'online-deadline': { type: 'string' },
  profile: { type: 'string' },
  'min-severity': { type: 'string' },
  statistics: { type: 'boolean' },
  staged: { type: 'boolean' },
  'diff-base': { type: 'string' },
  history: { type: 'boolean' },
  since: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Parses the options of a scanning command (after the command name). */
export function parseScanArgs(argv: readonly string[], isTty: boolean): ScanArgs & { help: boolean } {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: SCAN_OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const v = parsed.values;
  const format = v.format ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'sarif' && format !== 'html') throw new UsageError(`--format must be text, json, sarif or html, not "${format}"`);
  const failOn = (v['fail-on'] ?? 'info').toLowerCase();
  if (!['error', 'warning', 'info', 'never', 'none'].includes(failOn)) throw new UsageError(`--fail-on must be error, warning, info or never, not "${v['fail-on']}"`);
  const profile = v.profile?.toLowerCase();
  if (profile !== undefined && !(PROFILES as readonly string[]).includes(profile)) throw new UsageError(`--profile must be ${PROFILES.join(' or ')}, not "${v.profile}"`);
  const minSeverity = (v['min-severity'] ?? 'info').toLowerCase();
  if (!['error', 'warning', 'info'].includes(minSeverity)) throw new UsageError(`--min-severity must be error, warning or info, not "${v['min-severity']}"`);
  const size = (name: 'max-file-size' | 'max-model-file-size'): number | undefined => {
    const raw = v[name];
    if (raw === undefined) return undefined;
    const bytes = parseSize(/^\d+$/.test(raw) ? Number(raw) : raw);
    if (bytes === undefined) throw new UsageError(`--${name} must be a size such as 2097152, 512KB or 4MB, not "${raw}"`);
    return bytes;
  };
  let jobs: number | undefined;
  if (v.jobs !== undefined) {
    jobs = Number(v.jobs);
    if (!Number.isInteger(jobs) || jobs < 0) throw new UsageError(`--jobs must be a whole number (0 = one per core), not "${v.jobs}"`);
  }
  const budget = v['time-budget'] === undefined ? DEFAULT_TIME_BUDGET_MS : Number(v['time-budget']);
  if (!Number.isFinite(budget) || budget < 0) throw new UsageError(`--time-budget must be a number of milliseconds (0 = no budget), not "${v['time-budget']}"`);
  let onlineDeadline: number | undefined;
  if (v['online-deadline'] !== undefined) {
    onlineDeadline = Number(v['online-deadline']);
    if (!Number.isFinite(onlineDeadline) || onlineDeadline <= 0) throw new UsageError(`--online-deadline must be a positive number of milliseconds, not "${v['online-deadline']}"`);
  }
  const list = (values: string[] | undefined): string[] | undefined => (values ? values.flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '') : undefined);
  const args: ScanArgs & { help: boolean } = {
    paths: parsed.positionals,
    format,
    failOn: failOn === 'none' ? 'never' : (failOn as Severity | 'never'),
    noNosec: v['no-nosec'] === true,
    timeBudgetMs: budget,
    noGitignore: v['no-gitignore'] === true,
    color: v['no-color'] ? false : v.color === true ? true : isTty && !process.env.NO_COLOR,
    quiet: v.quiet === true,
    verbose: v.verbose === true,
    unsafe: v.unsafe === true,
    // `--dry-run` is the name `aisec fix --ai` documents; it prints the diff like `--diff`.
    diff: v.diff === true || v['dry-run'] === true,
    ai: v.ai === true,
    online: v.online === true,
    minSeverity: minSeverity as Severity,
    statistics: v.statistics === true,
    verify: v.verify === true || v['fail-on-verified'] === true,
    failOnVerified: v['fail-on-verified'] === true,
    staged: v.staged === true,
    history: v.history === true,
    help: v.help === true,
  };
  if (v.since !== undefined) args.since = v.since;
  if (v['diff-base'] !== undefined) args.diffBase = v['diff-base'];
  if (profile !== undefined) args.profile = profile as Profile;
  const privateNames = list(v['private-names']);
  if (privateNames) args.privateNames = privateNames;
  if (onlineDeadline !== undefined) args.onlineDeadlineMs = onlineDeadline;
  if (v.output !== undefined) args.output = v.output;
  if (v.baseline !== undefined) args.baseline = v.baseline;
  const select = list(v.select);
  if (select) args.select = select;
  const ignore = list(v.ignore);
  if (ignore) args.ignore = ignore;
  const maxFile = size('max-file-size');
  if (maxFile !== undefined) args.maxFileBytes = maxFile;
  const maxModel = size('max-model-file-size');
  if (maxModel !== undefined) args.maxModelFileBytes = maxModel;
  if (v.config !== undefined) args.config = v.config;
  if (jobs !== undefined) args.jobs = jobs;
  return args;
}

export const HELP = `AISec: finds unsafe model loading, LLM output reaching exec, remote model code,
hard-coded AI keys, risky packages and malicious model files in Python and JS/TS.

Usage:
  aisec scan [PATH...] [options]     scan files and folders (default: the current folder)
  aisec fix [PATH...] [--unsafe]     apply safe fixes (and unsafe ones with --unsafe)
  aisec fix --ai [--dry-run] PATH... apply AI-written fixes that AISec verified (AISEC_AI_BASE_URL,
                                     AISEC_AI_MODEL, OPENAI_API_KEY); --dry-run prints the diff
  aisec rules [--format json]        list every rule
  aisec explain <CODE|NAME>          print a rule's documentation
  aisec baseline [PATH...]           record current findings in .aisec-baseline.json
  aisec intel update [--private-names GLOBS]
                                     refresh the package-intelligence snapshot from OSV
  aisec bom [PATH...] [-f cyclonedx|markdown] [-o FILE]
                                     AI bill of materials: models, datasets, services, tools, licences
  aisec --version | --help

Scan options:
  -f, --format text|json|sarif|html  output format (default: text); html is one self-contained page (use -o)
  -o, --output FILE                  write the report to FILE instead of standard output
      --fail-on error|warning|info|never
                                     exit 1 when a finding at or above this severity remains (default: info)
      --baseline FILE                hide findings recorded in a baseline file
      --profile default|audit        audit also reports advisory findings (undeclared imports, PATH
                                     lookups, ...); default: the configuration's profile, else default
      --min-severity error|warning|info
                                     report only findings at or above this severity (default: info)
      --statistics                   print the number of findings per rule instead of the findings
      --staged                       scan what is staged for the next commit, as it is in git's index
                                     (a file fixed but not added again still fails; for pre-commit hooks)
      --diff-base REF                scan only the files changed since the merge base of REF and HEAD
                                     (what a pull request against REF changes, plus uncommitted edits);
                                     only findings on lines the change added or edited are reported
      --history [--since REF]        scan the lines every commit added (every branch and tag, or the
                                     commits of HEAD since REF) for secrets; each finding names the
                                     commit and author date (a secret removed later is still reported)
      --select CODES                 only these rule codes, names or categories (comma-separated)
      --ignore CODES                 skip these rule codes, names or categories
      --no-nosec                     do not honour Bandit's # nosec comments
      --online                       ask PyPI, npm and OSV about packages the bundled data does not know
                                     (only package names and versions are sent; answers are cached)
      --private-names GLOBS          package names never sent to a registry (e.g. "@corp/*,corp-*")
      --online-deadline MS           overall time for online lookups (default 60000); the rest stay unknown
      --verify                       ask each reported key's provider, at its own fixed host, whether the
                                     key is active (one read-only request per key; off by default)
      --fail-on-verified             exit 1 only for keys a provider confirmed active (implies --verify)
      --max-file-size SIZE           skip text files larger than SIZE (default 2MB)
      --max-model-file-size SIZE     read at most SIZE bytes of a model file (default 256MB)
  -c, --config FILE                  use this .aisec.toml / pyproject.toml for every file
  -j, --jobs N                       worker threads (default: one per core for large scans)
      --time-budget MS               analysis time allowed per file for the rules that need the syntax tree
                                     (default 20000; 0 = no budget, but a parse still stops after 30 s)
      --no-gitignore                 also scan files that .gitignore excludes
      --color / --no-color           force or disable colours
  -q, --quiet                        print only findings and the summary line
      --verbose                      also list every member of every model archive with its verdict
      --diff, --dry-run              (fix) print the changes instead of writing them
      --ai                           (fix) fixes written by the configured model, verified before use

Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage or configuration error,
3 no failing finding but some file was analysed only in part (parser trap or deadline, time budget, findings cap) or refused (a special file).
Configuration: .aisec.toml or [tool.aisec] in pyproject.toml (the nearest one governs each file).`;
