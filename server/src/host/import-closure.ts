/**
 * The project pass behind `ProjectFacts.importClosureMatches`: whether any project file an analysed file imports,
 * directly or through the files those import, passes a text test (the model-output analysis asks whether any of
 * them can be a source of model output before it walks a file whose only sinks would need one from elsewhere).
 *
 * Imports are read without parsing (`lexical-module-imports.ts`), over-approximating what the taint summaries
 * ask for, and resolved as the summaries resolve them (`resolveModule`), so the closure holds every file whose
 * summary the walk could use. A module longer than the summaries read (`MAX_SUMMARISED_CHARS`) is neither tested
 * nor followed, as the summaries skip it. Each file's references and test answers are kept while its size and
 * modification time (an open file: its editor version) are unchanged; the text itself is not kept. Every file
 * of the closure is recorded as a dependency of the analysed file (`TaintDependents`), so that an edit giving one
 * of them a source analyses the importer again. Past `MAX_FILES` files the answer is unknown.
 */
import { basename, dirname, resolve } from 'node:path';
import type { ImportClosureTest, ProjectFacts } from '../engine/index';
import { submodule } from '../rules/shared/taint/project-imports';
import { LIVE_FILE_STATES } from './file-states';
import { closureSources } from './import-closure-sources';
import { chainsOn, moduleImports, type ModuleImports } from './lexical-module-imports';
import { LIVE_KEPT_CHARS, projectTexts } from './project-texts';
import { folderModuleResolver, MAX_SUMMARISED_CHARS, projectRootFor, type TaintSummaryOptions } from './taint-summaries';

const MAX_FILES = 5_000;
const PYTHON = /\.py$/;
const JAVASCRIPT = /\.(?:[cm]?[jt]s|[jt]sx)$/;

interface KnownFile {
  size: number;
  mtimeMs: number;
  version?: number;
  /** Longer than the summaries read: a module of the closure that contributes nothing. */
  tooLong: boolean;
  /** Read when the walk first goes on from the file (files it only tests, or stops at, never need them). */
  imports?: ModuleImports;
  /** Answers of text tests, by test key, computed when the file is first tested (never for an analysed file only). */
  answers: Map<string, boolean>;
  /** Resolved imports, by project root. */
  targets: Map<string, string[]>;
}

/** The closure reads module texts only: it needs no engine, so the main thread of a worker scan can run it. */
export interface ImportClosureOptions extends Omit<TaintSummaryOptions, 'engine' | 'config' | 'ports'> {
  /**
   * Whether an absolute import's top-level package can be the project's (`ProjectFacts.isFirstParty`), asked
   * before resolving it, as the summaries ask: `numpy` and `os` are never looked for in every folder.
   */
  isFirstParty?: (fromFile: string, topLevel: string) => boolean;
  /**
   * The files do not change while these facts live (one CLI scan): a Python question is first answered from the
   * modules that pass the test, walking back through their importers (`import-closure-sources.ts`), and only a
   * question that side cannot deny walks forward. Not with `dependents` or `openText`, which need the forward walk.
   */
  filesFixed?: boolean;
  /**
   * With `filesFixed`, how many modules the forward walks resolve the imports of before questions go to the
   * modules that pass instead (default `SOURCES_AFTER_MODULES`): that side tests every module of the tree once, which
   * a scan of a few files in a large repository should not pay for.
   */
  sourcesAfterModules?: number;
}

/**
 * A scan whose closures have resolved this many modules' imports has many questions left (the corpus's closures
 * resolve some 2,000), while a scan of one file in a large repository resolves fewer than this.
 */
const SOURCES_AFTER_MODULES = 200;

