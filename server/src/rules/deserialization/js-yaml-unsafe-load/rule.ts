/**
 * AIS151 js-yaml-unsafe-load: js-yaml loading that can build JavaScript functions: v3 `load`/`loadAll`
 * (whose default schema includes `!!js/function`), any load with `DEFAULT_FULL_SCHEMA`, and v4 schemas
 * extended with `js-yaml-js-types` `function`/`all`.
 */
import type { Node } from 'web-tree-sitter';
import { defineRule, type AstContext } from '../../../engine/rule';
import type { Fix } from '../../../engine/finding';
import { unwrapExpression } from '../../../engine/resolve/javascript-scope';
import { walkNamed } from '../../../engine/resolve/walk';
import { calleeLabel, jsCallsTo, objectProperty } from '../../shared/js-calls';
import semver from 'semver';

const LOADS = new Set(['js-yaml.load', 'js-yaml.loadAll', 'js-yaml.safeLoad', 'js-yaml.safeLoadAll']);
/** API that exists only in js-yaml 3.x; its presence in the file says which major version is in use. */
const V3_ONLY = /\b(?:safeLoad|safeLoadAll|safeDump|DEFAULT_SAFE_SCHEMA|DEFAULT_FULL_SCHEMA)\b/;
const UNSAFE_TYPES = new Set(['js-yaml-js-types.function', 'js-yaml-js-types.all']);

export default defineRule(
  {
    id: 'AIS151',
    name: 'js-yaml-unsafe-load',
    title: 'js-yaml load that can build functions',
    category: 'deserialization',
    fileKinds: ['javascript', 'typescript', 'tsx'],
    severity: 'error',
    advisory: { findings: 'info', editor: 'hidden', reason: 'Since js-yaml 4 the default schema has no function types, so `load` is a problem only on 3.x, which the information-level finding cannot confirm.' },
    confidence: 'high',
    cwe: ['CWE-502'],
    message: '{{detail}}',
    fixAvailability: 'sometimes',
    docs: {
      whatItDoes: 'Flags js-yaml loads that accept the `!!js/function` tag: `load`/`loadAll` with `schema: DEFAULT_FULL_SCHEMA` (or `safeLoad` given that schema), schemas extended with `js-yaml-js-types` `function` or `all`, and, for js-yaml 3.x, `load`/`loadAll` without a schema (the 3.x default schema is the full one). js-yaml 4 made `load` safe, and the rule reads the js-yaml range declared in the nearest package.json: a plain `load` is an error when it allows only 3.x, is not reported when it requires 4.x or later, and without a declaration it is an error when the file uses 3.x-only API (`safeLoad`, `DEFAULT_SAFE_SCHEMA`, ...) and a low-confidence hint otherwise.',
      whyIsThisBad: 'The `!!js/function` type revives function source from the YAML document with `new Function`, so a YAML file, request body or model response with such a tag injects code that runs as soon as the loaded object is used (a `toString`, a getter, a callback).',
      example: 'const yaml = require("js-yaml"); // 3.x\n\nconst config = yaml.load(req.body);\n',
      useInstead: 'const yaml = require("js-yaml");\n\nconst config = yaml.safeLoad(req.body); // 3.x\n// js-yaml 4: yaml.load(text) is safe as long as the schema is not extended with js-yaml-js-types.\n',
      fixSafety: 'For js-yaml 3.x the fix renames `load`/`loadAll` to `safeLoad`/`safeLoadAll`: only documents that use `!!js/*` tags load differently, so it is safe when the project is known to use 3.x (declared in package.json or 3.x-only API in the file), and unsafe otherwise, because js-yaml 4 removed `safeLoad`. Replacing an explicit `DEFAULT_FULL_SCHEMA` with `DEFAULT_SAFE_SCHEMA` is always unsafe: the author chose the full schema, perhaps for its `!!js/*` types.',
      references: ['https://cwe.mitre.org/data/definitions/502.html', 'https://github.com/nodeca/js-yaml/blob/master/CHANGELOG.md#400---2021-01-03', 'https://github.com/nodeca/js-yaml-js-types'],
    },
  },
  {
    kind: 'ast',
    keywords: ['js-yaml'],
    onFile(ctx) {
      const major = declaredMajor(ctx);
      const v3 = major === 3 || (major === undefined && V3_ONLY.test(ctx.text));
      const v4 = major !== undefined && major >= 4;
      for (const { call, callee, qualified, args } of jsCallsTo(ctx, LOADS)) {
        const label = calleeLabel(callee);
        const options = resolveObject(ctx, args[1]);
        const schema = objectProperty(options, 'schema');
        if (schema) {
          const danger = dangerousSchema(ctx, schema);
          if (!danger) continue;
          ctx.report({ ruleId: 'AIS151', range: ctx.rangeOfNode(call), data: { detail: `\`${label}\` with ${danger} revives \`!!js/function\` values from the document as code.` }, fixes: schemaFix(ctx, schema) });
          continue;
        }
        // `safeLoad` without a schema, or js-yaml 4 `load` without one, is safe.
        if (qualified.endsWith('safeLoad') || qualified.endsWith('safeLoadAll')) continue;
        if (args[1] && !options) continue;
        // js-yaml 4 (declared in package.json): `load` with its default schema is safe.
        if (v4) continue;
        ctx.report({
          ruleId: 'AIS151',
          range: ctx.rangeOfNode(call),
          data: { detail: v3 ? `\`${label}\` in js-yaml 3.x uses the full schema, which revives \`!!js/function\` values as code; use \`safeLoad\`.` : `\`${label}\` revives \`!!js/function\` values as code if the project uses js-yaml 3.x (safe in 4.x); check the installed version.` },
          ...(v3 ? {} : { severity: 'info' as const, confidence: 'low' as const }),
          fixes: renameFix(callee, v3),
        });
      }
    },
  },
);

