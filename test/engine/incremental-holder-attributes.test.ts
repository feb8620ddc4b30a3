/**
 * A caller reaching a runner through an object of an imported class (`self.agent.computer.run(code)`, the class of
 * `computer` named only in the agent's module): edits of the caller (inside the method, in the constructor that
 * makes the holder) and of the holder's module (unsaved, then on disk) must give what a fresh analysis gives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEngine } from '../../server/src/host/load-engine';
import { taintSummaryFacts } from '../../server/src/host/taint-summaries';
import type { AnalysisResult } from '../../server/src/engine/index';
import { comparable } from '../helpers/incremental-edits';

const COMPUTER = 'import subprocess\n\n\nclass Computer:\n    def run(self, language, code):\n        return subprocess.run(code, shell=True)\n\n\nclass Display:\n    def run(self, language, code):\n        print(code)\n';
const AGENT = 'from computer import Computer, Display\n\n\nclass Agent:\n    def __init__(self):\n        self.computer = Computer()\n        self.display = Display()\n';

test('edits of a caller that runs code through an imported holder\'s attribute, and of the holder\'s module, equal fresh analyses', async () => {
  const engine = await loadEngine();
  const root = mkdtempSync(join(tmpdir(), 'aisec-incremental-holder-'));
  try {
    writeFileSync(join(root, 'computer.py'), COMPUTER);
    writeFileSync(join(root, 'agent.py'), AGENT);
    const others = Array.from({ length: 20 }, (_, i) => `\n\ndef other_${i}(value):\n    return value + ${i}\n`).join('');
    const text = 'from openai import OpenAI\n\nfrom agent import Agent\n\nclient = OpenAI()\n\n\nclass Session:\n    def __init__(self):\n        self.agent = Agent()\n\n    def step(self, task):\n        reply = client.chat.completions.create(model="m", messages=[]).choices[0].message.content\n        return self.agent.computer.run("shell", reply)\n' + others;
    const unsaved = new Map<string, { text: string; version: number }>();
    const ports = { project: taintSummaryFacts({ engine, baseFolder: root, projectRoot: root, openText: (file) => unsaved.get(file) }) };
    const path = join(root, 'main.py');
    const doc = engine.openDocument(path, text);
    const same = (label: string): AnalysisResult => {
      const result = engine.analyzeDocument(doc, undefined, ports);
      assert.deepEqual(comparable(result), comparable(engine.analyze({ path, text: doc.text, ports })), label);
      return result;
    };
    const runs = (result: AnalysisResult): boolean => result.findings.some((f) => f.ruleId === 'AIS281');
    const first = same('first run');
    assert.ok(runs(first), 'the model reply reaches the shell of the computer the agent holds');
    // The flow ends in the computer's module, where the reply runs.
    assert.ok(first.findings.find((f) => f.ruleId === 'AIS281')?.flow?.some((s) => s.path === join(root, 'computer.py')), 'a flow step lies in computer.py');
    // A statement typed inside `step` that nothing reads (the early cutoff's case), then the display used instead.
    doc.applyChanges([{ range: { start: { line: 13, column: 0 }, end: { line: 13, column: 0 } }, text: '        count = 1\n' }]);
    assert.ok(runs(same('an inert statement typed in step')));
    doc.applyChanges([{ text: doc.text.replace('self.agent.computer.run', 'self.agent.display.run') }]);
    assert.ok(!runs(same('the display runs nothing')));
    doc.applyChanges([{ text: doc.text.replace('self.agent.display.run', 'self.agent.computer.run') }]);
    assert.ok(runs(same('back to the computer')));
    // The constructor no longer makes an agent: the attribute's class is unknown.
    doc.applyChanges([{ text: doc.text.replace('self.agent = Agent()', 'self.agent = None') }]);
    assert.ok(!runs(same('no agent made')));
    doc.applyChanges([{ text: doc.text.replace('self.agent = None', 'self.agent = Agent()') }]);
    assert.ok(runs(same('the agent made again')));
    // The holder's module edited in the editor, unsaved: its computer is a display; the host forgets the caller's analysis.
    unsaved.set(join(root, 'agent.py'), { text: AGENT.replace('self.computer = Computer()', 'self.computer = Display()'), version: 2 });
    doc.forgetAnalysis();
    assert.ok(!runs(same('the holder edited, unsaved')));
    unsaved.delete(join(root, 'agent.py'));
    doc.forgetAnalysis();
    assert.ok(runs(same('the holder closed unsaved')));
    // Saved to disk that way.
    writeFileSync(join(root, 'agent.py'), AGENT.replace('self.computer = Computer()', 'self.computer = Display()') + '\n');
    doc.forgetAnalysis();
    assert.ok(!runs(same('the holder saved')));
    doc.dispose();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
