/**
 * The lexical import pass must find every import the syntax tree finds (a superset, same module names),
 * or the dependency checker could skip a file it should have parsed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { lexicalImports, jsImports, pythonImports } from '../../server/src/engine/imports/index';
import { loadEngine } from '../../server/src/host/load-engine';

const TRICKY_PYTHON = [
  'import os, sys as system, numpy.linalg as la\n',
  'from torch.nn import functional as F\nfrom . import sibling\nfrom .pkg import x\n',
  'from transformers import (\n    AutoModel,\n    AutoTokenizer,\n)\n',
  'if TYPE_CHECKING: import pandas\nx = 1; import yaml\n',
  'import a.b.c, \\\n    d.e\n',
  'def f():\n    import sklearn.linear_model\n    return importlib.import_module("joblib")\n',
  'try:\n    import ujson as json\nexcept ImportError:\n    import json\n',
  'class C:\n    def m(self):\n        from scipy.sparse import csr_matrix  # comment import nothing\n',
  '__import__("pickle").loads(b)\n',
  'print("import requests")\n# import nothing_here\n',
];

const TRICKY_JS = [
  "import x from 'lodash';\nimport { a } from \"@scope/pkg/sub\";\nimport 'side-effect';\n",
  "const cp = require('child_process');\nconst y = await import('openai');\nexport * from 'zod';\n",
  "import type { T } from 'type-only';\nimport fs = require('fs-extra');\n",
];

function multiset(modules: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of modules) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

function assertSuperset(lexical: string[], tree: string[], label: string): void {
  const lex = multiset(lexical);
  for (const [name, count] of multiset(tree)) assert.ok((lex.get(name) ?? 0) >= count, `${label}: the lexical pass misses ${name} (tree ${count}, lexical ${lex.get(name) ?? 0})`);
}

test('Python: the lexical imports are a superset of the tree imports', async () => {
  const engine = await loadEngine();
  const samples = [...TRICKY_PYTHON];
  const collect = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) collect(full);
      else if (name.endsWith('.py')) samples.push(readFileSync(full, 'utf8'));
    }
  };
  collect(join(__dirname, '..', '..', 'server', 'src', 'rules'));
  collect(join(__dirname, '..', '..', 'examples'));
  assert.ok(samples.length > 50);
  for (const [i, text] of samples.entries()) {
    const tree = engine.parseTree('x.py', text)!;
    assertSuperset(lexicalImports(text, 'python').map((r) => r.module), pythonImports(tree.rootNode, text).map((r) => r.module), `sample ${i}`);
    tree.delete();
  }
});

test('JS/TS: the lexical imports are a superset of the tree imports', async () => {
  const engine = await loadEngine();
  for (const [i, text] of TRICKY_JS.entries()) {
    const tree = engine.parseTree('x.ts', text)!;
    assertSuperset(lexicalImports(text, 'typescript').map((r) => r.module), jsImports(tree.rootNode, text).map((r) => r.module), `js sample ${i}`);
    tree.delete();
  }
});
