/**
 * The import closure answered from the modules that pass the source test (`host/import-closure-sources.ts`, used
 * while the files are fixed, in a scan) gives the forward walk's answers: on generated projects with every import
 * shape the lexical reader knows (absolute, relative, dots-only, attribute chains on packages, `src` layouts, a
 * module beside its package's folder, relative imports above the root, modules too long to summarise, folders no
 * import can name, a linked folder), for every module and bound. And a false answer resolves no import of the
 * modules that do not name a passing one.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { importClosureFacts } from '../../server/src/host/import-closure';
import { climbsAboveRoot } from '../../server/src/host/import-closure-sources';
import { memoisedFileStates, type FileStates } from '../../server/src/host/file-states';
import { MAX_SUMMARISED_CHARS } from '../../server/src/host/taint-summaries';
import { random } from '../helpers/incremental-edits';
import { HELPER_NAME_INITIALS, isLlmHelperName, MODEL_OUTPUT_SOURCE_TEXT, mayOriginateModelOutput } from '../../server/src/rules/shared/taint/model-output-names';

const folders: string[] = [];
after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

const ASKS_MODEL = 'from openai import OpenAI\nclient = OpenAI()\n\ndef draft(task):\n    return client.chat.completions.create(model="m", messages=[]).choices[0].message.content\n';
const HELPER = '\ndef ask_llm(question):\n    return question\n';

const PACKAGE_FOLDERS = ['app', 'app/core', 'app/core/deep', 'app/io', 'lib', 'lib/inner', 'src/srcpkg', 'src/srcpkg/sub'];
const NAMES = ['alpha', 'beta', 'utils', 'helpers', 'core', 'io', 'deep'];

interface Module {
  /** Relative to the root, `/`-separated. */
  path: string;
  /** The dotted name an absolute import uses (under `src/`, without it). */
  dotted: string[];
}

function moduleOf(path: string): Module {
  const parts = path.replace(/\.py$/, '').split('/');
  if (parts[parts.length - 1] === '__init__') parts.pop();
  if (parts[0] === 'src') parts.shift();
  return { path, dotted: parts };
}

/** One import of `target` written from `importer`, in a shape chosen at random among those that reach it. */
function importOf(importer: Module, target: Module, next: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const name = target.dotted.join('.');
  const last = target.dotted[target.dotted.length - 1] ?? '';
  const parent = target.dotted.slice(0, -1).join('.');
  const shapes = [`import ${name}`, `import ${name} as m${Math.floor(next() * 9)}`];
  if (parent) shapes.push(`from ${parent} import ${last}`, `from ${parent} import (${last} as l,\n    other)`, `import ${parent}\n${parent}.${last}.run(x)`);
  shapes.push(`from ${name} import *`, `from ${name} import thing`);
  // Relative forms when both live under the same top folder (`src/` modules among themselves, others among themselves).
  const importerFolder = importer.path.split('/').slice(0, -1);
  const targetParts = target.path.replace(/\.py$/, '').split('/');
  if (targetParts[targetParts.length - 1] === '__init__') targetParts.pop();
  if (importerFolder[0] === targetParts[0]) {
    let common = 0;
    while (common < importerFolder.length && common < targetParts.length && importerFolder[common] === targetParts[common]) common += 1;
    const dots = '.'.repeat(importerFolder.length - common + 1);
    const rest = targetParts.slice(common);
    if (rest.length === 0) shapes.push(`from ${dots} import *`, `from ${dots} import anything`);
    else shapes.push(`from ${dots}${rest.slice(0, -1).join('.')} import ${rest[rest.length - 1]}`, `from ${dots}${rest.join('.')} import f`);
  }
  return pick(shapes);
}

function generatedProject(seed: number): { root: string; files: string[] } {
  const next = random(seed);
  const root = mkdtempSync(join(tmpdir(), 'aisec-closure-sources-'));
  folders.push(root);
  const modules: Module[] = [];
  for (const folder of PACKAGE_FOLDERS) {
    modules.push(moduleOf(`${folder}/__init__.py`));
    for (const name of NAMES) if (next() < 0.35) modules.push(moduleOf(`${folder}/${name}.py`));
  }
  // A module beside its package's folder, one at the root, and scripts no import can name.
  modules.push(moduleOf('app.py'), moduleOf('toplevel.py'));
  const scripts = ['my-scripts/run.py', 'my-scripts/alpha.py', 'tools/run-all.py'];
  const texts = new Map<string, string>();
  for (const module of [...modules, ...scripts.map((path) => ({ path, dotted: [] }))]) {
    const lines: string[] = [];
    const count = Math.floor(next() * 4);
    for (let i = 0; i < count; i++) lines.push(importOf(module, modules[Math.floor(next() * modules.length)] as Module, next));
    if (module.path.startsWith('my-scripts/') && next() < 0.5) lines.push('from . import alpha');
    // Relative imports above the root (`from .. import x` one folder below it).
    if (next() < 0.08) lines.push(`from ${'.'.repeat(module.path.split('/').length + (next() < 0.5 ? 0 : 1))} import outside`);
    if (next() < 0.07) lines.push(ASKS_MODEL);
    else if (next() < 0.05) lines.push(HELPER);
    lines.push('def run(x):\n    exec(x)\n');
    let text = lines.join('\n');
    if (next() < 0.05) text += `\n# ${'x'.repeat(MAX_SUMMARISED_CHARS)}\n`;
    texts.set(module.path, text);
  }
  for (const [path, text] of texts) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  // A module above the root that the climbing imports may reach, and a linked folder.
  writeFileSync(join(dirname(root), `${relative(dirname(root), root)}.py`), next() < 0.5 ? ASKS_MODEL : 'x = 1\n');
  folders.push(join(dirname(root), `${relative(dirname(root), root)}.py`));
  symlinkSync(join(root, 'lib', 'inner'), join(root, 'linked'), 'dir');
  return { root, files: [...texts.keys()] };
}

