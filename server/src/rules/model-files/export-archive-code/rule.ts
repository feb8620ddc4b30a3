/** AIS619 export-archive-code: a torch.export archive (.pt2) that names Python callables, custom operators or holds native code. */
import type { RuleMeta } from '../../../engine/rule';

export const meta: RuleMeta = {
  id: 'AIS619',
  name: 'export-archive-code',
  title: 'torch.export archive: Python targets, custom operators or native code',
  category: 'model-files',
  fileKinds: ['model'],
  severity: 'warning',
  confidence: 'medium',
  cwe: ['CWE-94'],
  message: 'This torch.export archive {{what}}.',
  fixAvailability: 'none',
  docs: {
    whatItDoes:
      'Recognises `torch.export` archives (`.pt2`: a ZIP with `archive_format`, or `models/*.json` beside `.data/version`, whatever the extension), reads every serialised program (`models/<name>.json`, subgraphs of `cond`/`map`/`while_loop` included) and reports, at warning level, node targets that are Python callables rather than operators (anything but `torch.ops.*`, `_operator.*`, `math.*` and the `torch.sym_*` helpers) and members that are native code (`.so`, `.cubin` and other kernel binaries that AOTInductor loads); operators of a namespace PyTorch does not define (`torch.ops.mylib.*`) are information. The pickles inside (`data/sample_inputs/*.pt`, constants) are scanned by the other model-file rules.',
    whyIsThisBad:
      '`torch.export.load` rebuilds the graph by looking each target up by name on `torch`, `operator` or `math`, so a target such as `torch.hub.load` is a call the file makes with arguments it chooses; an AOTInductor package is a compiled shared library that runs native code in the loading process. A custom operator namespace runs only after the application imports the library that registers it, so the file tells you which code it needs.',
    example: '# model.pt2: models/model.json {"graph_module": {"graph": {"nodes": [{"target": "torch.hub.load", ...}]}}}\nimport torch\nprogram = torch.export.load("model.pt2")',
    useInstead: '# Load only archives you exported yourself, or export again from reviewed code and safetensors weights:\nprogram = torch.export.export(model, example_inputs)\ntorch.export.save(program, "model.pt2")',
    references: ['https://cwe.mitre.org/data/definitions/94.html', 'https://pytorch.org/docs/stable/export.html', 'https://github.com/pytorch/pytorch/blob/main/docs/source/export/pt2_archive.md'],
  },
};
