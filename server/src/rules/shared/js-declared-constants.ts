/**
 * Values whose declaration says they are constants chosen by the program, for the shell rules' origin
 * (`js-command-evidence.ts`): a name imported from another project module that exports it as a string or number
 * literal (`export const NETWORK = 'sandbox-net'`), and a value whose declared TypeScript type is a union of string
 * literals (`runtime: 'docker' | 'podman'`, or `config.command` where `config: SandboxConfig` and the interface
 * declares `command?: 'docker' | 'podman'`). The compiler holds such a value to one of those literals, so it
 * chooses among constants and cannot carry outside text into a command. Types and constants declared in this file
 * are read from the tree; those of another module come from the host (`ProjectFacts.exportedDeclaration`), which
 * resolves relative imports and packages of the project's workspaces. A `string` field, a type this cannot
 * read, or a module the host cannot resolve leaves the value as it was.
 */
import type { Node } from 'web-tree-sitter';
import type { AstContext } from '../../engine/rule';
import { unwrapExpression } from '../../engine/resolve/javascript-scope';
import { ancestorsUpward } from '../../engine/resolve/walk';

const FUNCTION_TYPES = new Set(['function_declaration', 'function_expression', 'arrow_function', 'generator_function_declaration', 'method_definition', 'function']);
/** One member of a literal union: a string literal without escapes, or `undefined`/`null` (no text at all). */
const UNION_MEMBER = String.raw`(?:'[^'\\\n]*'|"[^"\\\n]*"|undefined|null)`;
const LITERAL_UNION = new RegExp(String.raw`^\|?\s*${UNION_MEMBER}(?:\s*\|\s*${UNION_MEMBER})*$`);
const CONSTANT_INITIALISER = /=\s*(?:'[^'\\\n]*'|"[^"\\\n]*"|`[^`$\\]*`|-?\d+(?:\.\d+)?)\s*(?:as\s+const\s*)?;?\s*$/;
/** Type names followed from one to the next (`type Runtime = Engine`) before giving up. */
const MAX_TYPE_STEPS = 3;

/** True when `node` (an identifier or `object.field`) is declared as a constant: see the module comment. */
export function isDeclaredConstant(ctx: AstContext, node: Node): boolean {
  if (node.type === 'identifier') return importedConstant(ctx, node) || isLiteralUnionType(ctx, annotationOf(node), MAX_TYPE_STEPS);
  if (node.type !== 'member_expression') return false;
  const object = unwrapExpression(node.childForFieldName('object') ?? node);
  const field = node.childForFieldName('property');
  if (object.type !== 'identifier' || field?.type !== 'property_identifier') return false;
  const typeName = annotationOf(object)?.trim().replace(/\s*\|\s*(?:undefined|null)\b/g, '');
  if (!typeName || !/^[A-Za-z_$][\w$]*$/.test(typeName)) return false;
  const declaration = typeDeclaration(ctx, typeName);
  return declaration !== undefined && isLiteralUnionType(ctx, fieldType(declaration, field.text), MAX_TYPE_STEPS);
}

/** An imported name whose module exports it as `export const NAME = <literal>`. */
function importedConstant(ctx: AstContext, identifier: Node): boolean {
  const imported = importOf(ctx, identifier.text);
  if (!imported || ctx.js().qualifiedName(identifier) !== `${imported.module}.${imported.name}`) return false;
  const declaration = ctx.ports.project?.exportedDeclaration?.(ctx.path, imported.module, imported.name);
  return declaration !== undefined && /^export\s+(?:declare\s+)?const\b/.test(declaration) && CONSTANT_INITIALISER.test(declaration);
}

