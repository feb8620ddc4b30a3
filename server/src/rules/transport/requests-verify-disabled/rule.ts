/**
 * AIS701 requests-verify-disabled: `requests` / `httpx` with `verify=False` (or a session whose `verify`
 * is set to `False`) accept any certificate.
 */
import type { Node } from 'web-tree-sitter';
import { defineRule, type AstContext } from '../../../engine/rule';
import { keywordArgumentNode, removeArgumentEdit, replaceNodeEdit } from '../../shared/python-edits';
import { receiverConstructor, textImports } from '../../shared/python-values';

const VERBS = new Set(['get', 'options', 'head', 'post', 'put', 'patch', 'delete', 'request', 'stream', 'send']);
const CLIENTS = new Set(['requests.Session', 'requests.session', 'requests.sessions.Session', 'httpx.Client', 'httpx.AsyncClient']);
const CLIENT_NAME = /(session|client|http|sess)$/i;
/** Other libraries whose `verify=False` switches certificate checks off. */
const OTHER_CLIENTS = new Set(['boto3.client', 'boto3.resource', 'boto3.session.Session', 'botocore.session.Session.create_client']);

export default defineRule(
  {
    id: 'AIS701',
    name: 'requests-verify-disabled',
    title: 'HTTPS certificate verification disabled',
    category: 'transport',
    fileKinds: ['python'],
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-295'],
    message: '`{{callee}}` {{how}}: any certificate is accepted, so anyone on the network path can read and change the traffic (API keys, model files).',
    fixAvailability: 'sometimes',
    peers: { bandit: ['B501'], ruff: ['S501'] },
    docs: {
      whatItDoes: 'Flags `requests.get/post/put/patch/delete/head/options/request(...)`, the same methods on a `requests.Session()`, `httpx` functions and `httpx.Client(...)` / `AsyncClient(...)` when `verify` is `False` (or `0`, `""`, or a name bound once to them), `boto3.client(..., verify=False)` / `boto3.resource(...)`, and `session.verify = False`. Method calls on an unresolved client object named like `session` or `client` in a file that imports requests or httpx are flagged with medium confidence. `verify="/path/ca.pem"` and non-literal values are not flagged.',
      whyIsThisBad: 'Without certificate verification, TLS still encrypts but does not authenticate the server: a proxy, a hostile Wi-Fi or a compromised router can impersonate the endpoint, read bearer tokens and API keys, and swap downloaded models or packages.',
      example: 'import requests\n\nr = requests.get(url, verify=False)\n',
      useInstead: 'import requests\n\nr = requests.get(url, verify="/etc/ssl/certs/internal-ca.pem")  # or leave verify at its default\n',
      fixSafety: 'The fix removes `verify=False` (for `session.verify = False`, sets it to `True`). It is unsafe: endpoints with self-signed or internal certificates stop working until their CA bundle is passed as `verify="/path/ca.pem"`.',
      references: ['https://cwe.mitre.org/data/definitions/295.html', 'https://requests.readthedocs.io/en/latest/user/advanced/#ssl-cert-verification', 'https://www.python-httpx.org/advanced/ssl/'],
    },
  },
  {
    kind: 'ast',
    keywords: ['verify=', 'verify ='],
    onFile(ctx) {
      const httpImported = textImports(ctx.text, 'requests') || textImports(ctx.text, 'httpx');
      for (const call of ctx.calls()) {
        const keyword = keywordArgumentNode(call, 'verify');
        const value = keyword?.childForFieldName('value');
        if (!keyword || !value || !isFalsy(ctx, value)) continue;
        const callee = call.childForFieldName('function');
        const confidence = callee ? targetConfidence(ctx, callee, httpImported) : undefined;
        if (!callee || !confidence) continue;
        const edit = removeArgumentEdit(ctx, call, keyword);
        ctx.report({
          ruleId: 'AIS701',
          range: ctx.rangeOfNode(call),
          data: { callee: callee.text, how: 'is called with `verify=False`' },
          ...(confidence === 'medium' ? { confidence } : {}),
          fixes: edit ? [{ title: 'Remove `verify=False`', applicability: 'unsafe', preferred: true, edits: [edit] }] : [],
        });
      }
      if (!httpImported || !/\.verify\s*=/.test(ctx.text)) return;
      for (const assignment of ctx.root.descendantsOfType('assignment')) {
        const left = assignment?.childForFieldName('left');
        const right = assignment?.childForFieldName('right');
        if (!assignment || left?.type !== 'attribute' || !right || left.childForFieldName('attribute')?.text !== 'verify' || !isFalsy(ctx, right)) continue;
        const receiver = left.childForFieldName('object');
        const made = receiver ? receiverConstructor(ctx, receiver) : undefined;
        if (made ? !CLIENTS.has(made) : !CLIENT_NAME.test(receiver?.text ?? '')) continue;
        ctx.report({
          ruleId: 'AIS701',
          range: ctx.rangeOfNode(assignment),
          data: { callee: left.text, how: 'is set to `False`' },
          ...(made ? {} : { confidence: 'medium' as const }),
          fixes: [{ title: 'Set `verify = True`', applicability: 'unsafe', preferred: true, edits: [replaceNodeEdit(ctx, right, 'True')] }],
        });
      }
    },
  },
);

/** `False`, `0` and `""` switch verification off; `None` means "use the default" in requests. */
function isFalsy(ctx: AstContext, node: Node): boolean {
  const value = ctx.python().literalValue(node);
  if (!value) return false;
  return (value.kind === 'bool' && !value.value) || (value.kind === 'number' && value.value === 0) || (value.kind === 'string' && value.value === '');
}

/** High when the callee resolves to requests/httpx; medium for a verb on an unresolved client-like object. */
function targetConfidence(ctx: AstContext, callee: Node, httpImported: boolean): 'high' | 'medium' | undefined {
  const qualified = ctx.python().qualifiedName(callee);
  if (qualified) {
    const [root, ...rest] = qualified.split('.');
    const last = rest[rest.length - 1] ?? '';
    if ((root === 'requests' || root === 'httpx') && (VERBS.has(last) || CLIENTS.has(qualified) || rest[0] === 'api')) return 'high';
    if (OTHER_CLIENTS.has(qualified)) return 'high';
    return undefined;
  }
  if (callee.type !== 'attribute') return undefined;
  const method = callee.childForFieldName('attribute')?.text ?? '';
  const receiver = callee.childForFieldName('object');
  if (!VERBS.has(method) || !receiver) return undefined;
  const made = receiverConstructor(ctx, receiver);
  if (made) return CLIENTS.has(made) ? 'high' : undefined;
  const name = receiver.type === 'attribute' ? receiver.childForFieldName('attribute')?.text ?? '' : receiver.text;
  return httpImported && CLIENT_NAME.test(name) ? 'medium' : undefined;
}
