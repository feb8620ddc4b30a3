/**
 * Spawns the CLI the way users run it: the built bundle `dist/cli.js` (`npm test` builds it first).
 * When there is no bundle, or AISEC_CLI_FROM_SOURCE=1, it runs `server/src/cli/main.ts` through tsx so
 * `npm run test:unit` works on a fresh checkout too.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const REPO = join(__dirname, '..', '..');
export const WORKSPACE = join(REPO, 'test', 'fixtures', 'workspace');
const BUNDLE = join(REPO, 'dist', 'cli.js');

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `aisec ...args` in `cwd` and returns its exit code and output. Never uses a shell. */
export function runCli(args: readonly string[], cwd: string = WORKSPACE, env: NodeJS.ProcessEnv = {}): CliResult {
  const fromSource = process.env.AISEC_CLI_FROM_SOURCE === '1' || !existsSync(BUNDLE);
  const command = fromSource ? [join(REPO, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(REPO, 'server', 'src', 'cli', 'main.ts')] : [BUNDLE];
  const result = spawnSync(process.execPath, [...command, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 180_000,
  });
  if (result.error) throw result.error;
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Runs `aisec ...args` without blocking this process (for tests that serve HTTP on loopback while the
 * CLI runs, or that must fail rather than hang): the CLI is killed after `timeoutMs`, and `timedOut` says so.
 */
export function runCliAsync(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}, timeoutMs = 180_000): Promise<CliResult & { timedOut: boolean }> {
  const fromSource = process.env.AISEC_CLI_FROM_SOURCE === '1' || !existsSync(BUNDLE);
  const command = fromSource ? [join(REPO, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(REPO, 'server', 'src', 'cli', 'main.ts')] : [BUNDLE];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...command, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ status: code ?? -1, stdout, stderr, timedOut });
    });
  });
}

/** Parses the JSON report of a run, with a helpful message when it is not JSON. */
export function jsonOf(result: CliResult): JsonReport {
  try {
    return JSON.parse(result.stdout) as JsonReport;
  } catch {
    throw new Error(`not JSON (exit ${result.status}):\n${result.stdout.slice(0, 2000)}\n${result.stderr.slice(0, 2000)}`);
  }
}

export interface JsonFinding {
  ruleId: string;
  ruleName: string;
  category: string;
  severity: string;
  message: string;
  path: string;
  location: { line: number; column: number; endLine: number; endColumn: number };
  fingerprint: string;
  fixes: { title: string; applicability: string; edits: unknown[] }[];
  notebook?: { cell: number; line: number; column: number; endLine: number; endColumn: number };
  properties?: Record<string, string | number | boolean>;
}

export interface JsonReport {
  tool: string;
  version: string;
  findings: JsonFinding[];
  suppressed: { ruleId: string; path: string; by: string }[];
  skipped: { path: string; reason: string }[];
  notes: { path: string; kind: string; message: string }[];
  configErrors: { file: string; line: number; key?: string; message: string }[];
  summary: { findings: number; filesScanned: number; suppressed: number; skipped: number; incompleteFiles: number; bySeverity: Record<string, number> };
}
