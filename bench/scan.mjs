// Throughput benchmark: AISec (the built CLI, whole process, every rule on) against Ruff's flake8-bandit
// rules (the WASM build, select ["S"]) and Bandit (when installed), on the same Python files of the corpus
// (bench/prepare-corpus.mjs), then AISec alone on the whole corpus (Python + TypeScript/JavaScript).
// Prints files/s, MB/s, CPU seconds and peak RSS, and the ratios against the goals of issue #14 (>= 1.5x Ruff's
// throughput, >= 30x Bandit's), by wall clock and by CPU seconds.
// A benchmark, not a test: numbers vary by machine; nothing here asserts a time.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareCorpus } from './prepare-corpus.mjs';

const bench = dirname(fileURLToPath(import.meta.url));
const repo = join(bench, '..');
const corpus = join(bench, 'corpus');
const cli = join(repo, 'dist', 'cli.js');
const TIME = '/usr/bin/time';

function listFiles(dir, ext, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    const info = statSync(full);
    if (info.isDirectory()) listFiles(full, ext, out);
    else if (ext.some((e) => name.endsWith(e))) out.push(full);
  }
  return out;
}

/** Runs a command and returns wall seconds and peak RSS (from GNU time when present). */
function measure(label, command, args, options = {}) {
  const useTime = existsSync(TIME);
  const rssFile = join(tmpdir(), `aisec-bench-rss-${process.pid}.txt`);
  const started = process.hrtime.bigint();
  const result = spawnSync(useTime ? TIME : command, useTime ? ['-f', '%M %U %S', '-o', rssFile, command, ...args] : args, { cwd: repo, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, ...options });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const [rssKb, user, system] = useTime && existsSync(rssFile) ? readFileSync(rssFile, 'utf8').trim().split('\n').pop().split(' ').map(Number) : [NaN, NaN, NaN];
  if (result.error) throw result.error;
  // CPU seconds are reported next to wall time: on a busy machine they show what each tool really costs.
  return { label, seconds, cpuSeconds: user + system, rssMb: rssKb / 1024, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function row(run, files, bytes) {
  const mb = bytes / 1048576;
  return { ...run, files, mb, filesPerSecond: files / run.seconds, mbPerSecond: mb / run.seconds };
}

function printTable(rows) {
  const header = ['tool', 'files', 'MB', 'seconds', 'files/s', 'MB/s', 'CPU s', 'MB/CPU-s', 'peak RSS MB', 'exit'];
  const lines = rows.map((r) => [r.label, String(r.files), r.mb.toFixed(1), r.seconds.toFixed(2), r.filesPerSecond.toFixed(0), r.mbPerSecond.toFixed(2), Number.isNaN(r.cpuSeconds) ? 'n/a' : r.cpuSeconds.toFixed(1), Number.isNaN(r.cpuSeconds) ? 'n/a' : (r.mb / r.cpuSeconds).toFixed(2), Number.isNaN(r.rssMb) ? 'n/a' : r.rssMb.toFixed(0), String(r.status)]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(fmt(header));
  for (const l of lines) console.log(fmt(l));
}

const manifest = prepareCorpus();
if (!existsSync(cli)) {
  console.error('bench/scan: dist/cli.js is missing; run `npm run build` first');
  process.exit(1);
}
const pythonFiles = listFiles(join(corpus, 'python'), ['.py']);
const pythonBytes = pythonFiles.reduce((sum, f) => sum + statSync(f).size, 0);
const allBytes = manifest.bytes;
const allFiles = manifest.files;
// Warm the page cache so the first tool does not pay for the disk.
for (const f of pythonFiles) readFileSync(f);

console.log(`\nAISec scan benchmark — ${new Date().toISOString().slice(0, 10)}, ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}`);
console.log(`corpus: ${pythonFiles.length} Python files (${(pythonBytes / 1048576).toFixed(1)} MB) of ${manifest.inputs.python.join(', ')}; whole corpus ${allFiles} files (${(allBytes / 1048576).toFixed(1)} MB)\n`);

const aisecArgs = (root, extra = []) => [cli, 'scan', root, '--format', 'json', '--output', '/dev/null', '--no-gitignore', '--fail-on', 'never', '--quiet', ...extra];
const rows = [];
const aisec = row(measure('AISec (workers)', process.execPath, aisecArgs(join(corpus, 'python'))), pythonFiles.length, pythonBytes);
rows.push(aisec);
rows.push(row(measure('AISec (1 thread)', process.execPath, aisecArgs(join(corpus, 'python'), ['--jobs', '1'])), pythonFiles.length, pythonBytes));

// Ruff: one WASM workspace with flake8-bandit's rules, every file checked in the same process.
const ruffScript = join(tmpdir(), `aisec-bench-ruff-${process.pid}.cjs`);
const listFile = join(tmpdir(), `aisec-bench-files-${process.pid}.json`);
writeFileSync(listFile, JSON.stringify(pythonFiles));
writeFileSync(ruffScript, `
const { Workspace, PositionEncoding } = require(${JSON.stringify(join(repo, 'node_modules', '@astral-sh', 'ruff-wasm-nodejs'))});
const fs = require('fs');
const files = JSON.parse(fs.readFileSync(${JSON.stringify(listFile)}, 'utf8'));
const ws = new Workspace({ lint: { select: ['S'] } }, PositionEncoding.Utf16);
let diagnostics = 0;
for (const f of files) diagnostics += ws.check(fs.readFileSync(f, 'utf8')).length;
console.log(diagnostics);
`);
let ruff;
if (existsSync(join(repo, 'node_modules', '@astral-sh', 'ruff-wasm-nodejs'))) {
  ruff = row(measure('Ruff S (WASM)', process.execPath, [ruffScript]), pythonFiles.length, pythonBytes);
  rows.push(ruff);
} else console.log('Ruff: @astral-sh/ruff-wasm-nodejs is not installed (npm i -D @astral-sh/ruff-wasm-nodejs)');

let bandit;
if (spawnSync('bandit', ['--version'], { encoding: 'utf8' }).status === 0) {
  bandit = row(measure('Bandit', 'bandit', ['-r', join(corpus, 'python'), '-f', 'json', '-o', '/dev/null', '-q']), pythonFiles.length, pythonBytes);
  rows.push(bandit);
} else console.log('Bandit: not installed (apt-get install -y bandit)');

rows.push(row(measure('AISec, whole corpus', process.execPath, aisecArgs(corpus)), allFiles, allBytes));
console.log('Python part (same files for every tool):');
printTable(rows);

console.log('\nGoals (whole process, every rule on):');
// Issue #14: at least 1.5x Ruff's throughput and 30x Bandit's. By wall clock (workers) and by CPU seconds (one
// thread against Ruff's one thread), which a loaded machine does not distort.
const oneThread = rows[1];
const byCpu = (a, b) => (Number.isNaN(a.cpuSeconds) || Number.isNaN(b.cpuSeconds) ? 'n/a' : `${(b.cpuSeconds / a.cpuSeconds).toFixed(2)}x`);
if (ruff) console.log(`  AISec / Ruff   = ${(aisec.mbPerSecond / ruff.mbPerSecond).toFixed(2)}x wall, ${byCpu(oneThread, ruff)} by CPU (one thread)   (goal >= 1.5x)  ${aisec.mbPerSecond >= 1.5 * ruff.mbPerSecond ? 'met' : 'NOT met'}`);
if (bandit) console.log(`  AISec / Bandit = ${(aisec.mbPerSecond / bandit.mbPerSecond).toFixed(1)}x wall, ${byCpu(oneThread, bandit)} by CPU (one thread)   (goal >= 30x) ${aisec.mbPerSecond >= 30 * bandit.mbPerSecond ? 'met' : 'NOT met'}`);
console.log(`  workers vs one thread: ${(rows[0].mbPerSecond / rows[1].mbPerSecond).toFixed(2)}x wall-clock throughput`);
const load = (await import('node:os')).loadavg()[0];
if (load > availableParallelism()) console.log(`  note: the 1-minute load average is ${load.toFixed(1)} on ${availableParallelism()} cores; other work was competing, so wall-clock figures are low and noisy (compare CPU seconds)`);
