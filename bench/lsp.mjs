// Benchmark of the language server as an editor sees it: the built server (dist/server.js) runs as a child
// process over stdio; a scripted typing session edits a 3,000-line Python file and a 3,000-line TypeScript
// file one keystroke at a time, and each keystroke's latency is measured from sending didChange to
// receiving the publishDiagnostics for that version. The debounce is set to 0 through the settings the
// server pulls, so the figures are the analysis itself (incremental re-parse, rules, conversion, transport).
// It also samples the server's resident memory (RSS) throughout, and reports the CPU time the server's main thread
// spent per keystroke (/proc/<pid>/schedstat), which a loaded machine does not inflate as it does the latency.
// Real class-heavy files are typed into too (see `realFiles`): a statement typed inside a method in the middle of
// the file's largest class, the Enter with auto-indent as one change and then one character per change.
// A multi-file project is measured too: a caller open in the editor, its helper module saved with and without a
// sink in turn; latency = didSave of the helper → publishDiagnostics of the caller with the changed finding; then
// saves that leave the helper's summary as it was (nothing to re-check), timed to the answer of a request after each.
// Usage: npm run build && node bench/lsp.mjs [--keystrokes 300] [--only-real | --only-multi-file | --only-notebook | --only-generated] [--only <part of a file's or session's name>]
// (`--only-generated --only TypeScript` runs the generated TypeScript session alone.)
// AISEC_BENCH_SERVER=<path to server.js> runs another build (to compare builds back to back on the same load).
/* global setInterval, clearInterval */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { pythonFile, pythonNotebookCells, typescriptFile } from './sources.mjs';
import { methodInLargestClass, realFiles, typingChanges } from './class-typing.mjs';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const serverPath = process.env.AISEC_BENCH_SERVER ?? join(root, 'dist', 'server.js');
if (!existsSync(serverPath)) {
  console.error('bench:lsp: dist/server.js is missing; run npm run build first');
  process.exit(1);
}
const keystrokesArg = process.argv.indexOf('--keystrokes');
const KEYSTROKES = keystrokesArg > 0 ? Number(process.argv[keystrokesArg + 1]) : 150;
const WARMUP = 20;
const ONLY_REAL = process.argv.includes('--only-real');
const ONLY_MULTI_FILE = process.argv.includes('--only-multi-file');
const ONLY_NOTEBOOK = process.argv.includes('--only-notebook');
const ONLY_GENERATED = process.argv.includes('--only-generated');
const onlyArg = process.argv.indexOf('--only');
const ONLY_FILE = onlyArg > 0 ? process.argv[onlyArg + 1] : undefined;

// ---- The session.
// The server runs with the V8 flags the extension gives it (package.json `aisecServer.execArgv`), or with
// AISEC_BENCH_NODE_FLAGS instead when that is set (to compare settings).
const extensionFlags = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).aisecServer?.execArgv ?? [];
const serverFlags = process.env.AISEC_BENCH_NODE_FLAGS !== undefined ? process.env.AISEC_BENCH_NODE_FLAGS.split(' ').filter(Boolean) : extensionFlags;
const child = spawn(process.execPath, [...serverFlags, serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
const waiting = new Map();
connection.onNotification('textDocument/publishDiagnostics', (params) => {
  const key = `${params.uri}@${params.version}`;
  const resolve = waiting.get(key);
  if (resolve) {
    waiting.delete(key);
    resolve(params.diagnostics.length);
  }
});
connection.onRequest('workspace/configuration', (params) => params.items.map(() => ({ debounceMs: 0 })));
connection.onRequest('client/registerCapability', () => null);
connection.onRequest('window/workDoneProgress/create', () => null);
connection.onNotification('window/logMessage', () => undefined);
connection.listen();

let peakRss = 0;
function sampleRss() {
  try {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    peakRss = Math.max(peakRss, kb * 1024);
    return kb * 1024;
  } catch {
    return 0;
  }
}
const sampler = setInterval(sampleRss, 20);

/**
 * CPU time the server's main thread (where analyses run) has used, in milliseconds, from /proc/<pid>/schedstat
 * (nanoseconds); undefined where /proc is missing. On a shared machine the wall-clock latency includes waiting
 * for a core, so the CPU time per keystroke is reported too.
 */
function serverCpuMs() {
  try {
    return Number(readFileSync(`/proc/${child.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return undefined;
  }
}

/** Runs one timed step: the wall-clock latency and the server's CPU time spent, in milliseconds. */
async function timed(step) {
  const cpuBefore = serverCpuMs();
  const started = process.hrtime.bigint();
  await step();
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  const cpuAfter = serverCpuMs();
  return { elapsed, cpu: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore };
}

function published(uri, version, timeoutMs = 10000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri}@${version} within ${timeoutMs / 1000} s`)), timeoutMs);
    waiting.set(`${uri}@${version}`, (count) => {
      clearTimeout(timer);
      resolve(count);
    });
  });
}

