/**
 * `.gitlab-ci.yml`: the shell lines of every job's `script`, `before_script` and `after_script` (also in
 * `default:` and at the top level), each parsed in the shell-command model with document offsets.
 */
import { parseShell } from '../shell/commands';
import type { ShellScript } from '../shell/commands';
import { entriesOf, isMap, isSeq, keyNear, readYaml, sourceScalar } from './yaml-source';
import type { YamlNode } from './yaml-source';
import type { PipelineProblem } from './problems';

export interface GitlabScriptLine {
  /** `build.script`, `default.before_script`. */
  key: string;
  start: number;
  end: number;
  script: ShellScript;
}

export interface GitlabCi {
  lines: GitlabScriptLine[];
  problem?: PipelineProblem;
}

const SCRIPT_KEYS = new Set(['script', 'before_script', 'after_script']);

export function readGitlabCi(text: string): GitlabCi {
  const read = readYaml(text);
  if (read.error) return { lines: [], problem: { message: read.error.message, offset: read.error.offset, key: keyNear(text, read.error.offset) } };
  const lines: GitlabScriptLine[] = [];
  let problem: PipelineProblem | undefined;
  const addScript = (key: string, node: YamlNode | null, keyStart: number): void => {
    // GitLab flattens nested lists (anchors often produce them).
    const pending: (YamlNode | null)[] = [node];
    while (pending.length > 0) {
      const item = pending.pop() ?? null;
      if (isSeq(item)) {
        for (let i = item.items.length - 1; i >= 0; i--) pending.push(item.items[i] as YamlNode);
        continue;
      }
      const scalar = sourceScalar(text, item);
      if (!scalar) {
        if (item !== null) problem ??= { message: `\`${key}\` must be a string or a list of strings`, offset: item.range?.[0] ?? keyStart, key };
        continue;
      }
      lines.push({ key, start: scalar.start, end: scalar.end, script: parseShell(scalar.value, scalar.positionOf) });
    }
  };
  for (const entry of entriesOf(read.root)) {
    if (SCRIPT_KEYS.has(entry.key)) {
      addScript(entry.key, entry.value, entry.keyStart);
      continue;
    }
    if (!isMap(entry.value)) continue;
    for (const inner of entriesOf(entry.value)) {
      if (SCRIPT_KEYS.has(inner.key)) addScript(`${entry.key}.${inner.key}`, inner.value, inner.keyStart);
    }
  }
  lines.sort((a, b) => a.start - b.start);
  return { lines, ...(problem ? { problem } : {}) };
}
