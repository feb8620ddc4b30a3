/**
 * Unit tests of the Python resolver semantics the rules rely on: import aliases and from-imports,
 * shadowing (including class bodies), names bound once to literals, literal `__import__`/`getattr`, and
 * keyword/positional arguments.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node } from 'web-tree-sitter';
import { buildPythonScope } from '../../server/src/engine/resolve/python-scope';
import type { PythonScope } from '../../server/src/engine/resolve/python';
import { loadEngine } from '../../server/src/host/load-engine';

async function parse(source: string): Promise<{ root: Node; scope: PythonScope; calls: Node[] }> {
  const tree = (await loadEngine()).parseTree('a.py', source);
  assert.ok(tree);
  const root = tree.rootNode;
  return { root, scope: buildPythonScope(root), calls: root.descendantsOfType('call').filter((c): c is Node => !!c) };
}

/** The qualified name of the callee of the call whose text starts with `prefix`. */
function calleeOf(calls: Node[], scope: PythonScope, prefix: string): string | undefined {
  const call = calls.find((c) => c.text.startsWith(prefix));
  assert.ok(call, `no call starting with ${prefix}`);
  const fn = call.childForFieldName('function');
  assert.ok(fn);
  return scope.qualifiedName(fn);
}

test('import aliases and from-imports resolve to qualified names', async () => {
  const { scope, calls } = await parse(
    'import torch as t\nfrom torch import load as tl\nfrom yaml import load, CSafeLoader\nimport numpy as np\nimport os.path\nimport torch.package as tp\n' +
      't.load(f)\ntl(f)\nload(s, Loader=CSafeLoader)\nnp.load(f)\nos.path.join(a)\ntp.PackageImporter(f)\n',
  );
  assert.equal(calleeOf(calls, scope, 't.load'), 'torch.load');
  assert.equal(calleeOf(calls, scope, 'tl('), 'torch.load');
  assert.equal(calleeOf(calls, scope, 'load('), 'yaml.load');
  assert.equal(calleeOf(calls, scope, 'np.load'), 'numpy.load');
  assert.equal(calleeOf(calls, scope, 'os.path.join'), 'os.path.join');
  assert.equal(calleeOf(calls, scope, 'tp.PackageImporter'), 'torch.package.PackageImporter');
});

test('local definitions, parameters and assignments shadow imports and builtins', async () => {
  const { scope, calls } = await parse(
    'from pickle import loads\nimport json\n\ndef loads(text):\n    return json.loads(text)\n\ndef run(eval, blob):\n    eval(blob)\n    return loads(blob)\n\nexec = print\nexec(1)\n',
  );
  assert.equal(calleeOf(calls, scope, 'loads(blob)'), undefined);
  assert.equal(calleeOf(calls, scope, 'eval(blob)'), undefined);
  assert.equal(calleeOf(calls, scope, 'json.loads'), 'json.loads');
  // `exec = print` binds `exec` once to a resolvable name, so the call is `print`, not the builtin exec.
  assert.equal(calleeOf(calls, scope, 'exec(1)'), 'builtins.print');
});

test('a method defined in a class body does not shadow a module-level import', async () => {
  const { scope, calls } = await parse(
    'from torch import load\n\nclass Store:\n    def load(self, path):\n        return path\n\n    def read(self, path):\n        return load(path)\n\nload(p)\n',
  );
  assert.equal(calleeOf(calls, scope, 'load(path)'), 'torch.load');
  assert.equal(calleeOf(calls, scope, 'load(p)'), 'torch.load');
});

test('methods that merely share a name are not the builtin or library function', async () => {
  const { scope, calls } = await parse('import torch\nmodel = torch.nn.Linear(1, 1)\nmodel.eval()\nconfig.load(path)\ndf.eval("a")\n');
  assert.equal(calleeOf(calls, scope, 'model.eval'), undefined);
  assert.equal(calleeOf(calls, scope, 'config.load'), undefined);
  assert.equal(calleeOf(calls, scope, 'df.eval'), undefined);
});

test('literal __import__, importlib.import_module and getattr resolve like attribute access', async () => {
  const { scope, calls } = await parse('import importlib\nimport os\n__import__("os").system(c)\nimportlib.import_module("pickle").loads(b)\ngetattr(os, "system")(c)\n');
  assert.equal(calleeOf(calls, scope, '__import__("os").system'), 'os.system');
  assert.equal(calleeOf(calls, scope, 'importlib.import_module("pickle").loads'), 'pickle.loads');
  assert.equal(calleeOf(calls, scope, 'getattr(os, "system")(c)'), 'os.system');
});