// The multi-file project is the workspace folder (its project root, as in an editor); the other sessions'
// files lie outside it.
const projectFolder = mkdtempSync(join(tmpdir(), 'aisec-bench-lsp-'));
await connection.sendRequest('initialize', {
  processId: null,
  rootUri: null,
  workspaceFolders: [{ uri: pathToFileURL(projectFolder).href, name: 'multi-file' }],
  capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
});
connection.sendNotification('initialized', {});
await new Promise((resolve) => setTimeout(resolve, 200));
const idleRss = sampleRss();

/** Types `insert` one character at a time at the start of `line`, measuring each keystroke. */
async function typingSession(name, languageId, text, line, snippets) {
  const uri = pathToFileURL(join(root, 'bench', `session.${languageId === 'python' ? 'py' : 'ts'}`)).href;
  let version = 1;
  const opened = published(uri, version);
  connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  const findings = await opened;
  const latencies = [];
  const cpuTimes = [];
  let typed = 0;
  let current = line;
  outer: for (;;) {
    for (const snippet of snippets) {
      let column = 0;
      for (const character of snippet) {
        if (typed >= KEYSTROKES + WARMUP) break outer;
        version++;
        const change = character === '\n'
          ? { range: { start: { line: current, character: column }, end: { line: current, character: column } }, text: '\n' }
          : { range: { start: { line: current, character: column }, end: { line: current, character: column } }, text: character };
        const done = published(uri, version);
        const { elapsed, cpu } = await timed(async () => {
          connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
          await done;
        });
        if (typed >= WARMUP) {
          latencies.push(elapsed);
          cpuTimes.push(cpu);
        }
        typed++;
        if (character === '\n') {
          current++;
          column = 0;
        } else column++;
      }
    }
  }
  connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  return { name, findings, latencies, cpuTimes };
}

/**
 * A 40-cell notebook (LSP notebook document sync): the notebook is analysed as one program (its joined code
 * cells, edited incrementally), and each keystroke in cell 20 is timed to the publish for the edited cell at
 * its new version.
 */
async function notebookSession(name, cellCount) {
  const notebookUri = pathToFileURL(join(root, 'bench', 'session.ipynb')).href;
  const cellUri = (i) => `${notebookUri.replace(/^file:/, 'vscode-notebook-cell:')}#cell${i}`;
  const sources = pythonNotebookCells(cellCount);
  const edited = Math.floor(cellCount / 2);
  // The statements are typed on an empty first line of the cell, before its class.
  sources[edited] = `\n${sources[edited]}`;
  const versions = sources.map(() => 1);
  const opened = published(cellUri(edited), 1);
  connection.sendNotification('notebookDocument/didOpen', {
    notebookDocument: { uri: notebookUri, notebookType: 'jupyter-notebook', version: 1, cells: sources.map((_, i) => ({ kind: 2, document: cellUri(i) })) },
    cellTextDocuments: sources.map((text, i) => ({ uri: cellUri(i), languageId: 'python', version: 1, text })),
  });
  const findings = await opened;
  const latencies = [];
  const cpuTimes = [];
  const snippet = 'data = pickle.loads(blob)\nmodel = torch.load(checkpoint_path)\n';
  let line = 0;
  let column = 0;
  for (let typed = 0; typed < KEYSTROKES + WARMUP; typed++) {
    const character = snippet[typed % snippet.length];
    const version = ++versions[edited];
    const done = published(cellUri(edited), version);
    const { elapsed, cpu } = await timed(async () => {
      connection.sendNotification('notebookDocument/didChange', {
        notebookDocument: { uri: notebookUri, version: typed + 2 },
        change: { cells: { textContent: [{ document: { uri: cellUri(edited), version }, changes: [{ range: { start: { line, character: column }, end: { line, character: column } }, text: character }] }] } },
      });
      await done;
    });
    if (typed >= WARMUP) {
      latencies.push(elapsed);
      cpuTimes.push(cpu);
    }
    if (character === '\n') {
      line++;
      column = 0;
    } else column++;
  }
  connection.sendNotification('notebookDocument/didClose', { notebookDocument: { uri: notebookUri }, cellTextDocuments: sources.map((_, i) => ({ uri: cellUri(i) })) });
  return { name: `${name} (${sources.join('\n').split('\n').length.toLocaleString('en')} lines; typing two statements on the empty first line of cell ${edited + 1})`, findings, latencies, cpuTimes };
}