/** True when a type's text is a union of string literals, or names a type alias (here or imported) that is one. */
function isLiteralUnionType(ctx: AstContext, text: string | undefined, steps: number): boolean {
  const type = text?.trim();
  if (!type) return false;
  if (LITERAL_UNION.test(type)) return /['"]/.test(type);
  if (steps <= 0 || !/^[A-Za-z_$][\w$]*$/.test(type)) return false;
  const alias = typeDeclaration(ctx, type);
  const body = alias && /^(?:export\s+)?(?:declare\s+)?type\s+[\w$]+\s*=\s*([\s\S]*?);?\s*$/.exec(alias)?.[1];
  return isLiteralUnionType(ctx, body, steps - 1);
}

/** The declaration text of a type alias or interface named `name`: written in this file, or imported from a project module. */
function typeDeclaration(ctx: AstContext, name: string): string | undefined {
  for (const child of ctx.root.namedChildren) {
    const statement = child?.type === 'export_statement' ? child.childForFieldName('declaration') : child;
    if ((statement?.type === 'type_alias_declaration' || statement?.type === 'interface_declaration') && statement.childForFieldName('name')?.text === name) return statement.text;
  }
  const imported = importOf(ctx, name);
  return imported ? ctx.ports.project?.exportedDeclaration?.(ctx.path, imported.module, imported.name) : undefined;
}

/**
 * The declared type of property `field` at the top level of an interface or object type (`command?: 'a' | 'b';`),
 * with the continuation lines of a union written one member per line; undefined when it is not declared there.
 */
function fieldType(declaration: string, field: string): string | undefined {
  const open = declaration.indexOf('{');
  if (open < 0) return undefined;
  let depth = 0;
  for (let i = open; i < declaration.length; i++) {
    const c = declaration[i]!;
    if (c === '{' || c === '(' || c === '[' || c === '<') depth += 1;
    else if (c === '}' || c === ')' || c === ']' || c === '>') depth -= 1;
    if (depth !== 1 || !/[{;,\n]/.test(c)) continue;
    const member = new RegExp(String.raw`^\s*(?:readonly\s+)?['"]?${field.replace(/\$/g, '\\$')}['"]?\??\s*:`).exec(declaration.slice(i + 1));
    if (!member) continue;
    const rest = declaration.slice(i + 1 + member[0].length);
    // The type runs to the member's end: a `;`, `,` or `}`, or a line break not followed by `|`.
    const end = /[;,}]|\n(?!\s*\|)/.exec(rest);
    return end ? rest.slice(0, end.index) : undefined;
  }
  return undefined;
}

/** The written type of a parameter or variable `identifier` refers to (`config: SandboxConfig`), without its `:`. */
function annotationOf(identifier: Node): string | undefined {
  for (const scope of ancestorsUpward(identifier)) {
    if (FUNCTION_TYPES.has(scope.type)) {
      for (const parameter of scope.childForFieldName('parameters')?.namedChildren ?? []) {
        if (!parameter || (parameter.type !== 'required_parameter' && parameter.type !== 'optional_parameter')) continue;
        if (parameter.childForFieldName('pattern')?.text !== identifier.text) continue;
        return parameter.childForFieldName('type')?.text.replace(/^:\s*/, '');
      }
    }
    if (scope.type !== 'statement_block' && scope.type !== 'program') continue;
    // A variable declared in this block before the use: its written type (none: nothing is known).
    for (const statement of scope.namedChildren) {
      if (!statement || statement.startIndex > identifier.startIndex || (statement.type !== 'lexical_declaration' && statement.type !== 'variable_declaration')) continue;
      for (const declarator of statement.namedChildren) {
        if (declarator?.type !== 'variable_declarator' || declarator.childForFieldName('name')?.text !== identifier.text) continue;
        // A cast in the initialiser (`req.body.mode as Mode`) asserts the type without the compiler checking it.
        if (declarator.childForFieldName('value')?.descendantsOfType(['as_expression', 'satisfies_expression', 'non_null_expression']).length) return '';
        return declarator.childForFieldName('type')?.text.replace(/^:\s*/, '') ?? '';
      }
    }
  }
  return undefined;
}

/** The module and exported name an `import { name as local } from 'module'` binds to `local`. */
function importOf(ctx: AstContext, local: string): { module: string; name: string } | undefined {
  for (const statement of ctx.root.namedChildren) {
    if (statement?.type !== 'import_statement') continue;
    const source = statement.childForFieldName('source');
    const module = source?.text.slice(1, -1);
    if (!module) continue;
    for (const specifier of statement.descendantsOfType('import_specifier')) {
      const name = specifier?.childForFieldName('name');
      const alias = specifier?.childForFieldName('alias');
      if (name && (alias ?? name).text === local) return { module, name: name.text };
    }
  }
  return undefined;
}
