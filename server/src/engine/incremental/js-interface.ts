/**
 * What other units can see of a JavaScript or TypeScript function unit (a method, a top-level function), for the
 * early cutoff of incremental analysis, as `interface.ts` does for Python: the function's text without its
 * *inert* statements. An inert statement is a declaration (`const`, `let`, `var`) or an expression statement
 * directly in the function's body that assigns nothing (no `=`, `+=`, `++` or `delete`: a plain assignment
 * in JavaScript writes the module's variable, not a local), declares only names that occur nowhere else in the
 * function, reads no name the function binds (a parameter, another local) that occurs outside it, and holds no
 * `this`, `super`, `arguments`, nested function or class, `yield`, `import` or `require`, and no call passing
 * arguments to a function the file defines (the shell rules follow a parameter of a top-level function to its
 * call sites). Such a statement reads only module-level names and names of its own, so nothing another unit
 * follows into the function (what it returns, the members of `this` it assigns, its parameters' sinks)
 * depends on it; its own findings are found when the function is analysed again (`planInertEdit`).
 */
import type { Node } from 'web-tree-sitter';
import { lexicalImports } from '../imports/lexical-imports';
import { wordCounts, type FunctionInterface } from './interface';

const FUNCTION_TYPES = new Set(['method_definition', 'function_declaration']);
const CANDIDATE_TYPES = new Set(['lexical_declaration', 'variable_declaration', 'expression_statement']);

/**
 * Node types that make a statement visible outside it or hard to judge: writes (`update_expression` is `x++`),
 * the receiver, nested code that may capture names, generators and dynamic imports.
 */
const VISIBLE_TYPES = [
  'assignment_expression',
  'augmented_assignment_expression',
  'update_expression',
  'this',
  'super',
  'arrow_function',
  'function_expression',
  'function',
  'generator_function',
  'class',
  'yield_expression',
  'import',
  'meta_property',
];

/** Node types whose identifiers are names a function binds (an over-approximation is safe: fewer inert statements). */
const BINDING_TYPES = ['formal_parameters', 'variable_declarator', 'function_declaration', 'class_declaration', 'catch_clause', 'for_in_statement', 'arrow_function', 'function_expression'];

const JS_WORD = /(?<![\w$])[A-Za-z_$\u0080-\uffff][\w$\u0080-\uffff]*/g;

/** The interface of a JavaScript or TypeScript function unit with where its inert statements are, or undefined for any other node. */
export function jsFunctionInterface(unit: Node, text: string, skip: readonly number[]): FunctionInterface | undefined {
  const definition = unit.type === 'export_statement' ? unit.childForFieldName('declaration') : unit;
  if (!definition || !FUNCTION_TYPES.has(definition.type)) return undefined;
  const body = definition.childForFieldName('body');
  if (body?.type !== 'statement_block') return undefined;
  // A constructor is where the rules look for the origin of the instance's fields, so none of its statements is inert.
  const constructor = definition.type === 'method_definition' && definition.childForFieldName('name')?.text === 'constructor';
  const candidates = constructor ? [] : body.namedChildren.filter((s): s is Node => s !== null && CANDIDATE_TYPES.has(s.type) && !visible(s));
  const inertSpans: number[] = [];
  const bound = candidates.length > 0 ? boundNames(definition) : new Set<string>();
  const counts = candidates.length > 0 ? wordCounts(text, unit.startIndex, unit.endIndex, skip, JS_WORD) : new Map<string, number>();
  for (const statement of candidates) {
    if (inert(statement, text, skip, bound, counts)) inertSpans.push(statement.startIndex - unit.startIndex, statement.endIndex - unit.startIndex);
  }
  return { text: layoutFree(text, unit, inertSpans), inertSpans };
}

/**
 * The unit's text without its inert statements (`cut`, offsets relative to the unit's start), with its layout made
 * uniform outside literals and comments: a run of blanks becomes one space, or one line break when it holds
 * one (a line break can end a statement, so it stays). Enter and the indentation typed inside a method's braces
 * (blank until a statement follows) then leave the interface as it was; Python's interface keeps its layout,
 * which is its block structure.
 */
