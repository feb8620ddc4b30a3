/**
 * Ports: the synchronous questions the engine may ask its host. The host answers from memory
 * (bundled snapshot, caches filled in the background, the workspace index); the engine never does I/O.
 * Every port is optional: a missing answer means "unknown", and rules stay quiet or lower their confidence.
 */
import type { Range } from './finding';

/** Package intelligence answered from the bundled snapshot plus whatever online answers are cached. */
export interface PackageIntel {
  /** Ecosystem-normalised name lookups. `undefined` means unknown (offline, not cached). */
  exists(ecosystem: Ecosystem, name: string): boolean | undefined;
  /**
   * When `exists` was answered from an offline list of registry names rather than an online lookup: the
   * list's date (`2026-11`, `2026-09-29`), so messages can say how old the evidence is.
   */
  nameListDate?(ecosystem: Ecosystem, name: string): string | undefined;
  /**
   * Whether the offline name list (or the snapshot) has the name, without asking the registry: for evidence
   * about names the user did not write (the twin of a look-alike), which must not be looked up online.
   */
  isListed?(ecosystem: Ecosystem, name: string): boolean;
  /**
   * Whether the offline name list answered that the registry lacks the name: false when no list is loaded, when
   * the snapshot knows the name, when it is private or under a scope with nothing public, and when an online
   * lookup found it. Look-alike shapes too common among registered names count as evidence only then.
   */
  isUnlisted?(ecosystem: Ecosystem, name: string): boolean;
  /** The date of the offline advisories for an ecosystem (ISO), when they come from a dated snapshot or export. */
  advisoryDate?(ecosystem: Ecosystem): string | undefined;
  /**
   * Whether `vulnerabilities` can answer for this ecosystem at all: the snapshot in use holds its advisories, or
   * online lookups are allowed. False means every version would look clean for want of data, so the engine says
   * the versions were not checked; undefined (a host that does not tell) is taken as true.
   */
  hasAdvisories?(ecosystem: Ecosystem): boolean;
  /** Every package of the big vendors' scopes (`@azure/arm-dns`), popular or not, for scope-dropped look-alikes. */
  vendorScopedNames?(ecosystem: Ecosystem): readonly string[];
  /**
   * Whether a word (four or more characters, no separators) is one the ecosystem names packages with: at least
   * 30 registered names use it as one of their words (`dataset`, `storage`, `cookies`). Such a name was chosen
   * as a word, so sitting next to a popular package (`datasets`) is no evidence of a typo.
   */
  isNamingWord?(ecosystem: Ecosystem, word: string): boolean;
  isPopular(ecosystem: Ecosystem, name: string): boolean;
  /** The names, most popular first, used for typosquat comparisons. */
  popularNames(ecosystem: Ecosystem): readonly string[];
  /** `'all'` when every version is malicious, a list of the compromised versions, or undefined. */
  malicious(ecosystem: Ecosystem, name: string): 'all' | readonly string[] | undefined;
  /** Advisories affecting this exact version (empty when none is known). */
  vulnerabilities(ecosystem: Ecosystem, name: string, version: string): readonly Advisory[];
  /** Registry facts when known (from the online cache). */
  registryFacts?(ecosystem: Ecosystem, name: string): RegistryFacts | undefined;
  /**
   * The newest non-prerelease version when the online cache knows it, for fixes that pin a version
   * (popular names included: asking marks the name for the next online lookup).
   */
  latestVersion?(ecosystem: Ecosystem, name: string): string | undefined;
  /** Python import name → candidate distribution names (from the import map); undefined when unmapped. */
  distributionsForImport?(importName: string): readonly string[] | undefined;
  isPythonStdlib?(moduleName: string): boolean;
  /** For names AI assistants are known to invent and someone has since registered: what was meant (`huggingface-cli` → `huggingface_hub[cli]`). */
  knownHallucination?(ecosystem: Ecosystem, name: string): string | undefined;
  /** For a module's import name installed as if it were the package (`sklearn`, `cv2`, `yaml`): the distribution meant. */
  importNameConfusion?(ecosystem: Ecosystem, name: string): string | undefined;
  /**
   * The full commit SHA a VCS ref points to, when it has been resolved online (for pinning fixes).
   * `dependencyName` lets the host keep a private dependency's repository from being asked about.
   */
  resolveVcsCommit?(url: string, ref: string | undefined, dependencyName?: string): string | undefined;
}

