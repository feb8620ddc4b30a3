/**
 * AIS704 tls-warnings-disabled: silencing urllib3's insecure-request warnings usually means verification
 * has been switched off somewhere.
 */
import { defineRule } from '../../../engine/rule';
import { pythonCallsTo } from '../../shared/python-calls';

const SILENCERS = new Set(['urllib3.disable_warnings', 'requests.packages.urllib3.disable_warnings']);

export default defineRule(
  {
    id: 'AIS704',
    name: 'tls-warnings-disabled',
    title: 'Insecure-request warnings silenced',
    category: 'transport',
    fileKinds: ['python'],
    severity: 'info',
    advisory: { findings: 'all', editor: 'hidden', reason: 'Silencing urllib3 warnings does not weaken TLS by itself; the verification that it hides is reported by AIS701.' },
    confidence: 'medium',
    cwe: ['CWE-295'],
    message: '`{{callee}}` hides the warning urllib3 gives for unverified HTTPS requests; fix the verification instead of the warning.',
    fixAvailability: 'none',
    docs: {
      whatItDoes: 'Reports (as information) `urllib3.disable_warnings(...)` and `requests.packages.urllib3.disable_warnings(...)`.',
      whyIsThisBad: 'The call exists to silence `InsecureRequestWarning`, which urllib3 emits for every HTTPS request made without certificate verification. It is a strong sign that `verify=False` is used somewhere, possibly in code this file calls, and it hides that from logs.',
      example: 'import urllib3\n\nurllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)\n',
      useInstead: '# Keep the warning and fix verification: pass the internal CA bundle with verify="/path/ca.pem".\n',
      references: ['https://cwe.mitre.org/data/definitions/295.html', 'https://urllib3.readthedocs.io/en/stable/advanced-usage.html#tls-warnings'],
    },
  },
  {
    kind: 'ast',
    keywords: ['disable_warnings'],
    onFile(ctx) {
      for (const { call, callee } of pythonCallsTo(ctx, SILENCERS)) ctx.report({ ruleId: 'AIS704', range: ctx.rangeOfNode(call), data: { callee: callee.text } });
    },
  },
);