export function importClosureFacts(options: ImportClosureOptions): Required<Pick<ProjectFacts, 'importClosureMatches'>> {
  const states = options.fileStates ?? LIVE_FILE_STATES;
  const known = new Map<string, KnownFile>();
  const texts = options.texts ?? projectTexts(states, LIVE_KEPT_CHARS);

  const textOf = (file: string): string | undefined => options.openText?.(file)?.text ?? texts.textOf(file, PYTHON.test(file) ? 'python' : 'javascript');
  /**
   * What is known of a file, forgotten when it changed. What is derived from its text is derived when first
   * needed, from the text the shared store keeps: an analysed file is never tested, and the imports of a file
   * at the last level asked for, or of one that passes the test, are never read.
   */
  const knownOf = (file: string): KnownFile | undefined => {
    const open = options.openText?.(file);
    const onDisk = open ? undefined : states.stampOf(file);
    const stamp = open ? { size: open.text.length, mtimeMs: 0, version: open.version } : onDisk && { size: onDisk.size, mtimeMs: onDisk.mtimeMs, version: undefined };
    if (!stamp) return undefined;
    const cached = known.get(file);
    if (cached && cached.size === stamp.size && cached.mtimeMs === stamp.mtimeMs && cached.version === stamp.version) return cached;
    const text = textOf(file);
    if (text === undefined) return undefined;
    const entry: KnownFile = { size: stamp.size, mtimeMs: stamp.mtimeMs, ...(stamp.version !== undefined ? { version: stamp.version } : {}), tooLong: text.length > MAX_SUMMARISED_CHARS, answers: new Map(), targets: new Map() };
    if (known.size > 100_000) known.clear();
    known.set(file, entry);
    return entry;
  };
  /** Whether a file passes `test` (undefined when its text can no longer be read). */
  const passes = (file: string, entry: KnownFile, test: ImportClosureTest): boolean | undefined => {
    let answer = entry.answers.get(test.key);
    if (answer === undefined) {
      const text = textOf(file);
      if (text === undefined) return undefined;
      answer = test.matches(text);
      entry.answers.set(test.key, answer);
    }
    return answer;
  };
  const importsOf = (file: string, entry: KnownFile): ModuleImports => {
    if (!entry.imports) {
      const text = textOf(file);
      entry.imports = text === undefined ? { modules: [], bound: new Map() } : moduleImports(text, PYTHON.test(file));
    }
    return entry.imports;
  };
  const resolveInFolder = folderModuleResolver(states);
  /** Modules whose imports were resolved, counted until the modules that pass answer instead. */
  let resolvedModules = 0;
  /**
   * Answers kept per folder and root, by module: every file of a folder resolves an import alike (the first-party
   * test and the resolver are per folder too), and a closure resolves some thirty imports per module, so the
   * lookups themselves, not the probes behind them, were most of its resolving.
   */
  const resolvedIn = new Map<string, Map<string, string | null>>();
  const resolverFor = (file: string, root: string): ((module: string) => string | undefined) => {
    const key = `${dirname(file)}\u0000${root}`;
    let resolved = resolvedIn.get(key);
    if (!resolved) {
      if (resolvedIn.size > 10_000) resolvedIn.clear();
      resolved = new Map();
      resolvedIn.set(key, resolved);
    }
    const answers = resolved;
    const python = PYTHON.test(file);
    return (module) => {
      let target = answers.get(module);
      if (target === undefined) {
        const firstParty = !python || module.startsWith('.') || !options.isFirstParty || options.isFirstParty(file, module.split('.')[0] ?? module);
        target = (firstParty ? resolveInFolder(file, module, root) : undefined) ?? null;
        answers.set(module, target);
      }
      return target ?? undefined;
    };
  };
  /** The project files a file's references resolve to (a chain on a package goes on while it names packages). */
  const targetsOf = (file: string, entry: KnownFile, root: string): string[] => {
    const kept = entry.targets.get(root);
    if (kept) return kept;
    const found = new Set<string>();
    const imports = importsOf(file, entry);
    const resolveFrom = resolverFor(file, root);
    for (const module of imports.modules) {
      const target = resolveFrom(module);
      if (target) found.add(target);
    }
    // Attribute chains matter only on names bound to a package (`import pkg` … `pkg.sub.f()`): the text is read
    // for the chains of those names alone, and only when there are some.
    const packages = new Set<string>();
    for (const [local, module] of imports.bound) {
      const target = resolveFrom(module);
      if (target && basename(target) === '__init__.py') packages.add(local);
    }
    const text = packages.size > 0 ? textOf(file) : undefined;
    for (const chain of text === undefined ? [] : chainsOn(text, imports.bound, packages)) {
      let module = chain.module;
      let target = resolveFrom(module);
      for (const name of chain.names) {
        if (!target || basename(target) !== '__init__.py') break;
        module = submodule(module, name);
        target = resolveFrom(module);
        if (target) found.add(target);
      }
    }
    const targets = [...found];
    entry.targets.set(root, targets);
    resolvedModules += 1;
    return targets;
  };

  const sourcesAfter = options.sourcesAfterModules ?? SOURCES_AFTER_MODULES;
  const sources =
    options.filesFixed && !options.dependents && !options.openText
      ? closureSources({
          tooLong: (file) => knownOf(file)?.tooLong,
          passes: (file, test) => {
            const entry = knownOf(file);
            return entry && passes(file, entry, test);
          },
          text: textOf,
          targets: (file, root) => {
            const entry = knownOf(file);
            return entry ? targetsOf(file, entry, root) : [];
          },
        })
      : undefined;

  return {
    importClosureMatches: (fromPath: string, test: ImportClosureTest, levels = Number.POSITIVE_INFINITY): boolean | undefined => {
      const from = resolve(options.baseFolder, fromPath);
      const python = PYTHON.test(from);
      if (!python && !JAVASCRIPT.test(from)) return undefined;
      const root = projectRootFor(from, options.projectRoots?.() ?? [options.projectRoot]);
      if (python && sources && resolvedModules >= sourcesAfter && sources.mayReach(from, root, test, levels) === false) return false;
      const seen = new Set([from]);
      const queue = [from];
      const levelOf = new Map([[from, 0]]);
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
        const entry = knownOf(next);
        if (!entry) {
          // The analysed file unreadable here (unsaved elsewhere, removed): unknown. A module that cannot be
          // read has no summary either.
          if (next === from) return undefined;
          continue;
        }
        if (next !== from) {
          options.dependents?.record(from, next);
          if (entry.tooLong) continue;
          const answer = passes(next, entry, test);
          if (answer === undefined) continue;
          if (answer) return true;
        }
        const level = (levelOf.get(next) ?? 0) + 1;
        if (level > levels) continue;
        for (const target of targetsOf(next, entry, root)) {
          if (seen.has(target) || PYTHON.test(target) !== python) continue;
          if (seen.size >= MAX_FILES) return undefined;
          seen.add(target);
          levelOf.set(target, level);
          queue.push(target);
        }
      }
      return false;
    },
  };
}