export type Ecosystem = 'pypi' | 'npm';

export interface Advisory {
  id: string;
  aliases: readonly string[];
  summary: string;
  /** The lowest fixed version above the given version, when one exists. */
  fixedIn?: string;
}

export interface RegistryFacts {
  /** ISO date of the first release. */
  firstRelease?: string;
  releaseCount?: number;
  hasInstallScripts?: boolean;
  /** Whether the registry metadata links a source repository (GitHub, GitLab, Bitbucket, Codeberg). */
  hasRepository?: boolean;
  /** The newest non-prerelease version, when known (used to write a version into added dependencies). */
  latestVersion?: string;
}

/** Facts about the project the analysed file belongs to, collected by the host. */
export interface ProjectFacts {
  /** True when `relativePath` (relative to the analysed file's folder or the project root) names an existing file. */
  fileExists?(fromPath: string, relativePath: string): boolean;
  /**
   * Why `relativePath`, a file a model file at `fromPath` names relative to its own folder (ONNX external data),
   * leaves that folder through a symbolic link on the way (the link and its target in words), or undefined.
   * The engine checks the path as text; only the host sees links.
   */
  linkEscape?(fromPath: string, relativePath: string): string | undefined;
  /** A verdict for a model file in the workspace, when it has been scanned (see the model-files family). */
  modelFileVerdict?(fromPath: string, relativePath: string): ModelFileVerdict | undefined;
  /** Distributions declared by manifests governing `fromPath` (normalised names). */
  declaredDependencies?(fromPath: string, ecosystem: Ecosystem): ReadonlySet<string> | undefined;
  /** True when `moduleName` is first-party for `fromPath` (a local package, file or workspace package). */
  isFirstParty?(fromPath: string, ecosystem: Ecosystem, moduleName: string): boolean;
  /**
   * The manifest that should declare a new dependency of `fromPath` (the nearest requirements.txt or
   * pyproject.toml for PyPI, package.json for npm): its path relative to the folder of `fromPath`, its kind
   * and its current text. Undefined when the project has none.
   */
  manifestFor?(fromPath: string, ecosystem: Ecosystem): ManifestRef | undefined;
  /**
   * What another module of the project does with model output (see `TaintModuleSummary`): the host resolves
   * `module` as imported by `fromPath` (Python `.helpers`, `pkg.helpers`; JS `./helpers`), summarises that file
   * with `Engine.summarizeTaint` and caches the answer. Undefined when the module is not a project file; a summary
   * marked `beyondBound` when it is one, but further away than the host summarises. `analysedPath` names the
   * file being analysed when `fromPath` is another module whose re-export is followed (`from .pkg import f`, then
   * `.tools` as `pkg/__init__.py` imports it), so the host knows whose findings depend on the answer.
   */
  taintSummary?(fromPath: string, module: string, analysedPath?: string): TaintModuleSummary | undefined;
  /**
   * Whether any project file that `fromPath` imports, directly or through the files those import (as
   * `taintSummary` resolves modules), passes `test` on its text. The host reads imports without parsing and
   * keeps each file's answer per `test.key` while the file is unchanged. Undefined when it cannot tell (a file
   * too large to read, too many files); `fromPath` itself is not tested. With `levels`, imports are followed
   * that many steps at most (1: the modules `fromPath` imports).
   */
  importClosureMatches?(fromPath: string, test: ImportClosureTest, levels?: number): boolean | undefined;
  /**
   * The GitHub owner (user or organisation, lower case) of the repository `fromPath` belongs to: the checkout's
   * `origin` remote, else the repository URL its manifest declares. Undefined when neither names one.
   */
  repositoryOwner?(fromPath: string): string | undefined;
  /**
   * Another Python file of the project that writes a file named `fileName` with a serializer (`pickle.dump`,
   * `torch.save`, `joblib.dump`, `open(..., "wb")`, ...; see `rules/shared/python-own-files.ts`): `fileName` is a
   * template whose `*` stands for interpolated text (`rank_*.pt`). The writer's path is named as hosts name
   * `Finding.path`, with the range of the writing call in it. Undefined when no other file writes one.
   */
  fileWriter?(fromPath: string, fileName: string): ProjectFileWrite | undefined;
  /**
   * What the other files of the project pass for one parameter of a function `fromPath` defines at its top level
   * (`def run_cmd(cmd)` imported as `from pkg.utils import run_cmd`; a JS/TS function exported from the file):
   * the host finds the files that import the function and call it, and grades each argument where it is written
   * (`rules/shared/command-callers.ts`). Undefined when it cannot tell: a file uses the function other than by
   * calling it (a callback, a re-export, a star import), a call passes `*args`, or the search was cut off.
   */
  callerOrigins?(fromPath: string, functionName: string, parameter: CalledParameter): CallerOrigins | undefined;
  /**
   * Where the values come from that a function defined at the top level of another project module returns
   * (`from .utils import now`, `now()` in `fromPath`): the host resolves `module` as written in `fromPath` to a
   * file of the project and grades every `return` of `functionName` there (`rules/shared/command-returns.ts`).
   * Undefined when it cannot tell: the module is not a project file, it does not define the function itself, or
   * the question nests too deep.
   */
  returnOrigin?(fromPath: string, module: string, functionName: string): ValueOrigin | undefined;
  /**
   * What the other Python files of the project write to an attribute or pass to a method, by name
   * (`env.codes.directory = path`, `env.set_directory(path)`), graded where they are written
   * (`rules/shared/member-origins.ts`). A write through `self` counts only in the class asked about or in a
   * class that may be related to it (one with bases). Undefined when it cannot tell: a dynamic `setattr`, a
   * method handed on without being called, a call with `*args`, a walk cut off.
   */
  memberOrigin?(fromPath: string, query: MemberQuery): MemberOrigins | undefined;
  /**
   * The source text of the top-level declaration another project module exports as `name` (`export const NAME =
   * 'x';`, `export interface Name { ... }`, `export type Name = ...;`), `module` written as `fromPath` imports it:
   * a relative path or a package of the project's npm workspaces, re-exports followed a few modules deep. Read
   * without parsing (`host/exported-declarations.ts`); undefined when the host finds none.
   */
  exportedDeclaration?(fromPath: string, module: string, name: string): string | undefined;
  /**
   * The summaries of the project's Python modules that may define a subclass of class `className` defined in
   * `definingPath` (a file whose text has `class X(... className ...)`; the engine checks that the base is that
   * class through each module's imports): the implementations an object typed with an abstract class can run
   * (`sql_runner: SqlRunner` injected into a tool, `SqliteRunner(SqlRunner)` in another module). Bounded: at most a
   * few dozen modules (past them, the ones found so far); undefined when the search cannot be made.
   */
  subclassModules?(definingPath: string, className: string, analysedPath?: string): TaintModuleSummary[] | undefined;
}

