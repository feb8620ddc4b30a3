/**
 * Which imported globals are dangerous, which are known to be safe in ML checkpoints, and which are
 * neither. The data is regrouped from the public lists of picklescan (MIT) and modelscan (Apache-2.0) and
 * from what PyTorch, NumPy, joblib and scikit-learn really write; every allow entry carries the reason it
 * is safe to import and call while unpickling.
 *
 * Matching, in this order:
 * 1. an unresolved global (a STACK_GLOBAL whose operands are not plain strings, an extension code) is
 *    dangerous, because a scanner that cannot name it must assume the worst;
 * 2. an exact allow entry is safe (exact means the whole dotted name, so `collections.OrderedDict.fromkeys`
 *    is not covered by `collections.OrderedDict`);
 * 3. a deny entry matches the name itself and everything below it (`os` covers `os.system` and
 *    `os.path.join`; `torch.hub` covers `torch.hub.load`), so attribute chains cannot slip past it;
 * 4. a class of an allowed family (`torch.nn.modules.*`, `sklearn.*` classes, …) is safe;
 * 5. user-allowed names (the `modelFiles.allowGlobals` option) are safe; they never override a deny entry;
 * 6. anything else is suspicious.
 */

export type GlobalLevel = 'dangerous' | 'suspicious' | 'safe';

export interface GlobalVerdict {
  level: GlobalLevel;
  /** Why, as a verb phrase that follows the global's name: "evaluates Python code", "is not on the allow list". */
  reason: string;
  /** The name after Python 2 module renames (`__builtin__` → `builtins`). */
  normalized: string;
}

/** Classifies one imported global. `userAllowed` holds exact names the user declared safe. */
export function classifyGlobal(module: string, name: string, resolved: boolean, userAllowed?: ReadonlySet<string>): GlobalVerdict {
  const normalized = `${normalizeModule(module)}.${name}`;
  if (!resolved) {
    return { level: 'dangerous', reason: 'cannot be named without running the pickle (an evasion technique)', normalized };
  }
  if (!isDottedIdentifier(normalized)) {
    return { level: 'dangerous', reason: 'has a module or name that is not a plain Python identifier (an evasion technique)', normalized };
  }
  const exact = EXACT_ALLOW.get(normalized);
  if (exact) return { level: 'safe', reason: exact, normalized };
  const deny = denyReason(normalized);
  if (deny) return { level: 'dangerous', reason: deny, normalized };
  const walk = attributeWalkReason(normalized);
  if (walk) return { level: 'dangerous', reason: walk, normalized };
  const family = familyAllowReason(normalizeModule(module), name);
  if (family) return { level: 'safe', reason: family, normalized };
  if (userAllowed?.has(normalized) || userAllowed?.has(`${module}.${name}`)) return { level: 'safe', reason: 'is allowed by the modelFiles.allowGlobals option', normalized };
  return { level: 'suspicious', reason: 'is not on the allow list of names known to be safe in model files', normalized };
}

/** Python 2 module names that CPython's unpickler maps to their Python 3 names (`fix_imports`). */
export function normalizeModule(module: string): string {
  return PY2_MODULES.get(module) ?? module;
}

const PY2_MODULES = new Map<string, string>([
  ['__builtin__', 'builtins'],
  ['__builtins__', 'builtins'],
  ['exceptions', 'builtins'],
  ['copy_reg', 'copyreg'],
  ['cPickle', 'pickle'],
  ['commands', 'subprocess'],
  ['urllib2', 'urllib.request'],
  ['httplib', 'http.client'],
  ['Queue', 'queue'],
  ['cStringIO', 'io'],
  ['StringIO', 'io'],
]);

function isDottedIdentifier(s: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(s);
}

// --- Deny list ------------------------------------------------------------------------------------------

