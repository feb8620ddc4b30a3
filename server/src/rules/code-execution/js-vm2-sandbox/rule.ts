/**
 * AIS246 js-vm2-sandbox: `vm2` sandboxes (`VM`, `NodeVM`, `VMScript`). The project is discontinued after
 * repeated sandbox escapes, so running untrusted code in it is running it in the host.
 */
import { defineRule } from '../../../engine/rule';
import { calleeLabel, jsCallsTo } from '../../shared/js-calls';

const SANDBOXES = new Set(['vm2.VM', 'vm2.NodeVM', 'vm2.VMScript']);

export default defineRule(
  {
    id: 'AIS246',
    name: 'js-vm2-sandbox',
    title: 'vm2 sandbox (discontinued, known escapes)',
    category: 'code-execution',
    fileKinds: ['javascript', 'typescript', 'tsx'],
    severity: 'warning',
    confidence: 'high',
    cwe: ['CWE-94', 'CWE-1104'],
    message: '`{{callee}}` from vm2 is not a security boundary: vm2 is discontinued after sandbox escapes (CVE-2023-37466, CVE-2023-37903) that run code in the host.',
    fixAvailability: 'none',
    docs: {
      whatItDoes: 'Flags construction of `VM`, `NodeVM` and `VMScript` from the `vm2` package (through `require`, imports and destructuring).',
      whyIsThisBad: 'vm2 was the usual way to "safely" run user or model-generated JavaScript. Its maintainers discontinued it in 2023 after several critical sandbox escapes (for example CVE-2023-37466 and CVE-2023-37903, CVSS 9.8) with no fix; code inside the sandbox can reach `process` and run commands in the host.',
      example: 'const { VM } = require("vm2");\n\nconst result = new VM({ timeout: 1000 }).run(generatedCode);\n',
      useInstead: '// Run untrusted code out of process: a locked-down container or a WebAssembly/isolate runtime\n// with no host bindings (for example isolated-vm with no references passed in), behind a time limit.\nconst ivm = require("isolated-vm");\nconst isolate = new ivm.Isolate({ memoryLimit: 64 });\nconst result = await (await isolate.createContext()).eval(generatedCode, { timeout: 1000 });\n',
      references: ['https://cwe.mitre.org/data/definitions/94.html', 'https://github.com/patriksimek/vm2/security/advisories/GHSA-cchq-frgv-rjh5', 'https://nvd.nist.gov/vuln/detail/CVE-2023-37466'],
    },
  },
  {
    kind: 'ast',
    keywords: ['vm2'],
    onFile(ctx) {
      for (const { call, callee } of jsCallsTo(ctx, SANDBOXES)) {
        ctx.report({ ruleId: 'AIS246', range: ctx.rangeOfNode(call), data: { callee: calleeLabel(callee) } });
      }
    },
  },
);
