/**
 * What a JavaScript shell command is built from, for the shell rules (AIS244, AIS245). A command whose
 * every interpolated value is a constant or a number (`taskkill /pid ${child.pid}`, `${DOCKER} image prune`)
 * cannot carry shell syntax, so it is not reported; on 11 real repositories a quarter of the shell findings
 * were of that shape.
 */
import type { Node } from 'web-tree-sitter';
import type { AstContext } from '../../engine/rule';
import { unwrapExpression } from '../../engine/resolve/javascript-scope';
import { guardedByFullMatch } from './regex-guards';
import { isConstantTableRead } from './js-constant-tables';
import { isDeclaredConstant } from './js-declared-constants';
import { ancestorsUpward } from '../../engine/resolve/walk';

/** Members and names that hold numbers: process ids, ports, counts and lengths. */
const NUMERIC_MEMBER = /^(?:pid|ppid|port|length|size|count|exitCode|status)$/;
const NUMERIC_NAME = /^(?:pid|ppid|port|[a-z]*(?:Pid|Port|Count|Index|Length))$/;
const NUMBER_FUNCTIONS = new Set(['Number', 'parseInt', 'parseFloat', 'Math.floor', 'Math.ceil', 'Math.round', 'Math.max', 'Math.min']);

/**
 * Where a command's dynamic parts come from, like `python-command-origin.ts`: `constant` (literals, numbers,
 * constant bindings, the program's own places such as `os.tmpdir()` and `process.execPath`), `operator` (the
 * program's own command line and environment: `process.argv`, `process.env.X`), or `outside` (anything else).
 * A parameter of a function this file declares and does not export is followed to the arguments of its call
 * sites in the file; one with no call site, used other than as a callee, or exported stays `outside`.
 */
export type JsCommandOrigin = 'constant' | 'operator' | 'outside';

/** True when the command string is built only from constants and numbers (see `jsCommandOrigin`). */
export function isConstantCommand(ctx: AstContext, node: Node): boolean {
  return jsCommandOrigin(ctx, node) === 'constant';
}

/** String methods whose result is made of the receiver's own characters (`gcPath.split('/packages/')[0]`, `name.trim()`). */
const STRING_PARTS = ['split', 'trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase', 'substring', 'normalize'];

/**
 * Array methods whose result is made of the receiver's elements (and, for `concat` and `join`, the arguments): the
 * result's origin is at most the receiver's. The ones taking a callback hand it the elements (`ELEMENT_CALLBACKS`).
 */
const ELEMENT_RESULTS = new Set(['slice', 'filter', 'find', 'findLast', 'at', 'join', 'concat', 'flat', ...STRING_PARTS]);
const ELEMENT_CALLBACKS = new Set(['some', 'every', 'find', 'findLast', 'findIndex', 'filter', 'forEach', 'map', 'flatMap']);

const OWN_PLACES = new Set(['process.execPath', 'process.platform', 'process.arch', 'process.pid', '__dirname', '__filename']);
const OWN_PLACE_CALLS = /^(?:os\.tmpdir|os\.homedir|process\.cwd|path\.(?:join|resolve|dirname|basename|normalize)|(?:fs\.)?realpathSync(?:\.native)?)$/;

