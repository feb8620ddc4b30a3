/**
 * Finds the summary of a function or method defined in another module of the project, through the host's
 * `ProjectFacts.taintSummary` port: by imported name (following re-exports such as a package
 * `__init__.py`), and methods through the class's bases. Bounded: a few hops, so a cycle of re-exports
 * or bases ends.
 */
import type { AstContext } from '../../../engine/rule';
import type { TaintFunctionSummary, TaintModuleSummary } from '../../../engine/ports';
import { submodule, type ImportedName } from './project-imports';

/** Re-exports and bases followed at most this many times per lookup. */
const MAX_HOPS = 4;

export interface ExternalFunction {
  summary: TaintFunctionSummary;
  /** The file that defines it, for messages. */
  path: string;
  /** The summary of the module that defines it (the classes a factory returns are named there). */
  module: TaintModuleSummary;
}

function returnsSource(fn: TaintFunctionSummary): boolean {
  return fn.returnsSource !== undefined;
}

/** A class that declares a method without a body: the module defining it (as the host names it) and the class. */
export interface AbstractDeclaration {
  path: string;
  className: string;
}

export class ExternalSummaries {
  private readonly modules = new Map<string, TaintModuleSummary | undefined>();
  private readonly firstParty = new Map<string, boolean>();
  /** The module past the host's bound that the lookups since `takeBeyondBound` met (they found nothing in it). */
  private beyondBound: string | undefined;

  constructor(private readonly ctx: AstContext) {}

  get available(): boolean {
    return this.ctx.ports.project?.taintSummary !== undefined;
  }

  /**
   * Whether a module imported by this file can be a file of the project: relative imports always, absolute
   * ones when the host says their top-level package is first-party (`torch`, `os` are not asked about further).
   */
  isProjectModule(module: string): boolean {
    if (module.startsWith('.')) return true;
    const known = this.firstParty.get(module);
    if (known !== undefined) return known;
    const top = module.split('.')[0] ?? module;
    const answer = this.ctx.ports.project?.isFirstParty?.(this.ctx.path, this.ctx.language === 'python' ? 'pypi' : 'npm', top) ?? true;
    this.firstParty.set(module, answer);
    return answer;
  }

  /** The summary of `module` as imported by `fromPath` (this file, or another module for its re-exports), asked once. */
  module(module: string, fromPath: string = this.ctx.path): TaintModuleSummary | undefined {
    const key = `${fromPath}\u0000${module}`;
    if (this.modules.has(key)) return this.modules.get(key);
    let summary: TaintModuleSummary | undefined;
    try {
      summary = this.ctx.ports.project?.taintSummary?.(fromPath, module, fromPath === this.ctx.path ? undefined : this.ctx.path);
    } catch {
      // A host failure is an unknown answer: the analysis goes on without the other module.
      summary = undefined;
    }
    this.modules.set(key, summary);
    return summary;
  }

  /** The module past the host's bound that a lookup since the last call met, if any (then forgotten). */
  takeBeyondBound(): string | undefined {
    const met = this.beyondBound;
    this.beyondBound = undefined;
    return met;
  }

  /** The summary of `module` with something in it; a module past the bound is remembered for `takeBeyondBound`. */
  private known(module: string, fromPath: string): TaintModuleSummary | undefined {
    const summary = this.module(module, fromPath);
    if (summary?.beyondBound) {
      this.beyondBound ??= summary.path;
      return undefined;
    }
    return summary;
  }

  /** A function `name` of an imported module, or a function the local name was imported as. */
  function(imported: ImportedName, fromPath: string = this.ctx.path, hops = 0): ExternalFunction | undefined {
    if (hops > MAX_HOPS || imported.name === undefined) return undefined;
    const summary = this.known(imported.module, fromPath);
    if (!summary) return undefined;
    const own = summary.functions[imported.name];
    if (own) return { summary: own, path: summary.path, module: summary };
    const reexport = summary.reexports[imported.name];
    return reexport ? this.function(reexport, summary.path, hops + 1) : undefined;
  }

