/**
 * The bound on levels of modules behind the analysed file is visible: when a model reply's path goes into a
 * module further away than the host summarises, the analysed file gets an `incomplete` note naming the file
 * and line of the call that went past the bound and the module it went into; a chain within the bound gives
 * the finding and no note. Real files, the real engine and the host's summary pass (as the CLI and the
 * language server use it).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadEngine } from '../../server/src/host/load-engine';
import { MAX_DEPTH, taintSummaryFacts } from '../../server/src/host/taint-summaries';
import type { AnalysisResult, EnginePorts } from '../../server/src/engine/index';

const folders: string[] = [];
after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'aisec-taint-depth-'));
  folders.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

async function analyse(root: string, path: string): Promise<AnalysisResult> {
  const engine = await loadEngine();
  const ports: EnginePorts = { project: taintSummaryFacts({ engine, baseFolder: root, projectRoot: root }), clock: { now: () => Date.now() } };
  return engine.analyze({ path, text: readFileSync(join(root, path), 'utf8'), ports });
}

const incomplete = (r: AnalysisResult): string => r.notes.filter((n) => n.kind === 'incomplete').map((n) => n.message).join('\n');
const flows = (r: AnalysisResult): string[] => r.findings.filter((f) => f.ruleId.startsWith('AIS28')).map((f) => `${f.ruleId}:${f.range.start.line}`);

const CALLER = 'from openai import OpenAI\nfrom a import run_a\n\nclient = OpenAI()\nreply = client.chat.completions.create(model="m", messages=[]).choices[0].message.content\nrun_a(reply)\n';
/** Python modules `a` → `b` → ... each passing its parameter on to the next; the last runs it. */
function pythonChain(levels: number): Record<string, string> {
  const names = 'abcdefgh'.slice(0, levels).split('');
  const files: Record<string, string> = { 'main.py': CALLER };
  names.forEach((name, i) => {
    const next = names[i + 1];
    files[`${name}.py`] = next ? `from ${next} import run_${next}\n\ndef run_${name}(code):\n    return run_${next}(code)\n` : `def run_${name}(code):\n    exec(code)\n`;
  });
  return files;
}

test('a Python chain within the bound gives the finding and no note', async () => {
  const r = await analyse(project(pythonChain(MAX_DEPTH)), 'main.py');
  assert.deepEqual(flows(r), ['AIS280:5']);
  assert.equal(incomplete(r), '');
});

test('a Python chain one module past the bound: no finding, and a note naming the call that went past it', async () => {
  const r = await analyse(project(pythonChain(MAX_DEPTH + 1)), 'main.py');
  assert.deepEqual(flows(r), []);
  const [last, past] = ['abcdefgh'[MAX_DEPTH - 1], 'abcdefgh'[MAX_DEPTH]];
  assert.equal(incomplete(r), `analysis limits reached, so findings may be missing: model output was not followed into project modules more than ${MAX_DEPTH} imports away (\`${last}.py\` line 4 calls into \`${past}.py\`)`);
});

test('a chain past the bound that model output never enters gives no note', async () => {
  const files = pythonChain(MAX_DEPTH + 1);
  files['main.py'] = 'from a import run_a\n\nrun_a("print(1)")\nexec(input())\n';
  const r = await analyse(project(files), 'main.py');
  assert.equal(incomplete(r), '');
});

/** TypeScript modules `a` → `b` → ... each passing its parameter on to the next; the last evaluates it. */
function typescriptChain(levels: number): Record<string, string> {
  const names = 'abcdefgh'.slice(0, levels).split('');
  const files: Record<string, string> = {
    'main.ts': "import OpenAI from 'openai';\nimport { runA } from './a';\n\nconst client = new OpenAI();\nexport async function main(): Promise<void> {\n  const r = await client.chat.completions.create({ model: 'm', messages: [] });\n  runA(r.choices[0].message.content ?? '');\n}\n",
  };
  const fn = (name: string): string => `run${name.toUpperCase()}`;
  names.forEach((name, i) => {
    const next = names[i + 1];
    files[`${name}.ts`] = next ? `import { ${fn(next)} } from './${next}';\n\nexport function ${fn(name)}(code: string): void {\n  ${fn(next)}(code);\n}\n` : `export function ${fn(name)}(code: string): void {\n  eval(code);\n}\n`;
  });
  return files;
}

test('a TypeScript chain past the bound is noted the same way', async () => {
  const root = project(typescriptChain(MAX_DEPTH + 1));
  const r = await analyse(root, 'main.ts');
  assert.deepEqual(flows(r), []);
  const [last, past] = ['abcdefgh'[MAX_DEPTH - 1], 'abcdefgh'[MAX_DEPTH]];
  assert.match(incomplete(r), new RegExp(`more than ${MAX_DEPTH} imports away \\(\`${last}\\.ts\` line 4 calls into \`${past}\\.ts\`\\)$`));
  // One module fewer: the flow is found.
  writeFileSync(join(root, `${last}.ts`), `export function run${last.toUpperCase()}(code: string): void {\n  eval(code);\n}\n`);
  const within = await analyse(root, 'main.ts');
  assert.equal(flows(within).length, 1, JSON.stringify(within.findings.map((f) => f.ruleId)));
  assert.equal(incomplete(within), '');
});