export function jsCommandOrigin(ctx: AstContext, node: Node): JsCommandOrigin {
  const stack: Node[] = [node];
  const seen = new Set<number>();
  let origin: JsCommandOrigin = 'constant';
  let budget = 200;
  while (stack.length > 0) {
    if (--budget < 0) return 'outside';
    const current = unwrapExpression(stack.pop()!);
    if (ctx.js().literalValue(current) !== undefined || isNumeric(ctx, current)) continue;
    // `undefined` and `null`: no text at all.
    if (current.type === 'undefined' || current.type === 'null') continue;
    if (current.type === 'template_string') {
      for (const child of current.namedChildren) if (child?.type === 'template_substitution' && child.namedChild(0)) stack.push(child.namedChild(0)!);
      continue;
    }
    if (current.type === 'binary_expression' && current.childForFieldName('operator')?.text === '+') {
      const left = current.childForFieldName('left');
      const right = current.childForFieldName('right');
      if (!left || !right) return 'outside';
      stack.push(left, right);
      continue;
    }
    // `a ?? b`, `a || b`: either side may be the value.
    if (current.type === 'binary_expression' && ['??', '||'].includes(current.childForFieldName('operator')?.text ?? '')) {
      const left = current.childForFieldName('left');
      const right = current.childForFieldName('right');
      if (!left || !right) return 'outside';
      stack.push(left, right);
      continue;
    }
    if (current.type === 'ternary_expression') {
      const consequence = current.childForFieldName('consequence');
      const alternative = current.childForFieldName('alternative');
      if (!consequence || !alternative) return 'outside';
      stack.push(consequence, alternative);
      continue;
    }
    // A value read out of a constant table of this file (`editorCommands[editor].default`), whatever the key.
    if (['member_expression', 'subscript_expression', 'call_expression'].includes(current.type) && isConstantTableRead(ctx, current)) continue;
    // An imported constant, or a value whose declared type is a union of string literals (`config.command` typed
    // `'docker' | 'podman'` in an interface of this or another module of the project).
    if ((current.type === 'identifier' || current.type === 'member_expression') && isDeclaredConstant(ctx, current)) continue;
    if (current.type === 'array') {
      for (const element of current.namedChildren) if (element && element.type !== 'comment') stack.push(element.type === 'spread_element' ? element.namedChild(0) ?? element : element);
      continue;
    }
    // An element of an array (`commands[commands.length - 1]`, `commands.slice(0, -1).find(...)`): as the array.
    const container = elementContainer(current);
    if (container) {
      stack.push(...container);
      continue;
    }
    // `diffCommand.command` where `diffCommand = getDiffCommand(...)`, a helper of this file returning object
    // literals (or `null`): the property's values in those literals.
    const property = propertyOfReturnedObjects(ctx, current);
    if (property) {
      stack.push(...property);
      continue;
    }
    // `options.command` where `options` is a parameter of a helper of this file: that property of what each call
    // site passes (an object literal, or a `const` bound to such a helper's result).
    const passedProperty = propertyOfPassedArguments(ctx, current);
    if (passedProperty) {
      stack.push(...passedProperty.nodes);
      if (passedProperty.elsewhere === 'outside') return 'outside';
      if (passedProperty.elsewhere === 'operator') origin = 'operator';
      continue;
    }
    if (OWN_PLACES.has(current.text)) continue;
    if (isProcessInput(current)) {
      origin = 'operator';
      continue;
    }
    if (current.type === 'call_expression' && OWN_PLACE_CALLS.test(current.childForFieldName('function')?.text ?? '')) {
      // `path.join(a, b)` and `fs.realpathSync(p)` have the origin of their parts; `os.tmpdir()` has none.
      for (const argument of current.childForFieldName('arguments')?.namedChildren ?? []) if (argument) stack.push(argument);
      continue;
    }
    if (current.type === 'call_expression') {
      // A helper of this module that builds the command (`existsCommand(tool)`): what it returns, its
      // parameters followed to every call site in the file.
      const returned = returnedByLocalHelper(ctx, current);
      if (!returned) return 'outside';
      if (!seen.has(current.id)) stack.push(...returned);
      seen.add(current.id);
      continue;
    }
    if (current.type === 'identifier' || current.type === 'shorthand_property_identifier') {
      // Reached before (two uses of one parameter, or a recursive helper): its parts are already on the way.
      if (seen.has(current.id)) continue;
      seen.add(current.id);
      // Checked against a full match of a pattern without shell syntax (`/^[a-f0-9]{7,40}$/.test(hash)`).
      if (guardedByFullMatch(ctx, current)) continue;
      // A `const` bound once to a template or concatenation of constants is followed into its value.
      const value = ctx.js().boundValue(current);
      if (value && value.id !== current.id) {
        // A `let` or `var` holds what it is assigned later too (`cmd += ` ${arg}``): every value written to it.
        const later = laterAssignments(value, current.text);
        if (!later) return 'outside';
        stack.push(value, ...later);
        continue;
      }
      // `const { command } = helper()`: that property of the objects the helper returns.
      const destructured = destructuredFromHelper(ctx, current);
      if (destructured) {
        stack.push(...destructured);
        continue;
      }
      // The element parameter of a callback given to an array method (`commands.some((cmd) => exists(cmd))`).
      const elements = callbackReceiver(current) ?? forOfIterable(current);
      if (elements) {
        stack.push(elements);
        continue;
      }

      const passed = argumentsForParameter(ctx, current);
      if (passed) {
        stack.push(...passed.nodes);
        if (passed.elsewhere === 'outside') return 'outside';
        if (passed.elsewhere === 'operator') origin = 'operator';
        continue;
      }
    }
    return 'outside';
  }
  return origin;
}

