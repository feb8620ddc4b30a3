/**
 * Model output kept on an object and run later by another of its methods (ChatDev: `ChatEnv.update_codes(reply)`
 * hands the reply to `Codes`, which keeps it in `self.codebooks`; `rewrite_codes()` has `Codes` write those files,
 * and `exist_bugs()` runs `python3 main.py` in that folder). No single call passes the text to a sink, so a
 * method's summary also says what it does to its object's state:
 *
 * - `stores`: the method keeps a parameter in `self.<attribute>` (a dotted path through objects it holds:
 *   `codes.codebooks`);
 * - `writes`: it writes `self.<attribute>` to a file;
 * - `runsFiles`: it runs a program file by a literal command (`python3 main.py`, `["node", "app.js"]`).
 *
 * When one class has all three, and what a method stores is what another writes, that method's parameter runs
 * (`classStateSinks`): its importers report model output passed to it like any parameter that reaches a sink.
 */
import type { Node } from 'web-tree-sitter';
import type { TaintParamSink, TaintSummaryStep } from '../../../engine/ports';

/** What a method does to its object's state, as its summary carries it (within a file and across modules). */
export interface StateEffects {
  /** Parameter index (as in the summary's `params`) → the attribute paths it is kept in. */
  stores: { param: number; attribute: string }[];
  /** Attribute paths written to a file. */
  writes: string[];
  /** A command that runs a program file: its callee and line, with the path to it. */
  runsFiles?: { label: string; line: number; steps: TaintSummaryStep[] };
}

/**
 * An interpreter given a script file: `python3 main.py`, `node dist/app.js`, `["python", "-u", "run.py"]`. The
 * program is a file on disk, so what decides what runs is whoever wrote that file.
 */
const RUNS_SCRIPT = /\b(?:python[\d.]*|pythonw|py|node|deno|bun|bash|sh|zsh|ruby|perl|php|Rscript)\b['"]?\s*,?\s*(?:['"]?-{1,2}[\w-]+['"]?\s*,?\s*)*['"]?[\w./{}$-]*\.(?:py|js|mjs|cjs|ts|sh|rb|pl|php|R)\b/;

/** True when a sink's argument (or a value the name holding it is assigned) runs a script file. */
export function runsScriptFile(arg: Node, boundValues: (identifier: Node) => Node[]): boolean {
  if (RUNS_SCRIPT.test(arg.text)) return true;
  return arg.type === 'identifier' && boundValues(arg).some((value) => RUNS_SCRIPT.test(value.text));
}

/** The attribute paths (`files`, `codes.codebooks`) of `self.x` / `this.x` reads in an expression. */
export function selfAttributesIn(expression: Node): string[] {
  const out: string[] = [];
  for (const node of [expression, ...expression.descendantsOfType(['attribute', 'member_expression'])].slice(0, 32)) {
    const path = node ? selfPath(node) : undefined;
    if (path && !out.some((known) => path.startsWith(`${known}.`)) && !out.includes(path)) out.push(path);
  }
  return out;
}

/** `self.codes.codebooks` → `codes.codebooks`; undefined for anything not rooted at `self`/`this`. */
export function selfPath(node: Node): string | undefined {
  const names: string[] = [];
  let current: Node | null = node;
  for (let depth = 0; current && depth < 8; depth++) {
    if (current.type === 'attribute' || current.type === 'member_expression') {
      names.unshift(current.childForFieldName(current.type === 'attribute' ? 'attribute' : 'property')?.text ?? '');
      current = current.childForFieldName('object');
    } else break;
  }
  return current && (current.text === 'self' || current.text === 'this') && names.length > 0 ? names.join('.') : undefined;
}

/** True when keeping something in `stored` puts it where writing `written` reads it (the same path, or one inside the other). */
function overlaps(stored: string, written: string): boolean {
  return stored === written || stored.startsWith(`${written}.`) || written.startsWith(`${stored}.`);
}

/**
 * The sinks a class's state adds to its methods: for a class that runs a program file, each parameter a method
 * stores where another method writes files from, by method name (the parameter sinks to add to its summary).
 */
export function classStateSinks(className: string, methods: ReadonlyMap<string, StateEffects>): Map<string, TaintParamSink[]> {
  const out = new Map<string, TaintParamSink[]>();
  const runner = [...methods].find(([, effects]) => effects.runsFiles !== undefined);
  const run = runner?.[1].runsFiles;
  if (!runner || !run) return out;
  const writers = [...methods].filter(([, effects]) => effects.writes.length > 0);
  for (const [name, effects] of methods) {
    for (const store of effects.stores) {
      const writer = writers.find(([, w]) => w.writes.some((written) => overlaps(store.attribute, written)));
      if (!writer) continue;
      const where = `\`${className}.${name}()\` keeps it in \`self.${store.attribute}\`, \`${className}.${writer[0]}()\` writes that to a file and \`${className}.${runner[0]}()\` runs the saved program`;
      const sink: TaintParamSink = {
        param: store.param,
        kind: 'code',
        label: run.label,
        line: run.line,
        severity: 'error',
        why: 'the program it saves and runs',
        note: where,
        steps: run.steps,
      };
      const list = out.get(name) ?? [];
      if (!list.some((known) => known.param === sink.param)) list.push(sink);
      out.set(name, list);
    }
  }
  return out;
}
