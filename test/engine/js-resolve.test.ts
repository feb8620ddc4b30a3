/**
 * JS/TS module-binding resolution: every import form from the catalogue (§1.2) resolves to the same
 * qualified name, local bindings shadow, and methods that merely share a name resolve to nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node } from 'web-tree-sitter';
import { loadEngine } from '../../server/src/host/load-engine';
import { buildJsScope } from '../../server/src/engine/resolve/javascript-scope';
import type { JsScope } from '../../server/src/engine/resolve/javascript';

/** Parses `source` and returns the scope plus the callees of every call, in order (`new X()` included). */
async function callees(source: string, path = '/w/x.ts'): Promise<{ scope: JsScope; calls: Node[] }> {
  const engine = await loadEngine();
  const tree = engine.openDocument(path, source).syntaxTree();
  assert.ok(tree, 'the source parses');
  const calls: Node[] = [];
  const visit = (node: Node): void => {
    if (node.type === 'call_expression' || node.type === 'new_expression') {
      const callee = node.childForFieldName(node.type === 'new_expression' ? 'constructor' : 'function');
      if (callee) calls.push(callee);
    }
    for (const child of node.namedChildren) if (child) visit(child);
  };
  visit(tree.rootNode);
  return { scope: buildJsScope(tree.rootNode), calls };
}

/** Resolves the callee of the last call whose callee text is `callee` (default: the last call in document order). */
async function resolveLastCall(source: string, callee?: string): Promise<string | undefined> {
  const { scope, calls } = await callees(source);
  const candidates = callee ? calls.filter((c) => c.text === callee) : calls;
  const last = candidates[candidates.length - 1];
  assert.ok(last, `a call to ${callee ?? 'anything'} exists`);
  return scope.qualifiedName(last);
}

test('every import form of child_process resolves to child_process.exec', async () => {
  const forms: [string, string][] = [
    ["const cp = require('child_process'); cp.exec(c);", 'cp.exec'],
    ["const { exec } = require('node:child_process'); exec(c);", 'exec'],
    ["require('child_process').exec(c);", "require('child_process').exec"],
    ["import * as cp from 'child_process'; cp.exec(c);", 'cp.exec'],
    ["import { exec as run } from 'node:child_process'; run(c);", 'run'],
    ["import cp from 'node:child_process'; cp.exec(c);", 'cp.exec'],
    ["async function f() { const cp = await import('child_process'); cp.exec(c); }", 'cp.exec'],
    ["async function f() { const { exec } = await import('node:child_process'); exec(c); }", 'exec'],
    ["import { exec } from 'child_process'; import util from 'util'; const run = util.promisify(exec); run(c);", 'run'],
    ["import { exec } from 'child_process'; import { promisify } from 'node:util'; const run = promisify(exec); run(c);", 'run'],
    ["const cp = require('child_process'); const run = cp.exec; run(c);", 'run'],
    ["import cp = require('child_process'); cp['exec'](c);", "cp['exec']"],
  ];
  for (const [source, callee] of forms) assert.equal(await resolveLastCall(source, callee), 'child_process.exec', source);
});

test('globals resolve through global objects and are shadowed by local bindings', async () => {
  assert.equal(await resolveLastCall('eval(x);'), 'global.eval');
  assert.equal(await resolveLastCall('window.eval(x);'), 'global.eval');
  assert.equal(await resolveLastCall('globalThis.setTimeout(x);'), 'global.setTimeout');
  assert.equal(await resolveLastCall('new Function(a, b);'), 'global.Function');
  assert.equal(await resolveLastCall('function f(eval) { return eval(x); }'), undefined);
  assert.equal(await resolveLastCall('const eval = (s) => s; eval(x);'), undefined);
  assert.equal(await resolveLastCall("function f() { const require = load; require('child_process').exec(c); }", "require('child_process').exec"), undefined);
  assert.equal(await resolveLastCall("import { exec } from 'child_process'; function f(exec) { exec(c); }"), undefined);
});

test('methods that merely share a name never resolve to the module function or the global', async () => {
  const sinks = new Set(['child_process.exec', 'global.eval', 'global.exec']);
  for (const source of ["import cp from 'child_process'; regex.exec(s);", "const cp = require('child_process'); db.exec(sql);", 'this.exec(s);', 'model.eval();', 'const db = open(); db.exec(sql);']) {
    const resolved = await resolveLastCall(source);
    assert.ok(resolved === undefined || !sinks.has(resolved), `${source} resolved to ${resolved}`);
  }
  assert.equal(await resolveLastCall('this.exec(s);'), undefined);
  assert.equal(await resolveLastCall('const db = open(); db.exec(sql);'), undefined);
});

test('literal values, bound values and shorthand properties', async () => {
  const { scope, calls } = await callees("const CMD = 'git ' + 'status'; const opts = { shell: true }; const shell = false; run(CMD, opts, { shell }, `a${x}`);");
  const call = calls[calls.length - 1].parent;
  const args = call?.childForFieldName('arguments')?.namedChildren.filter((n): n is Node => !!n) ?? [];
  assert.equal(scope.literalValue(args[0]), 'git status');
  assert.equal(scope.isStaticString(args[0]), true);
  assert.equal(scope.boundValue(args[1])?.type, 'object');
  const shorthand = args[2].namedChild(0);
  assert.ok(shorthand);
  assert.equal(scope.literalValue(shorthand), false);
  assert.equal(scope.isStaticString(args[3]), false);
});
