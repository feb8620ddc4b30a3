// Start-up benchmark: what a pre-commit hook and a freshly opened editor wait for.
//  1. `aisec scan <one small Python file>`: wall time of the whole process (node start, bundle load, engine
//     creation, analysis, report), p50/p95 over N runs, beside the wall time of `node -e 0` on the same load
//     (the floor no change to AISec can lower) and the CPU time the scan process used (Linux: the shell that
//     waited for it reads its children's user+system ticks from /proc/<its pid>/stat; 10 ms resolution).
//  2. First diagnostic: the built server (dist/server.js, with the extension's V8 flags from package.json) is
//     spawned over stdio; initialize, initialized, didOpen of a small Python file with an AIS101 finding; the time
//     from spawn to the publishDiagnostics that carries the finding, p50/p95 over N fresh servers, with the
//     server's main-thread CPU time at that moment (/proc/<pid>/schedstat).
// The first run of each part is a warm-up (it fills the file cache and AISec's V8 code cache) and is not counted.
// Usage: npm run build && node bench/startup.mjs [--runs 20]
// AISEC_BENCH_CLI / AISEC_BENCH_SERVER: paths of other builds (to compare builds back to back on the same load).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cliPath = process.env.AISEC_BENCH_CLI ?? join(root, 'dist', 'cli.js');
const serverPath = process.env.AISEC_BENCH_SERVER ?? join(root, 'dist', 'server.js');
for (const path of [cliPath, serverPath]) {
  if (!existsSync(path)) {
    console.error(`bench:startup: ${path} is missing; run npm run build first`);
    process.exit(1);
  }
}
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 20;
const extensionFlags = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).aisecServer?.execArgv ?? [];

// A pre-commit hook's common case: one small file with one finding, in a folder of its own (no project files).
const folder = mkdtempSync(join(tmpdir(), 'aisec-bench-startup-'));
const source = 'import pickle\nimport requests\n\n\ndef load(path):\n    with open(path, "rb") as f:\n        return pickle.load(f)\n';
const file = join(folder, 'loader.py');
writeFileSync(file, source);

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const ms = (value) => (value === undefined ? '   n/a' : `${value.toFixed(0).padStart(6)}`);

/**
 * Runs `node args` to completion through `sh`, which then prints its children's CPU ticks (fields 16 and 17 of
 * its /proc/<pid>/stat); returns wall and CPU milliseconds and the child's standard output.
 */
function runTimed(args) {
  const script = '"$@" > "$AISEC_BENCH_OUT"; status=$?; read -r stat < /proc/$$/stat 2>/dev/null && echo "$stat"; exit $status';
  const out = join(folder, 'out.txt');
  const started = process.hrtime.bigint();
  const result = spawnSync('sh', ['-c', script, 'sh', process.execPath, ...args], { cwd: folder, encoding: 'utf8', env: { ...process.env, AISEC_BENCH_OUT: out, NO_COLOR: '1' } });
  const wall = Number(process.hrtime.bigint() - started) / 1e6;
  // The `comm` field may hold spaces: count fields after its closing parenthesis.
  const fields = result.stdout.slice(result.stdout.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[13]) + Number(fields[14]);
  const cpu = Number.isFinite(ticks) && result.stdout.includes(')') ? ticks * 10 : undefined;
  return { wall, cpu, status: result.status, stdout: readFileSync(out, 'utf8'), stderr: result.stderr };
}

function measureCli() {
  const args = [cliPath, 'scan', file, '--format', 'json', '--fail-on', 'never'];
  const first = runTimed(args);
  if (first.status !== 0 || !first.stdout.includes('AIS101')) throw new Error(`bench:startup: the scan did not report AIS101 (exit ${first.status}): ${first.stderr}`);
  const scan = { wall: [], cpu: [] };
  const bare = { wall: [], cpu: [] };
  for (let i = 0; i < RUNS; i++) {
    // Interleaved, so both see the same load.
    const run = runTimed(args);
    scan.wall.push(run.wall);
    if (run.cpu !== undefined) scan.cpu.push(run.cpu);
    const floor = runTimed(['-e', '0']);
    bare.wall.push(floor.wall);
    if (floor.cpu !== undefined) bare.cpu.push(floor.cpu);
  }
  return { scan, bare };
}

/** One fresh server: milliseconds from spawn to the publishDiagnostics with the finding, and its CPU time then. */
async function firstDiagnostic() {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [...extensionFlags, serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const uri = pathToFileURL(file).href;
  const found = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('bench:startup: no diagnostic with AIS101 within 20 s')), 20000);
    connection.onNotification('textDocument/publishDiagnostics', (params) => {
      if (params.uri !== uri || !params.diagnostics.some((d) => d.code === 'AIS101' || d.code?.value === 'AIS101')) return;
      clearTimeout(timer);
      let cpu;
      try {
        cpu = Number(readFileSync(`/proc/${child.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
      } catch {
        cpu = undefined;
      }
      resolve({ wall: Number(process.hrtime.bigint() - started) / 1e6, cpu });
    });
  });
  connection.onRequest('workspace/configuration', (params) => params.items.map(() => ({})));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onNotification('window/logMessage', () => undefined);
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(folder).href,
    workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'startup' }],
    capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
  });
  connection.sendNotification('initialized', {});
  connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: source } });
  const result = await found;
  await connection.sendRequest('shutdown');
  connection.sendNotification('exit');
  await new Promise((resolve) => child.once('exit', resolve));
  connection.dispose();
  return result;
}

async function measureServer() {
  await firstDiagnostic();
  const wall = [];
  const cpu = [];
  for (let i = 0; i < RUNS; i++) {
    const run = await firstDiagnostic();
    wall.push(run.wall);
    if (run.cpu !== undefined) cpu.push(run.cpu);
  }
  return { wall, cpu };
}

const loadBefore = loadavg()[0];
const { scan, bare } = measureCli();
const server = await measureServer();
const loadAfter = loadavg()[0];
rmSync(folder, { recursive: true, force: true });

console.log(`Start-up, ${RUNS} runs each after one warm-up; ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, load ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)}`);
console.log('                                              wall p50  wall p95   CPU p50');
const row = (label, series) => console.log(`${label.padEnd(46)}${ms(percentile(series.wall, 50))} ms${ms(percentile(series.wall, 95))} ms${ms(series.cpu.length > 0 ? percentile(series.cpu, 50) : undefined)} ms`);
row('aisec scan, one small Python file', scan);
row('node -e 0 (the floor, same load)', bare);
row('first diagnostic from server spawn (LSP stdio)', server);
