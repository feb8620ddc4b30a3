/**
 * A caller reaching a runner through an object an imported class holds (`self.agent.computer.run(code)`): the class
 * of `computer` is named only in the agent's module, so editing that module in the editor (unsaved) republishes
 * the caller, in both directions.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ALL_MODULES } from '../../server/src/rules/index';
import { startHarness } from './harness';

const COMPUTER = 'import subprocess\n\n\nclass Computer:\n    def run(self, language, code):\n        return subprocess.run(code, shell=True)\n\n\nclass Display:\n    def run(self, language, code):\n        print(code)\n';
const HOLDS_DISPLAY = 'from computer import Computer, Display\n\n\nclass Agent:\n    def __init__(self):\n        self.computer = Display()\n';
const HOLDS_COMPUTER = HOLDS_DISPLAY.replace('self.computer = Display()', 'self.computer = Computer()');
const MAIN =
  'from openai import OpenAI\n\nfrom agent import Agent\n\nclient = OpenAI()\n\n\nclass Session:\n    def __init__(self):\n        self.agent = Agent()\n\n' +
  '    def step(self, task):\n        reply = client.chat.completions.create(model="m", messages=[]).choices[0].message.content\n' +
  '        return self.agent.computer.run("shell", reply)\n';

test('editing the module of a holder class (which class its attribute has) republishes the caller that runs code through it', async () => {
  const root = mkdtempSync(join(tmpdir(), 'aisec-lsp-holder-'));
  writeFileSync(join(root, 'computer.py'), COMPUTER);
  const agent = join(root, 'agent.py');
  writeFileSync(agent, HOLDS_DISPLAY);
  const main = join(root, 'main.py');
  writeFileSync(main, MAIN);
  const uri = pathToFileURL(main).href;
  const agentUri = pathToFileURL(agent).href;
  const h = await startHarness({ modules: ALL_MODULES, workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'w' }] });
  try {
    const first = h.waitForDiagnostics(uri, () => true, 20000);
    h.open(uri, 'python', MAIN);
    assert.ok(!(await first).some((d) => d.code === 'AIS281'), 'the agent holds a display, which runs nothing');

    h.open(agentUri, 'python', HOLDS_DISPLAY);
    const flagged = h.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'AIS281'), 20000);
    h.change(agentUri, 2, [{ text: HOLDS_COMPUTER }]);
    assert.equal((await flagged).find((d) => d.code === 'AIS281')?.range.start.line, 13);

    const cleared = h.waitForDiagnostics(uri, (d) => !d.some((x) => x.code === 'AIS281'), 20000);
    h.change(agentUri, 3, [{ text: HOLDS_DISPLAY }]);
    await cleared;
  } finally {
    await h.dispose();
    rmSync(root, { recursive: true, force: true });
  }
});