function facts(root: string, filesFixed: boolean, fileStates: FileStates = memoisedFileStates()) {
  return importClosureFacts({ baseFolder: root, projectRoot: root, fileStates, filesFixed, sourcesAfterModules: 0 });
}

test('closure from the sources: the forward walk\'s answer for every module and bound of generated projects', () => {
  let questions = 0;
  let trueAnswers = 0;
  for (let seed = 1; seed <= 40; seed++) {
    const { root, files } = generatedProject(seed);
    const forward = facts(root, false);
    const fromSources = facts(root, true);
    for (const levels of [1, 2, 3, 4, Number.POSITIVE_INFINITY]) {
      for (const file of [...files, 'linked/__init__.py']) {
        const expected = forward.importClosureMatches(file, MODEL_OUTPUT_SOURCE_TEXT, levels);
        assert.equal(fromSources.importClosureMatches(file, MODEL_OUTPUT_SOURCE_TEXT, levels), expected, `seed ${seed}, ${file}, ${levels} levels`);
        questions += 1;
        if (expected) trueAnswers += 1;
      }
    }
  }
  // Both answers occur often enough for the comparison to mean something.
  assert.ok(trueAnswers > questions / 10 && trueAnswers < questions * 0.9, `${trueAnswers} of ${questions}`);
});

test('closure from the sources: a false answer resolves no import of a module that names no passing one', () => {
  const root = mkdtempSync(join(tmpdir(), 'aisec-closure-sources-'));
  folders.push(root);
  const files: Record<string, string> = {
    'pkg/__init__.py': '',
    'pkg/main.py': 'from .a import f\nimport pkg.b\nexec(f())\n',
    'pkg/a.py': 'from .c import g\nfrom .d import h\n',
    'pkg/b.py': 'from . import c\n',
    'pkg/c.py': 'import pkg.d\n',
    'pkg/d.py': 'x = 1\n',
    'other/llm.py': ASKS_MODEL,
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const probed: string[] = [];
  const states = memoisedFileStates();
  const counting: FileStates = {
    isRegularFile: (path) => {
      probed.push(path);
      return states.isRegularFile(path);
    },
    stampOf: (path) => states.stampOf(path),
  };
  assert.equal(facts(root, true, counting).importClosureMatches('pkg/main.py', MODEL_OUTPUT_SOURCE_TEXT, 3), false);
  assert.equal(probed.length, 0, probed.join(', '));
  assert.equal(facts(root, false, counting).importClosureMatches('pkg/main.py', MODEL_OUTPUT_SOURCE_TEXT, 3), false);
  assert.ok(probed.some((path) => path.endsWith(`${sep}c.py`)), 'the forward walk resolves the imports of its modules');
});

test('closure from the sources: relative imports that may resolve above the root', () => {
  const root = join(tmpdir(), 'project');
  assert.equal(climbsAboveRoot('from ..x import y\n', join(root, 'pkg', 'a.py'), root), false);
  assert.equal(climbsAboveRoot('from .. import x\n', join(root, 'pkg', 'a.py'), root), true);
  assert.equal(climbsAboveRoot('from . import x\n', join(root, 'pkg', 'a.py'), root), false);
  assert.equal(climbsAboveRoot('from . import x\n', join(root, 'a.py'), root), true);
  assert.equal(climbsAboveRoot('from .x import y\n', join(root, 'a.py'), root), false);
  assert.equal(climbsAboveRoot('from ..x import y\n', join(root, 'a.py'), root), true);
  assert.equal(climbsAboveRoot('from \\\n  ... import x\n', join(root, 'pkg', 'a.py'), root), true);
  assert.equal(climbsAboveRoot('import os\n', join(root, 'a.py'), root), false);
});

/** The identifier reading the source-text test had before it read character codes. */
function helperNameByPattern(text: string): boolean {
  const seen = new Set<string>();
  for (const [name] of text.matchAll(/[A-Za-z_$][\w$]*/g)) {
    if (name.length < 5 || !HELPER_NAME_INITIALS.has(name.charCodeAt(0) | 0x20) || seen.has(name)) continue;
    seen.add(name);
    if (isLlmHelperName(name)) return true;
  }
  return false;
}

test('source text: helper names are read as a global search of identifiers reads them (digits, `$`, other scripts)', () => {
  const texts = ['x = ask_llm(q)', '3ask_llm()', 'x9ask_llm()', '$ask_llm', 'ask_llm$', 'éask_llm', 'ask_llmé', 'ask_llm_x', 'ask_l\u00edm', '_ask_llm', 'query_gpt4(', 'get_completion', 'a.get_chat_completion()', 'ask_llm', 'ask_ll', '𝒜ask_llm', 'generate_code()', 'def run_model(): pass', ''];
  const next = random(7);
  const alphabet = ['a', 's', 'k', '_', 'l', 'm', '3', '$', ' ', '.', 'é', 'g', 'p', 't', 'q', 'u', 'e', 'r', 'y', '\n'];
  for (let i = 0; i < 2_000; i++) texts.push(Array.from({ length: 5 + Math.floor(next() * 20) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(''));
  for (const text of texts) assert.equal(mayOriginateModelOutput(text), helperNameByPattern(text), JSON.stringify(text));
});