  /**
   * Whether what `imported` names returns model output to its importer: a function whose summary returns a
   * source, a class one of whose methods does, or a module (`import pkg.drafts as drafts`, `from . import drafts`)
   * with such a function or class. Followed through re-exports (a package `__init__.py`), so a helper module
   * that only hands on another module's reply (`return draft_code(task).strip()`) is known to be a source too.
   */
  providesSource(imported: ImportedName, fromPath: string = this.ctx.path, hops = 0): boolean {
    if (hops > MAX_HOPS) return false;
    const summary = this.known(imported.module, fromPath);
    if (imported.name === undefined) return summary !== undefined && (Object.values(summary.functions).some(returnsSource) || Object.values(summary.classes).some((c) => Object.values(c.methods).some(returnsSource)));
    const fn = summary?.functions[imported.name];
    const cls = summary?.classes[imported.name];
    const reexport = summary?.reexports[imported.name];
    if (fn || cls || reexport) return (fn !== undefined && returnsSource(fn)) || (cls !== undefined && Object.values(cls.methods).some(returnsSource)) || (reexport !== undefined && this.providesSource(reexport, summary?.path ?? fromPath, hops + 1));
    // A Python name the module does not define may be a submodule of a package (`from . import drafts`).
    return this.ctx.language === 'python' && this.providesSource({ module: submodule(imported.module, imported.name) }, fromPath, hops + 1);
  }

  /**
   * The functions a registry of another module holds (`from tools import TOOLS`, then `TOOLS[name](**args)`), each
   * with its summary, named `TOOLS[…] → run_shell` for messages; followed through one re-export of the registry.
   */
  registryFunctions(imported: ImportedName, fromPath: string = this.ctx.path, hops = 0): (ExternalFunction & { entry: string })[] {
    if (hops > MAX_HOPS || imported.name === undefined) return [];
    const summary = this.known(imported.module, fromPath);
    if (!summary) return [];
    const entries = summary.registries?.[imported.name];
    if (!entries) {
      const reexport = summary.reexports[imported.name];
      return reexport ? this.registryFunctions(reexport, summary.path, hops + 1) : [];
    }
    const out: (ExternalFunction & { entry: string })[] = [];
    for (const entry of entries) {
      const found = summary.functions[entry] ? { summary: summary.functions[entry], path: summary.path, module: summary } : summary.reexports[entry] ? this.function(summary.reexports[entry], summary.path, hops + 1) : undefined;
      if (found) out.push({ ...found, entry });
    }
    return out;
  }

  /** `helpers.ask(...)` where `helpers` names a module (`import pkg.helpers as helpers`, `from pkg import helpers`). */
  moduleFunction(imported: ImportedName, path: readonly string[], name: string): ExternalFunction | undefined {
    // JS: only a namespace import (`import * as llm from './llm'`) names a module; a named import is a value.
    if (imported.name !== undefined && this.ctx.language !== 'python') return undefined;
    const base = imported.name === undefined ? imported.module : submodule(imported.module, imported.name);
    const module = path.reduce((m, part) => submodule(m, part), base);
    return this.function({ module, name });
  }

  /**
   * The class of attribute `attr` of instances of the class imported as `imported` (`self.computer = Computer(self)`
   * in its module), found in its summary or its bases', as that module names it.
   */
  attributeClass(imported: ImportedName, attr: string, fromPath: string = this.ctx.path, hops = 0): { within: TaintModuleSummary; name: string } | undefined {
    if (hops > MAX_HOPS || imported.name === undefined) return undefined;
    const summary = this.known(imported.module, fromPath);
    return summary ? this.attributeClassIn(summary, imported.name, attr, hops) : undefined;
  }

  /** The class of attribute `attr` of the class a module's summary names `className` (see `attributeClass`). */
  attributeClassIn(summary: TaintModuleSummary, className: string, attr: string, hops = 0): { within: TaintModuleSummary; name: string } | undefined {
    if (hops > MAX_HOPS) return undefined;
    const cls = summary.classes[className];
    if (!cls) {
      const reexport = summary.reexports[className];
      return reexport ? this.attributeClass(reexport, attr, summary.path, hops + 1) : undefined;
    }
    const own = cls.attributes?.[attr];
    if (own) return { within: summary, name: own };
    for (const base of cls.bases) {
      const found = summary.classes[base] ? this.attributeClassIn(summary, base, attr, hops + 1) : summary.reexports[base] ? this.attributeClass(summary.reexports[base], attr, summary.path, hops + 1) : undefined;
      if (found) return found;
    }
    return undefined;
  }

