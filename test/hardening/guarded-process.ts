/**
 * Runs a child process under a wall-clock limit and a memory limit. A process that reads a FIFO blocks in a
 * system call and one that reads /dev/zero grows without end; neither can be stopped from inside, and
 * neither may take the test run (or the shared machine) down with it. The child is killed at either limit
 * and the result says which limit it hit.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface GuardedResult {
  /** The exit code, or undefined when the process was killed. */
  status: number | undefined;
  stdout: string;
  stderr: string;
  /** Set when the guard killed the process: why. */
  killed?: 'time' | 'memory';
  elapsedMs: number;
  peakRssBytes: number;
}

export interface GuardLimits {
  timeoutMs: number;
  maxRssBytes: number;
}

const DEFAULT_GUARD: GuardLimits = { timeoutMs: 150_000, maxRssBytes: 2 * 1024 * 1024 * 1024 };

/** Runs `node ...args` in `cwd` and resolves when it exits or is killed. */
export function runGuarded(args: readonly string[], cwd: string, limits: GuardLimits = DEFAULT_GUARD, env: NodeJS.ProcessEnv = {}): Promise<GuardedResult> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    let killed: GuardedResult['killed'];
    let peakRssBytes = 0;
    const watchdog = setInterval(() => {
      const rss = residentBytes(child.pid);
      peakRssBytes = Math.max(peakRssBytes, rss);
      if (killed) return;
      if (rss > limits.maxRssBytes) killed = 'memory';
      else if (Date.now() - started > limits.timeoutMs) killed = 'time';
      if (killed) child.kill('SIGKILL');
    }, 100);
    child.on('close', (code) => {
      clearInterval(watchdog);
      resolve({
        status: killed ? undefined : (code ?? undefined),
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        ...(killed ? { killed } : {}),
        elapsedMs: Date.now() - started,
        peakRssBytes,
      });
    });
  });
}

/** A one-line account of a guarded run for assertion messages. */
export function describeRun(result: GuardedResult): string {
  const how = result.killed ? `killed by the ${result.killed} limit` : `exit ${result.status}`;
  return `${how} after ${result.elapsedMs} ms, peak RSS ${Math.round(result.peakRssBytes / 1024 / 1024)} MB\nstderr: ${result.stderr.slice(-2000)}\nstdout (end): ${result.stdout.slice(-1500)}`;
}

function residentBytes(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
