/**
 * AIS101 unsafe-pickle-load: loading pickle data (pickle, _pickle, cPickle, dill, cloudpickle, shelve,
 * marshal, jsonpickle) runs code chosen by whoever wrote the data.
 */
import { defineRule } from '../../../engine/rule';
import { isLiteralString, pythonCallsTo } from '../../shared/python-calls';
import { ownFileNote, ownFileWrite } from '../../shared/python-own-files';
import { OPERATOR_FILE_NOTE, operatorChosenFile } from '../../shared/python-load-origin';
import { sinkCombine } from '../../shared/sink-combine';
import { importGate } from '../../shared/python-import-gate';

const PICKLE_MODULES = ['pickle', '_pickle', 'cPickle', 'dill', 'cloudpickle', 'marshal', 'jsonpickle'];

function isDumpCall(qualified: string | undefined): boolean {
  if (!qualified) return false;
  const dot = qualified.lastIndexOf('.');
  return PICKLE_MODULES.includes(qualified.slice(0, dot)) && /^(dumps|encode)$/.test(qualified.slice(dot + 1));
}

const LOADERS = new Set(
  ['pickle', '_pickle', 'cPickle', 'dill', 'cloudpickle']
    .flatMap((m) => [`${m}.load`, `${m}.loads`, `${m}.Unpickler`])
    .concat(['pickle._load', 'pickle._loads', 'pickle._Unpickler', 'shelve.open', 'shelve.DbfilenameShelf', 'marshal.load', 'marshal.loads', 'jsonpickle.decode', 'jsonpickle.unpickler.decode', 'jsonpickle.unpickler.Unpickler', 'dill.load_session']),
);

export default defineRule(
  {
    id: 'AIS101',
    name: 'unsafe-pickle-load',
    title: 'Pickle data loaded',
    category: 'deserialization',
    fileKinds: ['python'],
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-502'],
    message: '`{{callee}}` runs code embedded in the data it loads; never unpickle data you did not produce.',
    fixAvailability: 'none',
    peers: { bandit: ['B301', 'B302', 'B403'], ruff: ['S301', 'S302'] },
    docs: {
      whatItDoes: 'Flags calls that deserialize pickle-family data: `pickle.load`/`loads`/`Unpickler` (also through `_pickle`, `cPickle`, `dill` and `cloudpickle`), `shelve.open`, `marshal.load(s)` and `jsonpickle.decode`, resolving import aliases such as `from pickle import loads as l`. A load of the file the same code writes (the same path expression, in one function, at module level, or in one class through `self.`; e.g. a cache the class `pickle.dump`s to `self.db_path`, or a training script resuming from the checkpoint it `torch.save`s) is advisory (audit profile): the program\'s own artefact. So is a load of a file name the same module writes (`f"Node-{self.id}.pkl"` read back as `"Node-0.pkl"`, a constant `CLF_NAME`), unless the class loads it on construction from a folder its caller names (a loader API such as a vector store\'s `persist_path`). A load of a file named only by the program\'s command-line arguments or environment (`pickle.load(open(args.input_file, "rb"))`, `sys.argv[1]`, a helper\'s parameter every call fills from them) is advisory too: the operator chooses their own file. A value loaded and saved back to the same path (read-modify-write) is not. A load whose result is read only through string keys of a checkpoint dictionary the same module saves (`torch.save({"model": ..., "optimizer": ...}, path)`, then `ckpt = torch.load(from_file)` and `ckpt["model"]`), with at least two saved keys and no download in its path, is advisory too, even when a parameter names the file: the program\'s own checkpoint layout. A load of a file name that another Python file or notebook of the project writes (nanoGPT\'s `prepare.py` pickles `meta.pkl`, `train.py` reads `os.path.join(data_dir, "meta.pkl")`; a cookbook\'s `guide.ipynb` pickles the `vector_db.pkl` its `evaluation/vectordb.py` reads) is advisory too, when the loading code names the folder itself (no parameter in the path, and a `self.` attribute only when its class assigns it once from such a value, as `self.db_path = "../data/vector_db.pkl"`).',
      whyIsThisBad: 'Unpickling calls any function named in the data (`os.system`, `builtins.exec`, ...). A pickle from a download, an upload, a cache shared with others or a model hub is remote code execution the moment it is loaded. Bandit misses `cloudpickle`, `_pickle` and `cPickle.loads`.',
      example: 'import pickle\n\nwith open(path, "rb") as f:\n    model = pickle.load(f)\n',
      useInstead: 'import json\nfrom safetensors.torch import load_file\n\nconfig = json.loads(text)          # data: JSON\nweights = load_file("model.safetensors")  # tensors: safetensors\n# scikit-learn models: skops.io.load(path, trusted=[...])\n',
      references: ['https://cwe.mitre.org/data/definitions/502.html', 'https://docs.python.org/3/library/pickle.html#restricting-globals', 'https://github.com/trailofbits/fickling'],
    },
  },
  {
    kind: 'ast',
    keywords: ['pickle', 'Pickle', 'dill', 'shelve', 'marshal', 'jsonpickle'],
    // Every loader name contains one of these; files that only dump (or mention pickle in prose) are not parsed.
    alsoRequires: ['load', 'Unpickler', 'open', 'decode'],
    // Most files that pass the keywords mention pickling only in comments or docstrings: none imports a loader's module.
    textGate: importGate(LOADERS),
    onFile(ctx) {
      for (const { call, callee, qualified } of pythonCallsTo(ctx, LOADERS)) {
        const scope = ctx.python();
        const first = scope.argument(call, 0, qualified.endsWith('open') ? 'filename' : qualified.endsWith('loads') ? 'data' : 'file');
        // `pickle.loads(pickle.dumps(x))` (a deep copy, common in tests) only reads back what this process just wrote.
        if (first?.type === 'call' && isDumpCall(scope.qualifiedName(first.childForFieldName('function') ?? first))) continue;
        // A literal file name is still a pickle, but it is more likely to be the project's own artefact.
        const literal = isLiteralString(ctx, first);
        // Reading back the file this same code pickled (its own cache or checkpoint) is advisory.
        const own = ownFileWrite(ctx, call, first);
        // A file the person running the program names on its command line or in its environment is their own choice.
        const operator = !own && operatorChosenFile(ctx, call, first);
        ctx.report({
          ruleId: 'AIS101', combine: sinkCombine('the data is unpickled'),
          range: ctx.rangeOfNode(call),
          data: { callee: callee.text },
          ...(literal || own ? { severity: 'warning', confidence: 'medium' } : {}),
          ...(own ? { advisory: true, flow: own, message: `\`${callee.text}\` runs code embedded in the data it loads.${ownFileNote(own)}` } : {}),
          ...(operator ? { severity: 'warning', confidence: 'low', advisory: true, message: `\`${callee.text}\` runs code embedded in the data it loads.${OPERATOR_FILE_NOTE}` } : {}),
        });
      }
    },
  },
);