test('names bound once to a literal have a literal value; names bound twice do not', async () => {
  const { root, scope } = await parse('import yaml\nLOADER = yaml.SafeLoader\nSAFE = True\nPATH = "a" "b"\nX = 1\nX = 2\nuse(LOADER, SAFE, PATH, X, None, [], "f{}")\n');
  const use = root.descendantsOfType('call').find((c) => c?.text.startsWith('use('));
  assert.ok(use);
  const arg = (i: number): Node => {
    const a = scope.argument(use, i, undefined);
    assert.ok(a);
    return a;
  };
  assert.deepEqual(scope.literalValue(arg(0)), { kind: 'name', value: 'yaml.SafeLoader' });
  assert.deepEqual(scope.literalValue(arg(1)), { kind: 'bool', value: true });
  assert.deepEqual(scope.literalValue(arg(2)), { kind: 'string', value: 'ab' });
  assert.equal(scope.literalValue(arg(3)), undefined);
  assert.deepEqual(scope.literalValue(arg(4)), { kind: 'none' });
  assert.deepEqual(scope.literalValue(arg(5)), { kind: 'collection', empty: true });
  assert.deepEqual(scope.literalValue(arg(6)), { kind: 'string', value: 'f{}' });
});

test('f-strings with interpolation are not literals', async () => {
  const { root, scope } = await parse('name = "x"\nrun(f"ls {name}")\n');
  const call = root.descendantsOfType('call').find((c) => c?.text.startsWith('run('));
  assert.ok(call);
  const arg = scope.argument(call, 0, undefined);
  assert.ok(arg);
  assert.equal(scope.literalValue(arg), undefined);
});

test('keyword and positional arguments are the same argument', async () => {
  const { root, scope } = await parse('import numpy\nnumpy.load(f, None, True)\nnumpy.load(f, allow_pickle=False)\nnumpy.load(*args, **kwargs)\n');
  const [positional, keyword, splat] = root.descendantsOfType('call').filter((c): c is Node => !!c);
  assert.equal(scope.argument(positional, 2, 'allow_pickle')?.text, 'True');
  assert.equal(scope.argument(keyword, 2, 'allow_pickle')?.text, 'False');
  assert.equal(scope.argument(splat, 2, 'allow_pickle'), undefined);
  assert.equal(scope.hasSplat(splat), true);
  assert.equal(scope.hasSplat(positional), false);
});

test('boundValue exposes what a receiver was built from; isBound tells bound names apart', async () => {
  const { root, scope } = await parse('import requests\ns = requests.Session()\ns.get(u)\ndef f(p):\n    return p.get(u)\n');
  const [s] = root.descendantsOfType('identifier').filter((n): n is Node => !!n && n.text === 's' && n.parent?.type === 'attribute');
  const value = scope.boundValue(s);
  assert.equal(value?.type, 'call');
  const fn = value?.childForFieldName('function');
  assert.ok(fn);
  assert.equal(scope.qualifiedName(fn), 'requests.Session');
  const p = root.descendantsOfType('identifier').find((n) => n?.text === 'p' && n.parent?.type === 'attribute');
  assert.ok(p);
  assert.equal(scope.boundValue(p), undefined);
  assert.equal(scope.isBound(p), true);
});

test('imports inside a function are visible only inside it', async () => {
  const { scope, calls } = await parse('def a():\n    import pickle as p\n    return p.loads(x)\n\ndef b():\n    return p.loads(x)\n');
  const [inner, outer] = calls;
  const fnInner = inner.childForFieldName('function');
  const fnOuter = outer.childForFieldName('function');
  assert.ok(fnInner && fnOuter);
  assert.equal(scope.qualifiedName(fnInner), 'pickle.loads');
  assert.equal(scope.qualifiedName(fnOuter), undefined);
});

test('a single star import supplies otherwise unbound names, but never hides a builtin', async () => {
  const { scope, calls } = await parse('from os import *\nsystem(cmd)\neval(x)\n');
  assert.equal(calleeOf(calls, scope, 'system('), 'os.system');
  assert.equal(calleeOf(calls, scope, 'eval('), 'builtins.eval');
  const two = await parse('from os import *\nfrom pickle import *\nloads(b)\n');
  assert.equal(calleeOf(two.calls, two.scope, 'loads('), undefined);
});

test('an optional import stays its module when the except clause binds None or a fallback module', async () => {
  const { scope, calls } = await parse(
    'try:\n    import yaml\nexcept ImportError:\n    yaml = None\n' +
      'try:\n    import cPickle as pickle\nexcept ImportError:\n    import pickle\n' +
      'try:\n    import ujson as json\nexcept ImportError:\n    json = None\n' +
      'def read(s, b):\n    yaml.load(s)\n    pickle.loads(b)\n    return json.loads(s)\n' +
      'def shadowed(s):\n    yaml = make_parser()\n    return yaml.load(s)\n',
  );
  assert.equal(calleeOf(calls, scope, 'yaml.load(s)'), 'yaml.load');
  assert.equal(calleeOf(calls, scope, 'pickle.loads'), 'cPickle.loads');
  assert.equal(calleeOf(calls, scope, 'json.loads'), 'ujson.loads');
  const local = calls.filter((c) => c.text === 'yaml.load(s)')[1];
  assert.equal(scope.qualifiedName(local.childForFieldName('function')!), undefined, 'a local binding outside an except clause still shadows');
});
