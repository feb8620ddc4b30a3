/**
 * Install lines in documentation are instructions for a reader: in Markdown their findings are warnings at
 * most, while the same command in a shell script keeps its severity; prose in a shell comment is no command.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import { createPackageIntel } from '../../server/src/intel/index';
import type { EnginePorts } from '../../server/src/engine/index';

const offline = (): EnginePorts => ({ intel: createPackageIntel({ online: false }) });

// `npx` runs the look-alike at once, so a typosquat there is an error in a script.
const COMMAND = 'npx expresss --help\n';

test('an install line in a README or a notebook cell is never an error; in a shell script it keeps its severity', async () => {
  const engine = await loadEngine();
  const ports = offline();
  const script = engine.analyze({ path: 'setup.sh', text: COMMAND, ports }).findings.filter((f) => f.ruleId === 'AIS503');
  const readme = engine.analyze({ path: 'README.md', text: `# Setup\n\n\`\`\`bash\n${COMMAND}\`\`\`\n`, ports }).findings.filter((f) => f.ruleId === 'AIS503');
  assert.deepEqual(script.map((f) => f.severity), ['error']);
  assert.deepEqual(readme.map((f) => f.severity), ['warning']);
  const cell = JSON.stringify({ cells: [{ cell_type: 'code', source: [`!${COMMAND}`], metadata: {}, outputs: [], execution_count: null }], metadata: {}, nbformat: 4, nbformat_minor: 5 });
  const notebook = engine.analyze({ path: 'tutorial.ipynb', text: cell, ports }).findings.filter((f) => f.ruleId === 'AIS503');
  assert.deepEqual(notebook.map((f) => f.severity), ['warning'], 'a notebook install cell is a tutorial step, never an error');
  const compromised = JSON.stringify({ cells: [{ cell_type: 'code', source: ['!npm install debug@4.4.2\n'], metadata: {}, outputs: [], execution_count: null }], metadata: {}, nbformat: 4, nbformat_minor: 5 });
  const malicious = engine.analyze({ path: 'tutorial.ipynb', text: compromised, ports }).findings.filter((f) => f.ruleId === 'AIS501');
  assert.deepEqual(malicious.map((f) => f.severity), ['error'], 'the cell runs: a compromised release stays an error');
});

test('a sentence in a shell comment that mentions an installer is not a command', async () => {
  const engine = await loadEngine();
  const ports = offline();
  const text = '# Tagged so npm install won\'t pick it up by default\nnpm publish --tag dev\n# If you have no npm in your computer, get it from https://nodejs.org/\n';
  const readme = engine.analyze({ path: 'README.md', text: `\`\`\`bash\n${text}\`\`\`\n`, ports }).findings.filter((f) => f.category === 'dependencies');
  const script = engine.analyze({ path: 'release.sh', text, ports }).findings.filter((f) => f.category === 'dependencies');
  assert.deepEqual(readme, []);
  assert.deepEqual(script, []);
});