/**
 * The major version of js-yaml the nearest package.json declares (the lowest version its range allows),
 * or undefined when there is no manifest, no js-yaml entry or the range is not a semver range.
 */
function declaredMajor(ctx: AstContext): number | undefined {
  const manifest = ctx.ports.project?.manifestFor?.(ctx.path, 'npm');
  if (!manifest || manifest.kind !== 'package-json') return undefined;
  try {
    const pkg = JSON.parse(manifest.text) as Record<string, unknown>;
    for (const group of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
      const deps = pkg[group];
      const spec = deps && typeof deps === 'object' ? (deps as Record<string, unknown>)['js-yaml'] : undefined;
      if (typeof spec !== 'string' || !semver.validRange(spec)) continue;
      return semver.minVersion(spec)?.major;
    }
  } catch {
    // An unreadable package.json says nothing about the version.
  }
  return undefined;
}

function resolveObject(ctx: AstContext, node: Node | undefined): Node | undefined {
  if (!node) return undefined;
  const inner = unwrapExpression(node);
  if (inner.type === 'object') return inner;
  const bound = ctx.js().boundValue(inner);
  return bound && unwrapExpression(bound).type === 'object' ? unwrapExpression(bound) : undefined;
}

/** Describes why a schema expression is dangerous, or undefined when it is not known to be. */
function dangerousSchema(ctx: AstContext, schema: Node, depth = 0): string | undefined {
  const inner = unwrapExpression(schema);
  const q = ctx.js().qualifiedName(inner);
  if (q === 'js-yaml.DEFAULT_FULL_SCHEMA') return '`DEFAULT_FULL_SCHEMA`';
  if ((inner.type === 'identifier' || inner.type === 'shorthand_property_identifier') && depth < 4) {
    const bound = ctx.js().boundValue(inner);
    if (bound) return dangerousSchema(ctx, bound, depth + 1);
  }
  let found: string | undefined;
  walkNamed(inner, (node) => {
    if (found) return false;
    if (node.type === 'identifier' || node.type === 'member_expression') {
      const name = ctx.js().qualifiedName(node);
      if (name && UNSAFE_TYPES.has(name)) {
        found = 'a schema extended with `js-yaml-js-types` function types';
        return false;
      }
      // `types.undefined` is harmless; do not look at its parts again.
      if (name?.startsWith('js-yaml-js-types.')) return false;
    }
    return true;
  });
  return found;
}

function renameFix(callee: Node, v3: boolean): Fix[] {
  const property = callee.type === 'member_expression' ? callee.childForFieldName('property') : undefined;
  if (!property || (property.text !== 'load' && property.text !== 'loadAll')) return [];
  const replacement = property.text === 'load' ? 'safeLoad' : 'safeLoadAll';
  return [{ title: `Use \`${replacement}\` (js-yaml 3.x)`, applicability: v3 ? 'safe' : 'unsafe', preferred: true, edits: [{ range: nodeRange(property), newText: replacement }] }];
}

function schemaFix(ctx: AstContext, schema: Node): Fix[] {
  const inner = unwrapExpression(schema);
  if (inner.type !== 'member_expression' || ctx.js().qualifiedName(inner) !== 'js-yaml.DEFAULT_FULL_SCHEMA') return [];
  const property = inner.childForFieldName('property');
  if (!property) return [];
  // The full schema was named explicitly, so documents with `!!js/*` tags may be what the program reads: never safe.
  return [{ title: 'Use `DEFAULT_SAFE_SCHEMA`', applicability: 'unsafe', preferred: true, edits: [{ range: nodeRange(property), newText: 'DEFAULT_SAFE_SCHEMA' }] }];
}

function nodeRange(node: Node): { start: { line: number; column: number }; end: { line: number; column: number } } {
  return { start: { line: node.startPosition.row, column: node.startPosition.column }, end: { line: node.endPosition.row, column: node.endPosition.column } };
}
