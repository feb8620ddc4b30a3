/**
 * The engine's one public API. Hosts (the language server, the CLI, tests) create an engine with the
 * grammar bytes and the rule registry, then ask it to analyse text or bytes. The engine is pure: it does
 * no I/O, keeps no global state beyond compiled grammars and queries, and never throws on bad input.
 *
 * Notebooks: `analyze` on an `.ipynb` path runs checkers whose `fileKinds` include `'notebook'` over the
 * raw JSON text (e.g. secrets in outputs) and checkers of the notebook's language over its code cells,
 * joined into one virtual document (so cross-cell imports resolve); those findings are mapped to the line
 * of the `.ipynb` file and carry `notebook` (cell index, line in cell). Magic lines (`!pip`, `%pip`) are
 * in the text that text checkers see and commented out in the text the parser sees.
 */
import type { EngineConfig } from './config';
import { DEFAULT_CONFIG } from './config';
import type { AnalysisResult } from './finding';
import type { EnginePorts } from './ports';
import type { AstContext, FileKind, LanguageId, RuleMeta, RuleModule } from './rule';
import type { Tree } from 'web-tree-sitter';
import { Analyzer } from './analyzer';
import { ALL_LANGUAGES, Grammars, isRuntimeTrap, type TreeSitterLoader, type WasmLoader } from './parsing/grammars';
import { TimeBudget } from './budget';
import { pipelineFileOf } from './pipeline/files';
import { fileKindOf, fileKindOfLanguageId, isBinaryFileKind, isCodeLanguage } from './file-kinds';
import { EngineDocument } from './document';
import { compareRuleCodes } from './rule-codes';
import { analyzeOpenDocument, type RunKind } from './incremental/analyze-document';

export type { EngineConfig, Profile } from './config';
export { DEFAULT_CONFIG, PROFILES } from './config';
export * from './finding';
export type { EnginePorts, PackageIntel, ProjectFacts, ModelFileVerdict, Clock, Ecosystem, Advisory, RegistryFacts, TaintModuleSummary, TaintFunctionSummary, TaintParamSink, TaintSummaryStep, TaintCut, ProjectFileWrite, ValueOrigin, CalledParameter, CallerOrigins, MemberQuery, MemberOrigins, ImportClosureTest } from './ports';
export type { RuleMeta, RuleModule, FileKind, LanguageId, Checker, RuleDocs, AdvisoryPolicy } from './rule';
export { advisoryLabel, profileDescription } from './rule-selection';
export { compareRuleCodes, isRuleCode, RULE_CODE } from './rule-codes';
export { fileKindOf, isBinaryFileKind, fileKindOfLanguageId, fileSizeLimit, isCodeLanguage } from './file-kinds';
export { clientFileOf, configSyntaxOf, ASSISTANT_CONFIG_GLOBS, type ClientFile, type ConfigSyntax } from './agent-config/client-files';
export { readConfigTree } from './agent-config/config-tree';
export { EngineDocument, type DocumentChange } from './document';
export { TextIndex } from './text-index';
export { lineBreakAt, matchLineBreaks, type LineBreak } from './line-endings';
export { ALL_LANGUAGES, GRAMMAR_FILES, RUNTIME_WASM, type TreeSitterLoader, type TreeSitterBinding } from './parsing/runtime';
export { DEFAULT_MAX_FINDINGS_PER_FILE, DEFAULT_MAX_PARSE_MS } from './config';

export interface EngineOptions {
  /** Returns the bytes of `tree-sitter.wasm` and the grammar files named in `GRAMMAR_FILES`. */
  loadWasm: WasmLoader;
  /**
   * Returns a fresh copy of web-tree-sitter on each call (see `TreeSitterLoader`): the engine builds its parser
   * runtime from one, and after a WebAssembly trap drops that runtime and builds the next from another.
   */
  loadTreeSitter: TreeSitterLoader;
  /** The rule registry (`ALL_MODULES` from `server/src/rules`). */
  modules: readonly RuleModule[];
  /**
   * The grammars loaded at creation (default: every language). A host that passes fewer must await
   * `ready(grammarsFor(path))` before each file; until a grammar is loaded, parses of its language fail.
   */
  languages?: readonly LanguageId[];
}