/** A question of `ProjectFacts.memberOrigin`: the writes of an attribute, or the calls of a method. */
export type MemberQuery =
  | { kind: 'write'; attribute: string; className: string; classHasBases: boolean }
  | { kind: 'call'; method: string; parameter: CalledParameter }
  /** The values stored under a literal key of a dictionary attribute (`env.env_dict["directory"] = path`). */
  | { kind: 'key'; attribute: string; key: string };

/** The answer of `ProjectFacts.memberOrigin`. */
export interface MemberOrigins {
  /** Writes or calls seen in other files. */
  count: number;
  /** The worst origin among the values written or passed (`constant` when there is none). */
  origin: ValueOrigin;
  /** Some call leaves the parameter out, so its default applies. */
  omitted: boolean;
}

/** A text test for `ProjectFacts.importClosureMatches`, with a key naming it for the host's cache. */
export interface ImportClosureTest {
  key: string;
  matches(text: string): boolean;
}

/** Where a value comes from, for the shell rules: see `rules/shared/python-command-origin.ts`. */
export type ValueOrigin = 'constant' | 'operator' | 'outside';

/** A parameter of a function, by position (0-based, among the positional parameters) and name. */
export interface CalledParameter {
  index: number;
  name: string;
}

/** The answer of `ProjectFacts.callerOrigins`. */
export interface CallerOrigins {
  /** Calls in other files of the project (0: none seen). */
  calls: number;
  /** The worst origin among the arguments those calls pass for the parameter (`constant` when there is none). */
  origin: ValueOrigin;
  /** Some call leaves the parameter out, so its default applies. */
  omitted: boolean;
  /** A call passing an argument of the worst origin, as hosts name `Finding.path`, with its 1-based line. */
  example?: { path: string; line: number };
}

