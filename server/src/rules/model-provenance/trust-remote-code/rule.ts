/**
 * AIS301 trust-remote-code: `trust_remote_code=True` runs Python files downloaded from a model or dataset
 * repository.
 */
import type { Node } from 'web-tree-sitter';
import { defineRule, type AstContext } from '../../../engine/rule';
import { keywordArgumentNode, replaceNodeEdit } from '../../shared/python-edits';
import { FULL_SHA, HUB_DOWNLOAD_COMBINE_KEY, isLocalPath } from '../../shared/python-hub';
import { configurableSource, switchState } from '../../shared/python-settings';
import { literalString } from '../../shared/python-values';

const KEY = 'trust_remote_code';

export default defineRule(
  {
    id: 'AIS301',
    name: 'trust-remote-code',
    title: 'trust_remote_code enabled',
    category: 'model-provenance',
    fileKinds: ['python'],
    severity: 'error',
    advisory: { findings: 'info', editor: 'hint', reason: 'A value forwarded from a parameter or setting is off unless the caller turns it on; the information-level finding only says the call is configurable.' },
    confidence: 'high',
    cwe: ['CWE-829'],
    message: '`{{callee}}` is called with `trust_remote_code` enabled: Python files from the model repository run in this process{{pin}}.',
    fixAvailability: 'sometimes',
    docs: {
      whatItDoes: 'Flags any call that passes `trust_remote_code` with a truthy value (`AutoModel.from_pretrained`, `AutoTokenizer`, `AutoConfig`, `pipeline(...)`, `SentenceTransformer(...)`, `datasets.load_dataset(...)`, vLLM `LLM(...)`, ...), also inside a literal dict such as `model_kwargs={"trust_remote_code": True}`. The severity is lowered when `revision` pins a full 40-character commit SHA or the model is a local directory; a value forwarded from a parameter, a command-line argument or a settings field is followed to its declared default: a default of `True` counts as enabled, any other default (or none) is reported as information that the switch is configurable, never as enabled. Several problems on one `from_pretrained(...)` call (this one, an unpinned revision, a possible pickle fallback) are reported as one finding that names them all.',
      whyIsThisBad: 'With `trust_remote_code=True`, transformers and datasets download the repository\'s `modeling_*.py` / loading scripts and import them. Whoever can push to that repository (or take over the account) runs code on every machine that loads it, and a floating revision picks up new commits silently. The transformers security policy says to always review the modeling files and to pin a revision.',
      example: 'from transformers import AutoModelForCausalLM\n\nmodel = AutoModelForCausalLM.from_pretrained("org/model", trust_remote_code=True)\n',
      useInstead: 'from transformers import AutoModelForCausalLM\n\n# A model architecture that transformers ships natively:\nmodel = AutoModelForCausalLM.from_pretrained("org/model", revision="<reviewed 40-character commit sha>")\n',
      fixSafety: 'The fix sets `trust_remote_code=False`. It is unsafe: models whose architecture is not part of the installed transformers release stop loading. When the custom code is needed, review it and pin `revision` to the reviewed commit instead.',
      references: ['https://cwe.mitre.org/data/definitions/829.html', 'https://github.com/huggingface/transformers/blob/main/SECURITY.md', 'https://huggingface.co/docs/transformers/main/en/custom_models'],
    },
  },
  {
    kind: 'ast',
    keywords: [KEY],
    onFile(ctx) {
      for (const call of ctx.calls()) {
        const keyword = keywordArgumentNode(call, KEY);
        const value = keyword?.childForFieldName('value');
        if (keyword && value) report(ctx, call, value);
      }
      if (!ctx.text.includes(`"${KEY}"`) && !ctx.text.includes(`'${KEY}'`)) return;
      for (const pair of ctx.root.descendantsOfType('pair')) {
        const key = pair?.childForFieldName('key');
        const value = pair?.childForFieldName('value');
        if (!pair || !key || !value || literalString(ctx, key) !== KEY) continue;
        let call: Node | null = pair.parent;
        while (call && call.type !== 'call' && call.type !== 'expression_statement' && call.type !== 'assignment') call = call.parent;
        report(ctx, call?.type === 'call' ? call : pair, value, pair);
      }
    },
  },
);

function report(ctx: AstContext, call: Node, value: Node, at?: Node): void {
  const state = switchState(ctx, value, KEY);
  if (state.state === 'off') return;
  const revision = call.type === 'call' ? literalString(ctx, ctx.python().argument(call, undefined, 'revision')) : undefined;
  const pinned = revision !== undefined && FULL_SHA.test(revision);
  const repo = call.type === 'call' ? literalString(ctx, ctx.python().argument(call, 0, undefined)) : undefined;
  const local = repo !== undefined && isLocalPath(repo);
  const callee = call.type === 'call' ? call.childForFieldName('function')?.text ?? 'call' : 'this configuration';
  const literalTrue = state.state === 'on' && ctx.python().literalValue(value)?.kind === 'bool' && value.type === 'true';
  const combine = call.type === 'call' && !at ? { combine: { key: HUB_DOWNLOAD_COMBINE_KEY, problem: '`trust_remote_code` lets the repository\'s Python files run in this process' } } : {};
  if (state.state === 'configurable') {
    // A forwarded value is whoever runs the code's choice; the finding says so and never claims it is on.
    ctx.report({
      ruleId: 'AIS301',
      range: ctx.rangeOfNode(at ?? call),
      message: `${call.type === 'call' ? `\`${callee}\` takes \`trust_remote_code\`` : 'This `trust_remote_code` entry is taken'} ${configurableSource(state)}; when it is turned on, Python files from the model repository run in this process.`,
      severity: 'info',
      confidence: 'low',
      ...combine,
    });
    return;
  }
  const onByDefault = state.state === 'on-by-default';
  ctx.report({
    ruleId: 'AIS301',
    range: ctx.rangeOfNode(at ?? call),
    data: { callee, pin: (onByDefault ? ` (on by default: ${state.source})` : '') + (local ? ' (a local copy; review its code)' : pinned ? ' (the revision is pinned; review that commit\'s code)' : ' and change whenever the repository does') },
    ...(pinned || local ? { severity: 'warning' as const } : {}),
    ...(onByDefault ? { confidence: 'medium' as const } : {}),
    ...combine,
    fixes: literalTrue ? [{ title: 'Set `trust_remote_code=False`', applicability: 'unsafe', preferred: true, edits: [replaceNodeEdit(ctx, value, 'False')] }] : [],
  });
}
