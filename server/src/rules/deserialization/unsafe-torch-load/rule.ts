/**
 * AIS102 unsafe-torch-load: `torch.load` without `weights_only=True` unpickles the checkpoint, so a
 * crafted `.pt` file runs code when it is loaded.
 */
import type { Node } from 'web-tree-sitter';
import type { Fix } from '../../../engine/finding';
import { defineRule, type AstContext } from '../../../engine/rule';
import { literalTruthiness, pythonCallsTo, importedNameKeywords } from '../../shared/python-calls';
import { appendArgumentEdit, keywordArgumentNode, replaceNodeEdit } from '../../shared/python-edits';
import { ownFileNote, ownFileWrite } from '../../shared/python-own-files';
import { OPERATOR_FILE_NOTE, operatorChosenFile } from '../../shared/python-load-origin';
import { isLiteralStringArg, literalString, modelFileNote, scannedDangerous } from '../../shared/python-values';

const LOADERS = new Set(['torch.load', 'torch.serialization.load']);

export default defineRule(
  {
    id: 'AIS102',
    name: 'unsafe-torch-load',
    title: 'torch.load without weights_only=True',
    category: 'deserialization',
    fileKinds: ['python'],
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-502'],
    message: '`{{callee}}` {{why}}; a crafted checkpoint runs code when it is unpickled. Pass `weights_only=True`.',
    fixAvailability: 'sometimes',
    peers: { bandit: ['B614'] },
    docs: {
      whatItDoes: 'Flags `torch.load(...)` and `torch.serialization.load(...)` (through any alias, e.g. `import torch as t` or `from torch import load as tl`) unless `weights_only` is literally `True` (or a name bound once to `True`). `weights_only=False` is always flagged; a non-literal `weights_only` is flagged with low confidence. A load of the file the same code writes (the same path expression, in one function, at module level, or in one class through `self.`; e.g. a cache the class `pickle.dump`s to `self.db_path`, or a training script resuming from the checkpoint it `torch.save`s) is advisory (audit profile): the program\'s own artefact; so is a load of a file name the same module writes (`f"rank_{rank}.pt"`, a constant `CLF_NAME`), unless the class loads it on construction from a folder its caller names (a loader API), and a file named by a relative literal path (`torch.load("pytorch_model.bin")`: shipped beside the code), unless `weights_only=False` is explicit or the model-file scan found it dangerous. A value loaded and saved back to the same path (read-modify-write) is not. A load whose result is read only through string keys of a checkpoint dictionary the same module saves (`torch.save({"model": ..., "optimizer": ...}, path)`, then `ckpt = torch.load(from_file)` and `ckpt["model"]`), with at least two saved keys and no download in its path, is advisory too, even when a parameter names the file: the program\'s own checkpoint layout. A load of a file name that another Python file of the project writes (nanoGPT\'s `prepare.py` pickles `meta.pkl`, `train.py` reads `os.path.join(data_dir, "meta.pkl")`) is advisory too, when the loading code names the folder itself (no parameter or `self.` attribute in the path). A checkpoint named only by the program\'s command-line arguments or environment (`torch.load(args.embeddings_file)`, `sys.argv[1]`, a helper\'s parameter every call fills from them) is advisory as well: the operator chooses their own file; a checkpoint the model-file scan found dangerous stays an error.',
      whyIsThisBad: 'Without `weights_only=True`, `torch.load` is `pickle.load`: the checkpoint can name any Python callable (`os.system`, `builtins.exec`) and PyTorch calls it while loading. Model files are routinely downloaded from hubs, shared drives and issue trackers. PyTorch 2.6 made `weights_only=True` the default, but code that passes `weights_only=False` or runs on older versions is exposed; on torch <= 2.5.1 even `weights_only=True` can be bypassed (CVE-2025-32434), so upgrade as well. Bandit (B614) misses `from torch import load` when `torch` itself is not imported.',
      example: 'import torch\n\nstate = torch.load(path)\ncheckpoint = torch.load(path, weights_only=False)\n',
      useInstead: 'import torch\nfrom safetensors.torch import load_file\n\nstate = torch.load(path, weights_only=True)\nweights = load_file("model.safetensors")\n',
      fixSafety: 'The fix adds `weights_only=True` (or turns `weights_only=False` into `True`). It is safe only when the result goes straight into `load_state_dict(...)`: a state dict holds only tensors and containers, which the restricted unpickler accepts. Otherwise it is unsafe, even when the model-file scan found only allow-listed globals: a checkpoint that pickles a whole model, an `argparse.Namespace` or NumPy arrays stops loading until those classes are allow-listed with `torch.serialization.add_safe_globals`. No fix is offered when a custom `pickle_module` or `**kwargs` is passed.',
      references: [
        'https://cwe.mitre.org/data/definitions/502.html',
        'https://pytorch.org/docs/stable/generated/torch.load.html',
        'https://github.com/advisories/GHSA-53q9-r3pm-6pq6',
        'https://github.com/huggingface/safetensors',
      ],
    },
  },
  {
    kind: 'ast',
    keywords: ['torch.load', 'serialization.load', 'th.load(', 't.load(', 'getattr(torch, "load"', "getattr(torch, 'load'", ...importedNameKeywords('load')],
    onFile(ctx) {
      for (const { call, callee } of pythonCallsTo(ctx, LOADERS)) check(ctx, call, callee);
    },
  },
);

