/**
 * AIS613 model-remote-code: a Hugging Face `config.json` whose `auto_map` maps the Auto classes to Python
 * files shipped with the model (or with another repository), which transformers imports when the model is
 * loaded with `trust_remote_code=True`.
 */
import type { RuleMeta } from '../../../engine/rule';
import { MODEL_FILE_REFERENCES } from '../shared-docs';

export const meta: RuleMeta = {
  id: 'AIS613',
  name: 'model-remote-code',
  title: 'Model config loads custom Python code (auto_map)',
  category: 'model-files',
  fileKinds: ['json'],
  severity: 'warning',
  confidence: 'high',
  cwe: ['CWE-94', 'CWE-829'],
  message: 'This model config maps its classes to Python code shipped with the model ({{files}}), which runs when it is loaded with `trust_remote_code=True`.{{crossRepo}}',
  fixAvailability: 'none',
  docs: {
    whatItDoes:
      'Reads JSON files with a top-level `auto_map` (Hugging Face `config.json`, `tokenizer_config.json`, diffusers configs) and reports the modules it names: `"AutoModel": "modeling_x.XModel"` means `modeling_x.py` from the model repository; `"owner/repo--modeling_x.XModel"` means a file from another repository. AISec\'s Python rules check those `.py` files like any other code in the workspace.',
    whyIsThisBad:
      'With `trust_remote_code=True`, transformers downloads and imports these Python files: they run with the full rights of the process, and a new commit of the model repository can change them at any time. A reference with `--` pulls code from a second repository that the caller never named.',
    example: '# config.json: {"auto_map": {"AutoModelForCausalLM": "modeling_custom.CustomForCausalLM"}}\nfrom transformers import AutoModelForCausalLM\nmodel = AutoModelForCausalLM.from_pretrained("someone/model", trust_remote_code=True)   # imports modeling_custom.py',
    useInstead: '# Review the code files, then pin the exact revision you reviewed (and prefer a model whose architecture transformers ships):\nfrom transformers import AutoModelForCausalLM\nmodel = AutoModelForCausalLM.from_pretrained("someone/model", trust_remote_code=True, revision="3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39")',
    references: ['https://cwe.mitre.org/data/definitions/94.html', 'https://huggingface.co/docs/transformers/custom_models', ...MODEL_FILE_REFERENCES],
  },
};