export interface AnalyzeInput {
  path: string;
  text: string;
  config?: EngineConfig;
  ports?: EnginePorts;
  /** Overrides the kind derived from the path (untitled documents, snippets): an editor language id or a FileKind. */
  languageId?: string;
  /** See `TextInput.timeBudgetMs`. */
  timeBudgetMs?: number;
}

export interface AnalyzeBytesInput {
  path: string;
  /** The file's bytes, or a prefix of them when the file is larger than the host's cap. */
  bytes: Uint8Array;
  fileSize: number;
  config?: EngineConfig;
  ports?: EnginePorts;
}

const PYTHON_ONLY: readonly LanguageId[] = ['python'];

export class Engine {
  private readonly analyzer: Analyzer;
  readonly rules: readonly RuleMeta[];

  private constructor(private readonly grammars: Grammars, modules: readonly RuleModule[]) {
    this.rules = modules.flatMap((m) => m.rules).sort((a, b) => compareRuleCodes(a.id, b.id));
    this.analyzer = new Analyzer(grammars, this.rules, modules.flatMap((m) => m.checkers));
  }

  static async create(options: EngineOptions): Promise<Engine> {
    return new Engine(await Grammars.load(options.loadTreeSitter, options.loadWasm, options.languages ?? ALL_LANGUAGES), options.modules);
  }

  /**
   * Resolves when the parser is ready for the next file: at once, unless a file trapped the parser and its
   * replacement is still being built, or a grammar of `languages` is still to be loaded. Hosts await it between
   * files (with `grammarsFor(path)` when the engine was created with fewer grammars); without it, files analysed
   * in the meantime get an `incomplete` note instead of a parse.
   */
  ready(languages?: readonly LanguageId[]): Promise<void> {
    return this.grammars.ready(languages);
  }

  /**
   * The grammars an analysis of `path` may parse with: a Python file's, or an archive's Python members, only
   * Python's (its module summaries, callers and file writers are Python files too); a JavaScript or TypeScript
   * file's, every grammar (its imports reach the other two dialects, and the model files it names may hold Python
   * code); a notebook's, every grammar (its language is in its metadata); other kinds, none.
   */
  grammarsFor(path: string, languageId?: string): readonly LanguageId[] {
    const kind = this.kindOf(path, languageId);
    if (kind === 'python' || kind === 'model') return PYTHON_ONLY;
    return isCodeLanguage(kind) || kind === 'notebook' ? ALL_LANGUAGES : [];
  }

  /** The languages whose grammars are loaded now (tests read it). */
  get loadedGrammars(): readonly LanguageId[] {
    return this.grammars.loadedLanguages;
  }

  /** How many parser runtimes this engine has built: 1, plus one per trap (for tests and logs). */
  get parserRuntimes(): number {
    return this.grammars.runtimeCount;
  }

  /** The kind of a file from its path (and optional editor language id). */
  kindOf(path: string, languageId?: string): FileKind | undefined {
    if (languageId) {
      const fromLanguage = fileKindOfLanguageId(languageId) ?? (KINDS.has(languageId) ? (languageId as FileKind) : undefined);
      const fromPath = fileKindOf(path);
      // A notebook cell is a document of its own whose path is the notebook's: its language decides.
      if (fromPath === 'notebook' && fromLanguage && isCodeLanguage(fromLanguage)) return fromLanguage;
      // A manifest keeps its own kind even when the editor calls it plain JSON or TOML.
      if (fromPath && fromPath !== 'json' && fromPath !== 'toml' && fromPath !== 'yaml' && fromPath !== 'text') return fromPath;
      // Pipeline files (`.npmrc` is `properties` to the editor, `pip.conf` `ini`) are read by name.
      if (fromPath && pipelineFileOf(path)) return fromPath;
      if (fromLanguage) return fromLanguage;
    }
    return fileKindOf(path);
  }

