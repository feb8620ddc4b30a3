/**
 * The project pass behind `ProjectFacts.memberOrigin`: what the project's other Python files write to an
 * attribute or pass to a method of a given name, graded where it is written, so `self.directory` that
 * `chat_env.py` fills in with `self.codes.directory = directory`, a parameter of `set_directory` that
 * `chat_chain.py` calls with a folder made of the program's own options and a timestamp, is graded like that
 * folder instead of as unknown.
 *
 * It is asked only when a shell command reaches such an attribute or parameter, so it costs nothing on other files.
 * The project's Python files (test code left out: a test writes its own fixtures) are listed once by the bounded
 * walk `codeFiles`; a file is parsed only when its text names the member after a dot (or in `setattr`), and then
 * `memberOriginsIn` (`rules/shared/member-origins.ts`) grades its writes or calls with the host's own facts, so a
 * value that is itself a parameter or an attribute is followed in turn, up to `MAX_DEPTH` files away (past it, and
 * around a cycle, the answer is unknown). A scan, whose tree is fixed, keeps each file's answer; the language
 * server asks again each time and records the names asked (`TaintDependents.recordName`), so an edit of a file that
 * names the member re-analyses the files that asked.
 */
import { parse, resolve } from 'node:path';
import type { EnginePorts, MemberOrigins, MemberQuery, ProjectFacts } from '../engine/index';
import { DEFAULT_CONFIG } from '../engine/index';
import { memberOriginsIn } from '../rules/shared/member-origins';
import { worstOrigin } from '../rules/shared/python-command-origin';
import { projectPythonFiles } from './command-callers';
import { LIVE_KEPT_CHARS, projectTexts } from './project-texts';
import { displayPath, projectRootFor, type TaintSummaryOptions } from './taint-summaries';
import { LIVE_FILE_STATES } from './file-states';

/** The module-pass options, and the host's project facts the other files are graded with (asked lazily). */
export interface MemberOriginOptions extends TaintSummaryOptions {
  projectFacts: () => ProjectFacts;
}

/** Files away from the analysed one whose writes or calls may be graded (an attribute, a method, its caller). */
const MAX_DEPTH = 3;
/** Longer files (generated or vendored code) are not parsed; one that names the member makes the answer unknown. */
const MAX_FILE_BYTES = 512 * 1024;
const PYTHON = /\.py$/;
/** Files parsed for one question at most: a member named like half the project's (`run`, `path`) is unknown past it. */
const MAX_PARSED_FILES = 12;

/**
 * The text test a file must pass to be parsed for a question: for an attribute, a write (`.x =`, `.x +=`,
 * `.x: T =`, `.x,` in a tuple target) or a `setattr`; for a key or a method any mention after a dot, since a use
 * that is not a store or a call makes the answer unknown.
 */
function mentionTest(query: MemberQuery): RegExp {
  if (query.kind === 'write') return new RegExp(`\\.\\s*${query.attribute}\\s*(?:(?:[-+*/%&|^@]|//|\\*\\*|>>|<<)?=(?!=)|:|,)|\\bsetattr\\s*\\(`);
  return new RegExp(`\\.\\s*${query.kind === 'call' ? query.method : query.attribute}\\b`);
}

/** The `memberOrigin` answer of a host, backed by the file system. */
export function memberOriginFacts(options: MemberOriginOptions): Required<Pick<ProjectFacts, 'memberOrigin'>> {
  const states = options.fileStates ?? LIVE_FILE_STATES;
  const fixed = options.fileStates !== undefined;
  const config = options.config ?? DEFAULT_CONFIG;
  const texts = options.texts ?? projectTexts(states, LIVE_KEPT_CHARS);
  const perFile = new Map<string, MemberOrigins | null>();
  const inProgress = new Set<string>();
  let depth = 0;
  let analysed = '';

  const filesUnder = projectPythonFiles();

  const inFile = (file: string, query: MemberQuery, key: string): MemberOrigins | undefined | 'none' => {
    const open = options.openText?.(file);
    const text = open ? open.text : texts.textOf(file, 'python', MAX_FILE_BYTES);
    if (text === undefined) return undefined;
    if (!mentionTest(query).test(text)) return 'none';
    const fileKey = `${file}\u0000${key}`;
    const kept = fixed && !open ? perFile.get(fileKey) : undefined;
    if (kept !== undefined) return kept ?? undefined;
    options.dependents?.record(analysed, file);
    const ports: EnginePorts = { ...options.ports, project: options.projectFacts() };
    depth += 1;
    let answer: MemberOrigins | undefined;
    try {
      answer = options.engine.inspect(displayPath(options.baseFolder, file), text, (ctx) => memberOriginsIn(ctx, query), config, ports);
    } finally {
      depth -= 1;
    }
    if (fixed && !open) {
      if (perFile.size > 50_000) perFile.clear();
      perFile.set(fileKey, answer ?? null);
    }
    return answer;
  };

  return {
    memberOrigin: (fromPath: string, query: MemberQuery): MemberOrigins | undefined => {
      const name = query.kind === 'call' ? query.method : query.attribute;
      if (!/^[A-Za-z_]\w*$/.test(name)) return undefined;
      const from = resolve(options.baseFolder, fromPath);
      if (depth === 0) analysed = from;
      options.dependents?.recordName(analysed, name);
      if (depth >= MAX_DEPTH || !PYTHON.test(from)) return undefined;
      const root = projectRootFor(from, options.projectRoots?.() ?? [options.projectRoot]);
      if (parse(root).root === root) return undefined;
      const files = filesUnder(root);
      if (!files) return undefined;
      const key = query.kind === 'write' ? `w\u0000${name}\u0000${query.className}\u0000${query.classHasBases}` : query.kind === 'key' ? `k\u0000${name}\u0000${query.key}` : `c\u0000${name}\u0000${query.parameter.index}\u0000${query.parameter.name}`;
      const progressKey = `${from}\u0000${key}`;
      if (inProgress.has(progressKey)) return undefined;
      inProgress.add(progressKey);
      try {
        const result: MemberOrigins = { count: 0, origin: 'constant', omitted: false };
        let parsed = 0;
        for (const file of files) {
          if (file === from) continue;
          const answer = inFile(file, query, key);
          if (answer !== 'none' && ++parsed > MAX_PARSED_FILES) return undefined;
          if (answer === 'none') continue;
          if (!answer) return undefined;
          result.count += answer.count;
          result.omitted ||= answer.omitted;
          result.origin = worstOrigin(result.origin, answer.origin);
          if (result.origin === 'outside') return result;
        }
        return result;
      } finally {
        inProgress.delete(progressKey);
      }
    },
  };
}