/**
 * The values a variable declared with `let` or `var` (its initialiser `value`) is assigned after its declaration,
 * anywhere in the block that declares it (`name = x`, `name += x`; its closures included): none for a `const`.
 * Undefined when the variable is changed some other way (`name++`, a destructuring assignment).
 */
function laterAssignments(value: Node, name: string): Node[] | undefined {
  const declarator = value.parent;
  const declaration = declarator?.parent;
  if (declarator?.type !== 'variable_declarator' || !declaration || declaration.child(0)?.type === 'const') return [];
  const scope = declaration.parent;
  if (!scope) return [];
  const values: Node[] = [];
  for (const change of scope.descendantsOfType(['assignment_expression', 'augmented_assignment_expression', 'update_expression'])) {
    const target = change?.childForFieldName('left') ?? change?.childForFieldName('argument');
    if (!change || !target) continue;
    if (target.type !== 'identifier') {
      if (target.text.includes(name) && /pattern/.test(target.type)) return undefined;
      continue;
    }
    if (target.text !== name) continue;
    const right = change.childForFieldName('right');
    if (change.type === 'update_expression' || !right) return undefined;
    values.push(right);
  }
  return values;
}

/** The array an element is taken from, with `concat`/`join` arguments: `xs[i]`, `xs.at(-1)`, `xs.slice(1)`, `xs.join(' ')`. */
function elementContainer(node: Node): Node[] | undefined {
  if (node.type === 'subscript_expression') {
    const object = node.childForFieldName('object');
    // `process.argv[2]` and `process.env["X"]` keep their own meaning (the operator's input).
    return object && object.text !== 'process.env' && object.text !== 'process.argv' ? [object] : undefined;
  }
  if (node.type !== 'call_expression') return undefined;
  const callee = node.childForFieldName('function');
  // `path.join(a, b)` is a path of its parts, not an array's `join` (see `OWN_PLACE_CALLS`).
  if (!callee || OWN_PLACE_CALLS.test(callee.text)) return undefined;
  const method = callee.type === 'member_expression' ? callee.childForFieldName('property')?.text ?? '' : '';
  const receiver = callee.childForFieldName('object');
  if (!receiver || !ELEMENT_RESULTS.has(method)) return undefined;
  const args = (node.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => !!a && a.type !== 'comment');
  // The callback of `find`/`filter` decides which elements, not what they hold; `join` and `concat` add their arguments.
  return method === 'join' || method === 'concat' ? [receiver, ...args] : [receiver];
}

/**
 * The array whose elements `identifier` receives when it is the first parameter of a callback given to an array
 * method (`xs.map((x) => ...)`, `xs.some(function (x) { ... })`): its values are the array's elements.
 */
