/**
 * The import text gate of AIS101 (`rules/shared/python-import-gate.ts`): a file is parsed for a rule about
 * `pickle.load` and its kin only when its text can import one of their modules.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mayImportAny, importGate } from '../../server/src/rules/shared/python-import-gate';
import type { TextContext } from '../../server/src/engine/rule';

const PICKLE = new Set(['pickle', 'shelve']);

test('a module named only in comments, docstrings or longer words does not open the gate', () => {
  const text = '# objects must stay pickle-able\nimport os\n\n\ndef f():\n    """Values are unpickled by the caller; see pickle docs."""\n    return os.getcwd()\n';
  assert.equal(mayImportAny(text, PICKLE), false);
});

test('every form of import statement that names the module opens it', () => {
  for (const text of [
    'import pickle\n',
    'import os, pickle as p\n',
    'x = 1; import shelve\n',
    'from pickle import loads\n',
    'from pickle import *\n',
    'try:\n    import cPickle as pickle\nexcept ImportError:\n    import pickle\n',
    'import os, \\\n    pickle\n',
    'from pickle \\\r\n    import loads\r\n',
    'from \\\n  pickle \\\n  import loads\n',
  ]) assert.equal(mayImportAny(text, PICKLE), true, text);
});

test('a dynamic import opens it whatever the text names', () => {
  assert.equal(mayImportAny('m = __import__("pick" "le")\n', PICKLE), true);
  assert.equal(mayImportAny('import importlib\nm = importlib.import_module(name)\n', PICKLE), true);
});

test('the module must be the whole word on the import line', () => {
  assert.equal(mayImportAny('import pickletools\nimport jsonpickle_ext\n', PICKLE), false);
  // The line names the module and imports something else: an over-approximation that keeps the gate open.
  assert.equal(mayImportAny('import os  # not pickle\n', PICKLE), true);
});

test('targets under builtins never close the gate', () => {
  const gate = importGate(['builtins.eval', 'pickle.loads']);
  assert.equal(gate({ text: 'print(1)\n' } as TextContext), true);
  assert.equal(importGate(['pickle.loads'])({ text: 'print(1)\n' } as TextContext), false);
});
