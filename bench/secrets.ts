/**
 * Secrets benchmark: AISec's secrets pass against secretlint 12 (preset-recommend) over the same real
 * source files in the same run, plus the time of one pass over a 1 MB source file.
 *
 *   node --expose-gc --require ./bench/secretlint-profiler-stub.cjs --import tsx bench/secrets.ts [corpus MB]
 *
 * Goals: a 1 MB file in under 20 ms, and at least 3× secretlint's throughput.
 */
import { readFileSync, readdirSync, statSync, existsSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism, loadavg } from 'node:os';
import { createRequire } from 'node:module';
import { engineOptions } from '../server/src/host/load-engine';
import { createEngine, type EngineDocument } from '../server/src/engine/index';
import type { Tree } from 'web-tree-sitter';
import { modules } from '../server/src/rules/secrets/index';
import { secretsChecker } from '../server/src/rules/secrets/checker';
import { DEFAULT_CONFIG } from '../server/src/engine/config';
import { TextIndex } from '../server/src/engine/text-index';
import type { ReportInput, TextContext } from '../server/src/engine/rule';
import { fileKindOf, isCodeLanguage } from '../server/src/engine/file-kinds';

const ROOT = join(__dirname, '..');
const CORPUS_MB = Number(process.argv[2] ?? 24);
const ROUNDS = 3;

/** The part of `@secretlint/node` (an ES module) that the benchmark uses. */
interface SecretlintNode {
  createEngine(options: { configFileJSON: unknown; formatter: string; color: boolean; maskSecrets: boolean }): Promise<{
    executeOnContent(input: { content: string; filePath: string }): Promise<unknown>;
  }>;
}

interface CorpusFile {
  path: string;
  text: string;
}

function* walk(dir: string): Generator<string> {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  } catch {
    return;
  }
  for (const e of entries) {
    const full = join(dir, e.name);
    if (e.isDirectory() && e.name !== '__pycache__') yield* walk(full);
    else if (e.isFile()) yield full;
  }
}

/** Real source files: JS/TS from node_modules and Python from the system library, half and half by size. */
function corpus(): CorpusFile[] {
  const files: CorpusFile[] = [];
  const take = (root: string, pattern: RegExp, budget: number): void => {
    let total = 0;
    for (const path of walk(root)) {
      if (!pattern.test(path) || path.endsWith('.d.ts') || /\.min\.js$/.test(path)) continue;
      const size = statSync(path).size;
      if (size < 2_000 || size > 400_000) continue;
      const text = readFileSync(path, 'utf8');
      files.push({ path, text });
      total += text.length;
      if (total >= budget) return;
    }
  };
  const half = (CORPUS_MB * 1024 * 1024) / 2;
  take(join(ROOT, 'node_modules'), /\.(?:js|mjs|cjs|ts)$/, half);
  const python = ['/usr/lib/python3.11', '/usr/lib/python3'].find((p) => existsSync(p));
  take(python ?? join(ROOT, 'node_modules'), python ? /\.py$/ : /\.(?:js|ts)$/, half);
  return files;
}

/**
 * A text context like the engine's, building its line index only when a finding asks for a position
 * and parsing only when the checker asks for the tree.
 */
function checkerContext(file: CorpusFile, reports: ReportInput[], tree: () => Tree | undefined): TextContext {
  const kind = fileKindOf(file.path) ?? 'text';
  let index: TextIndex | undefined;
  const lines = (): TextIndex => (index ??= new TextIndex(file.text));
  return {
    path: file.path,
    fileKind: kind,
    config: DEFAULT_CONFIG,
    ports: {},
    text: file.text,
    ...(isCodeLanguage(kind) ? { language: kind } : {}),
    report: (r) => reports.push(r),
    limitReached: () => undefined,
    notChecked: () => undefined,
    mentions: (word) => file.text.includes(word),
    positionAt: (offset) => lines().positionAt(offset),
    rangeOf: (start, end) => lines().rangeOf(start, end),
    tree,
  };
}

/**
 * A full garbage collection before a timed pass (with `--expose-gc`): the process's CPU time includes V8's
 * background marking threads, which would otherwise bill one tool's pass for the garbage the other left.
 */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** CPU seconds of this process: unlike wall time, not inflated when other processes share the cores. */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

function megabytes(files: readonly CorpusFile[]): number {
  return files.reduce((n, f) => n + f.text.length, 0) / 1024 / 1024;
}

