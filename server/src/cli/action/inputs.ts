/**
 * The GitHub Action's inputs, read from the environment the runner sets (`INPUT_<NAME>`, upper-cased, hyphens
 * kept), turned into the `aisec scan` command line, so the action validates them exactly as the CLI does.
 */
import { readDiskText } from '../../host/safe-read';
import { UsageError } from '../args';

export interface ActionInputs {
  /** `aisec scan` arguments (the format is chosen by the action: text to the log, SARIF to `sarifFile`). */
  argv: string[];
  /** Where the SARIF log is written, relative to the workspace. */
  sarifFile: string;
  /** The ref `--diff-base` was given, and where it came from, when `diff` is on and a base was found. */
  diffBase?: { ref: string; from: string };
  /** Said in the log and the summary: `diff` was asked for but the event names no base. */
  warnings: string[];
}

/** An input as the runner passes it (`with: { fail-on: error }` arrives as `INPUT_FAIL-ON`). */
export function input(env: NodeJS.ProcessEnv, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** Reads the inputs; a value the CLI would reject is a `UsageError` naming the input. */
export function readActionInputs(env: NodeJS.ProcessEnv): ActionInputs {
  const argv: string[] = [];
  const warnings: string[] = [];
  // One path per line, or several on one line separated by spaces.
  const paths = input(env, 'paths');
  argv.push(...(paths.includes('\n') ? paths.split('\n') : paths.split(/\s+/)).map((p) => p.trim()).filter((p) => p !== ''));
  for (const [name, option] of [['fail-on', '--fail-on'], ['profile', '--profile'], ['baseline', '--baseline'], ['min-severity', '--min-severity'], ['config', '--config']] as const) {
    const value = input(env, name);
    if (value !== '') argv.push(`${option}=${value}`);
  }
  if (booleanInput(env, 'online')) argv.push('--online');
  const result: ActionInputs = { argv, sarifFile: input(env, 'sarif-file') || 'aisec.sarif', warnings };
  if (booleanInput(env, 'diff')) {
    const base = pullRequestBase(env);
    if (base) {
      argv.push(`--diff-base=${base.ref}`);
      result.diffBase = base;
    } else {
      warnings.push('`diff: true` needs a pull request event (pull_request.base.sha or GITHUB_BASE_REF); this run scans every file.');
    }
  }
  return result;
}

/** `true`/`false` as YAML 1.2's core schema spells them (what GitHub documents for boolean inputs); empty is false. */
function booleanInput(env: NodeJS.ProcessEnv, name: string): boolean {
  const value = input(env, name).toLowerCase();
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  throw new UsageError(`input ${name}: expected true or false, not "${input(env, name)}"`);
}

/**
 * The pull request's base: the base commit recorded in the event (`pull_request.base.sha`), else the base
 * branch GitHub names (`GITHUB_BASE_REF`) as fetched from `origin`.
 */
function pullRequestBase(env: NodeJS.ProcessEnv): { ref: string; from: string } | undefined {
  const eventPath = env['GITHUB_EVENT_PATH'];
  if (eventPath) {
    const read = readDiskText(eventPath, { kind: 'config' });
    if (!read.ok) throw new UsageError(`GITHUB_EVENT_PATH ${eventPath}: the file ${read.reason}`);
    let event: unknown;
    try {
      event = JSON.parse(read.text);
    } catch (error) {
      throw new UsageError(`GITHUB_EVENT_PATH ${eventPath}: not JSON (${(error as Error).message})`);
    }
    const sha = (event as { pull_request?: { base?: { sha?: unknown } } } | null)?.pull_request?.base?.sha;
    if (typeof sha === 'string' && /^[0-9a-f]{40,64}$/.test(sha)) return { ref: sha, from: 'pull_request.base.sha' };
  }
  const baseRef = env['GITHUB_BASE_REF'];
  if (baseRef) return { ref: `origin/${baseRef}`, from: 'GITHUB_BASE_REF' };
  return undefined;
}
