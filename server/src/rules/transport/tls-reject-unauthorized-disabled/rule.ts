/**
 * AIS750 tls-reject-unauthorized-disabled: `rejectUnauthorized: false` in TLS/HTTPS options (an
 * `https.Agent`, `tls.connect`, axios/got/undici/ws options) or assigned to an options object.
 */
import type { Node } from 'web-tree-sitter';
import { defineRule, type AstContext } from '../../../engine/rule';
import { ancestorsOf, walkNamed } from '../../../engine/resolve/walk';
import { objectProperty } from '../../shared/js-calls';
import { removeObjectPair } from '../../shared/js-edits';

const OPTION = 'rejectUnauthorized';
const MESSAGE = '`rejectUnauthorized: false` accepts any certificate, so anyone on the network path can read and change this connection.';

export default defineRule(
  {
    id: 'AIS750',
    name: 'tls-reject-unauthorized-disabled',
    title: 'TLS certificate verification disabled (rejectUnauthorized: false)',
    category: 'transport',
    fileKinds: ['javascript', 'typescript', 'tsx'],
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-295'],
    message: MESSAGE,
    fixAvailability: 'sometimes',
    docs: {
      whatItDoes: 'Flags `rejectUnauthorized: false` (and the `request`/npm spelling `strictSSL: false`, and a `checkServerIdentity` callback that accepts every host) in an object literal (the options of `https.Agent`, `https.request`, `tls.connect`, `axios`, `got`, `undici`, `ws` and the like) and assignments such as `agent.options.rejectUnauthorized = false`. Node only turns verification off for the literal value `false` (or a constant bound to it); other values are not flagged. When the bypass applies only under a switch whose name says it is insecure (`process.env.ALLOW_UNAUTHORIZED_CERTS ? { rejectUnauthorized: false } : undefined`, `if (options.insecure) ...`, `SKIP_TLS_VERIFY && {...}`), the operator opts in knowingly: that finding is advisory (audit profile). A switch that only turns TLS on (`sslEnabled ? { rejectUnauthorized: false } : {}`) still silently drops verification and stays an error.',
      whyIsThisBad: 'Without certificate verification TLS still encrypts, but to whoever answers: a proxy, a hostile Wi-Fi or a compromised router can impersonate the server, read API keys and prompts sent to model providers, and change responses (including model output that the program later trusts).',
      example: 'const agent = new https.Agent({ rejectUnauthorized: false });\nconst res = await axios.get(url, { httpsAgent: agent });\n',
      useInstead: 'import { readFileSync } from "node:fs";\n\n// Trust the internal CA explicitly and keep verification on:\nconst agent = new https.Agent({ ca: readFileSync("internal-ca.pem") });\n',
      fixSafety: 'The fix removes the `rejectUnauthorized: false` property (or the assignment statement). It is unsafe: servers with self-signed or internal certificates are rejected until their CA is passed as `ca` or through `NODE_EXTRA_CA_CERTS`.',
      references: ['https://cwe.mitre.org/data/definitions/295.html', 'https://nodejs.org/api/tls.html#tlsconnectoptions-callback', 'https://nodejs.org/api/cli.html#node_extra_ca_certsfile'],
    },
  },
  {
    kind: 'ast',
    keywords: [OPTION, 'strictSSL', 'checkServerIdentity'],
    onFile(ctx) {
      walkNamed(ctx.root, (node) => {
        if (node.type === 'pair') checkPair(ctx, node);
        else if (node.type === 'assignment_expression') checkAssignment(ctx, node);
      });
    },
  },
);

function checkPair(ctx: AstContext, pair: Node): void {
  const key = pair.childForFieldName('key');
  const value = pair.childForFieldName('value');
  const name = key?.type === 'string' ? key.text.slice(1, -1) : key?.text;
  if (!name || !value) return;
  let message: string | undefined;
  if ((name === OPTION || name === 'strictSSL') && ctx.js().literalValue(value) === false) {
    message = name === OPTION ? undefined : '`strictSSL: false` (request/npm options) accepts any certificate, so anyone on the network path can read and change this connection.';
  } else if (name === 'checkServerIdentity' && acceptsAnyHost(value)) {
    message = '`checkServerIdentity` that returns nothing accepts a certificate for any host name, so any valid certificate (including an attacker\'s) is trusted for this server.';
  } else return;
  const object = pair.parent;
  // A later duplicate key wins at run time; only the effective one matters.
  if (!object || objectProperty(object, name)?.id !== value.id) return;
  ctx.report({ ruleId: 'AIS750', range: ctx.rangeOfNode(pair), ...withOptIn(pair, message), fixes: [{ title: `Remove \`${name}\``, applicability: 'unsafe', edits: [removeObjectPair(ctx, pair)] }] });
}