async function main(): Promise<void> {
  const engine = await createEngine(engineOptions(modules));
  const files = corpus();
  const mb = megabytes(files);
  console.log(`corpus: ${files.length} files, ${mb.toFixed(1)} MB (JS/TS from node_modules, Python from the system library)`);
  // Wall time includes waiting for a core, and a loaded machine's shared caches slow the per-character walk:
  // compare figures only between runs at a similar load, or interleave the commits being compared.
  console.log(`load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`);

  // The 1 MB file: the first megabyte of TypeScript's compiler, a real and dense source file.
  const big = readFileSync(join(ROOT, 'node_modules', 'typescript', 'lib', 'typescript.js'), 'utf8').slice(0, 1024 * 1024);
  for (let i = 0; i < 10; i++) engine.analyze({ path: 'typescript.js', text: big });
  const runs: number[] = [];
  const cpuRuns: number[] = [];
  for (let i = 0; i < 11; i++) {
    const t = performance.now();
    const c = cpuSeconds();
    engine.analyze({ path: 'typescript.js', text: big });
    cpuRuns.push((cpuSeconds() - c) * 1000);
    runs.push(performance.now() - t);
  }
  runs.sort((a, b) => a - b);
  cpuRuns.sort((a, b) => a - b);
  console.log(`AISec secrets pass over a 1 MB source file: median ${runs[5]!.toFixed(1)} ms wall, ${cpuRuns[5]!.toFixed(1)} ms CPU; best ${runs[0]!.toFixed(1)} ms wall (goal < 20 ms)`);

  // secretlint 12 with the recommended preset, in the same process.
  const requireFromSecretlint = createRequire(require.resolve('secretlint/package.json'));
  const secretlintNode = (await import(requireFromSecretlint.resolve('@secretlint/node'))) as SecretlintNode;
  const version = (JSON.parse(readFileSync(require.resolve('secretlint/package.json'), 'utf8')) as { version: string }).version;
  const sl = await secretlintNode.createEngine({
    configFileJSON: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] },
    formatter: 'json',
    color: false,
    maskSecrets: true,
  });

  // Both tools get a full warm-up pass (JIT), then alternate timed rounds measured in CPU time; the best
  // round of each counts, so load from other processes on a shared machine penalises neither side.
  let findings = 0;
  let checkerFindings = 0;
  // The secrets checker alone, as the engine calls it but with positions computed only when a finding
  // needs them: what the family itself costs, without the engine's per-file set-up.
  const checkerPass = (): number => {
    collectGarbage();
    const t = cpuSeconds();
    checkerFindings = 0;
    for (const f of files) {
      const reports: ReportInput[] = [];
      const document = { current: undefined as EngineDocument | undefined };
      secretsChecker.check(checkerContext(f, reports, () => (document.current ??= engine.openDocument(f.path, f.text)).syntaxTree()));
      document.current?.dispose();
      checkerFindings += reports.length;
    }
    return cpuSeconds() - t;
  };
  const aisecPass = (): number => {
    collectGarbage();
    const t = cpuSeconds();
    findings = 0;
    for (const f of files) findings += engine.analyze({ path: f.path, text: f.text }).findings.length;
    return cpuSeconds() - t;
  };
  const secretlintPass = async (): Promise<number> => {
    collectGarbage();
    const t = cpuSeconds();
    for (const f of files) await sl.executeOnContent({ content: f.text, filePath: f.path });
    return cpuSeconds() - t;
  };
  checkerPass();
  aisecPass();
  await secretlintPass();
  let checkerSeconds = Infinity;
  let aisecSeconds = Infinity;
  let secretlintSeconds = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    checkerSeconds = Math.min(checkerSeconds, checkerPass());
    aisecSeconds = Math.min(aisecSeconds, aisecPass());
    secretlintSeconds = Math.min(secretlintSeconds, await secretlintPass());
  }

  const checkerRate = mb / checkerSeconds;
  const aisecRate = mb / aisecSeconds;
  const secretlintRate = mb / secretlintSeconds;
  const stubbed = (performance.mark as unknown as { name?: string }).name !== 'mark';
  console.log(`AISec secrets checker:        ${checkerRate.toFixed(1)} MB/s (best of ${ROUNDS}: ${checkerSeconds.toFixed(2)} s CPU, ${checkerFindings} findings)`);
  console.log(`AISec engine.analyze, secrets: ${aisecRate.toFixed(1)} MB/s (best of ${ROUNDS}: ${aisecSeconds.toFixed(2)} s CPU, ${findings} findings)`);
  console.log(`secretlint ${version} preset-recommend: ${secretlintRate.toFixed(1)} MB/s (best of ${ROUNDS}: ${secretlintSeconds.toFixed(2)} s CPU, profiler ${stubbed ? 'stubbed by the preload' : 'NOT stubbed: run with --require ./bench/secretlint-profiler-stub.cjs'})`);
  console.log(`ratio, secrets checker / secretlint: ${(checkerRate / secretlintRate).toFixed(1)}× (goal ≥ 3×)`);
  console.log(`ratio, engine.analyze / secretlint:  ${(aisecRate / secretlintRate).toFixed(1)}×`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