/** Where another file of the project writes a file (the answer of `ProjectFacts.fileWriter`). */
export interface ProjectFileWrite {
  path: string;
  range: Range;
}

/**
 * The model-output facts of one module that its importers need, in plain data so hosts can cache and ship it
 * between threads: only functions and methods with something to say are listed.
 */
export interface TaintModuleSummary {
  /** The summarised file, as the host named it (shown in messages). */
  path: string;
  /** Module-level functions by name. */
  functions: Record<string, TaintFunctionSummary>;
  /**
   * Classes by name: their methods with something to say, their bases as written (for inherited methods), and the
   * classes of the objects they hold (`self.computer = Computer(self)` → `computer: "Computer"`, named as this module
   * names them), so an importer that reaches an instance's attribute (`agent.computer.run(code)`) knows its class.
   * `abstract` names the methods declared without a body (`@abstractmethod`, `pass`, `...`, `raise
   * NotImplementedError`): an object typed with such a class runs whichever subclass's method it was given.
   */
  classes: Record<string, { methods: Record<string, TaintFunctionSummary>; bases: string[]; attributes?: Record<string, string>; abstract?: string[] }>;
  /** Names the module imports from elsewhere (`name` → module and imported name), to follow re-exports. */
  reexports: Record<string, { module: string; name: string }>;
  /**
   * Module-level registries of functions (`TOOLS = {"shell": run_shell, "read": read_file}`): the function names each
   * holds, as this module names them (its own functions or names it imports), for importers that call an entry.
   */
  registries?: Record<string, string[]>;
  /**
   * The module is a project file, but the host's bound on levels of modules (`taint-module-depth`) kept it from
   * being summarised: its functions are unknown, and the summaries that needed one say where they were cut.
   */
  beyondBound?: true;
}

/** Where the bound on levels of modules cut a path: a call in `path` at `line` into the module `into`, left unsummarised. */
export interface TaintCut {
  path: string;
  line: number;
  into: string;
}