function check(ctx: AstContext, call: Node, callee: Node): void {
  const scope = ctx.python();
  const weightsOnly = scope.argument(call, undefined, 'weights_only');
  const truth = literalTruthiness(ctx, weightsOnly);
  if (truth === true) return;
  const path = scope.argument(call, 0, 'f');
  const literalPath = isLiteralStringArg(ctx, path);
  let why: string;
  let severity: 'error' | 'warning' = literalPath ? 'warning' : 'error';
  let confidence: 'high' | 'medium' | 'low' = literalPath ? 'medium' : 'high';
  if (truth === false) {
    why = 'is called with `weights_only=False`';
    severity = 'error';
    confidence = 'high';
  } else if (weightsOnly) {
    why = 'is called with a `weights_only` value that is not known to be `True`';
    severity = 'warning';
    confidence = 'low';
  } else if (scope.hasSplat(call)) {
    why = 'may be called without `weights_only=True` (it could hide in `**kwargs`)';
    severity = 'warning';
    confidence = 'low';
  } else {
    why = 'is called without `weights_only=True`';
  }
  const dangerous = scannedDangerous(ctx, path);
  if (dangerous) {
    severity = 'error';
    confidence = 'high';
  }
  // Resuming from the checkpoint this same code saved (its own output folder) is advisory, unless the scan found it dangerous.
  const own = dangerous ? undefined : ownFileWrite(ctx, call, path);
  // A file named by a relative literal path (`torch.load("pytorch_model.bin")`) is one the project ships beside
  // the code, as trusted as the code itself; an absolute path (`/content/x.pkl`, a download folder) is not.
  const shipped = !own && !dangerous && truth !== false && isRelativeLiteralPath(ctx, path);
  // A checkpoint the person running the program names on its command line or in its environment is their own choice.
  const operator = !own && !shipped && !dangerous && operatorChosenFile(ctx, call, path);
  const note = own ? ownFileNote(own) : shipped ? SHIPPED_FILE_NOTE : operator ? OPERATOR_FILE_NOTE : modelFileNote(ctx, path);
  const message = `\`${callee.text}\` ${why}; a crafted checkpoint runs code when it is unpickled. Pass \`weights_only=True\`.${note}`;
  const advisory = own !== undefined || shipped || operator;
  ctx.report({ ruleId: 'AIS102', range: ctx.rangeOfNode(call), message, severity: advisory ? 'warning' : severity, confidence: advisory ? 'medium' : confidence, fixes: fixesFor(ctx, call, weightsOnly), ...(advisory ? { advisory: true } : {}), ...(own ? { flow: own } : {}) });
}

const SHIPPED_FILE_NOTE = ' The file is named by a relative literal path, so it is one the project ships beside the code: this is advisory; act on it only if others can replace the file.';

/** A literal path relative to the working folder: not absolute, not in the home folder, no URL. */
function isRelativeLiteralPath(ctx: AstContext, path: Node | undefined): boolean {
  const value = literalString(ctx, path);
  return value !== undefined && value.length > 0 && !/^(?:[/\\~]|[A-Za-z]:|[a-z][a-z0-9+.-]*:\/\/)/.test(value);
}

function fixesFor(ctx: AstContext, call: Node, weightsOnly: Node | undefined): Fix[] {
  const scope = ctx.python();
  // A custom pickle module, or `**kwargs` that may already hold `weights_only`, make the edit unsafe to guess.
  if (scope.argument(call, 2, 'pickle_module') || scope.hasSplat(call)) return [];
  // Only a state dict is sure to load under the restricted unpickler. A checkpoint whose globals the model-file
  // scan allows may still hold objects torch refuses (`argparse.Namespace`, NumPy arrays), so that is not enough.
  const applicability = feedsLoadStateDict(ctx, call) ? 'safe' : 'unsafe';
  if (weightsOnly) {
    const keyword = keywordArgumentNode(call, 'weights_only');
    if (!keyword || ctx.python().literalValue(weightsOnly)?.kind !== 'bool') return [];
    return [{ title: 'Set `weights_only=True`', applicability, preferred: true, edits: [replaceNodeEdit(ctx, weightsOnly, 'True')] }];
  }
  const edit = appendArgumentEdit(ctx, call, 'weights_only=True');
  return edit ? [{ title: 'Add `weights_only=True`', applicability, preferred: true, edits: [edit] }] : [];
}

/**
 * True when the loaded object goes straight into `load_state_dict`: `m.load_state_dict(torch.load(p))`, or
 * `sd = torch.load(p)` followed by `m.load_state_dict(sd)` in the same function.
 */
function feedsLoadStateDict(ctx: AstContext, call: Node): boolean {
  const parent = call.parent;
  if (parent?.type === 'argument_list') {
    const outer = parent.parent?.childForFieldName('function');
    if (outer?.type === 'attribute' && outer.childForFieldName('attribute')?.text === 'load_state_dict') return true;
  }
  if (parent?.type !== 'assignment') return false;
  const target = parent.childForFieldName('left');
  if (target?.type !== 'identifier') return false;
  let body: Node | null = parent;
  while (body && body.type !== 'function_definition' && body.type !== 'module') body = body.parent;
  if (!body) return false;
  const usesAsStateDict = new RegExp(`\\.load_state_dict\\(\\s*${target.text}\\s*[,)]`);
  const otherUses = new RegExp(`\\b${target.text}\\b`, 'g');
  const text = ctx.text.slice(body.startIndex, body.endIndex);
  // Any other use of the name (a subscript, an attribute) may need objects the restricted unpickler refuses.
  const uses = (text.match(otherUses) ?? []).length;
  return usesAsStateDict.test(text) && uses === 2;
}

