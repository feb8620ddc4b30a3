/**
 * AIS303 pretrained-without-safetensors: transformers model loading that may fall back to pickle
 * (`pytorch_model.bin`) weights.
 */
import { defineRule } from '../../../engine/rule';
import { literalTruthiness } from '../../shared/python-calls';
import { HUB_DOWNLOAD_COMBINE_KEY } from '../../shared/python-hub';
import { appendArgumentEdit, keywordArgumentNode, replaceNodeEdit } from '../../shared/python-edits';

const NOT_WEIGHTS = /(Tokenizer|TokenizerFast|Config|Processor|FeatureExtractor|ImageProcessor|GenerationConfig|VideoProcessor|Scheduler)$/;

export default defineRule(
  {
    id: 'AIS303',
    name: 'pretrained-without-safetensors',
    title: 'from_pretrained may load pickle weights',
    category: 'model-provenance',
    fileKinds: ['python'],
    severity: 'info',
    advisory: { findings: 'all', editor: 'hint', reason: 'Most checkpoints on the Hub ship safetensors weights, which transformers prefers; the pickle fallback matters only for a repository that lacks them.' },
    confidence: 'medium',
    cwe: ['CWE-502'],
    message: '`{{callee}}` may fall back to pickle weights (`pytorch_model.bin`) when the repository has no safetensors file; pass `use_safetensors=True`.',
    fixAvailability: 'sometimes',
    docs: {
      whatItDoes: 'Reports (as information) `from_pretrained(...)` of transformers model classes and diffusers pipelines and models without `use_safetensors=True`. Tokenizers, configs, processors and schedulers, which load no weights, are not reported; a non-literal value is not reported. When the same call has a more severe model-provenance problem, this one is named in that finding instead of being reported apart.',
      whyIsThisBad: 'When a repository has only `pytorch_model.bin`, transformers loads it with `torch.load`, which unpickles it. Requiring safetensors makes loading fail instead of unpickling a file that may carry code.',
      example: 'from transformers import AutoModel\n\nmodel = AutoModel.from_pretrained("org/model")\n',
      useInstead: 'from transformers import AutoModel\n\nmodel = AutoModel.from_pretrained("org/model", use_safetensors=True)\n',
      fixSafety: 'The fix adds `use_safetensors=True` (or turns `False` into `True`). It is unsafe: transformers raises an error for repositories that publish only pickle weights.',
      references: ['https://cwe.mitre.org/data/definitions/502.html', 'https://huggingface.co/docs/safetensors/index', 'https://github.com/huggingface/transformers/blob/main/SECURITY.md'],
    },
  },
  {
    kind: 'ast',
    keywords: ['from_pretrained'],
    onFile(ctx) {
      const scope = ctx.python();
      for (const call of ctx.calls()) {
        const callee = call.childForFieldName('function');
        if (callee?.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== 'from_pretrained') continue;
        const qualified = scope.qualifiedName(callee);
        if (!qualified || !(qualified.startsWith('transformers.') || qualified.startsWith('diffusers.'))) continue;
        const owner = qualified.slice(0, -'.from_pretrained'.length);
        if (NOT_WEIGHTS.test(owner)) continue;
        const flag = scope.argument(call, undefined, 'use_safetensors');
        const truth = literalTruthiness(ctx, flag);
        if (truth === true || (flag && truth === undefined) || (!flag && scope.hasSplat(call))) continue;
        const keyword = keywordArgumentNode(call, 'use_safetensors');
        const edit = keyword && flag ? replaceNodeEdit(ctx, flag, 'True') : appendArgumentEdit(ctx, call, 'use_safetensors=True');
        ctx.report({ ruleId: 'AIS303', range: ctx.rangeOfNode(call), data: { callee: callee.text }, fixes: edit ? [{ title: 'Require safetensors weights', applicability: 'unsafe', preferred: true, edits: [edit] }] : [],
          combine: { key: HUB_DOWNLOAD_COMBINE_KEY, problem: 'the weights may be unpickled from `pytorch_model.bin` (no `use_safetensors=True`)' },
        });
      }
    },
  },
);
