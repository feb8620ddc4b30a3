/**
 * Install lines in documentation are instructions for a reader: in Markdown their findings are warnings at
 * most, while the same command in a shell script keeps its severity; prose in a shell comment is no command.
 * Unpinned/URL installs (AIS507) and old pinned versions (AIS502) there are advisory (audit profile only).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import { createPackageIntel } from '../../server/src/intel/index';
import { DEFAULT_CONFIG } from '../../server/src/engine/index';
import type { EnginePorts, Finding } from '../../server/src/engine/index';

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

const notebookOf = (...lines: string[]): string => JSON.stringify({ cells: [{ cell_type: 'code', source: lines, metadata: {}, outputs: [], execution_count: null }], metadata: {}, nbformat: 4, nbformat_minor: 5 });
const AUDIT = { ...DEFAULT_CONFIG, profile: 'audit' as const };
const ruleAndAdvisory = (f: Finding): string => `${f.ruleId} ${f.advisory ?? 'default'}`;

test('unpinned and vulnerable installs in Markdown and notebook install cells are advisory; in manifests, scripts and code they are not', async () => {
  const engine = await loadEngine();
  const ports = offline();
  const install = 'pip install git+https://github.com/org/mylib.git@main torch==2.5.1\n';
  const documents = [
    { path: 'README.md', text: `# Setup\n\n\`\`\`bash\n${install}\`\`\`\n` },
    { path: 'tutorial.ipynb', text: notebookOf(`!${install}`) },
    { path: 'tutorial2.ipynb', text: notebookOf(`%${install}`) },
  ];
  for (const document of documents) {
    const audit = engine.analyze({ ...document, config: AUDIT, ports }).findings.filter((f) => f.category === 'dependencies');
    assert.deepEqual(audit.map(ruleAndAdvisory).sort(), ['AIS502 reported', 'AIS507 reported'], document.path);
    const quiet = engine.analyze({ ...document, ports }).findings.filter((f) => f.category === 'dependencies');
    assert.deepEqual(quiet, [], `${document.path}: advisory under the default profile`);
    const hints = engine.analyze({ ...document, config: { ...DEFAULT_CONFIG, advisoryHints: true }, ports }).findings.filter((f) => f.category === 'dependencies');
    assert.deepEqual(hints.map(ruleAndAdvisory).sort(), ['AIS502 hint', 'AIS507 hint'], `${document.path}: editor hints`);
  }
  const deployed = [
    { path: 'requirements.txt', text: 'git+https://github.com/org/mylib.git@main\ntorch==2.5.1\n' },
    { path: 'setup.sh', text: install },
    { path: 'Dockerfile', text: `FROM python:3.12\nRUN ${install}` },
    { path: 'install.py', text: `import subprocess\nsubprocess.run(["pip", "install", "git+https://github.com/org/mylib.git@main", "torch==2.5.1"])\n` },
  ];
  for (const file of deployed) {
    const quiet = engine.analyze({ ...file, ports }).findings.filter((f) => f.category === 'dependencies');
    assert.deepEqual(quiet.map(ruleAndAdvisory).sort(), ['AIS502 default', 'AIS507 default'], file.path);
  }
  const malicious = engine.analyze({ path: 'tutorial.ipynb', text: notebookOf('!pip install huggingface-hubs==0.0.1\n'), ports }).findings.filter((f) => f.ruleId === 'AIS501');
  assert.deepEqual(malicious.map(ruleAndAdvisory), ['AIS501 default'], 'a known-malicious package in a notebook stays reported');
  const readme = engine.analyze({ path: 'README.md', text: '```bash\npip install huggingface-hubs==0.0.1\n```\n', ports }).findings.filter((f) => f.ruleId === 'AIS501');
  assert.deepEqual(readme.map(ruleAndAdvisory), ['AIS501 default'], 'a known-malicious package in a README stays reported');
});
