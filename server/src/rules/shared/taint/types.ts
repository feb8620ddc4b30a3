/**
 * The data the LLM-output taint analysis passes around: a trace is one way a value can carry model
 * output (or, inside a helper's summary, one of the helper's parameters), with the steps it took.
 */
import type { Node } from 'web-tree-sitter';
import type { Range } from '../../../engine/finding';

/** One step of a path, kept as a node until the finding is built (ranges are computed once, at the end). */
export interface TaintStep {
  /** The node in this file (for a step in another module: the call here that leads there). */
  node: Node;
  message: string;
  /** The step lies in another module of the project (from its summary): its file and range there. */
  elsewhere?: { path: string; range: Range };
}

export interface Trace {
  /** `source`: model output; a number: the helper parameter at that index (summaries only). */
  origin: 'source' | number;
  /** Short description of the source call for messages (`client.chat.completions.create`, line 12). */
  sourceLabel: string;
  /** 1-based line of the source call. */
  sourceLine: number;
  /** How the message names the source when it is not a call (a tool argument), replacing label and line. */
  description?: string;
  steps: TaintStep[];
  /**
   * The value is the direct result of `json.loads`/`JSON.parse`: a parsed object used as data. Passing it
   * whole to a sink is not reported; reading a field out of it gives model-chosen text again.
   */
  parsed?: boolean;
  /** `shlex.quote` was applied: for shell sinks the risk is reduced. */
  quoted?: boolean;
  /** The source is a helper defined elsewhere, recognised by its name (`get_completion`): less certain. */
  heuristic?: boolean;
  /**
   * In a summary: the value was read from this attribute of the parameter (`interpreter.messages[-1]` → `messages`),
   * so a caller asks whether that attribute of what it passes holds model output, not the whole object.
   */
  attributes?: string[];
  /**
   * Characters the text cannot contain, removed by `.replace`/`re.sub` (a backslash: none unpaired); see
   * `literal-context.ts`. Any other change of the text forgets it.
   */
  lacks?: string;
  /** The string literal of a built text the value sits in (`f'... "{text}" ...'`): its delimiter and the letters before it. */
  enclosed?: { quote: string; prefix: string };
}

/** What a taint finding reports. */
export type SinkKind = 'code' | 'command' | 'deserialization' | 'template' | 'sql';

export interface SinkMatch {
  kind: SinkKind;
  /** Callee label for the message (`exec`, `os.system`, `child_process.exec`). */
  label: string;
  /** Why this sink runs what it is given, appended to the message (`SymPy parses strings with eval`). */
  note?: string;
  /** The argument expressions whose taint matters, with the severity when tainted. */
  args: SinkArgument[];
}

export interface SinkArgument {
  node: Node;
  severity: 'error' | 'warning';
  /** The argument's role in the message (`the program`, `the package to install`). */
  why?: string;
  /** This argument is a sink of another kind than the call (`subprocess.run([python], input=code)` runs code). */
  kind?: SinkKind;
  note?: string;
  /** The interpreter a code flag's argument is given to (`osascript` of `osascript -e <code>`): its literals decide what stays data. */
  program?: string;
}

export interface TaintFinding {
  sink: Node;
  match: SinkMatch;
  arg: SinkArgument;
  trace: Trace;
  /** A human confirmation prompt decides whether the sink runs: reported at a lower severity. */
  confirmed?: boolean;
}

/** At most this many traces are kept per value; the first real source is what gets reported. */
export const MAX_TRACES = 4;

/** Merges trace lists, keeping real sources first and at most MAX_TRACES. */
export function mergeTraces(...lists: Trace[][]): Trace[] {
  return mergeTraceLists(lists);
}

/** `mergeTraces` over a list of any length (one per argument of a call, part of a string, return statement). */
export function mergeTraceLists(lists: readonly Trace[][]): Trace[] {
  const out: Trace[] = [];
  for (const list of lists) for (const t of list) if (out.length < MAX_TRACES * 2) out.push(t);
  out.sort((a, b) => (a.origin === 'source' ? 0 : 1) - (b.origin === 'source' ? 0 : 1));
  const kept = new Map<string, Trace>();
  for (const t of out) {
    const key = `${t.origin}:${t.sourceLine}:${t.sourceLabel}:${t.attributes?.join('.') ?? ''}`;
    const first = kept.get(key);
    if (!first) kept.set(key, t);
    // The same value reached by two paths (branches, parts of a string) is known to sit in a literal, or to lack
    // characters, only when both paths say so alike.
    else if ((first.enclosed !== undefined || first.lacks !== undefined) && (first.lacks !== t.lacks || first.enclosed?.quote !== t.enclosed?.quote || first.enclosed?.prefix !== t.enclosed?.prefix)) {
      const { lacks: _lacks, enclosed: _enclosed, ...plain } = first;
      kept.set(key, plain);
    }
  }
  return [...kept.values()].slice(0, MAX_TRACES);
}

/** Adds a step to every trace (a new array; traces are shared between variables). */
export function withStep(traces: Trace[], node: Node, message: string): Trace[] {
  return traces.map((t) => ({ ...t, steps: t.steps.length < 12 ? [...t.steps, { node, message }] : t.steps }));
}
