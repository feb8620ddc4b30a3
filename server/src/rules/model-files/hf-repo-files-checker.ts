/**
 * The text checker of the model-files family for Hugging Face repository files: a `chat_template` in
 * `tokenizer_config.json`, `chat_template.json` or `processor_config.json` is checked like a GGUF template
 * (AIS611), and a `config.json` `auto_map` (classes imported from Python files shipped with the model,
 * run under `trust_remote_code=True`) is AIS613. Recognised by content, whatever the file is called.
 */
import type { TextChecker, TextContext } from '../../engine/rule';
import { checkChatTemplate } from '../../engine/formats/chat-template';

export const HF_REPO_RULE_IDS = ['AIS611', 'AIS613'] as const;

export const hfRepoFilesChecker: TextChecker = {
  kind: 'text',
  name: 'hf-repo-files',
  ruleIds: HF_REPO_RULE_IDS,
  fileKinds: ['json'],
  keywords: ['"chat_template"', '"auto_map"'],
  check(ctx) {
    let json: unknown;
    try {
      json = JSON.parse(ctx.text);
    } catch {
      return;
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) return;
    const top = json as Record<string, unknown>;
    checkTemplates(ctx, top['chat_template']);
    checkAutoMap(ctx, top['auto_map']);
  },
};

/** The template string, or the list form `[{name, template}]` of multi-template tokenizers. */
function templatesOf(value: unknown): Array<{ name: string; text: string }> {
  if (typeof value === 'string') return [{ name: 'chat_template', text: value }];
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    if (typeof item !== 'object' || item === null) return [];
    const { name, template } = item as Record<string, unknown>;
    return typeof template === 'string' ? [{ name: `chat_template.${typeof name === 'string' ? name : '?'}`, text: template }] : [];
  });
}

function checkTemplates(ctx: TextContext, value: unknown): void {
  const issues = templatesOf(value).flatMap((t) => checkChatTemplate(t.text).map((issue) => ({ ...issue, key: t.name })));
  if (issues.length === 0) return;
  issues.sort((a, b) => (a.level === b.level ? 0 : a.level === 'dangerous' ? -1 : 1));
  const first = issues[0]!;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  ctx.report({
    ruleId: 'AIS611',
    range: keyRange(ctx, 'chat_template'),
    severity: first.level === 'dangerous' ? 'error' : 'warning',
    data: { key: first.key, reason: first.reason, excerpt: `\`${first.excerpt}\`${more}` },
    fingerprintSeed: `chat-template:${first.key}:${first.reason}`,
    properties: { key: first.key, issues: issues.length },
  });
}

function checkAutoMap(ctx: TextContext, value: unknown): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
  const references = Object.values(value as Record<string, unknown>).flatMap((v) => (Array.isArray(v) ? v : [v])).filter((v): v is string => typeof v === 'string');
  if (references.length === 0) return;
  const crossRepo = references.filter((r) => r.includes('--'));
  const files = [...new Set(references.map((r) => (r.includes('--') ? r : `${r.slice(0, r.lastIndexOf('.'))}.py`)))];
  ctx.report({
    ruleId: 'AIS613',
    range: keyRange(ctx, 'auto_map'),
    data: {
      files: files.slice(0, 4).map((f) => `\`${f}\``).join(', ') + (files.length > 4 ? ` and ${files.length - 4} more` : ''),
      crossRepo: crossRepo.length > 0 ? ` ${crossRepo.length} reference(s) load code from another repository (\`${crossRepo[0]}\`): pin that repository's revision too.` : '',
    },
    fingerprintSeed: `auto-map:${references.join(',')}`,
    properties: { references: references.length, crossRepo: crossRepo.length },
  });
}

/** The range of `"key"` in the text (the first occurrence), or the file start when it cannot be found. */
function keyRange(ctx: TextContext, key: string): ReturnType<TextContext['rangeOf']> {
  const at = ctx.text.indexOf(`"${key}"`);
  return at === -1 ? ctx.rangeOf(0, 0) : ctx.rangeOf(at, at + key.length + 2);
}