const DENY_GROUPS: ReadonlyArray<readonly [reason: string, names: readonly string[]]> = [
  ['evaluates or compiles Python code', [
    'builtins.eval', 'builtins.exec', 'builtins.compile', 'builtins.execfile', 'builtins.apply', 'builtins.__import__',
    'builtins.breakpoint', 'builtins.input', 'builtins.globals', 'builtins.locals', 'builtins.vars',
    'runpy', 'code', 'codeop', 'pkg_resources', 'types.CodeType', 'types.FunctionType', 'types.LambdaType', 'types.MethodType', 'marshal',
    'doctest', 'trace', 'timeit', 'pydoc', 'importlib', 'pkgutil', 'zipimport', 'imp', 'site', 'linecache',
    'pandas.eval', 'pandas.core.computation', 'numexpr',
  ]],
  ['reaches arbitrary attributes, a common way to call anything', [
    'builtins.getattr', 'builtins.setattr', 'builtins.delattr', 'operator.attrgetter', 'operator.itemgetter',
    'operator.methodcaller', '_operator.attrgetter', '_operator.itemgetter', '_operator.methodcaller', 'functools.partial',
    'functools.reduce', 'inspect',
  ]],
  ['runs operating-system commands or changes the process', [
    'os', 'posix', 'nt', 'popen2', '_winapi', 'msvcrt', 'winreg', 'subprocess', 'pty', 'sys', '_posixsubprocess', 'multiprocessing', 'signal', 'resource', '_thread', 'threading',
    'asyncio.subprocess', 'platform.popen', 'ctypes', '_ctypes', 'cffi',
  ]],
  ['loads a nested pickle or model, which can run code', [
    'pickle', '_pickle', 'cloudpickle', 'dill', 'joblib', 'shelve', 'numpy.load', 'numpy.lib.npyio', 'numpy.lib.format.read_array',
    'torch.load', 'torch.serialization.load', 'torch.storage._load_from_bytes', 'torch.hub', 'torch.jit', 'torch.package', 'torch.compile',
    'keras.models.load_model', 'tensorflow.keras.models.load_model', 'pandas.read_pickle', 'pandas.io.pickle',
  ]],
  ['reads or writes files', [
    'builtins.open', 'io.open', '_io.open', 'io.FileIO', '_io.FileIO', 'codecs.open', 'shutil', 'tempfile', 'glob', 'fileinput',
    'logging.FileHandler', 'logging.config', 'distutils', 'setuptools', 'zipfile', 'tarfile',
  ]],
  ['opens network connections or a browser', [
    'socket', '_socket', 'ssl', 'asyncio', 'aiohttp', 'http.client', 'http.server', 'urllib.request', 'urllib.urlopen', 'requests',
    'httpx', 'webbrowser', 'smtplib', 'ftplib', 'imaplib', 'poplib', 'telnetlib', 'nntplib', 'xmlrpc', 'socketserver',
  ]],
  ['starts a debugger or profiler that runs code', ['pdb', 'bdb', 'cProfile', 'profile']],
  ['installs packages or builds native code', ['pip', 'ensurepip', 'venv', 'numpy.f2py', 'numpy.distutils', 'numpy.testing._private.utils', 'numpy.ctypeslib']],
  ['is a PyTorch internal that evaluates code or loads files', [
    'torch._dynamo', 'torch._inductor', 'torch.fx.experimental.symbolic_shapes.ShapeEnv', 'torch.utils._config_module',
    'torch.utils.collect_env', 'torch.utils.bottleneck', 'torch.utils.data.datapipes.utils.decoder', 'torch.utils.cpp_extension',
    'torch._ops', 'torch.ops', 'torch.classes', 'torch._C._jit',
  ]],
  ['is a module known to be abused in malicious pickles', ['test', 'idlelib', 'lib2to3', 'uuid', '_osx_support', '_aix_support', '_pyrepl', 'venv', 'ensurepip', 'mailcap', 'pyexpat', '_interpreters', '_xxsubinterpreters', 'concurrent.interpreters']],
  ['tampers with model-file scanners', ['picklescan', 'fickling', 'modelscan', 'modelaudit']],
];

const DENY = new Map<string, string>(DENY_GROUPS.flatMap(([reason, names]) => names.map((n) => [n, reason] as const)));

