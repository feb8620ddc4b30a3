/**
 * AIS751 node-tls-reject-unauthorized-env: setting `NODE_TLS_REJECT_UNAUTHORIZED` to `0` from code (or in
 * the environment given to a child process) turns off certificate checks for every TLS connection.
 */
import type { Node } from 'web-tree-sitter';
import { defineRuleFamily, type AstContext, type RuleMeta, type TextContext } from '../../../engine/rule';
import { unwrapExpression } from '../../../engine/resolve/javascript-scope';
import { walkNamed } from '../../../engine/resolve/walk';
import { objectProperty } from '../../shared/js-calls';

const VARIABLE = 'NODE_TLS_REJECT_UNAUTHORIZED';

const META: RuleMeta = {
  id: 'AIS751',
  name: 'node-tls-reject-unauthorized-env',
  title: 'NODE_TLS_REJECT_UNAUTHORIZED set to 0',
  category: 'transport',
  fileKinds: ['javascript', 'typescript', 'tsx', 'dotenv', 'shell', 'package-json', 'json', 'yaml', 'mcp-config', 'agent-settings'],
  severity: 'error',
  confidence: 'high',
  cwe: ['CWE-295'],
  message: '{{detail}}',
  fixAvailability: 'sometimes',
  docs: {
    whatItDoes: 'Flags `NODE_TLS_REJECT_UNAUTHORIZED=0` in `.env` files, shell scripts, Dockerfiles, package.json scripts and YAML/JSON environment blocks, and in code `process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0"` (also `0`, the bracket form, a conditional with a `"0"` branch, and `Object.assign(process.env, {...})`), and `NODE_TLS_REJECT_UNAUTHORIZED: "0"` in an object literal such as the `env` given to a child process.',
    whyIsThisBad: 'When this variable is `0`, Node skips certificate verification for every HTTPS and TLS connection of the process (or of the child), not just the one that failed. Anyone on the network path (a proxy, public Wi-Fi, a compromised router) can then read and change the traffic, including API keys sent to model providers and the model responses themselves.',
    example: 'process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";\nconst res = await fetch("https://internal.example.com/api");\n',
    useInstead: '// Trust the internal CA instead of turning verification off:\n//   NODE_EXTRA_CA_CERTS=/etc/ssl/internal-ca.pem node app.js\n// or pass it to one agent:\nconst agent = new https.Agent({ ca: fs.readFileSync("internal-ca.pem") });\n',
    fixSafety: 'The fix deletes the assignment statement. It is unsafe: connections to servers with self-signed or internal certificates start failing until their CA is trusted with `NODE_EXTRA_CA_CERTS` or an agent `ca`.',
    references: ['https://cwe.mitre.org/data/definitions/295.html', 'https://nodejs.org/api/cli.html#node_tls_reject_unauthorizedvalue', 'https://nodejs.org/api/cli.html#node_extra_ca_certsfile'],
  },
};

/** `NODE_TLS_REJECT_UNAUTHORIZED=0` in a `.env`, shell script, Dockerfile, package.json script or YAML/JSON env block. */
const IN_CONFIG = /\bNODE_TLS_REJECT_UNAUTHORIZED\b["']?\s*[=:]\s*["']?0(?![\w.])/g;

export default defineRuleFamily(
  [META],
  [
    {
      kind: 'ast',
      name: META.name,
      ruleIds: [META.id],
      fileKinds: ['javascript', 'typescript', 'tsx'],
      keywords: [VARIABLE],
      onFile(ctx) {
        walkNamed(ctx.root, (node) => {
          if (node.type === 'assignment_expression') checkAssignment(ctx, node);
          else if (node.type === 'pair') checkPair(ctx, node);
        });
      },
    },
    {
      kind: 'text',
      name: `${META.name}-in-config`,
      ruleIds: [META.id],
      fileKinds: ['dotenv', 'shell', 'package-json', 'json', 'yaml', 'mcp-config', 'agent-settings'],
      keywords: [VARIABLE],
      check: checkConfigText,
    },
  ],
);

function checkConfigText(ctx: TextContext): void {
  for (const match of ctx.text.matchAll(IN_CONFIG)) {
    const start = match.index ?? 0;
    // A commented-out line (`# NODE_TLS_REJECT_UNAUTHORIZED=0`) documents the setting; it does not apply it.
    const lineStart = ctx.text.lastIndexOf('\n', start) + 1;
    const before = ctx.text.slice(lineStart, start).trimStart();
    if (before.startsWith('#') || before.startsWith('//')) continue;
    ctx.report({
      ruleId: META.id,
      range: ctx.rangeOf(start, start + match[0].length),
      data: { detail: `${VARIABLE}=0 here turns off certificate verification for every TLS connection of the Node processes that get this environment.` },
    });
  }
}

function checkAssignment(ctx: AstContext, node: Node): void {
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (!left || !right || ctx.js().qualifiedName(left) !== `global.process.env.${VARIABLE}`) return;
  if (!disables(ctx, right)) return;
  const statement = node.parent?.type === 'expression_statement' ? node.parent : undefined;
  ctx.report({
    ruleId: 'AIS751',
    range: ctx.rangeOfNode(node),
    data: { detail: `Setting ${VARIABLE} to "0" turns off certificate verification for every TLS connection this process makes.` },
    fixes: statement ? [{ title: `Remove the ${VARIABLE} assignment`, applicability: 'unsafe', edits: [{ range: lineRange(ctx, statement), newText: '' }] }] : [],
  });
}

function checkPair(ctx: AstContext, node: Node): void {
  const key = node.childForFieldName('key');
  const value = node.childForFieldName('value');
  const name = key?.type === 'string' ? key.text.slice(1, -1) : key?.text;
  if (name !== VARIABLE || !value || !disables(ctx, value)) return;
  const object = node.parent;
  if (!object || objectProperty(object, VARIABLE)?.id !== value.id) return;
  ctx.report({ ruleId: 'AIS751', range: ctx.rangeOfNode(node), data: { detail: `${VARIABLE}: "0" turns off certificate verification for every TLS connection of the process that receives this environment.` } });
}

/** True when the value is (or may be, for a conditional) the string or number 0. */
function disables(ctx: AstContext, value: Node): boolean {
  // Every outcome of nested conditionals, with an explicit stack: they can nest thousands deep.
  const pending = [value];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const inner = unwrapExpression(next);
    if (inner.type === 'ternary_expression') {
      for (const outcome of [inner.childForFieldName('alternative'), inner.childForFieldName('consequence')]) if (outcome) pending.push(outcome);
      continue;
    }
    const literal = ctx.js().literalValue(inner);
    if (literal === '0' || literal === 0) return true;
  }
  return false;
}

/** The statement's whole line(s) when nothing else shares them, otherwise just the statement. */
function lineRange(ctx: AstContext, statement: Node): { start: { line: number; column: number }; end: { line: number; column: number } } {
  const lines = ctx.text.split('\n');
  const start = statement.startPosition;
  const end = statement.endPosition;
  const before = lines[start.row]?.slice(0, start.column) ?? '';
  const after = lines[end.row]?.slice(end.column) ?? '';
  if (before.trim() === '' && (after.trim() === '' || after.trim().startsWith('//')) && end.row + 1 < lines.length) return { start: { line: start.row, column: 0 }, end: { line: end.row + 1, column: 0 } };
  return ctx.rangeOfNode(statement);
}
