/** AIS608 torchscript-archive: a TorchScript archive, whose `code/` runs when `torch.jit.load` opens it. */
import type { RuleMeta } from '../../../engine/rule';
import { CONVERT_TO_SAFETENSORS, MODEL_FILE_REFERENCES } from '../shared-docs';

export const meta: RuleMeta = {
  id: 'AIS608',
  name: 'torchscript-archive',
  title: 'TorchScript archive: code runs on load',
  category: 'model-files',
  fileKinds: ['model'],
  severity: 'warning',
  confidence: 'medium',
  cwe: ['CWE-94'],
  message: 'This is a TorchScript archive with {{codeFiles}} code file(s): `torch.jit.load` compiles and runs the model code it contains.',
  fixAvailability: 'none',
  docs: {
    whatItDoes:
      'Reports ZIP archives written by `torch.jit.save` (a `code/` folder of TorchScript sources, `constants.pkl`). Their pickles are scanned by the other rules; this rule is about the code.',
    whyIsThisBad:
      'A TorchScript archive is a program: `torch.jit.load` compiles the sources in `code/` and runs them whenever the model is called. TorchScript can call registered operators (`torch.ops.*`) that touch files and the process, so a model from an untrusted source is untrusted code.',
    example: 'import torch\nmodel = torch.jit.load("model.pt")',
    useInstead: `# Ship weights as safetensors and the architecture as reviewed Python code:\n${CONVERT_TO_SAFETENSORS}`,
    references: ['https://cwe.mitre.org/data/definitions/94.html', 'https://pytorch.org/docs/stable/generated/torch.jit.load.html', ...MODEL_FILE_REFERENCES],
  },
};
