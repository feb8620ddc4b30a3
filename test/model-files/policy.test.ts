/**
 * The global policy: deny entries cover their whole subtree, exact allow entries only themselves, class
 * families only plain CapWords names, and the user allow option never overrides the deny list.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyGlobal } from '../../server/src/engine/formats/pickle-policy';

const level = (qualified: string, userAllowed?: ReadonlySet<string>): string => {
  const dot = qualified.lastIndexOf('.');
  return classifyGlobal(qualified.slice(0, dot), qualified.slice(dot + 1), true, userAllowed).level;
};

test('deny list: modules and names, their submodules and attribute chains, Python 2 names', () => {
  for (const name of [
    'os.system', 'posix.system', 'nt.system', 'os.path.join', 'subprocess.Popen', 'subprocess.check_output', 'builtins.eval', 'builtins.exec',
    '__builtin__.eval', '__builtin__.getattr', 'builtins.__import__', 'builtins.getattr', 'builtins.open', 'runpy._run_code', 'socket.create_connection',
    'webbrowser.open', 'pty.spawn', 'shutil.rmtree', 'sys.modules', 'importlib.import_module', 'torch.hub.load', 'torch.load', 'torch.serialization.load',
    'torch.storage._load_from_bytes', 'pickle.loads', '_pickle.loads', 'cPickle.loads', 'dill._dill._create_function', 'cloudpickle.cloudpickle._make_function',
    'operator.attrgetter', '_operator.methodcaller', 'functools.partial', 'types.CodeType', 'marshal.loads', 'ctypes.CDLL', 'commands.getoutput',
    'pdb.run', 'bdb.Bdb.run', 'code.InteractiveInterpreter.runcode', 'numpy.testing._private.utils.runstring', 'requests.api.get', 'urllib.request.urlopen',
    'asyncio.create_subprocess_shell', 'joblib.load', 'pandas.read_pickle', 'pandas.eval', 'pip.main', 'multiprocessing.Process',
  ]) {
    assert.equal(level(name), 'dangerous', name);
  }
});

test('allow list: tensor, array, container and estimator names are safe; chains below them are not', () => {
  for (const name of [
    'torch._utils._rebuild_tensor_v2', 'torch.FloatStorage', 'torch.BFloat16Storage', 'collections.OrderedDict', 'numpy.core.multiarray._reconstruct',
    'numpy._core.multiarray._reconstruct', 'numpy.dtype', 'numpy.ndarray', 'joblib.numpy_pickle.NumpyArrayWrapper', 'torch.nn.modules.linear.Linear',
    'sklearn.linear_model._logistic.LogisticRegression', 'sklearn.tree._tree.Tree', 'torch.jit._pickle.build_intlist', '__torch__.Model',
    'transformers.training_args.TrainingArguments', 'pandas.core.frame.DataFrame', 'torch.nn.functional.relu', 'numpy.core._multiarray_umath.log1p',
    'torch.Float8_e4m3fnStorage', 'torch.optim.lr_scheduler.StepLR', 'torch.nn.parallel.data_parallel.DataParallel',
  ]) {
    assert.equal(level(name), 'safe', name);
  }
  for (const name of ['collections.OrderedDict.fromkeys', 'pandas.core.frame.DataFrame.eval', 'sklearn.base.clone', 'torch.nn.modules.module.Module.register_forward_hook', 'pandas.io.sql.SQLDatabase', 'typing.get_type_hints']) {
    assert.equal(level(name), 'suspicious', name);
  }
});

test('anything else is suspicious; the user option allows exact names but never a deny entry', () => {
  assert.equal(level('__main__.Net'), 'suspicious');
  assert.equal(level('ultralytics.nn.tasks.DetectionModel'), 'suspicious');
  const allowed = new Set(['__main__.Net', 'os.system']);
  assert.equal(level('__main__.Net', allowed), 'safe');
  assert.equal(level('os.system', allowed), 'dangerous');
});

test('unresolved or non-identifier names are dangerous', () => {
  assert.equal(classifyGlobal('?', 'system', false).level, 'dangerous');
  assert.equal(classifyGlobal('os ', 'system', true).level, 'dangerous');
  assert.equal(classifyGlobal('builtins', 'eval\u0000', true).level, 'dangerous');
});

test('attribute walks from innocent modules are dangerous: dunders and denied modules reached as attributes (guide §2.2)', () => {
  for (const name of ['numpy.__builtins__', 'numpy.core._internal.sys.modules', 'pathlib.os.system', 'torch.nn.modules.module.__globals__', 'collections.abc.__builtins__.eval']) {
    assert.equal(level(name), 'dangerous', name);
  }
  // Private names that real checkpoints import stay allowed; a plain unknown dotted name stays a warning.
  assert.equal(level('numpy.random._pickle.__randomstate_ctor'), 'safe');
  assert.equal(level('mylib.models.os_utils.Config'), 'suspicious');
});

test('stdlib spawners and scanner tampering from the published gadget list are dangerous (guide §2.4)', () => {
  for (const name of ['mailcap.findmatch', '_xxsubinterpreters.run_string', '_interpreters.run_string', 'picklescan.scanner.scan_file_path', 'fickling.fickle.Pickled', 'imaplib.IMAP4_stream', 'pydoc.pipepager', 'uuid._get_command_stdout', 'torch.jit.unsupported_tensor_ops.execWrapper', 'torch._inductor.codecache.compile_file']) {
    assert.equal(level(name), 'dangerous', name);
  }
});

test('scikit-learn 1.4 gradient boosting: its Cython loss restorers and private helper classes are safe, other Cython helpers and private functions are not', () => {
  assert.equal(level('sklearn._loss._loss.__pyx_unpickle_CyHalfBinomialLoss'), 'safe');
  assert.equal(level('sklearn._loss._loss.__pyx_unpickle_CyHalfSquaredError'), 'safe');
  assert.equal(level('sklearn.ensemble._hist_gradient_boosting.binning._BinMapper'), 'safe');
  assert.equal(level('sklearn._loss._loss.__pyx_unpickle_Anything'), 'suspicious');
  assert.equal(level('sklearn.utils._private_helper'), 'suspicious', 'a private function is no class');
  assert.equal(level('sklearn.utils._testing._Fixture'), 'suspicious', 'excluded families stay excluded');
  assert.equal(level('torch.nn.modules._Private'), 'suspicious', 'the leading underscore is allowed for scikit-learn only');
});

test('the value classes of a LangChain FAISS index.pkl are safe; other LangChain names are not', () => {
  for (const name of ['langchain_core.documents.base.Document', 'langchain_community.docstore.in_memory.InMemoryDocstore', 'langchain.schema.document.Document']) assert.equal(level(name), 'safe', name);
  for (const name of ['langchain_core.documents.base.Document.parse_file', 'langchain_community.vectorstores.faiss.FAISS', 'langchain.chains.LLMChain']) assert.notEqual(level(name), 'safe', name);
});