function denyReason(qualified: string): string | undefined {
  let probe = qualified;
  for (;;) {
    const hit = DENY.get(probe);
    if (hit) return hit;
    const dot = probe.lastIndexOf('.');
    if (dot === -1) return undefined;
    probe = probe.slice(0, dot);
  }
}

/**
 * A dotted name is an attribute walk that protocol 4 resolves from any importable module, so an allowed or
 * harmless-looking root can lead anywhere: `numpy.__builtins__`, `pathlib.os.system`,
 * `numpy.core._internal.sys.modules`. A dunder component past the first, or a denied module reached as an
 * attribute of another, is as dangerous as naming the target directly.
 */
function attributeWalkReason(qualified: string): string | undefined {
  const parts = qualified.split('.');
  const dunder = parts.slice(1).find((p) => p.length > 4 && p.startsWith('__') && p.endsWith('__'));
  if (dunder) return `walks to the dunder attribute ${dunder}, a way to reach builtins and globals from an innocent module`;
  for (let i = 1; i < parts.length - 1; i++) {
    const hit = denyReason(parts.slice(i).join('.'));
    if (hit && DENY.has(parts[i]!)) return `reaches the module ${parts[i]} as an attribute of ${parts.slice(0, i).join('.')}, which ${hit}`;
  }
  return undefined;
}

// --- Allow list -----------------------------------------------------------------------------------------

const TORCH_STORAGES = [
  'Float', 'Half', 'BFloat16', 'Double', 'Long', 'Int', 'Short', 'Char', 'Byte', 'Bool', 'ComplexFloat', 'ComplexDouble',
  'QInt8', 'QUInt8', 'QInt32', 'QUInt4x2', 'QUInt2x4',
].flatMap((t) => [`torch.${t}Storage`, `torch.cuda.${t}Storage`]);

const TORCH_DTYPES = [
  'float32', 'float', 'float64', 'double', 'float16', 'half', 'bfloat16', 'complex32', 'complex64', 'complex128', 'cfloat', 'cdouble',
  'uint8', 'uint16', 'uint32', 'uint64', 'int8', 'int16', 'short', 'int32', 'int', 'int64', 'long', 'bool', 'qint8', 'quint8', 'qint32',
  'quint4x2', 'quint2x4', 'float8_e4m3fn', 'float8_e5m2', 'float8_e4m3fnuz', 'float8_e5m2fnuz', 'strided', 'sparse_coo', 'sparse_csr',
  'contiguous_format', 'channels_last', 'channels_last_3d', 'preserve_format', 'per_tensor_affine', 'per_channel_affine',
].map((t) => `torch.${t}`);

const NUMPY_SCALARS = [
  'bool_', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64', 'float16', 'float32', 'float64', 'longdouble',
  'complex64', 'complex128', 'str_', 'bytes_', 'intc', 'uintc', 'longlong', 'ulonglong', 'half', 'single', 'double',
].map((t) => `numpy.${t}`);

/** NumPy universal functions that pipelines keep references to (e.g. `FunctionTransformer(np.log1p)`): pure math. */
const NUMPY_UFUNCS = [
  'abs', 'absolute', 'add', 'arccos', 'arcsin', 'arctan', 'arctan2', 'ceil', 'clip', 'cos', 'cosh', 'divide', 'exp', 'exp2', 'expm1',
  'fabs', 'floor', 'isfinite', 'isinf', 'isnan', 'log', 'log10', 'log1p', 'log2', 'maximum', 'minimum', 'multiply', 'negative',
  'power', 'reciprocal', 'rint', 'sign', 'sin', 'sinh', 'sqrt', 'square', 'subtract', 'tan', 'tanh', 'true_divide', 'round', 'sum', 'mean',
].flatMap((f) => [`numpy.${f}`, `numpy.core._multiarray_umath.${f}`, `numpy._core._multiarray_umath.${f}`, `numpy.core.umath.${f}`]);

