/**
 * The project pass behind `ProjectFacts.returnOrigin`: where the values come from that a function of another
 * project module returns, so a shell command built from `create_temporary_file(...)` or `now()` imported from the
 * project's own helpers is graded like the temporary name or timestamp the helper makes, not as unknown.
 *
 * The question names the module as the importing file writes it (`.utils`, `pkg.utils`); it is resolved the way
 * module summaries resolve imports (`resolveModule`), so a standard-library or third-party module has no answer.
 * The defining file is parsed (`Engine.inspect`) and its `return` values graded there with the host's own facts
 * (`rules/shared/command-returns.ts`), so a helper returning its parameter is graded by what the project's callers
 * pass. Questions nest at most `MAX_DEPTH` modules away and never around a cycle (the answer is then unknown).
 * A scan, whose tree is fixed, keeps each answer; the language server asks again each time and records the
 * defining file as a dependency of the analysed one, so an edit of the helper re-analyses its importers.
 */
import { parse, resolve } from 'node:path';
import type { EnginePorts, ProjectFacts, ValueOrigin } from '../engine/index';
import { DEFAULT_CONFIG } from '../engine/index';
import { returnOriginOf } from '../rules/shared/command-returns';
import { LIVE_KEPT_CHARS, projectTexts } from './project-texts';
import { displayPath, projectRootFor, resolveModule, type TaintSummaryOptions } from './taint-summaries';
import { LIVE_FILE_STATES } from './file-states';
import { CycleSafeAnswers } from './cycle-safe-answers';

/** The module-pass options, and the host's project facts the defining files are graded with (asked lazily). */
export interface ReturnOriginOptions extends TaintSummaryOptions {
  projectFacts: () => ProjectFacts;
}

/** Modules away from the analysed file whose returns may be graded (a helper's helper). */
const MAX_DEPTH = 2;
/** Longer files (generated or vendored code) are not parsed: the answer is unknown. */
const MAX_FILE_BYTES = 512 * 1024;
const PYTHON = /\.py$/;

/** The `returnOrigin` answer of a host, backed by the file system. */
export function returnOriginFacts(options: ReturnOriginOptions): Required<Pick<ProjectFacts, 'returnOrigin'>> {
  const states = options.fileStates ?? LIVE_FILE_STATES;
  const fixed = options.fileStates !== undefined;
  const config = options.config ?? DEFAULT_CONFIG;
  const texts = options.texts ?? projectTexts(states, LIVE_KEPT_CHARS);
  const answers = new CycleSafeAnswers<ValueOrigin>(fixed);
  let depth = 0;
  let analysed = '';

  const originIn = (file: string, functionName: string): ValueOrigin | undefined => {
    const open = options.openText?.(file);
    const text = open ? open.text : texts.textOf(file, 'python', MAX_FILE_BYTES);
    if (text === undefined) return undefined;
    // A file that never defines the name at the start of a line cannot define it at its top level.
    if (!new RegExp(`^(?:async\\s+)?def\\s+${functionName}\\b`, 'm').test(text)) return undefined;
    const ports: EnginePorts = { ...options.ports, project: options.projectFacts() };
    depth += 1;
    try {
      return options.engine.inspect(displayPath(options.baseFolder, file), text, (ctx) => returnOriginOf(ctx, functionName), config, ports);
    } finally {
      depth -= 1;
    }
  };

  return {
    returnOrigin: (fromPath: string, module: string, functionName: string): ValueOrigin | undefined => {
      if (!/^[A-Za-z_]\w*$/.test(functionName)) return undefined;
      const from = resolve(options.baseFolder, fromPath);
      if (depth === 0) analysed = from;
      if (depth >= MAX_DEPTH || !PYTHON.test(from)) return undefined;
      const root = projectRootFor(from, options.projectRoots?.() ?? [options.projectRoot]);
      if (parse(root).root === root) return undefined;
      const file = resolveModule(from, module, root, states.isRegularFile);
      if (!file || file === from || !PYTHON.test(file)) return undefined;
      options.dependents?.record(analysed, file);
      const key = `${file}\u0000${functionName}`;
      return answers.answer(key, () => originIn(file, functionName));
    },
  };
}