  /**
   * Where the class imported as `imported`, or a base of it, declares method `name` without a body (an abstract
   * method or interface stub): the defining module's path and the class, when no class on the way has a summary
   * of its own for `name`. An object typed with such a class runs a subclass's method (`implementations`).
   */
  abstractDeclaration(imported: ImportedName, name: string, fromPath: string = this.ctx.path, hops = 0): AbstractDeclaration | undefined {
    if (hops > MAX_HOPS || imported.name === undefined) return undefined;
    const summary = this.known(imported.module, fromPath);
    return summary ? this.abstractDeclarationIn(summary, imported.name, name, hops) : undefined;
  }

  /** `abstractDeclaration` for the class a module's summary names `className`. */
  abstractDeclarationIn(summary: TaintModuleSummary, className: string, name: string, hops = 0): AbstractDeclaration | undefined {
    if (hops > MAX_HOPS) return undefined;
    const cls = summary.classes[className];
    if (!cls) {
      const reexport = summary.reexports[className];
      return reexport ? this.abstractDeclaration(reexport, name, summary.path, hops + 1) : undefined;
    }
    if (cls.methods[name]) return undefined;
    if (cls.abstract?.includes(name)) return { path: summary.path, className };
    for (const base of cls.bases) {
      const found = summary.classes[base] ? this.abstractDeclarationIn(summary, base, name, hops + 1) : summary.reexports[base] ? this.abstractDeclaration(summary.reexports[base], name, summary.path, hops + 1) : undefined;
      if (found) return found;
    }
    return undefined;
  }

  /**
   * The methods `name` of the project's direct subclasses of a class declaring it abstract (`decl`), each with its
   * summary and class: the host lists modules whose text may subclass it, and a class counts only when one of its
   * bases is that class, followed through the module's imports and re-exports (a namesake elsewhere does not).
   */
  implementations(decl: AbstractDeclaration, name: string): (ExternalFunction & { className: string })[] {
    let modules: TaintModuleSummary[] | undefined;
    try {
      modules = this.ctx.ports.project?.subclassModules?.(decl.path, decl.className, this.ctx.path);
    } catch {
      // A host failure is an unknown answer: no implementation is applied.
      modules = undefined;
    }
    const out: (ExternalFunction & { className: string })[] = [];
    for (const summary of modules ?? []) {
      for (const [className, cls] of Object.entries(summary.classes)) {
        const own = cls.methods[name];
        if (own && cls.bases.some((base) => this.namesClass(summary, base, decl))) out.push({ summary: own, path: summary.path, module: summary, className });
      }
    }
    return out;
  }

  /** Whether base `base`, as the module `summary` writes it, is the class `decl` (defined there, or imported and re-exported up to it). */
  private namesClass(summary: TaintModuleSummary, base: string, decl: AbstractDeclaration): boolean {
    if (summary.path === decl.path) return base === decl.className;
    // A class of the module's own shadows a name it imports (a namesake of the interface is not it).
    if (summary.classes[base]) return false;
    let ref: ImportedName | undefined = summary.reexports[base];
    let from = summary.path;
    for (let hop = 0; ref && hop <= MAX_HOPS; hop++) {
      const next: TaintModuleSummary | undefined = ref.name === undefined ? undefined : this.known(ref.module, from);
      if (!next || ref.name === undefined) return false;
      if (next.path === decl.path) return ref.name === decl.className;
      if (next.classes[ref.name]) return false;
      from = next.path;
      ref = next.reexports[ref.name];
    }
    return false;
  }

  /** Method `name` of the class imported as `imported`, looked up through its bases. */
  method(imported: ImportedName, name: string, fromPath: string = this.ctx.path, hops = 0): ExternalFunction | undefined {
    if (hops > MAX_HOPS || imported.name === undefined) return undefined;
    const summary = this.known(imported.module, fromPath);
    return summary ? this.methodIn(summary, imported.name, name, hops) : undefined;
  }

  /** Method `name` of the class a module's summary names `className` (defined there, or imported by it). */
  methodIn(summary: TaintModuleSummary, className: string, name: string, hops = 0): ExternalFunction | undefined {
    if (hops > MAX_HOPS) return undefined;
    const cls = summary.classes[className];
    if (!cls) {
      const reexport = summary.reexports[className];
      return reexport ? this.method(reexport, name, summary.path, hops + 1) : undefined;
    }
    const own = cls.methods[name];
    if (own) return { summary: own, path: summary.path, module: summary };
    for (const base of cls.bases) {
      const found = summary.classes[base] ? this.methodIn(summary, base, name, hops + 1) : summary.reexports[base] ? this.method(summary.reexports[base], name, summary.path, hops + 1) : undefined;
      if (found) return found;
    }
    return undefined;
  }
}