  analyze(input: AnalyzeInput): AnalysisResult {
    const kind = this.kindOf(input.path, input.languageId);
    if (!kind || isBinaryFileKind(kind)) {
      return { path: input.path, findings: [], suppressed: [], notes: [{ kind: 'skipped', message: kind ? `${kind === 'model' ? 'model files' : 'key stores'} are analysed as bytes (analyzeBytes)` : 'AISec does not analyse this kind of file' }] };
    }
    return this.neverThrow(input.path, () =>
      this.analyzer.analyzeText({
        path: input.path,
        text: input.text,
        kind,
        config: input.config ?? DEFAULT_CONFIG,
        ports: input.ports ?? {},
        ...(input.timeBudgetMs !== undefined ? { timeBudgetMs: input.timeBudgetMs } : {}),
      }),
    );
  }

  analyzeBytes(input: AnalyzeBytesInput): AnalysisResult {
    return this.neverThrow(input.path, () => this.analyzer.analyzeBinary({ path: input.path, kind: fileKindOf(input.path) === 'keystore' ? 'keystore' : 'model', bytes: input.bytes, fileSize: input.fileSize, config: input.config ?? DEFAULT_CONFIG, ports: input.ports ?? {} }));
  }

  /** Opens a document for incremental editing (the language server keeps one per open editor). */
  openDocument(path: string, text: string, languageId?: string): EngineDocument {
    return new EngineDocument(this.grammars, path, this.kindOf(path, languageId) ?? 'text', text);
  }

  /**
   * Opens the code cells of a notebook at `path`, joined into one program (`joinCodeCells`), for incremental
   * editing: `analyzeDocument` then finds what `analyze` finds in those cells of the `.ipynb` file, with
   * ranges in the joined text (`cellLocator` maps them to cells). `cellStarts` are the code cells' offsets
   * (`JoinedCells.starts`; `EngineDocument.replaceText` takes the new ones after each change), so a syntax
   * error stays in its cell as in the scan (`containCellErrors`).
   */
  openNotebookCode(path: string, joinedText: string, language: LanguageId, cellStarts: readonly number[] = [0]): EngineDocument {
    return new EngineDocument(this.grammars, path, 'notebook', joinedText, language, cellStarts);
  }

  /**
   * Analyses an open document, re-using (and incrementally updating) its syntax tree; after an edit only the
   * top-level units the edit can affect are analysed again (`incremental/`), with the same result.
   */
  analyzeDocument(document: EngineDocument, config: EngineConfig = DEFAULT_CONFIG, ports: EnginePorts = NO_PORTS, timeBudgetMs?: number): AnalysisResult {
    // One budget for the whole call: a parse stopped in the incremental path is not tried again from the start.
    const budget = TimeBudget.of(ports.clock, timeBudgetMs, config);
    const shouldStop = budget.parseStopper();
    const language = document.language;
    // Why the code analysis of the document stopped (its parse, or the budget in the incremental path).
    let stopped: RunKind | undefined;
    try {
      if (language && document.text.length <= config.maxFileBytes && !document.text.includes('\u0000')) {
        const analysed = analyzeOpenDocument({ analyzer: this.analyzer, grammars: this.grammars, document, language, config, ports, budget, ...(shouldStop ? { shouldStop } : {}) });
        if (analysed.result) {
          document.lastRunKind = analysed.run;
          return analysed.result;
        }
        stopped = analysed.run;
      }
    } catch (error) {
      // A trap in the incremental path (a window parse, a checker): the document forgets its tree and the
      // analysis below runs the text checkers and reports the trap.
      document.forgetTree();
      if (language && document.kind === 'notebook') return this.neverThrow(document.path, () => this.analyzer.analyzeJoinedCells({ path: document.path, text: document.text, parseText: document.parseSource, language, config, ports, budget, treeLost: error }));
      return this.neverThrow(document.path, () => this.analyzer.analyzeText({ path: document.path, text: document.text, kind: document.kind, config, ports, budget, treeLost: error }));
    }
    document.forgetAnalysis();
    document.lastRunKind = stopped ?? { kind: 'full', reason: 'not a parsed code document' };
    // A notebook's joined cells that were not analysed above (too large, NUL bytes, the parse stopped).
    if (language && document.kind === 'notebook') return this.neverThrow(document.path, () => this.analyzer.analyzeJoinedCells({ path: document.path, text: document.text, parseText: document.parseSource, language, config, ports, budget }));
    return this.neverThrow(document.path, () => {
      let tree;
      let treeLost: unknown;
      try {
        tree = document.kind === 'notebook' || budget.spent() ? undefined : document.syntaxTree(shouldStop);
      } catch (error) {
        document.forgetTree();
        treeLost = error;
      }
      return this.analyzer.analyzeText({ path: document.path, text: document.text, kind: document.kind, config, ports, budget, ...(tree ? { tree } : {}), ...(treeLost !== undefined ? { treeLost } : {}) });
    });
  }

