/**
 * The host's project pass for model-output flows across modules: modules resolve as Python and JS import
 * them, summaries come from the real engine over real files, an edited helper is summarised again, the
 * depth bound stops chains of modules, and large modules are not summarised.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadEngine } from '../../server/src/host/load-engine';
import { MAX_DEPTH, MAX_SUMMARISED_CHARS, projectRootFor, resolveModule, taintSummaryFacts } from '../../server/src/host/taint-summaries';
import { TaintDependents } from '../../server/src/host/taint-dependents';
import { LIVE_FILE_STATES, memoisedFileStates } from '../../server/src/host/file-states';

const folders: string[] = [];
after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'aisec-taint-summaries-'));
  folders.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const ASKS_MODEL = 'from openai import OpenAI\nclient = OpenAI()\n\ndef draft(task):\n    return client.chat.completions.create(model="m", messages=[]).choices[0].message.content\n';
const RUNS_CODE = 'def run(code):\n    exec(code)\n';

test('Python modules resolve relative, absolute (from any folder above, or src/) and as packages; JS relative imports with or without extension', () => {
  const root = project({
    'src/app/main.py': '',
    'src/app/llm.py': '',
    'src/app/tools/__init__.py': '',
    'src/app/tools/shell.py': '',
    'web/lib/ask.ts': '',
    'web/index.ts': '',
    'web/util/index.js': '',
  });
  const main = join(root, 'src/app/main.py');
  assert.equal(resolveModule(main, '.llm', root), join(root, 'src/app/llm.py'));
  assert.equal(resolveModule(main, '.tools', root), join(root, 'src/app/tools/__init__.py'));
  assert.equal(resolveModule(join(root, 'src/app/tools/shell.py'), '..llm', root), join(root, 'src/app/llm.py'));
  assert.equal(resolveModule(main, 'app.tools.shell', root), join(root, 'src/app/tools/shell.py'));
  assert.equal(resolveModule(main, 'os', root), undefined);
  const index = join(root, 'web/index.ts');
  assert.equal(resolveModule(index, './lib/ask', root), join(root, 'web/lib/ask.ts'));
  assert.equal(resolveModule(index, './lib/ask.js', root), join(root, 'web/lib/ask.ts'));
  assert.equal(resolveModule(index, './util', root), join(root, 'web/util/index.js'));
  assert.equal(resolveModule(index, 'openai', root), undefined);
});

test('a module summary says which function returns model output and which parameter reaches a sink', async () => {
  const engine = await loadEngine();
  const root = project({ 'pkg/main.py': '', 'pkg/llm.py': ASKS_MODEL + RUNS_CODE + 'def count(text):\n    return len(text)\n' });
  const facts = taintSummaryFacts({ engine, baseFolder: root, projectRoot: root });
  const summary = facts.taintSummary('pkg/main.py', '.llm');
  assert.ok(summary);
  assert.equal(summary.path, 'pkg/llm.py');
  assert.equal(summary.functions.draft?.returnsSource?.label, 'client.chat.completions.create');
  assert.deepEqual(summary.functions.run?.paramSinks.map((s) => [s.param, s.kind, s.label, s.line]), [[0, 'code', 'exec', 7]]);
  assert.equal(summary.functions.count, undefined, 'a function that only measures its input says nothing');
  assert.equal(facts.taintSummary('pkg/main.py', '.missing'), undefined);
});

test('an edited helper is summarised again; an unchanged one is reused', async () => {
  const engine = await loadEngine();
  const root = project({ 'main.py': '', 'helpers.py': 'import subprocess\n\ndef run(code):\n    return subprocess.run(["ls"])\n' });
  const facts = taintSummaryFacts({ engine, baseFolder: root, projectRoot: root });
  const before = facts.taintSummary('main.py', 'helpers');
  assert.ok(before);
  assert.equal(before.functions.run, undefined, 'a literal command: the parameter reaches nothing');
  assert.equal(facts.taintSummary('main.py', 'helpers'), before, 'the cached summary is returned while the file is unchanged');
  writeFileSync(join(root, 'helpers.py'), RUNS_CODE + '# edited\n');
  utimesSync(join(root, 'helpers.py'), new Date(), new Date(Date.now() + 5000));
  const after = facts.taintSummary('main.py', 'helpers');
  assert.deepEqual(after?.functions.run?.paramSinks.map((s) => s.label), ['exec']);
});

test('summaries compose over as many levels of modules as the bound allows, no deeper', async () => {
  const engine = await loadEngine();
  // Modules m0 → m1 → ... → m{MAX_DEPTH}: each passes its parameter on; the last runs it.
  const files: Record<string, string> = { 'main.py': '' };
  for (let i = 0; i < MAX_DEPTH; i++) files[`m${i}.py`] = `from m${i + 1} import run_${i + 1}\n\ndef run_${i}(code):\n    return run_${i + 1}(code)\n`;
  files[`m${MAX_DEPTH}.py`] = RUNS_CODE.replace('def run(', `def run_${MAX_DEPTH}(`);
  const root = project(files);
  const facts = taintSummaryFacts({ engine, baseFolder: root, projectRoot: root });
  assert.deepEqual(facts.taintSummary('main.py', 'm1')?.functions.run_1?.paramSinks.map((s) => s.label), ['exec'], `m1 reaches the sink of m${MAX_DEPTH} (${MAX_DEPTH} levels)`);
  assert.deepEqual(facts.taintSummary('main.py', 'm0')?.functions.run_0?.paramSinks ?? [], [], `m0 would need ${MAX_DEPTH + 1} levels`);
});

test("a class's summary says what its methods keep, write and run; a kept parameter that is written and run is a parameter sink", async () => {
  const engine = await loadEngine();
  const root = project({
    'main.py': '',
    'files.py': 'import os\n\nclass Files:\n    def __init__(self):\n        self.folder = "out"\n        self.books = {}\n\n    def merge(self, text):\n        self.books["main.py"] = text\n\n    def save(self):\n        for name in self.books:\n            with open(os.path.join(self.folder, name), "w") as out:\n                out.write(self.books[name])\n',
    'env.py': 'import subprocess\nfrom files import Files\n\nclass Env:\n    def __init__(self):\n        self.files = Files()\n\n    def update(self, reply):\n        self.files.merge(reply)\n\n    def rewrite(self):\n        self.files.save()\n\n    def test(self):\n        return subprocess.run(["python3", "main.py"], cwd="out")\n',
    'notes.py': 'import subprocess\nfrom files import Files\n\nclass Notes:\n    def __init__(self):\n        self.files = Files()\n\n    def update(self, reply):\n        self.files.merge(reply)\n\n    def rewrite(self):\n        self.files.save()\n\n    def version(self):\n        return subprocess.run(["git", "--version"])\n',
  });
  const facts = taintSummaryFacts({ engine, baseFolder: root, projectRoot: root });
  const files = facts.taintSummary('main.py', 'files')?.classes.Files?.methods;
  assert.deepEqual(files?.merge?.stores, [{ param: 1, attribute: 'books' }]);
  assert.deepEqual(files?.save?.writes, ['books']);
  const env = facts.taintSummary('main.py', 'env')?.classes.Env?.methods;
  assert.deepEqual(env?.update?.stores, [{ param: 1, attribute: 'files.books' }], 'kept through the object the class holds');
  assert.deepEqual(env?.rewrite?.writes, ['files.books']);
  assert.equal(env?.test?.runsFiles?.label, 'subprocess.run');
  assert.deepEqual(env?.update?.paramSinks.map((s) => [s.param, s.kind, s.label, s.line]), [[1, 'code', 'subprocess.run', 15]]);
  const notes = facts.taintSummary('main.py', 'notes')?.classes.Notes?.methods;
  assert.deepEqual(notes?.update?.paramSinks ?? [], [], 'a class that runs no program file: keeping and writing run nothing');
});

test('a summary built on another module is rebuilt when that module changes, and the dependants are recorded', async () => {
  const engine = await loadEngine();
  const root = project({
    'main.py': '',
    'b.py': 'from c import run_c\n\ndef run_b(code):\n    return run_c(code)\n',
    'c.py': RUNS_CODE.replace('def run(', 'def run_c('),
  });
  const dependents = new TaintDependents();
  const facts = taintSummaryFacts({ engine, baseFolder: root, projectRoot: root, dependents });
  const sink = facts.taintSummary('main.py', 'b')?.functions.run_b?.paramSinks[0];
  assert.equal(sink?.label, 'exec');
  assert.deepEqual(
    sink?.steps.map((s) => [s.path, s.range.start.line, s.message]),
    [
      ['b.py', 3, 'passed to `run_c()` as `code` (c.py)'],
      ['c.py', 1, 'reaches `exec`'],
    ],
    'each step names its file and range, the sink of c included',
  );
  assert.deepEqual(dependents.of(join(root, 'c.py')), [join(root, 'main.py')], 'main.py used c through b');
  assert.deepEqual(dependents.of(join(root, 'b.py')), [join(root, 'main.py')]);
  writeFileSync(join(root, 'c.py'), 'def run_c(code):\n    return len(code)\n');
  utimesSync(join(root, 'c.py'), new Date(), new Date(Date.now() + 5000));
  assert.deepEqual(facts.taintSummary('main.py', 'b')?.functions.run_b?.paramSinks ?? [], [], 'b.py is unchanged, but c no longer runs its argument');
});

test('a module that hands on another module\'s model output is a source, and its summary is rebuilt when the module below gains a model call', async () => {
  const engine = await loadEngine();
  const root = project({
    'main.py': '',
    'relay.py': 'from drafts import draft\n\ndef cleaned(task):\n    return draft(task).strip()\n',
    'drafts.py': 'def draft(task):\n    return "print(1)"\n',
  });
  const facts = taintSummaryFacts({ engine, baseFolder: root, projectRoot: root });
  assert.equal(facts.taintSummary('main.py', 'relay')?.functions.cleaned, undefined, 'no module below relay.py has source text: nothing to say');
  writeFileSync(join(root, 'drafts.py'), ASKS_MODEL);
  utimesSync(join(root, 'drafts.py'), new Date(), new Date(Date.now() + 5000));
  const cleaned = facts.taintSummary('main.py', 'relay')?.functions.cleaned;
  assert.equal(cleaned?.returnsSource?.label, 'client.chat.completions.create', 'relay.py is unchanged, but what it imports now asks a model');
});

test('modules longer than the bound are not summarised', async () => {
  const engine = await loadEngine();
  const padding = `# ${'x'.repeat(78)}\n`.repeat(Math.ceil(MAX_SUMMARISED_CHARS / 80) + 1);
  const root = project({ 'main.py': '', 'big.py': RUNS_CODE + padding });
  const facts = taintSummaryFacts({ engine, baseFolder: root, projectRoot: root });
  assert.equal(facts.taintSummary('main.py', 'big'), undefined);
});

test('absolute imports resolve within the project root holding the file; a file outside every root resolves from its own folder only', async () => {
  const engine = await loadEngine();
  const workspace = project({ 'app/main.py': '', 'src/helpers.py': RUNS_CODE, 'src/pkg/llm.py': ASKS_MODEL });
  const second = project({ 'tool/main.py': '', 'helpers.py': RUNS_CODE.replace('def run(', 'def run_second(') });
  const outside = project({ 'lib/script.py': '', 'lib/helpers.py': RUNS_CODE.replace('def run(', 'def run_outside(') });
  assert.equal(projectRootFor(join(second, 'tool/main.py'), [workspace, second]), second);
  assert.equal(projectRootFor(join(outside, 'lib/script.py'), [workspace, second]), join(outside, 'lib'));
  const facts = taintSummaryFacts({ engine, baseFolder: '/', projectRoot: workspace, projectRoots: () => [workspace, second] });
  assert.ok(facts.taintSummary(join(workspace, 'app/main.py'), 'helpers')?.functions.run, 'the workspace file finds src/helpers.py');
  assert.ok(facts.taintSummary(join(second, 'tool/main.py'), 'helpers')?.functions.run_second, 'the second folder resolves within itself');
  assert.ok(facts.taintSummary(join(outside, 'lib/script.py'), 'helpers')?.functions.run_outside, 'a file outside every folder finds its sibling');
  assert.equal(facts.taintSummary(join(outside, 'lib/script.py'), 'pkg.llm'), undefined, "a file outside every folder never resolves into the first folder's src/");
});

test("a scan's memoised file states give the summaries the disk gives, and keep the first answer where the live states see a file appear", async () => {
  const engine = await loadEngine();
  const root = project({
    'src/app/main.py': '',
    'src/app/b.py': 'from app.c import run_c\n\ndef run_b(code):\n    return run_c(code)\n',
    'src/app/c.py': RUNS_CODE.replace('def run(', 'def run_c('),
    'src/app/llm.py': ASKS_MODEL,
  });
  const live = taintSummaryFacts({ engine, baseFolder: root, projectRoot: root });
  const scan = taintSummaryFacts({ engine, baseFolder: root, projectRoot: root, fileStates: memoisedFileStates() });
  for (const module of ['.b', 'app.b', '.c', '.llm', '.missing', 'os']) {
    assert.deepEqual(scan.taintSummary('src/app/main.py', module), live.taintSummary('src/app/main.py', module), `${module}: the same summary with and without the memo`);
  }
  assert.deepEqual(scan.taintSummary('src/app/main.py', 'app.b')?.functions.run_b?.paramSinks.map((s) => s.label), ['exec']);
  const states = memoisedFileStates();
  const appearing = join(root, 'src/app/late.py');
  assert.equal(states.isRegularFile(appearing), false);
  assert.equal(states.stampOf(appearing), undefined);
  writeFileSync(appearing, RUNS_CODE);
  assert.equal(states.isRegularFile(appearing), false, 'the memo keeps the answer of the first probe (a scan treats its tree as fixed)');
  assert.equal(states.stampOf(appearing), undefined);
  assert.equal(LIVE_FILE_STATES.isRegularFile(appearing), true, 'the live states ask the disk again');
  assert.equal(LIVE_FILE_STATES.stampOf(appearing)?.size, RUNS_CODE.length);
});

test('resolution asks the given predicate whether a candidate is a file', () => {
  const root = project({ 'src/app/main.py': '' });
  const asked: string[] = [];
  const pretend = (path: string): boolean => {
    asked.push(path);
    return path === join(root, 'src/app/ghost.py');
  };
  assert.equal(resolveModule(join(root, 'src/app/main.py'), '.ghost', root, pretend), join(root, 'src/app/ghost.py'), 'a file only the predicate knows');
  assert.equal(resolveModule(join(root, 'src/app/main.py'), '.ghost', root), undefined, 'the disk by default');
  assert.deepEqual(asked, [join(root, 'src/app/ghost.py')]);
});
