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
import { isJoinedPath, ownSavedFolder } from './own-sources';

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
      whatItDoes: 'Flags any call that passes `trust_remote_code` with a truthy value (`AutoModel.from_pretrained`, `AutoTokenizer`, `AutoConfig`, `pipeline(...)`, `SentenceTransformer(...)`, `datasets.load_dataset(...)`, vLLM `LLM(...)`, ...), also inside a literal dict such as `model_kwargs={"trust_remote_code": True}`. The severity is lowered to a warning when `revision` pins a full 40-character commit SHA, when it names a release (a tag or dated branch such as `"v2.0"` or `"2024-04-02"`, not `main`, `master`, `dev` or a `refs/...` ref; the message says that its owner can still move the name and asks for the SHA), or the model is a local directory (a literal path such as `./model`, or a folder built with `os.path.join(...)`, `Path(...)` or a pathlib `/`); a value forwarded from a parameter, a command-line argument or a settings field is followed to its declared default (and a parameter to the script\'s top-level calls, such as `Worker(args.trust_remote_code)` under `if __name__ == "__main__":`): a default of `True` counts as enabled, any other default (or none) is reported as information that the switch is configurable, never as enabled. In a notebook or Markdown page, a placeholder repository id for the reader to fill in (`{your_username}/tool`, `<change-username>/<change-id>`, `your-username/model`) makes the finding advisory (audit profile), with a message that says so. So does a repository the same file publishes to (`agent.push_to_hub("me/agent")` then `agent.from_hub("me/agent", trust_remote_code=True)`, `upload_folder(repo_id=...)` with the same literal id): that code is the author\'s own. So is `from_pretrained(output_dir, trust_remote_code=True)` on a folder the same function writes with `save_pretrained(output_dir)` (the program\'s own merged or converted model), with a flow step to that write; `from_config(config, trust_remote_code=True)` stays reported, since with a configuration that names custom classes it is `from_config` that downloads and imports the modeling file. smolagents `ToolCollection.from_mcp(server, trust_remote_code=True)` is not reported: it downloads no repository code, and the flag, without which loading fails, only acknowledges that the agent calls the MCP server\'s tools. Several problems on one `from_pretrained(...)` call (this one, an unpinned revision, a possible pickle fallback) are reported as one finding that names them all.',
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
        if (isMcpToolCollection(call)) continue;
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

/**
 * Revision names that follow the repository's newest commits (its default and development branches, pull-request
 * refs): passing one pins nothing.
 */
const FLOATING_REVISION = /^(?:main|master|head|dev|develop|development|latest|nightly|refs\/.*)$/i;

/**
 * A `revision` naming a release (`"v2.0"`, `"2024-04-02"`): the author chose which code to trust, so the finding
 * is a warning like a SHA pin; unlike a SHA the name can be moved by whoever can push, which the message says.
 */
function isNamedPin(revision: string): boolean {
  return revision.trim() !== '' && !FLOATING_REVISION.test(revision.trim());
}

/**
 * smolagents' `ToolCollection.from_mcp(server, trust_remote_code=True)` downloads no repository code: the flag
 * acknowledges that the agent will call the MCP server's tools, and loading fails without it, so every use of an
 * MCP server carries it and it says nothing the call does not already say.
 */
function isMcpToolCollection(call: Node): boolean {
  const fn = call.childForFieldName('function');
  return fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'from_mcp';
}

/**
 * A repository id a reader is meant to replace (`{your_username}/tool`, `<change-username>/<change-id>`,
 * `your-username/model`): the owner segment is a template field or names "your"/"username".
 */
const PLACEHOLDER_REPO = /^(?:\{[^}]*\}|<[^>]*>|your[-_ ]?(?:user[-_ ]?name|name|org[a-z]*|hf[-_]?[a-z_-]*|account|namespace|id)|(?:hf[-_]?)?user[-_]?name)\//i;

/**
 * In documentation, `trust_remote_code` on a placeholder repository is an instruction for the reader's own
 * repository, not code the page loads: the finding is advisory (audit profile) and says so.
 */