const ALLOW_GROUPS: ReadonlyArray<readonly [reason: string, names: readonly string[]]> = [
  ['rebuilds a tensor from storage bytes (PyTorch state dicts)', [
    'torch._utils._rebuild_tensor', 'torch._utils._rebuild_tensor_v2', 'torch._utils._rebuild_tensor_v3', 'torch._utils._rebuild_parameter',
    'torch._utils._rebuild_parameter_with_state', 'torch._utils._rebuild_qtensor', 'torch._utils._rebuild_sparse_tensor',
    'torch._utils._rebuild_sparse_csr_tensor', 'torch._utils._rebuild_device_tensor_from_numpy', 'torch._utils._rebuild_meta_tensor_no_storage',
    'torch._utils._rebuild_wrapper_subclass', 'torch._utils._rebuild_nested_tensor', 'torch._utils._rebuild_from_type',
    'torch._tensor._rebuild_from_type_v2', 'torch._utils._rebuild_xla_tensor', 'torch._utils._rebuild_mps_tensor',
  ]],
  ['is a PyTorch storage, tensor or parameter type', [...TORCH_STORAGES, 'torch.storage.UntypedStorage', 'torch.storage.TypedStorage',
    'torch.UntypedStorage', 'torch.TypedStorage', 'torch.Tensor', 'torch.nn.parameter.Parameter', 'torch.nn.parameter.Buffer',
    'torch.nn.parameter.UninitializedParameter', 'torch.nn.parameter.UninitializedBuffer', 'torch.Size', 'torch.device', 'torch.dtype',
    'torch.serialization._get_layout', 'torch._utils._get_restore_location']],
  ['is a PyTorch dtype, layout or memory-format constant', TORCH_DTYPES],
  ['is a TorchScript list/tensor builder resolved by the TorchScript runtime', [
    'torch.jit._pickle.build_intlist', 'torch.jit._pickle.build_tensorlist', 'torch.jit._pickle.build_doublelist',
    'torch.jit._pickle.build_boollist', 'torch.jit._pickle.build_tensor_from_id', 'torch.jit._pickle.restore_type_tag',
  ]],
  ['rebuilds a NumPy array or scalar from raw bytes', [
    'numpy.core.multiarray._reconstruct', 'numpy._core.multiarray._reconstruct', 'numpy.core.multiarray.scalar', 'numpy._core.multiarray.scalar',
    'numpy.core.numeric._frombuffer', 'numpy._core.numeric._frombuffer', 'numpy.ndarray', 'numpy.dtype', 'numpy.ma.core._mareconstruct',
    'numpy.ma.core.MaskedArray', 'numpy.ma.MaskedArray', 'numpy.matrix', 'numpy.memmap', 'numpy.core.memmap.memmap', ...NUMPY_SCALARS,
  ]],
  ['is a NumPy universal function (pure math)', NUMPY_UFUNCS],
  ['is a Cython helper that allocates a scikit-learn extension object (`cls.__new__(cls)`)', [
    'sklearn.neighbors._kd_tree.newObj', 'sklearn.neighbors._ball_tree.newObj', 'sklearn.neighbors._binary_tree.newObj',
    'sklearn.metrics._dist_metrics.newObj',
  ]],
  // Cython's generated `__pyx_unpickle_<Class>(type, checksum, state)` calls `<Class>.__new__(type)`, which
  // refuses any type that is not that class; gradient-boosting models of scikit-learn 1.1 and later pickle their loss this way.
  ['is a Cython helper that restores a scikit-learn loss object', [
    'CyLossFunction', 'CyHalfSquaredError', 'CyAbsoluteError', 'CyPinballLoss', 'CyHuberLoss', 'CyHalfPoissonLoss', 'CyHalfGammaLoss',
    'CyHalfTweedieLoss', 'CyHalfTweedieLossIdentity', 'CyHalfBinomialLoss', 'CyExponentialLoss', 'CyHalfMultinomialLoss',
  ].map((loss) => `sklearn._loss._loss.__pyx_unpickle_${loss}`)],
  ['rebuilds a SciPy sparse matrix', ['csr', 'csc', 'coo', 'lil', 'dok', 'bsr', 'dia'].flatMap((f) => [
    `scipy.sparse._${f}.${f}_matrix`, `scipy.sparse._${f}.${f}_array`, `scipy.sparse.${f}.${f}_matrix`,
  ])],
  ['restores NumPy random-generator state (scikit-learn models with random_state)', [
    'numpy.random._pickle.__randomstate_ctor', 'numpy.random._pickle.__bit_generator_ctor', 'numpy.random._pickle.__generator_ctor',
    'numpy.random.mtrand.RandomState', 'numpy.random._mt19937.MT19937', 'numpy.random._pcg64.PCG64', 'numpy.random._philox.Philox',
    'numpy.random._sfc64.SFC64', 'numpy.random._generator.Generator', 'numpy.random.bit_generator.SeedSequence',
    'numpy.random.bit_generator.__pyx_unpickle_SeedSequence',
  ]],
  ['is joblib\'s array placeholder (the array bytes follow it in the file)', [
    'joblib.numpy_pickle.NumpyArrayWrapper', 'joblib.numpy_pickle_compat.NDArrayWrapper', 'joblib.numpy_pickle_compat.ZNDArrayWrapper',
  ]],
  ['is a plain container or value type of the standard library', [
    'collections.OrderedDict', 'collections.defaultdict', 'collections.Counter', 'collections.deque', 'builtins.set', 'builtins.frozenset',
    'builtins.slice', 'builtins.range', 'builtins.complex', 'builtins.bytearray', 'builtins.bytes', 'builtins.object', 'builtins.int',
    'builtins.float', 'builtins.str', 'builtins.list', 'builtins.dict', 'builtins.tuple', 'builtins.bool', 'builtins.NotImplemented',
    'builtins.Ellipsis', 'copyreg._reconstructor', '_codecs.encode', 'datetime.datetime', 'datetime.date', 'datetime.time',
    'datetime.timedelta', 'datetime.timezone', 'decimal.Decimal', 'fractions.Fraction', 'argparse.Namespace', 'types.SimpleNamespace',
    'pathlib.Path', 'pathlib.PosixPath', 'pathlib.WindowsPath', 'pathlib.PurePath', 'pathlib.PurePosixPath', 'pathlib.PureWindowsPath',
    'typing.Any', 'typing.Dict', 'typing.List', 'typing.Tuple', 'typing.Optional', 'typing.Union', 'typing.Set', 'enum.Enum',
  ]],
  ['rebuilds a pandas data structure (DataFrame.to_pickle files)', [
    'pandas._libs.arrays.__pyx_unpickle_NDArrayBacked', 'pandas._libs.internals._unpickle_block', 'pandas.core.internals.blocks.new_block',
    'pandas.core.indexes.base._new_Index', 'pandas.core.indexes.datetimes._new_DatetimeIndex', 'pandas.core.indexes.period._new_PeriodIndex',
    'pandas._libs.tslibs.timestamps._unpickle_timestamp', 'pandas._libs.tslibs.timedeltas._timedelta_unpickle',
    'pandas._libs.tslibs.nattype.__nat_unpickle', 'pandas.core.arrays.interval.IntervalArray',
  ]],
  ['restores a time zone', ['pytz._UTC', 'pytz._p', 'dateutil.tz.tz.tzutc', 'dateutil.tz.tz.tzoffset', 'dateutil.tz.tz.tzlocal', 'zoneinfo.ZoneInfo']],
  // `FAISS.save_local` pickles the document store next to the index (`index.pkl`); LangChain's `load_local` unpickles
  // it. These value classes only store their fields on restore; any other global in such a file is still judged.
  ['is a LangChain document or in-memory document store (the `index.pkl` that FAISS.save_local writes)', [
    'langchain_core.documents.base.Document', 'langchain.schema.document.Document', 'langchain.docstore.document.Document',
    'langchain_community.docstore.in_memory.InMemoryDocstore', 'langchain.docstore.in_memory.InMemoryDocstore',
  ]],
  ['holds training hyper-parameters (PyTorch Lightning checkpoints)', [
    'pytorch_lightning.utilities.parsing.AttributeDict', 'lightning.fabric.utilities.data.AttributeDict',
    'lightning_fabric.utilities.data.AttributeDict', 'lightning.pytorch.utilities.parsing.AttributeDict',
  ]],
];

