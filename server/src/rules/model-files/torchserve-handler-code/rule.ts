/** AIS617 torchserve-handler-code: a TorchServe model archive, whose handler code runs when it is served. */
import type { RuleMeta } from '../../../engine/rule';

export const meta: RuleMeta = {
  id: 'AIS617',
  name: 'torchserve-handler-code',
  title: 'TorchServe archive: handler code runs when served',
  category: 'model-files',
  fileKinds: ['model'],
  severity: 'warning',
  confidence: 'high',
  cwe: ['CWE-94'],
  message: 'This TorchServe archive runs {{handler}} when it is served{{more}}.',
  fixAvailability: 'none',
  docs: {
    whatItDoes:
      'Recognises TorchServe model archives (ZIPs with `MAR-INF/MANIFEST.json`, whatever their extension), reads the manifest\'s `model.handler`, `serializedFile`, `modelFile`, `requirementsFile` and `extraFiles`, and reports the handler and the other Python files of the archive, plus manifest paths that are absolute or climb out with `..`. The serialized model and every other member are scanned by the other model-file rules.',
    whyIsThisBad:
      'Serving a `.mar` imports its handler module and any Python file next to it: the archive is a program, not weights. A `.mar` downloaded from a model zoo or a colleague runs its code inside the inference server, with the server\'s credentials and network, the moment it is registered.',
    example: '# model.mar: MAR-INF/MANIFEST.json {"model": {"handler": "handler.py", "serializedFile": "model.pt"}}\ntorchserve --start --model-store model_store --models model=model.mar',
    useInstead: '# Review the handler before serving, or build the archive yourself from reviewed code and safetensors weights:\nunzip -l model.mar && unzip -p model.mar handler.py | less\ntorch-model-archiver --model-name model --version 1.0 --serialized-file model.safetensors --handler reviewed_handler.py',
    references: ['https://cwe.mitre.org/data/definitions/94.html', 'https://pytorch.org/serve/custom_service.html', 'https://github.com/pytorch/serve/tree/master/model-archiver'],
  },
};