/**
 * Types statements inside a method: each starts with Enter and the auto-indent as one change, then one
 * character per change, as an editor sends them.
 */
async function typingInMethod(name, text, languageId) {
  const at = methodInLargestClass(text, languageId);
  if (!at) throw new Error(`${name}: no class with methods found`);
  const uri = pathToFileURL(join(root, 'bench', `session-${basename(name).replace(/\W+/g, '_')}.${languageId === 'python' ? 'py' : 'ts'}`)).href;
  let version = 1;
  const opened = published(uri, version);
  connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  const findings = await opened;
  const latencies = [];
  const cpuTimes = [];
  for (const [typed, change] of typingChanges(at, KEYSTROKES + WARMUP).entries()) {
    version++;
    const done = published(uri, version);
    const position = { line: change.line, character: change.character };
    const { elapsed, cpu } = await timed(async () => {
      connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: position, end: position }, text: change.text }] });
      await done;
    });
    if (typed >= WARMUP) {
      latencies.push(elapsed);
      cpuTimes.push(cpu);
    }
  }
  connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  const lines = text.split('\n').length;
  return { cpuTimes, name: `${name} (${lines.toLocaleString('en')} lines, class of ${at.classLines.toLocaleString('en')}; in \`${at.method.slice(0, 40)}\`)`, findings, latencies };
}

/**
 * A caller (300 lines) whose model output goes to `run_code` of a helper module (100 lines); the helper is
 * saved alternately running its argument and not, and each save is timed until the caller's diagnostics
 * gain or lose the cross-file finding.
 */
async function helperEditSession(name, saves) {
  const folder = projectFolder;
  try {
    mkdirSync(join(folder, 'app'));
    writeFileSync(join(folder, 'app', '__init__.py'), '');
    const filler = pythonFile(100);
    const helper = join(folder, 'app', 'tools.py');
    const runs = `import subprocess\n\n\ndef run_code(code):\n    return subprocess.run(["python", "-c", code])\n\n\n${filler}`;
    const safe = `import subprocess\n\n\ndef run_code(code):\n    return len(code)\n\n\n${filler}`;
    writeFileSync(helper, runs);
    const caller = `from openai import OpenAI\n\nfrom .tools import run_code\n\nclient = OpenAI()\n\n\ndef main(task):\n    reply = client.chat.completions.create(model="m", messages=[])\n    run_code(reply.choices[0].message.content)\n\n\n${pythonFile(300)}`;
    const uri = pathToFileURL(join(folder, 'app', 'main.py')).href;
    writeFileSync(join(folder, 'app', 'main.py'), caller);
    const opened = published(uri, 1, 120000);
    connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: caller } });
    let count = await opened;
    const findings = count;
    const latencies = [];
    const cpuTimes = [];
    for (let i = 0; i < saves + 2; i++) {
      const running = i % 2 === 1;
      writeFileSync(helper, running ? runs : safe);
      const { elapsed, cpu } = await timed(async () => {
        connection.sendNotification('textDocument/didSave', { textDocument: { uri: pathToFileURL(helper).href } });
        // The caller keeps version 1: publishes are awaited until its count changes in the expected direction.
        for (;;) {
          const next = await published(uri, 1, 120000);
          if (running ? next > count : next < count) {
            count = next;
            break;
          }
        }
      });
      if (i >= 2) {
        latencies.push(elapsed);
        cpuTimes.push(cpu);
      }
    }
    // Then saves that leave the helper's summary unchanged (a comment line edited): the caller has nothing to
    // re-check. Each is timed to the answer of a request sent after it (the server handles messages in order).
    const sameLatencies = [];
    const sameCpuTimes = [];
    for (let i = 0; i < saves + 2; i++) {
      writeFileSync(helper, `${runs}# edit ${i}\n`);
      const { elapsed, cpu } = await timed(async () => {
        connection.sendNotification('textDocument/didSave', { textDocument: { uri: pathToFileURL(helper).href } });
        await connection.sendRequest('aisec/rules');
      });
      if (i >= 2) {
        sameLatencies.push(elapsed);
        sameCpuTimes.push(cpu);
      }
    }
    connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    return [
      { name, findings, latencies, cpuTimes },
      { name: `${name.split(' → ')[0]} with the same summary → nothing to re-check (timed to a request's answer)`, findings, latencies: sameLatencies, cpuTimes: sameCpuTimes },
    ];
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

