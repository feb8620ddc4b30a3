/**
 * The project pass behind `ProjectFacts.subclassModules`: the summaries of the project's Python modules that may
 * subclass a given class, so an object typed with an abstract class (`sql_runner: SqlRunner`, injected into an
 * agent tool by whoever builds it) is followed into the implementations the project ships (`class
 * SqliteRunner(SqlRunner)` running `cursor.execute(args.sql)` in another package).
 *
 * It is asked only when model output is passed to a method that the receiver's class declares without a body, so
 * it costs nothing on other files. The project's Python files (test code left out: a test's fake implementation is
 * not what the application runs) are listed once by the bounded walk `codeFiles`; a file is summarised only when its
 * text has a class statement naming the class among its bases, through the host's own `taintSummary` (cached, and
 * recorded for the language server's dependants). The engine then keeps only the classes whose base resolves to
 * the asked class through the module's imports. The language server records the class name asked
 * (`TaintDependents.recordName`), so a file that starts to subclass it re-analyses the files that asked.
 */
import { basename, isAbsolute, parse, resolve } from 'node:path';
import type { ProjectFacts, TaintModuleSummary } from '../engine/index';
import { projectPythonFiles } from './command-callers';
import { LIVE_FILE_STATES } from './file-states';
import { LIVE_KEPT_CHARS, projectTexts } from './project-texts';
import { displayPath, MAX_SUMMARISED_CHARS, projectRootFor, type TaintSummaryOptions } from './taint-summaries';

/** The module-pass options, and the host's `taintSummary` the candidate modules are summarised with. */
export interface SubclassModuleOptions extends Omit<TaintSummaryOptions, 'ports'> {
  taintSummary: NonNullable<ProjectFacts['taintSummary']>;
}

const PYTHON = /\.py$/;
/**
 * Modules summarised for one question at most (a project's database or sandbox back ends are often a dozen): past
 * it (a base class of half the project) the search stops with the implementations found so far, each of which is
 * one that the object may be.
 */
const MAX_MODULES = 24;

/** The module name a Python file gives itself, as a relative import from its own folder (`.runner`; `.` for a package's `__init__.py`). */
function ownModule(file: string): string {
  const name = basename(file, '.py');
  return name === '__init__' ? '.' : `.${name}`;
}

/** The `subclassModules` answer of a host, backed by the file system. */
export function subclassModuleFacts(options: SubclassModuleOptions): Required<Pick<ProjectFacts, 'subclassModules'>> {
  const states = options.fileStates ?? LIVE_FILE_STATES;
  const texts = options.texts ?? projectTexts(states, LIVE_KEPT_CHARS);

  const filesUnder = projectPythonFiles();

  return {
    subclassModules: (definingPath: string, className: string, analysedPath?: string): TaintModuleSummary[] | undefined => {
      if (!/^[A-Za-z_]\w*$/.test(className)) return undefined;
      const defining = resolve(options.baseFolder, definingPath);
      if (!PYTHON.test(defining)) return undefined;
      const analysed = resolve(options.baseFolder, analysedPath ?? definingPath);
      options.dependents?.recordName(analysed, className);
      const root = projectRootFor(defining, options.projectRoots?.() ?? [options.projectRoot]);
      if (parse(root).root === root) return undefined;
      const files = filesUnder(root);
      if (!files) return undefined;
      // A class statement naming the class among its bases, on one line or several (`class A(\n    Base,\n):`).
      const subclasses = new RegExp(`^[ \\t]*class[ \\t]+\\w+[ \\t]*\\([^)]*\\b${className}\\b`, 'm');
      const out: TaintModuleSummary[] = [];
      let summarised = 0;
      for (const file of files) {
        const text = options.openText?.(file)?.text ?? texts.textOf(file, 'python', MAX_SUMMARISED_CHARS);
        if (text === undefined || !subclasses.test(text)) continue;
        if (++summarised > MAX_MODULES) break;
        // Named as the asking file names the defining module, so the engine compares paths of one kind.
        const from = isAbsolute(definingPath) ? file : displayPath(options.baseFolder, file);
        const summary = options.taintSummary(from, ownModule(file), analysedPath ?? definingPath);
        if (summary && !summary.beyondBound) out.push(summary);
      }
      return out;
    },
  };
}