const EXACT_ALLOW = new Map<string, string>(ALLOW_GROUPS.flatMap(([reason, names]) => names.map((n) => [n, reason] as const)));

/**
 * Classes of these module families are safe to instantiate and restore with `__setstate__`: their
 * constructors only store values. Only a plain class name matches (no attribute chain, which could reach
 * a method), and it must look like a class (CapWords).
 */
const CLASS_FAMILIES: ReadonlyArray<readonly [prefix: string, reason: string]> = [
  ['torch.nn.modules', 'is a built-in PyTorch layer class (whole-model pickles)'],
  ['torch.nn.parallel', 'is a PyTorch data-parallel wrapper class (whole-model pickles)'],
  ['torch.nn.utils', 'is a PyTorch layer utility class such as a weight-norm hook (whole-model pickles)'],
  ['torch.optim', 'is a PyTorch optimizer or learning-rate scheduler class'],
  ['__torch__', 'is a TorchScript class resolved from the archive\'s compiled code, not a Python import'],
  ['sklearn', 'is a scikit-learn estimator class'],
  ['scipy.sparse', 'is a SciPy sparse-matrix class'],
  ['numpy.dtypes', 'is a NumPy dtype class'],
  ['omegaconf', 'is an OmegaConf configuration container (Hydra/Lightning checkpoints)'],
  ['transformers.training_args', 'holds Hugging Face training arguments (training_args.bin)'],
  ['transformers.training_args_seq2seq', 'holds Hugging Face training arguments (training_args.bin)'],
  ['transformers.generation.configuration_utils', 'holds a Hugging Face generation configuration'],
  ['pandas', 'is a pandas data structure class'],
  ['transformers.debug_utils', 'is a Hugging Face debug-option enum'],
  ['transformers.trainer_utils', 'is a Hugging Face trainer enum'],
  ['transformers.utils.generic', 'is a Hugging Face enum or output container'],
  ['accelerate.utils.dataclasses', 'is an Accelerate configuration enum or dataclass'],
  ['accelerate.state', 'is an Accelerate state enum'],
];