/** `() => undefined`, `() => {}`, `function () { return null; }`: a host-name check that never fails. */
function acceptsAnyHost(value: Node): boolean {
  if (value.type !== 'arrow_function' && value.type !== 'function_expression') return false;
  const body = value.childForFieldName('body');
  if (!body) return false;
  if (body.type !== 'statement_block') return ['undefined', 'null'].includes(body.text);
  const statements = body.namedChildren.filter((c) => c && c.type !== 'comment');
  if (statements.length === 0) return true;
  return statements.length === 1 && /^return\s*(?:undefined|null)?\s*;?$/.test(statements[0]?.text ?? '');
}

function checkAssignment(ctx: AstContext, node: Node): void {
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (!left || !right || left.type !== 'member_expression' || left.childForFieldName('property')?.text !== OPTION) return;
  if (ctx.js().literalValue(right) !== false) return;
  const statement = node.parent?.type === 'expression_statement' ? node.parent : undefined;
  ctx.report({
    ruleId: 'AIS750',
    range: ctx.rangeOfNode(node),
    ...withOptIn(node, undefined),
    fixes: statement ? [{ title: `Remove the \`${OPTION} = false\` assignment`, applicability: 'unsafe', edits: [{ range: ctx.rangeOfNode(statement), newText: '' }] }] : [],
  });
}


/** A name that says turning verification off is insecure: `ALLOW_UNAUTHORIZED_CERTS`, `insecure`, `skipTlsVerify`, `NO_SSL_VERIFY`. */
const INSECURE_SWITCH = /insecure|unauthori[sz]ed|self[_-]?signed|(?:skip|no|disable|ignore|allow)[_-]?(?:invalid[_-]?|untrusted[_-]?)?(?:tls|ssl|certs?|certificates?)[_-]?verif|(?:skip|no|disable|ignore)[_-]?(?:verify|verification)|allow[_-]?(?:invalid|untrusted)[_-]?cert/i;

/**
 * The condition that `node` applies only under, when its name says the bypass is insecure: the test of a
 * conditional expression or `if` whose consequence holds `node`, or the left side of `switch && {...}`.
 */
function insecureOptIn(node: Node): string | undefined {
  let inside: Node = node;
  for (const ancestor of ancestorsOf(node)) {
    let condition: Node | null = null;
    if (ancestor.type === 'ternary_expression' || ancestor.type === 'if_statement') {
      if (ancestor.childForFieldName('consequence')?.id === inside.id) condition = ancestor.childForFieldName('condition');
    } else if (ancestor.type === 'binary_expression' && ancestor.childForFieldName('operator')?.type === '&&') {
      if (ancestor.childForFieldName('right')?.id === inside.id) condition = ancestor.childForFieldName('left');
    }
    if (condition && INSECURE_SWITCH.test(condition.text) && !/^\(?\s*!/.test(condition.text)) return condition.text.replace(/^\((.*)\)$/s, '$1');
    if (ancestor.type === 'function_declaration' || ancestor.type === 'method_definition' || ancestor.type === 'arrow_function' || ancestor.type === 'function_expression') break;
    inside = ancestor;
  }
  return undefined;
}

/** An insecure opt-in switch makes the finding advisory, with a message that names the switch. */
function withOptIn(node: Node, message: string | undefined): { message?: string; severity?: 'warning'; confidence?: 'medium'; advisory?: true } {
  const optIn = insecureOptIn(node);
  if (!optIn) return message ? { message } : {};
  const switchText = optIn.length > 60 ? `${optIn.slice(0, 57)}...` : optIn;
  return {
    message: `${message ?? MESSAGE} It applies only when \`${switchText}\` is set, a switch whose name says it is insecure: the operator opts in knowingly, so this is advisory.`,
    severity: 'warning', confidence: 'medium', advisory: true,
  };
}