function layoutFree(text: string, unit: Node, cut: readonly number[]): string {
  // Verbatim pieces (literals and comments outside the cut statements) and the code between them.
  const verbatim = unit.descendantsOfType(VERBATIM_TYPES).filter((n): n is Node => n !== null && !cut.some((_, k) => k % 2 === 0 && n.startIndex >= unit.startIndex + cut[k] && n.endIndex <= unit.startIndex + cut[k + 1]));
  const skipped: [number, number][] = [];
  for (let k = 0; k < cut.length; k += 2) skipped.push([unit.startIndex + cut[k], unit.startIndex + cut[k + 1]]);
  let out = '';
  let code = '';
  let at = unit.startIndex;
  const takeCode = (to: number): void => {
    while (at < to) {
      const next = skipped.find(([s]) => s >= at && s < to);
      if (!next) {
        code += text.slice(at, to);
        at = to;
        return;
      }
      code += `${text.slice(at, next[0])} `;
      at = next[1];
    }
  };
  for (const node of verbatim) {
    if (node.startIndex < at) continue;
    takeCode(node.startIndex);
    out += uniformBlanks(code) + text.slice(node.startIndex, node.endIndex);
    code = '';
    at = node.endIndex;
  }
  takeCode(unit.endIndex);
  return out + uniformBlanks(code);
}

/** Literals and comments, whose blanks are their content. */
const VERBATIM_TYPES = ['string', 'template_string', 'regex', 'comment'];

function uniformBlanks(code: string): string {
  return code.replace(/\s+/g, (blank) => (blank.includes('\n') || blank.includes('\r') || blank.includes('\u2028') || blank.includes('\u2029') ? '\n' : ' '));
}

function visible(statement: Node): boolean {
  if (statement.descendantsOfType(VISIBLE_TYPES).some(Boolean)) return true;
  // `delete x.y` changes an object other code may hold.
  return statement.descendantsOfType('unary_expression').some((u) => u?.child(0)?.type === 'delete');
}

function inert(statement: Node, text: string, skip: readonly number[], bound: ReadonlySet<string>, counts: ReadonlyMap<string, number>): boolean {
  const own = text.slice(statement.startIndex, statement.endIndex);
  if (/\b(?:arguments|require)\b/.test(own) || lexicalImports(own, 'typescript').length > 0 || passesToOwnFunction(own, text)) return false;
  for (const [word, count] of wordCounts(text, statement.startIndex, statement.endIndex, skip, JS_WORD)) {
    if (bound.has(word) && counts.get(word) !== count) return false;
  }
  return true;
}

/** Every name the function binds anywhere inside it: its name, parameters, locals, nested declarations. */
function boundNames(definition: Node): Set<string> {
  const names = new Set<string>();
  const add = (node: Node | null): void => {
    if (!node) return;
    if (node.type === 'identifier' || node.type === 'shorthand_property_identifier_pattern') names.add(node.text);
    for (const id of node.descendantsOfType(['identifier', 'shorthand_property_identifier_pattern'])) if (id) names.add(id.text);
  };
  add(definition.childForFieldName('name'));
  add(definition.childForFieldName('parameters'));
  for (const node of definition.descendantsOfType(BINDING_TYPES)) {
    if (!node) continue;
    if (node.type === 'variable_declarator' || node.type === 'function_declaration' || node.type === 'class_declaration') add(node.childForFieldName('name'));
    else if (node.type === 'catch_clause') add(node.childForFieldName('parameter'));
    else if (node.type === 'for_in_statement') add(node.childForFieldName('left'));
    else add(node.childForFieldName('parameters') ?? node.childForFieldName('parameter'));
  }
  // `formal_parameters` nodes are read whole (their identifiers, destructuring and defaults included).
  for (const node of definition.descendantsOfType('formal_parameters')) add(node);
  return names;
}

/**
 * Whether the statement passes arguments to a function this file declares (`run(cmd)`, `const run = (c) => ...`),
 * by its name or as a member (`helpers.run(cmd)`), as Python's check does.
 */
function passesToOwnFunction(own: string, text: string): boolean {
  const declared = declaredFunctions(text);
  for (const match of own.matchAll(CALL_WITH_ARGUMENTS)) if (declared.has(match[1])) return true;
  return false;
}

/** A call with arguments, by name (`run(cmd)`, `run<T>(cmd)`), or a tagged template (`` run`ls ${dir}` ``), which passes its parts. */
const CALL_WITH_ARGUMENTS = /(?<![\w$])([A-Za-z_$][\w$]*)\s*(?:<[^()]*>)?\s*(?:\(\s*[^)\s]|`)/g;

/** The names of the file's function declarations and of variables initialised with a function, for the last text asked about. */
let declaredFor: { text: string; names: Set<string> } | undefined;

function declaredFunctions(text: string): Set<string> {
  if (declaredFor?.text === text) return declaredFor.names;
  const names = new Set<string>();
  for (const match of text.matchAll(/\bfunction\b\s*\*?\s*([A-Za-z_$][\w$]*)/g)) names.add(match[1]);
  for (const match of text.matchAll(/\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=;\n]*)?=\s*(?:async\b\s*)?(?:function\b|\(|[A-Za-z_$][\w$]*\s*=>)/g)) names.add(match[1]);
  declaredFor = { text, names };
  return names;
}
