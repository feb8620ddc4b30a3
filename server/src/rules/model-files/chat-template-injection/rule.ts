/**
 * AIS611 chat-template-injection: a Jinja chat template shipped with a model (GGUF metadata) whose code
 * reaches Python objects, the shape of server-side template injection. Benign templates loop over
 * messages and join strings; they never touch dunder attributes, `|attr`, `format` or Jinja's helper
 * objects.
 */
import type { RuleMeta } from '../../../engine/rule';
import { MODEL_FILE_REFERENCES } from '../shared-docs';

export const meta: RuleMeta = {
  id: 'AIS611',
  name: 'chat-template-injection',
  title: 'Chat template in a model file reaches Python objects',
  category: 'model-files',
  fileKinds: ['model', 'json'],
  severity: 'error',
  confidence: 'high',
  cwe: ['CWE-1336', 'CWE-94'],
  message: 'The chat template `{{key}}` {{reason}}: {{excerpt}}.',
  fixAvailability: 'none',
  docs: {
    whatItDoes:
      'Reads the metadata of GGUF files (`tokenizer.chat_template` and its named variants such as `tokenizer.chat_template.tool_use`) and checks the code inside each template\'s `{{ … }}` and `{% … %}` blocks. As an error: a dunder attribute (`__class__`, `__globals__`, `__init__`), the `|attr` filter, `str.format`/`format_map`, a walk from Jinja\'s helper objects (`cycler`, `joiner`, `lipsum`, `namespace`, `self`, `config`, `request`), names of process or evaluation functions (`popen`, `os.`, `eval(`, `import_module(`), and underscores built at run time (`\\x5f`, `chr(`, `\'_\'*2`). As a warning: a loop over a range of a million or more items (rendering denial of service). Text outside the blocks is printed as is and never matched.',
    whyIsThisBad:
      'Applications render the template of whatever model they load. llama-cpp-python rendered GGUF chat templates in a plain `jinja2.Environment`, so a template walking `cycler.__init__.__globals__.os.popen` ran shell commands on the server (CVE-2024-34359, CVSS 9.7); LiteLLM had the same bug with `tokenizer_config.json`. Even Jinja\'s sandbox was escaped through `str.format` (CVE-2024-56326) and `|attr` (CVE-2025-27516). No chat template needs any of these constructs.',
    example: '# model.gguf metadata:\n#   tokenizer.chat_template = "{{ cycler.__init__.__globals__.os.popen(\'id\').read() }}"\nfrom llama_cpp import Llama\nllm = Llama(model_path="model.gguf")   # llama-cpp-python < 0.2.72 renders the template unsandboxed\nllm.create_chat_completion(messages=[{"role": "user", "content": "hi"}])',
    useInstead: '# Do not load the model. Take the template from the model\'s original publisher, or render templates only in a sandbox:\nfrom jinja2.sandbox import ImmutableSandboxedEnvironment\nenv = ImmutableSandboxedEnvironment()\nprompt = env.from_string(template).render(messages=messages)   # and keep Jinja2 >= 3.1.6',
    references: [
      'https://cwe.mitre.org/data/definitions/1336.html',
      'https://github.com/abetlen/llama-cpp-python/security/advisories/GHSA-56xg-wfcc-g829',
      'https://github.com/ggml-org/ggml/blob/master/docs/gguf.md',
      'https://jinja.palletsprojects.com/en/stable/sandbox/',
      ...MODEL_FILE_REFERENCES,
    ],
  },
};
