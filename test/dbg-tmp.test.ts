import { test } from 'node:test';
import { loadEngine } from '../server/src/host/load-engine';
test('x', async () => {
  const engine = await loadEngine();
  const t = ['import subprocess', '', 'def _run(command):', '    subprocess.run(command, shell=True)', '', 'def status():', '    _run(request.args["c"])', ''].join('\n');
  console.log(engine.analyze({ path: '/w/h.py', text: t }).findings.map((f) => `${f.ruleId} ${f.range.start.line + 1} ${f.severity}`));
});
