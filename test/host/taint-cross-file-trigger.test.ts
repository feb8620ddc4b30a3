/**
 * A file without a sink of its own is analysed for model output flowing into other project modules only when
 * its code names something that runs what it is given (`shell`, `Process`, `kernel`, `interpreter`, ...). A
 * mention in a comment or a docstring is prose: it asks for no summary of another module (in ML code those
 * words name `ProcessGroup` and CUDA kernels). A string used as a value (a prompt) still counts. Real files,
 * the real engine and the host's summary pass, with the summaries asked for counted.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadEngine } from '../../server/src/host/load-engine';
import { taintSummaryFacts } from '../../server/src/host/taint-summaries';
import type { EnginePorts } from '../../server/src/engine/index';

const folders: string[] = [];
after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

const HELPERS = 'def run_snippet(code):\n    exec(code)\n';

/** The AIS28x findings of `main.py` (with `helpers.py` beside it) and how many module summaries the analysis asked for. */
async function analyse(main: string): Promise<{ flows: string[]; summariesAsked: number }> {
  const root = mkdtempSync(join(tmpdir(), 'aisec-cross-trigger-'));
  folders.push(root);
  for (const [path, text] of Object.entries({ 'main.py': main, 'helpers.py': HELPERS })) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const engine = await loadEngine();
  const facts = taintSummaryFacts({ engine, baseFolder: root, projectRoot: root });
  let summariesAsked = 0;
  const ports: EnginePorts = {
    project: { ...facts, taintSummary: (fromPath, module) => ((summariesAsked += 1), facts.taintSummary(fromPath, module)) },
    clock: { now: () => Date.now() },
  };
  const result = engine.analyze({ path: 'main.py', text: readFileSync(join(root, 'main.py'), 'utf8'), ports });
  return { flows: result.findings.filter((f) => f.ruleId.startsWith('AIS28')).map((f) => `${f.ruleId}:${f.range.start.line + 1}`), summariesAsked };
}

const IMPORTS = 'from helpers import run_snippet\nfrom llm import get_completion\n\n';

test('a word that runs code, named in code, sends the file to the cross-module analysis: the flow into the helper is found', async () => {
  const named = await analyse(`${IMPORTS}shell_output = run_snippet(get_completion("write a script"))\n`);
  assert.deepEqual(named.flows, ['AIS280:4']);
  assert.ok(named.summariesAsked > 0);
});

test('a prompt string used as a value counts as code', async () => {
  const prompt = await analyse(`${IMPORTS}PROMPT = "You are a Python interpreter"\noutput = run_snippet(get_completion(PROMPT))\n`);
  assert.deepEqual(prompt.flows, ['AIS280:5']);
  assert.ok(prompt.summariesAsked > 0);
});

test('the same words in comments and docstrings ask for no summary of another module', async () => {
  const prose = await analyse(`"""Process the reply, like a shell would."""\n${IMPORTS}\ndef main():\n    """Runs on the kernel's ProcessGroup."""\n    # an interpreter would do the same\n    return run_snippet(get_completion("write a script"))\n`);
  assert.equal(prose.summariesAsked, 0);
});