/** Modules of pure tensor functions: referencing one (e.g. an activation passed to a layer) runs no other code. */
const FUNCTION_FAMILIES: ReadonlyArray<readonly [module: string, reason: string]> = [
  ['torch.nn.functional', 'is a PyTorch tensor function (activations passed to layers)'],
];

/** Parts of allowed families whose classes read files, connect or evaluate expressions: never allowed wholesale. */
const FAMILY_EXCLUSIONS = ['pandas.io', 'pandas.core.computation', 'pandas.util', 'pandas.plotting', 'pandas.testing', 'pandas._testing', 'sklearn.utils._testing', 'sklearn.externals', 'sklearn.datasets'];

function familyAllowReason(module: string, name: string): string | undefined {
  if (FAMILY_EXCLUSIONS.some((root) => module === root || module.startsWith(`${root}.`))) return undefined;
  // Storage types of new dtypes follow the same naming (torch.Float8_e4m3fnStorage, …).
  if (module === 'torch' && /^[A-Z][A-Za-z0-9_]*Storage$/.test(name)) return 'is a PyTorch storage type';
  for (const [root, reason] of FUNCTION_FAMILIES) {
    if (module === root && /^[a-z][a-z0-9_]*$/.test(name)) return reason;
  }
  // TorchScript classes are mangled (`__torch__.___torch_mangle_0.Net`) but still plain names.
  // scikit-learn also pickles private helper classes of its estimators (`_BinMapper` of HistGradientBoosting).
  const plainClass = module.startsWith('__torch__') ? /^[A-Za-z_][A-Za-z0-9_]*$/ : module === 'sklearn' || module.startsWith('sklearn.') ? /^_?[A-Z][A-Za-z0-9_]*$/ : /^[A-Z][A-Za-z0-9_]*$/;
  if (!plainClass.test(name)) return undefined;
  for (const [prefix, reason] of CLASS_FAMILIES) {
    const root = prefix.replace(/\.$/, '');
    if (module === root || module.startsWith(`${root}.`)) return reason;
  }
  return undefined;
}