function placeholderIn(ctx: AstContext, repo: string | undefined): boolean {
  return repo !== undefined && (ctx.fileKind === 'notebook' || ctx.fileKind === 'markdown') && PLACEHOLDER_REPO.test(repo);
}

/**
 * A repository the same file publishes to (`agent.push_to_hub("me/agent")` before `agent.from_hub("me/agent",
 * trust_remote_code=True)`, `huggingface_hub.upload_folder(repo_id="me/model", ...)`) holds the author's own code:
 * loading it back is advisory. The id must be the same literal, so a repository chosen elsewhere never matches.
 * The finding's flow names the publishing call, so the incremental analysis re-checks it when that call is edited.
 */
function publishingCall(ctx: AstContext, repo: string | undefined): Node | undefined {
  if (repo === undefined || !repo.includes('/')) return undefined;
  const scope = ctx.python();
  return ctx.root.descendantsOfType('call').find((call): call is Node => {
    const fn = call?.childForFieldName('function');
    if (!call || !fn) return false;
    const method = fn.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
    const qualified = scope.qualifiedName(fn);
    const publishes = method === 'push_to_hub' || (qualified !== undefined && PUBLISHERS.has(qualified));
    return publishes && literalString(ctx, scope.argument(call, 0, 'repo_id')) === repo;
  });
}

const PUBLISHERS = new Set(['huggingface_hub.upload_folder', 'huggingface_hub.upload_file', 'huggingface_hub.create_repo', 'huggingface_hub.HfApi.upload_folder']);

function report(ctx: AstContext, call: Node, value: Node, at?: Node): void {
  const state = switchState(ctx, value, KEY);
  if (state.state === 'off') return;
  const revision = call.type === 'call' ? literalString(ctx, ctx.python().argument(call, undefined, 'revision')) : undefined;
  const pinned = revision !== undefined && FULL_SHA.test(revision);
  const named = revision !== undefined && !pinned && isNamedPin(revision) ? revision : undefined;
  const repo = call.type === 'call' ? literalString(ctx, ctx.python().argument(call, 0, undefined)) : undefined;
  const local = (repo !== undefined && isLocalPath(repo)) || (call.type === 'call' && isJoinedPath(ctx, ctx.python().argument(call, 0, undefined)));
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
  const publisher = placeholderIn(ctx, repo) ? undefined : publishingCall(ctx, repo);
  const placeholder = placeholderIn(ctx, repo) ? {
    message: `\`${callee}\` enables \`trust_remote_code\` for the placeholder repository \`${repo ?? ''}\`: an example for the reader to fill in; with a real repository, its Python files run in this process.`,
    advisory: true,
  } : publisher ? {
    message: `\`${callee}\` enables \`trust_remote_code\` for \`${repo ?? ''}\`, which this file itself publishes: its own code, unless someone else can push to that repository.`,
    advisory: true,
    flow: [{ range: ctx.rangeOfNode(publisher), message: 'this file publishes the repository here' }],
  } : {};
  // A folder this code writes with `save_pretrained`: the code in it is the saved model's, reviewed where that was loaded.
  const decidedElsewhere = call.type === 'call' && !at && !('advisory' in placeholder) ? ownSavedFolder(ctx, call, callee) : undefined;
  ctx.report({
    ruleId: 'AIS301',
    range: ctx.rangeOfNode(at ?? call),
    data: { callee, pin: (onByDefault ? ` (on by default: ${state.source})` : '') + (local ? ' (a local copy; review its code)' : pinned ? ' (the revision is pinned; review that commit\'s code)' : named ? ` (pinned to the named revision \`${named}\`, a tag or branch its owner can still move: review that revision's code and pin its 40-character commit SHA)` : ' and change whenever the repository does') },
    ...(pinned || local || named ? { severity: 'warning' as const } : {}),
    ...(onByDefault ? { confidence: 'medium' as const } : {}),
    ...combine,
    ...placeholder,
    ...(decidedElsewhere ? { ...decidedElsewhere, advisory: true } : {}),
    fixes: literalTrue ? [{ title: 'Set `trust_remote_code=False`', applicability: 'unsafe', preferred: true, edits: [replaceNodeEdit(ctx, value, 'False')] }] : [],
  });
}
