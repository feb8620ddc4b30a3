/**
 * AIS703 ssl-verification-off: TLS checks switched off on an SSL context, in urllib3, or in aiohttp.
 */
import type { Node } from 'web-tree-sitter';
import { defineRule, type AstContext } from '../../../engine/rule';
import { keywordArgumentNode } from '../../shared/python-edits';
import { textImports } from '../../shared/python-values';

export default defineRule(
  {
    id: 'AIS703',
    name: 'ssl-verification-off',
    title: 'TLS certificate or host-name checks switched off',
    category: 'transport',
    fileKinds: ['python'],
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-295'],
    message: '{{what}}: the peer is not authenticated, so the connection can be intercepted.',
    fixAvailability: 'none',
    docs: {
      whatItDoes: 'Flags `ctx.check_hostname = False`, `ctx.verify_mode = ssl.CERT_NONE`, `cert_reqs=ssl.CERT_NONE` / `"CERT_NONE"` (`ssl.wrap_socket`, `urllib3.PoolManager`, connection pools), and aiohttp `ssl=False` / `verify_ssl=False` in files that import aiohttp.',
      whyIsThisBad: 'Each of these accepts any certificate or any host name, so a machine on the network path can impersonate the server, read credentials and alter responses.',
      example: 'import ssl\n\ncontext = ssl.create_default_context()\ncontext.check_hostname = False\ncontext.verify_mode = ssl.CERT_NONE\n',
      useInstead: 'import ssl\n\ncontext = ssl.create_default_context(cafile="/etc/ssl/certs/internal-ca.pem")\n',
      references: ['https://cwe.mitre.org/data/definitions/295.html', 'https://docs.python.org/3/library/ssl.html#ssl.SSLContext.verify_mode', 'https://docs.aiohttp.org/en/stable/client_advanced.html#ssl-control-for-tcp-sockets'],
    },
  },
  {
    kind: 'ast',
    keywords: ['CERT_NONE', 'check_hostname', 'verify_ssl', 'ssl='],
    onFile(ctx) {
      const aiohttp = textImports(ctx.text, 'aiohttp');
      for (const call of ctx.calls()) {
        const certReqs = keywordArgumentNode(call, 'cert_reqs')?.childForFieldName('value');
        if (certReqs && isCertNone(ctx, certReqs)) {
          ctx.report({ ruleId: 'AIS703', range: ctx.rangeOfNode(call), data: { what: `\`${call.childForFieldName('function')?.text ?? 'call'}\` is called with \`cert_reqs=CERT_NONE\`` } });
          continue;
        }
        if (!aiohttp) continue;
        for (const name of ['ssl', 'verify_ssl']) {
          const value = keywordArgumentNode(call, name)?.childForFieldName('value');
          const literal = value ? ctx.python().literalValue(value) : undefined;
          if (literal?.kind === 'bool' && !literal.value) {
            ctx.report({ ruleId: 'AIS703', range: ctx.rangeOfNode(call), data: { what: `\`${call.childForFieldName('function')?.text ?? 'call'}\` is called with \`${name}=False\`` } });
            break;
          }
        }
      }
      if (!ctx.text.includes('check_hostname') && !ctx.text.includes('verify_mode')) return;
      for (const assignment of ctx.root.descendantsOfType('assignment')) {
        const left = assignment?.childForFieldName('left');
        const right = assignment?.childForFieldName('right');
        if (!assignment || left?.type !== 'attribute' || !right || definesOwnAttribute(left)) continue;
        const attribute = left.childForFieldName('attribute')?.text;
        const value = ctx.python().literalValue(right);
        if (attribute === 'check_hostname' && value?.kind === 'bool' && !value.value) {
          ctx.report({ ruleId: 'AIS703', range: ctx.rangeOfNode(assignment), data: { what: `\`${left.text} = False\` switches host-name checking off` } });
        } else if (attribute === 'verify_mode' && isCertNone(ctx, right)) {
          ctx.report({ ruleId: 'AIS703', range: ctx.rangeOfNode(assignment), data: { what: `\`${left.text} = CERT_NONE\` switches certificate verification off` } });
        }
      }
    },
  },
);

function isCertNone(ctx: AstContext, node: Node): boolean {
  const value = ctx.python().literalValue(node);
  return (value?.kind === 'name' && value.value.endsWith('ssl.CERT_NONE')) || (value?.kind === 'string' && value.value === 'CERT_NONE');
}

/**
 * `self.check_hostname = False` in a class that is not an `SSLContext` defines that class's own attribute
 * (as urllib3's fallback context does); it does not configure a real context.
 */
function definesOwnAttribute(left: Node): boolean {
  if (left.childForFieldName('object')?.text !== 'self') return false;
  let current: Node | null = left.parent;
  while (current && current.type !== 'class_definition') current = current.parent;
  return !current?.childForFieldName('superclasses')?.text.includes('SSLContext');
}