export interface TaintFunctionSummary {
  /** Parameter names in order (`self` included for methods), to match keyword arguments. */
  params: string[];
  /** Call arguments map to parameters shifted by this much (1 for methods called on an instance). */
  offset: number;
  /** The function returns model output whatever its arguments: the source (`client.chat.completions.create`), how messages name it, and the path to the return. */
  returnsSource?: { label: string; description: string; steps: TaintSummaryStep[]; heuristic?: boolean };
  /** Parameters whose value reaches the return value. */
  paramReturns: number[];
  /**
   * The function is a factory: the classes whose instances it may return (`return ShellHandler(cwd)`), named as
   * this module names them (a class it defines, or a name it imports, found through `reexports`). An importer
   * calling a method on the result applies the summaries of that method of every class.
   */
  returnsClasses?: string[];
  /** Parameters that reach a sink inside the function (or a function it calls). */
  paramSinks: TaintParamSink[];
  /** A call of the function (or of a function it calls) went into a module past the bound: what it does there is unknown. */
  cut?: TaintCut;
  /** A method keeps a parameter in `self.<attribute>` (a dotted path through the objects it holds). */
  stores?: { param: number; attribute: string }[];
  /** A method writes `self.<attribute>` to a file. */
  writes?: string[];
  /** The function runs a program file by a literal command (`python3 main.py`): the callee, its line, the path to it. */
  runsFiles?: { label: string; line: number; steps: TaintSummaryStep[] };
  /**
   * A method calls an entry of a collection its object was handed when made (`self.tool_map.get(name)(**tool_input)`,
   * the map built in `__init__` from `*tools`): which class runs is decided where the object is constructed, so the
   * caller applies `method` of each instance it gave (`rules/shared/taint/held-instances.ts`).
   */
  callsHeld?: TaintHeldCall[];
  /**
   * The function calls a method on an object one of its parameters holds (`interpreter.computer.run(language, code)`,
   * `interpreter` untyped): which class runs is known only where it is called, so the caller, which knows the
   * class of what it passes (`respond(self)`), applies that method's summary (`TaintParamCall`).
   */
  callsOnParams?: TaintParamCall[];
}

/** A method called on a parameter's object, or on an object reached from it by attributes (see `callsOnParams`). */
export interface TaintParamCall {
  /** The parameter holding the object (index in `params`). */
  object: number;
  /** The attributes from the parameter to the receiver (`interpreter.computer.run` → `["computer"]`). */
  path: string[];
  method: string;
  /**
   * Arguments of the call that carry a parameter (`param`), or an attribute of one (`attributes`: `messages` for
   * `interpreter.messages[-1]["content"]`), placed by position, keyword, or as `*`/`**` (`spread`: may fill any).
   */
  args: { param: number; attributes: string[]; position?: number; keyword?: string; spread?: true }[];
  /** The path to the call. */
  steps: TaintSummaryStep[];
}

/** A parameter passed to a method of an instance the object was given at construction (see `callsHeld`). */
export interface TaintHeldCall {
  /** The parameter passed on (index in `params`). */
  param: number;
  /** Passed as `**param` (fills every parameter of the called method) rather than as positional argument `position`. */
  spread: boolean;
  position?: number;
  /** The constructor parameter holding the instances: its index among the constructor call's arguments, name, and whether it is `*args`. */
  ctor: { index: number; name: string; variadic: boolean };
  /** The method called on the instance (`__call__` when the instance itself is called). */
  method: string;
  /** The path from the parameter to the call, ending at the call. */
  steps: TaintSummaryStep[];
}

export interface TaintParamSink {
  param: number;
  kind: 'code' | 'command' | 'deserialization' | 'template' | 'sql';
  /** The sink callee (`exec`, `subprocess.run`). */
  label: string;
  line: number;
  severity: 'error' | 'warning';
  why?: string;
  note?: string;
  /** The path from the parameter to the sink, ending at the sink call. */
  steps: TaintSummaryStep[];
}

/** One step of a path inside a summarised module (or a module it imports), with its place there. */
export interface TaintSummaryStep {
  message: string;
  /** The file, as the host named the summarised module. */
  path: string;
  range: Range;
}

export interface ManifestRef {
  /** Relative to the folder of the analysed file, with `/` separators. */
  file: string;
  kind: 'requirements' | 'pyproject' | 'package-json';
  text: string;
}

export interface ModelFileVerdict {
  verdict: 'dangerous' | 'suspicious' | 'pickle' | 'safe' | 'unreadable';
  /** One line, e.g. "imports os.system at byte 42". */
  summary: string;
}

/** A clock, injected so the engine has no timers of its own. */
export interface Clock {
  now(): number;
}

export interface EnginePorts {
  intel?: PackageIntel;
  project?: ProjectFacts;
  clock?: Clock;
}