  /**
   * Runs `inspect` over the syntax tree of a code file, outside any analysis (hosts use it for project-level
   * facts such as `summarizeTaintModule`); undefined for other kinds, or when the file does not parse.
   */
  inspect<T>(path: string, text: string, inspect: (ctx: AstContext) => T, config: EngineConfig = DEFAULT_CONFIG, ports: EnginePorts = NO_PORTS): T | undefined {
    const kind = this.kindOf(path);
    if (!isCodeLanguage(kind) || text.length > config.maxFileBytes || text.includes('\u0000')) return undefined;
    return this.analyzer.inspectAst(path, text, kind, config, ports, inspect);
  }

  /** Parses a code file; the caller owns the tree and must `delete()` it. Undefined for non-code kinds. */
  parseTree(path: string, text: string, languageId?: string): Tree | undefined {
    const kind = this.kindOf(path, languageId);
    if (!isCodeLanguage(kind)) return undefined;
    try {
      return this.grammars.parse(kind, text) ?? undefined;
    } catch {
      return undefined;
    }
  }

  /** Parses `text` and says whether it has syntax errors (used to prove a fix leaves a parseable file). */
  parsesCleanly(path: string, text: string, languageId?: string): boolean | undefined {
    const kind = this.kindOf(path, languageId);
    if (kind !== 'python' && kind !== 'javascript' && kind !== 'typescript' && kind !== 'tsx') return undefined;
    try {
      const tree = this.grammars.parse(kind, text);
      if (!tree) return false;
      const ok = !tree.rootNode.hasError;
      this.grammars.release(tree);
      return ok;
    } catch (error) {
      if (isRuntimeTrap(error)) this.grammars.discard();
      return undefined;
    }
  }

  /**
   * The last line of the "analysis never throws" invariant: the analyzer turns checker crashes and parser traps
   * into notes itself, so this only catches a defect in the engine's own code (and drops the parser runtime if
   * the defect was a trap).
   */
  private neverThrow(path: string, run: () => AnalysisResult): AnalysisResult {
    try {
      return run();
    } catch (error) {
      if (isRuntimeTrap(error)) this.grammars.discard();
      const detail = error instanceof Error ? error.message : String(error);
      return { path, findings: [], suppressed: [], notes: [{ kind: 'incomplete', message: `not analysed: the analysis failed (${detail})` }] };
    }
  }
}

/** Creates an engine (loads the grammars once). */
export function createEngine(options: EngineOptions): Promise<Engine> {
  return Engine.create(options);
}

const KINDS = new Set<string>(['python', 'javascript', 'typescript', 'tsx', 'notebook', 'dotenv', 'json', 'yaml', 'toml', 'markdown', 'agent-instructions', 'shell', 'requirements', 'pyproject', 'pipfile', 'setup-cfg', 'conda-env', 'package-json', 'package-lock', 'yarn-lock', 'pnpm-lock', 'text', 'mcp-config', 'agent-settings', 'other-code']);

/** Model files: the scan, the verdict used by `ProjectFacts.modelFileVerdict`, and the readable report. */
export { modelFileReport, modelFileVerdictOf, verdictOf, renderModelReport, scanModelFile, type ModelFileReport } from './model-report';

/** Secrets: hosts pass every finding they serialise (JSON, SARIF, LSP, logs) through this first. */
export { redactFindingForOutput } from './secrets/output-safety';

/** The ports of callers that give none; one object, so documents can tell that they did not change. */
const NO_PORTS: EnginePorts = Object.freeze({});
export { cellPosition, cellLocator, joinCodeCells, messageInCell, type CellPosition, type CellSource, type JoinedCells } from './parsing/notebook';
