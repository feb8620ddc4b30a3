/**
 * Creates the engine in a Node host: reads the grammar WASM files from disk (next to the bundle in
 * `dist/grammars/`, or from the repository's `grammars/` when running from source), passes the rule
 * registry, and gives the engine fresh copies of web-tree-sitter (see `loadTreeSitter`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ALL_LANGUAGES, createEngine, type Engine, type EngineOptions, type LanguageId, type RuleModule, type TreeSitterBinding, type TreeSitterLoader } from '../engine/index';
import { ALL_MODULES } from '../rules/index';

let shared: Promise<Engine> | undefined;

/**
 * The process-wide engine with every grammar loaded (grammars and compiled queries are loaded once and reused),
 * for hosts that parse files of any language without an asynchronous step before each (`aisec fix`, `bom`).
 */
export async function loadEngine(): Promise<Engine> {
  const engine = await loadEngineOnDemand();
  await engine.ready(ALL_LANGUAGES);
  return engine;
}

/**
 * The process-wide engine, with its grammars loaded on demand: the host awaits `engine.ready(engine.grammarsFor(path))`
 * before it analyses a file (the scan loop, the scan worker, the language server). A scan of Python files never
 * loads the three JavaScript grammars.
 */
export function loadEngineOnDemand(): Promise<Engine> {
  shared ??= createEngine({ ...engineOptions(ALL_MODULES, parserMemoryLimitFromEnv()), languages: [] });
  return shared;
}

/** The on-demand engine with the grammars of `languages` loaded already (the language server starts with Python's). */
export async function loadEngineWith(languages: readonly LanguageId[]): Promise<Engine> {
  const engine = await loadEngineOnDemand();
  await engine.ready(languages);
  return engine;
}

/**
 * The options of an engine read from disk. `parserMemoryBytes` caps each parser runtime's WASM heap (default: the
 * runtime's own maximum, 2 GB); a parse that needs more traps, and the engine replaces the runtime.
 */
export function engineOptions(modules: readonly RuleModule[], parserMemoryBytes?: number): EngineOptions {
  return { loadWasm: (file) => readFileSync(join(grammarsDirectory(), file)), loadTreeSitter: treeSitterLoader(parserMemoryBytes), modules };
}

/**
 * Fresh copies of web-tree-sitter: its script is evaluated again for every runtime (the module cache entry is
 * removed first), so each copy has its own module scope and, once initialised, its own WASM instance. The
 * bundles do not contain web-tree-sitter; esbuild.mjs copies its script next to the grammars.
 */
export function treeSitterLoader(parserMemoryBytes?: number): TreeSitterLoader {
  const script = treeSitterScript();
  const load = createRequire(script);
  return () => {
    delete load.cache[script];
    const binding = load(script) as TreeSitterBinding;
    if (parserMemoryBytes === undefined) return { binding };
    const pages = Math.max(1, Math.floor(parserMemoryBytes / WASM_PAGE));
    return { binding, moduleOptions: { wasmMemory: new WebAssembly.Memory({ initial: Math.min(pages, DEFAULT_INITIAL_PAGES), maximum: pages }) } };
  };
}

/** The folder holding `tree-sitter.wasm` and the grammars. */
export function grammarsDirectory(): string {
  const candidates = [join(__dirname, 'grammars'), join(__dirname, '..', 'grammars'), join(__dirname, '..', '..', '..', 'grammars'), join(process.cwd(), 'grammars')];
  for (const dir of candidates) if (existsSync(join(dir, 'tree-sitter.wasm'))) return dir;
  throw new Error(`AISec could not find its grammars (looked in ${candidates.join(', ')})`);
}

const WASM_PAGE = 64 * 1024;
/** web-tree-sitter's own initial heap (32 MB). */
const DEFAULT_INITIAL_PAGES = 512;

/** `AISEC_PARSER_MEMORY_MB` caps the parser heap per thread (tests use it to make a trap cheap to provoke). */
function parserMemoryLimitFromEnv(): number | undefined {
  const raw = process.env.AISEC_PARSER_MEMORY_MB;
  if (!raw || !/^\d+$/.test(raw) || Number(raw) === 0) return undefined;
  return Math.min(Number(raw), 2048) * 1024 * 1024;
}

/** web-tree-sitter's CommonJS script: copied beside the grammars in a bundle, from node_modules from source. */
function treeSitterScript(): string {
  const bundled = join(grammarsDirectory(), 'tree-sitter.cjs');
  if (existsSync(bundled)) return bundled;
  return createRequire(__filename).resolve('web-tree-sitter');
}