// The multi-file session runs first: it is short, and its figure does not wait on the long typing sessions
// (on a loaded machine the whole run can take longer than a caller is willing to wait). Each row is printed as
// soon as its session ends, and a session that fails prints its error instead of losing the rows before it.
const MULTI_FILE = 'Helper module saved → caller republished (300-line caller, 100-line helper)';
const generated = [
  ['Python, 3,000 lines', () => typingSession('Python, 3,000 lines', 'python', pythonFile(3000), 1500, ['        model = torch.load(checkpoint_path)\n', '        data = pickle.loads(blob)\n', '        result = subprocess.run(command, shell=True)\n'])],
  ['TypeScript, 3,000 lines', () => typingSession('TypeScript, 3,000 lines', 'typescript', typescriptFile(3000), 1500, ['    const value = eval(userInput);\n', "    const parsed = yaml.load(text, { schema: yaml.DEFAULT_FULL_SCHEMA });\n"])],
];
const planned = ONLY_NOTEBOOK ? [() => notebookSession('Notebook, 40 cells', 40)] : ONLY_GENERATED ? generated.filter(([name]) => ONLY_FILE === undefined || name.includes(ONLY_FILE)).map(([, run]) => run) : [
  ...(ONLY_REAL ? [] : [() => helperEditSession(MULTI_FILE, 40)]),
  ...(ONLY_MULTI_FILE || ONLY_REAL ? [] : [...generated.map(([, run]) => run), () => notebookSession('Notebook, 40 cells', 40)]),
];
const real = ONLY_MULTI_FILE || ONLY_NOTEBOOK || ONLY_GENERATED ? { found: [], missing: [] } : realFiles(root);
for (const file of real.found) if (ONLY_FILE === undefined || file.name.includes(ONLY_FILE)) planned.push(() => typingInMethod(file.name, readFileSync(file.path, 'utf8'), file.language));

console.log(`bench:lsp: ${KEYSTROKES} keystrokes per file after ${WARMUP} warm-up keystrokes; latency = didChange → publishDiagnostics, debounce 0; server flags: ${serverFlags.join(' ') || '(none)'}`);
console.log('| session | p50 ms | p95 ms | p99 ms | max ms | CPU p50 ms | CPU p95 ms | findings on open |');
console.log('|---|---|---|---|---|---|---|---|');
let failed = 0;
for (const run of planned) {
  try {
    for (const { name, findings, latencies, cpuTimes = [] } of [await run()].flat()) {
    const sorted = [...latencies].sort((a, b) => a - b);
    const cpu = cpuTimes.every((t) => t !== undefined) && cpuTimes.length > 0 ? [...cpuTimes].sort((a, b) => a - b) : undefined;
    const cpuColumns = cpu ? `${percentile(cpu, 50).toFixed(2)} | ${percentile(cpu, 95).toFixed(2)}` : '- | -';
    console.log(`| ${name} | ${percentile(sorted, 50).toFixed(2)} | ${percentile(sorted, 95).toFixed(2)} | ${percentile(sorted, 99).toFixed(2)} | ${sorted.at(-1).toFixed(2)} | ${cpuColumns} | ${findings} |`);
    }
  } catch (error) {
    failed++;
    console.log(`| session failed: ${error instanceof Error ? error.message : String(error)} | | | | | |`);
  }
}
clearInterval(sampler);
const rss = sampleRss();
if (real.missing.length > 0) console.log(`real files not found (npm run bench:prepare, or AISEC_BENCH_REAL_DIR): ${real.missing.join(', ')}`);
console.log(`server RSS: ${(idleRss / 1048576).toFixed(1)} MB after initialize, ${(rss / 1048576).toFixed(1)} MB at the end, ${(peakRss / 1048576).toFixed(1)} MB peak`);

await connection.sendRequest('shutdown');
connection.sendNotification('exit');
connection.dispose();
// The server exits on `exit` (so a `--cpu-prof` run writes its profile); it is killed if it has not within 2 s.
await new Promise((resolve) => {
  const timer = setTimeout(resolve, 2000);
  child.once('exit', () => {
    clearTimeout(timer);
    resolve();
  });
});
child.kill();
process.exit(failed > 0 ? 1 : 0);