function callbackReceiver(identifier: Node): Node | undefined {
  let fn: Node | null = identifier.parent;
  for (; fn; fn = fn.parent) {
    if (!FUNCTION_TYPES.has(fn.type)) continue;
    const first = fn.childForFieldName('parameter') ?? (fn.childForFieldName('parameters')?.namedChildren ?? []).find((p) => !!p && p.type !== 'comment');
    if (first && parameterName(first) === identifier.text) break;
    // A parameter of this function with the same name (not the first) shadows outer ones: not an element.
    if ((fn.childForFieldName('parameters')?.namedChildren ?? []).some((p) => !!p && parameterName(p) === identifier.text)) return undefined;
  }
  if (!fn || (fn.type !== 'arrow_function' && fn.type !== 'function_expression' && fn.type !== 'function')) return undefined;
  const args = fn.parent;
  const call = args?.parent;
  if (args?.type !== 'arguments' || call?.type !== 'call_expression' || args.namedChildren.find((a) => !!a && a.type !== 'comment')?.id !== fn.id) return undefined;
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'member_expression' || !ELEMENT_CALLBACKS.has(callee.childForFieldName('property')?.text ?? '')) return undefined;
  return callee.childForFieldName('object') ?? undefined;
}

/**
 * The array a `const`/`let` loop variable takes its values from (`for (const command of commands)`): the
 * variable holds the array's elements, so it has the array's origin. A `for ... in` loop (keys) or a variable the
 * body assigns again is not followed.
 */
function forOfIterable(identifier: Node): Node | undefined {
  for (const current of ancestorsUpward(identifier)) {
    if (FUNCTION_TYPES.has(current.type)) return undefined;
    if (current.type !== 'for_in_statement') continue;
    const left = current.childForFieldName('left');
    const kind = current.childForFieldName('kind')?.text;
    if (left?.type !== 'identifier' || left.text !== identifier.text) continue;
    if (current.childForFieldName('operator')?.text !== 'of' || (kind !== 'const' && kind !== 'let')) return undefined;
    const body = current.childForFieldName('body');
    const reassigned = body?.descendantsOfType(['assignment_expression', 'augmented_assignment_expression', 'update_expression']).some((a) => !!a && (a.childForFieldName('left') ?? a.childForFieldName('argument'))?.text === identifier.text);
    return reassigned ? undefined : current.childForFieldName('right') ?? undefined;
  }
  return undefined;
}

/** `process.argv`, `process.argv[2]`, `process.env.X`, `process.env["X"]`: the program's own command line and environment. */
function isProcessInput(node: Node): boolean {
  const object = node.type === 'member_expression' || node.type === 'subscript_expression' ? node.childForFieldName('object') : undefined;
  if (node.text === 'process.argv') return true;
  return !!object && (object.text === 'process.env' || object.text === 'process.argv');
}

const FUNCTION_TYPES = new Set(['function_declaration', 'function_expression', 'arrow_function', 'generator_function_declaration', 'method_definition', 'function']);

/**
 * The arguments every call site in the file passes for the parameter `identifier` names, when it is a simple
 * parameter of a top-level function the file declares (`function run(cmd)`, `const run = (cmd) => ...`), a
 * missing argument taking the parameter's default. For a function the file exports, the other files' calls count
 * too (`ProjectFacts.callerOrigins`, graded where they are written: `elsewhere`); it needs at least one call in
 * the project and an answer from the host. Undefined otherwise.
 */
