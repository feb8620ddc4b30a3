/**
 * Rules made for the protocol tests, so they exercise every diagnostic and code-action shape (safe and
 * unsafe fixes, a taint flow, a failing checker, a TypeScript rule) independently of the production
 * registry, which other suites test through fixtures.
 */
import { defineRule, defineRuleFamily } from '../../server/src/engine/rule';
import type { Fix, Range } from '../../server/src/engine/finding';
import type { RuleMeta, RuleModule } from '../../server/src/engine/rule';

const docs = (what: string): RuleMeta['docs'] => ({
  whatItDoes: what,
  whyIsThisBad: 'It runs attacker-controlled data.',
  example: 'pickle.loads(blob)',
  useInstead: 'json.loads(blob)',
  fixSafety: 'The test fix is safe by construction.',
  references: ['https://cwe.mitre.org/data/definitions/502.html'],
});

const meta = (id: string, name: string, title: string, fileKinds: RuleMeta['fileKinds'], severity: RuleMeta['severity'] = 'error'): RuleMeta => ({
  id,
  name,
  title,
  category: 'deserialization',
  fileKinds,
  severity,
  confidence: 'high',
  cwe: ['CWE-502'],
  message: `${title} ({{callee}})`,
  docs: docs(title),
  fixAvailability: 'sometimes',
});

/** Python: `pickle.loads(...)` with a safe (preferred) and an unsafe fix. */
const pickleLoads = defineRule(meta('AIS901', 'test-pickle-loads', 'Unsafe pickle.loads', ['python']), {
  kind: 'ast',
  keywords: ['pickle'],
  query: { python: '(call function: (attribute) @callee) @call' },
  onMatch(ctx, match) {
    const callee = match.captures.find((c) => c.name === 'callee')?.node;
    if (!callee || callee.text !== 'pickle.loads') return;
    const range = ctx.rangeOfNode(callee);
    ctx.report({
      ruleId: 'AIS901',
      range,
      data: { callee: callee.text },
      fixes: [
        { title: 'Replace with a restricted loader (unsafe)', applicability: 'unsafe', edits: [{ range, newText: 'restricted.loads' }] },
        { title: 'Use json.loads', applicability: 'safe', preferred: true, edits: [{ range, newText: 'json.loads' }] },
      ],
    });
  },
});

/** Python: `eval(` reached from `input()` on an earlier line, reported with a two-step flow. */
const evalFlow = defineRule(meta('AIS902', 'test-input-to-eval', 'LLM output reaches eval', ['python'], 'warning'), {
  kind: 'text',
  keywords: ['eval('],
  check(ctx) {
    const sink = ctx.text.indexOf('eval(');
    const source = ctx.text.indexOf('input()');
    if (sink < 0 || source < 0) return;
    const sinkRange = ctx.rangeOf(sink, sink + 4);
    ctx.report({
      ruleId: 'AIS902',
      range: sinkRange,
      data: { callee: 'eval' },
      flow: [
        { range: ctx.rangeOf(source, source + 7), message: 'user input' },
        { range: sinkRange, message: 'reaches eval' },
      ],
    });
  },
});

/** A checker that always throws on files containing `boom`, to prove other rules survive it. */
const failing = defineRule(meta('AIS903', 'test-always-fails', 'Failing rule', ['python']), {
  kind: 'text',
  keywords: ['boom'],
  check() {
    throw new Error('the test rule exploded');
  },
});

/** TypeScript/JavaScript: `eval(` calls, with a safe fix. */
const tsEval = defineRuleFamily(
  [meta('AIS904', 'test-ts-eval', 'Dynamic eval', ['typescript', 'javascript', 'tsx'])],
  [
    {
      name: 'test-ts-eval',
      kind: 'ast',
      ruleIds: ['AIS904'],
      fileKinds: ['typescript', 'javascript', 'tsx'],
      keywords: ['eval'],
      query: { typescript: '(call_expression function: (identifier) @callee) @call', javascript: '(call_expression function: (identifier) @callee) @call' },
      onMatch(ctx, match) {
        const callee = match.captures.find((c) => c.name === 'callee')?.node;
        if (!callee || callee.text !== 'eval') return;
        const range = ctx.rangeOfNode(callee);
        ctx.report({ ruleId: 'AIS904', range, data: { callee: 'eval' }, fixes: [{ title: 'Use JSON.parse', applicability: 'safe', edits: [{ range, newText: 'JSON.parse' }] }] });
      },
    },
  ],
);

/**
 * Python: advisory rules on `shutil.which(` — AIS905 is shown as a hint under the default profile (with a
 * safe fix that fix-all must leave alone), AIS906 not at all; both are ordinary diagnostics in `audit`.
 */
const advisory = (id: string, name: string, editor: 'hint' | 'hidden'): RuleModule =>
  defineRule({ ...meta(id, name, `Advisory ${editor}`, ['python'], 'info'), advisory: { findings: 'all', editor, reason: 'A test of the audit profile.' } }, {
    kind: 'text',
    keywords: ['shutil.which('],
    check(ctx) {
      const at = ctx.text.indexOf('shutil.which(');
      const range = ctx.rangeOf(at, at + 'shutil.which'.length);
      ctx.report({ ruleId: id, range, data: { callee: 'shutil.which' }, fixes: [{ title: 'Use an absolute path', applicability: 'safe', edits: [{ range, newText: 'os.path.abspath' }] }] });
    },
  });

export const TEST_MODULES: readonly RuleModule[] = [pickleLoads, evalFlow, failing, tsEval, advisory('AIS905', 'test-advisory-hint', 'hint'), advisory('AIS906', 'test-advisory-hidden', 'hidden')];

/**
 * A text rule on `fetch_model(` whose fixes the caller chooses (`fixes` gets the call's name and the start of
 * its line), for the tests of the "never contradict" fix check.
 */
export function fetchModelRule(id: string, name: string, fixes: (name: Range, lineStart: Range) => Fix[]): RuleModule {
  return defineRule(
    {
      id,
      name,
      title: 'Model fetched without a pinned revision',
      category: 'model-provenance',
      fileKinds: ['python'],
      severity: 'warning',
      confidence: 'high',
      cwe: ['CWE-494'],
      message: 'Model fetched without a pinned revision',
      docs: { whatItDoes: 'test', whyIsThisBad: 'test', example: 'fetch_model(x)', useInstead: 'fetch_pinned(x)', fixSafety: 'test', references: [] },
      fixAvailability: 'always',
    },
    {
      kind: 'text',
      keywords: ['fetch_model('],
      check(ctx) {
        const at = ctx.text.indexOf('fetch_model(');
        if (at < 0) return;
        const lineStart = ctx.text.lastIndexOf('\n', at) + 1;
        ctx.report({ ruleId: id, range: ctx.rangeOf(at, at + 'fetch_model'.length), fixes: fixes(ctx.rangeOf(at, at + 'fetch_model'.length), ctx.rangeOf(lineStart, lineStart)) });
      },
    },
  );
}
