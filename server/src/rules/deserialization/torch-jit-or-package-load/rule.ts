/**
 * AIS103 torch-jit-or-package-load: TorchScript archives and `torch.package` archives carry code (and
 * pickles) that runs when they are loaded.
 */
import { defineRule } from '../../../engine/rule';
import { pythonCallsTo, importedNameKeywords } from '../../shared/python-calls';
import { ownFileNote, ownFileWrite } from '../../shared/python-own-files';
import { isLiteralStringArg, modelFileNote, receiverConstructor } from '../../shared/python-values';

const LOADERS = new Set(['torch.jit.load', 'torch.package.PackageImporter', 'torch.package.package_importer.PackageImporter']);
const IMPORTER_METHODS = new Set(['load_pickle', 'import_module']);

export default defineRule(
  {
    id: 'AIS103',
    name: 'torch-jit-or-package-load',
    title: 'TorchScript or torch.package archive loaded',
    category: 'deserialization',
    fileKinds: ['python'],
    severity: 'warning',
    confidence: 'medium',
    cwe: ['CWE-502'],
    message: '`{{callee}}` loads an archive that carries code and pickles; load only archives from a trusted, verified source.',
    fixAvailability: 'none',
    docs: {
      whatItDoes: 'Flags `torch.jit.load(...)`, `torch.package.PackageImporter(...)` and `.load_pickle(...)` / `.import_module(...)` on a `PackageImporter`. An archive the same code writes (`traced.save(path)`, `torch.jit.save(traced, path)`, with the same path or file name, as for pickle loads) is the program\'s own artefact: the finding is advisory (audit profile) and says so.',
      whyIsThisBad: 'A TorchScript archive contains serialized code that the TorchScript runtime executes, plus pickled constants; a `torch.package` archive contains Python source and pickles that `load_pickle` runs. Neither has a safe mode, so an archive from an untrusted source is code execution.',
      example: 'import torch\n\nmodel = torch.jit.load(downloaded_path)\n',
      useInstead: 'import hashlib\nimport torch\n\n# Load only archives you built, after checking a pinned digest.\nassert hashlib.sha256(open(path, "rb").read()).hexdigest() == EXPECTED_SHA256\nmodel = torch.jit.load(path)\n',
      references: ['https://cwe.mitre.org/data/definitions/502.html', 'https://pytorch.org/docs/stable/package.html', 'https://pytorch.org/docs/stable/generated/torch.jit.load.html'],
    },
  },
  {
    kind: 'ast',
    keywords: ['jit.load', 'PackageImporter', ...importedNameKeywords('load')],
    onFile(ctx) {
      const scope = ctx.python();
      for (const { call, callee } of pythonCallsTo(ctx, LOADERS)) {
        const path = scope.argument(call, 0, callee.text.endsWith('load') ? 'f' : 'file_or_buffer');
        const literal = isLiteralStringArg(ctx, path);
        // An archive the same code (or another file of the project) writes is its own artefact: advisory, like a pickle.
        const own = ownFileWrite(ctx, call, path);
        ctx.report({
          ruleId: 'AIS103',
          range: ctx.rangeOfNode(call),
          message: `\`${callee.text}\` loads an archive that carries code and pickles; load only archives from a trusted, verified source.${own ? ownFileNote(own) : modelFileNote(ctx, path)}`,
          ...(literal ? { confidence: 'low' as const } : {}),
          ...(own ? { advisory: true, flow: own } : {}),
        });
      }
      for (const call of ctx.calls()) {
        const fn = call.childForFieldName('function');
        if (fn?.type !== 'attribute') continue;
        const method = fn.childForFieldName('attribute')?.text;
        const receiver = fn.childForFieldName('object');
        if (!method || !receiver || !IMPORTER_METHODS.has(method)) continue;
        const made = receiverConstructor(ctx, receiver);
        if (made === undefined || !LOADERS.has(made) || made === 'torch.jit.load') continue;
        ctx.report({ ruleId: 'AIS103', range: ctx.rangeOfNode(call), data: { callee: fn.text } });
      }
    },
  },
);