function argumentsForParameter(ctx: AstContext, identifier: Node): { nodes: Node[]; elsewhere: JsCommandOrigin } | undefined {
  // The function declaring the parameter, past callbacks nested in it (`new Promise((resolve) => exec(cmd))`).
  let fn: Node | null = identifier.parent;
  while (fn && !(FUNCTION_TYPES.has(fn.type) && declaresParameter(fn, identifier.text))) fn = fn.parent;
  if (!fn) return undefined;
  // A callback in between that declares the name itself binds it there, not to the outer parameter.
  const declaration = new RegExp(`\\b(?:let|var|const)\\s+${identifier.text.replace(/\$/g, '\\$')}(?![\\w$])`);
  for (let between = identifier.parent; between && between.id !== fn.id; between = between.parent) if (FUNCTION_TYPES.has(between.type) && declaration.test(between.text)) return undefined;
  if (!fn || fn.type === 'method_definition') return undefined;
  const params = (fn.childForFieldName('parameters')?.namedChildren ?? []).filter((p): p is Node => !!p && p.type !== 'comment');
  const position = params.findIndex((p) => parameterName(p) === identifier.text);
  if (position < 0 || params.slice(0, position + 1).some((p) => p.type === 'rest_pattern' || /rest/.test(p.namedChild(0)?.type ?? ''))) return undefined;
  const declarator = fn.type === 'function_declaration' || fn.type === 'generator_function_declaration' ? fn : fn.parent?.type === 'variable_declarator' ? fn.parent : undefined;
  const name = declarator?.childForFieldName('name');
  const statement = declarator?.type === 'variable_declarator' ? declarator.parent : declarator;
  const topLevel = statement?.parent?.type === 'program' || (statement?.parent?.type === 'export_statement' && statement.parent.parent?.type === 'program');
  if (!name || name.type !== 'identifier' || !topLevel) return undefined;
  const defaultValue = params[position]?.childForFieldName('value') ?? params[position]?.childForFieldName('right') ?? undefined;
  let elsewhere: JsCommandOrigin = 'constant';
  let callsElsewhere = 0;
  const passed: Node[] = [];
  if (isExported(ctx, name.text)) {
    const answer = ctx.ports.project?.callerOrigins?.(ctx.path, name.text, { index: position, name: identifier.text });
    if (!answer || (answer.omitted && !defaultValue)) return undefined;
    elsewhere = answer.origin;
    callsElsewhere = answer.calls;
    if (answer.omitted && defaultValue) passed.push(defaultValue);
  }
  let calls = callsElsewhere;
  for (const use of ctx.root.descendantsOfType('identifier')) {
    if (!use || use.text !== name.text || use.id === name.id) continue;
    // `export { run }`: the export itself, whose callers the host found.
    if (use.parent?.type === 'export_specifier') continue;
    const call = use.parent;
    if (call?.type !== 'call_expression' || call.childForFieldName('function')?.id !== use.id) return undefined;
    const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => !!a && a.type !== 'comment');
    if (args.slice(0, position + 1).some((a) => a.type === 'spread_element')) return undefined;
    const argument = args[position] ?? defaultValue;
    if (!argument) return undefined;
    passed.push(argument);
    calls += 1;
  }
  return calls > 0 ? { nodes: passed, elsewhere } : undefined;
}

/**
 * The values of `object.name` when `object` is a `const` bound to a call of a helper of this file whose every
 * return is an object literal (`{ command, args }`) or `null`/`undefined`; undefined otherwise.
 */
function propertyOfReturnedObjects(ctx: AstContext, node: Node): Node[] | undefined {
  if (node.type !== 'member_expression') return undefined;
  const object = node.childForFieldName('object');
  const name = node.childForFieldName('property')?.text;
  return object && name ? propertyOfObjectValue(ctx, object, name) : undefined;
}

/** The values of property `name` of `object`: an object literal, or a helper call returning them (in place or bound to a `const`). */
function propertyOfObjectValue(ctx: AstContext, object: Node, name: string): Node[] | undefined {
  const inner = unwrapExpression(object);
  if (inner.type === 'object') return propertyOfLiterals(ctx, [inner], name);
  const bound = inner.type === 'identifier' ? ctx.js().boundValue(inner) : inner;
  const call = bound ? unwrapExpression(bound) : undefined;
  const returned = call?.type === 'call_expression' ? returnedByLocalHelper(ctx, call) : undefined;
  return returned ? propertyOfLiterals(ctx, returned, name) : undefined;
}

/**
 * `options.command` where `options` is a parameter of a top-level function of this file (see
 * `argumentsForParameter`): the property's values in what every call site passes. Each argument must be an object
 * literal or a `const` bound to a helper call returning object literals; another file's call (an exported
 * function) is graded by the whole argument's origin.
 */
function propertyOfPassedArguments(ctx: AstContext, node: Node): { nodes: Node[]; elsewhere: JsCommandOrigin } | undefined {
  if (node.type !== 'member_expression') return undefined;
  const object = node.childForFieldName('object');
  const name = node.childForFieldName('property')?.text;
  if (object?.type !== 'identifier' || !name || ctx.js().boundValue(object)) return undefined;
  const passed = argumentsForParameter(ctx, object);
  if (!passed) return undefined;
  const nodes: Node[] = [];
  for (const argument of passed.nodes) {
    const values = propertyOfObjectValue(ctx, argument, name);
    if (!values) return undefined;
    nodes.push(...values);
  }
  return { nodes, elsewhere: passed.elsewhere };
}

/**
 * `const { command } = helper()` (or `{ cmd: command }`) in the function that uses `command` or a function around
 * it (a closure sees its outer `const`s), the helper a top-level function of this file returning object literals:
 * the property's values in those literals. A `let`, a `const` in a block that does not hold the use, or a
 * parameter of the same name in between is not followed.
 */
function destructuredFromHelper(ctx: AstContext, identifier: Node): Node[] | undefined {
  for (let scope = enclosingFunction(identifier); ; scope = enclosingFunction(scope)) {
    const found = destructuredIn(ctx, scope, identifier);
    if (found !== 'none') return found;
    if (!scope || declaresParameter(scope, identifier.text)) return undefined;
  }
}

/** The destructuring of `identifier` written directly in `scope` (the file when undefined), as `destructuredFromHelper`. */
function destructuredIn(ctx: AstContext, scope: Node | undefined, identifier: Node): Node[] | undefined | 'none' {
  for (const pattern of (scope ?? ctx.root).descendantsOfType('object_pattern')) {
    const declarator = pattern?.parent;
    if (!pattern || declarator?.type !== 'variable_declarator' || declarator.childForFieldName('name')?.id !== pattern.id) continue;
    if (declarator.parent?.type !== 'lexical_declaration' || !declarator.parent.text.startsWith('const')) continue;
    if (enclosingFunction(declarator)?.id !== scope?.id || declarator.startIndex > identifier.startIndex) continue;
    // A `const` in an inner block does not bind a use outside that block.
    const block = declarator.parent.parent;
    if (!block || identifier.startIndex < block.startIndex || identifier.endIndex > block.endIndex) continue;
    const entry = pattern.namedChildren.find((e) => !!e && (e.type === 'shorthand_property_identifier_pattern' ? e.text === identifier.text : e.type === 'pair_pattern' && e.childForFieldName('value')?.text === identifier.text));
    if (!entry) continue;
    const key = entry.type === 'pair_pattern' ? entry.childForFieldName('key')?.text.replace(/^['"]|['"]$/g, '') : entry.text;
    const value = declarator.childForFieldName('value');
    const call = value ? unwrapExpression(value.type === 'await_expression' ? value.namedChild(0) ?? value : value) : undefined;
    const returned = call?.type === 'call_expression' ? returnedByLocalHelper(ctx, call) : undefined;
    return key && returned ? propertyOfLiterals(ctx, returned, key) : undefined;
  }
  return 'none';
}

/** The values of property `name` in object literals (`null`/`undefined` skipped); undefined when one is not a plain literal. */
function propertyOfLiterals(ctx: AstContext, returned: Node[], name: string): Node[] | undefined {
  const values: Node[] = [];
  for (const value of returned.map(unwrapExpression)) {
    if (value.type === 'null' || value.type === 'undefined') continue;
    if (value.type !== 'object') return undefined;
    const entries = value.namedChildren.filter((e): e is Node => !!e && e.type !== 'comment');
    if (entries.some((e) => e.type === 'spread_element')) return undefined;
    const entry = entries.find((e) => (e.type === 'shorthand_property_identifier' ? e.text : e.type === 'pair' ? e.childForFieldName('key')?.text.replace(/^['"]|['"]$/g, '') : undefined) === name);
    if (!entry) continue;
    // `{ command }`: the binding of that name where the literal is written (a parameter: the name itself, followed
    // to the call sites like any parameter).
    const entryValue = entry.type === 'pair' ? entry.childForFieldName('value') : ctx.js().boundValue(entry) ?? entry;
    if (!entryValue) return undefined;
    values.push(entryValue);
  }
  return values;
}

/**
 * The returned expressions of a top-level function this file declares, called by name. An exported one counts
 * too: its parameters are then graded by the calls the whole project makes (`argumentsForParameter`).
 */
function returnedByLocalHelper(ctx: AstContext, call: Node): Node[] | undefined {
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'identifier') return undefined;
  for (const child of ctx.root.namedChildren) {
    const statement = child?.type === 'export_statement' ? child.childForFieldName('declaration') : child;
    const fn = statement?.type === 'function_declaration' && statement.childForFieldName('name')?.text === callee.text ? statement : undefined;
    const body = fn?.childForFieldName('body');
    if (!body) continue;
    const returns = body.descendantsOfType('return_statement').filter((r): r is Node => !!r && enclosingFunction(r)?.id === fn!.id);
    const values = returns.map((r) => r.namedChild(0));
    return values.length > 0 && values.every((v) => !!v) ? (values as Node[]) : undefined;
  }
  return undefined;
}

function enclosingFunction(node: Node): Node | undefined {
  for (const current of ancestorsUpward(node)) if (FUNCTION_TYPES.has(current.type)) return current;
  return undefined;
}

function isExported(ctx: AstContext, raw: string): boolean {
  const name = raw.replace(/[$]/g, "\\$");
  return new RegExp(`export\\s*(?:default\\s+)?\\{[^}]*\\b${name}\\b|export\\s+(?:default\\s+)?(?:async\\s+)?function\\s*\\*?\\s*${name}\\b|export\\s+(?:const|let|var)\\s+${name}\\b|export\\s+default\\s+${name}\\b|exports\\.${name}\\b|module\\.exports\\b`).test(ctx.text);
}

function declaresParameter(fn: Node, name: string): boolean {
  const single = fn.childForFieldName('parameter');
  if (single) return single.text === name;
  return (fn.childForFieldName('parameters')?.namedChildren ?? []).some((p) => !!p && parameterName(p) === name);
}

function parameterName(p: Node): string | undefined {
  if (p.type === 'identifier') return p.text;
  const pattern = p.childForFieldName('pattern') ?? p.childForFieldName('left') ?? p.namedChild(0);
  return pattern?.type === 'identifier' ? pattern.text : undefined;
}

function isNumeric(ctx: AstContext, node: Node): boolean {
  switch (node.type) {
    case 'number':
      return true;
    case 'member_expression':
      return NUMERIC_MEMBER.test(node.childForFieldName('property')?.text ?? '');
    case 'identifier':
      return NUMERIC_NAME.test(node.text);
    case 'call_expression': {
      const callee = node.childForFieldName('function');
      return callee !== null && NUMBER_FUNCTIONS.has(callee.text);
    }
    case 'binary_expression': {
      const op = node.childForFieldName('operator')?.text ?? '';
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      return ['-', '*', '/', '%'].includes(op) || (op === '+' && left !== null && right !== null && isNumeric(ctx, unwrapExpression(left)) && isNumeric(ctx, unwrapExpression(right)));
    }
    default:
      return false;
  }
}
