/**
 * Agent instruction files as a file kind: which paths are instruction files, that the CLI walk picks them
 * up inside dot-folders, that an editor language id does not take the kind away, that the rules which
 * read them as Markdown before (secrets, install commands) report exactly what they report in a README,
 * and the front matter reader.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileKindOf, DEFAULT_CONFIG } from '../../server/src/engine/index';
import { loadEngine } from '../../server/src/host/load-engine';
import { ConfigLoader } from '../../server/src/host/config-loader';
import { walkFiles } from '../../server/src/host/walk';
import { ALL_RULES } from '../../server/src/rules/index';
import { readFrontMatter } from '../../server/src/engine/agent-instructions/front-matter';
import { fixturePorts } from '../helpers/ports';
import { generateKey } from '../secrets/keygen';
import picomatch from 'picomatch';
import { ASSISTANT_SETTINGS_PATTERN, INSTRUCTION_FILE_PATTERN } from '../../client/src/assistant-files';

const INSTRUCTION_PATHS = [
  'AGENTS.md', 'sub/AGENTS.override.md', 'CLAUDE.md', '.claude/CLAUDE.md', 'CLAUDE.local.md', 'GEMINI.md', '.cursorrules', '.windsurfrules', '.clinerules',
  '.clinerules/testing.md', '.cursor/rules/style.mdc', '.github/copilot-instructions.md', '.github/instructions/python.instructions.md',
  '.github/prompts/release.prompt.md', '.github/agents/reviewer.agent.md', '.claude/rules/style.md', '.claude/commands/deploy.md', '.claude/agents/reviewer.md',
  '.claude/skills/pdf/SKILL.md', '.github/skills/pdf/SKILL.md', '.windsurf/rules/a.md', '.continue/rules/a.md', '.roo/rules/a.md',
];

test('instruction and rules files of every assistant are the agent-instructions kind; other Markdown stays Markdown', () => {
  for (const path of INSTRUCTION_PATHS) assert.equal(fileKindOf(`/repo/${path}`), 'agent-instructions', path);
  for (const path of ['README.md', 'docs/agents.md', '.github/CONTRIBUTING.md', '.claude/README.txt', 'rules/style.md', 'copilot-instructions.md']) {
    assert.notEqual(fileKindOf(`/repo/${path}`), 'agent-instructions', path);
  }
});

test('an editor language id (markdown, plaintext) keeps the instruction-file kind', async () => {
  const engine = await loadEngine();
  assert.equal(engine.kindOf('/repo/AGENTS.md', 'markdown'), 'agent-instructions');
  assert.equal(engine.kindOf('/repo/.cursorrules', 'plaintext'), 'agent-instructions');
  assert.equal(engine.kindOf('/repo/.cursor/rules/a.mdc', 'mdc'), 'agent-instructions');
});

test('the editor sends every instruction and settings file to the server, and the extension activates on them', () => {
  const isInstruction = picomatch(INSTRUCTION_FILE_PATTERN, { dot: true });
  for (const path of INSTRUCTION_PATHS) assert.ok(isInstruction(`repo/${path}`), `${path} is in the document selector`);
  assert.equal(isInstruction('repo/README.md'), false);
  const isSettings = picomatch(ASSISTANT_SETTINGS_PATTERN, { dot: true });
  for (const path of ['.claude/settings.json', '.gemini/settings.json', '.codex/config.toml', '.cursor/cli.json', '.vscode/settings.json']) {
    assert.ok(isSettings(`repo/${path}`), path);
    assert.equal(fileKindOf(`/repo/${path}`), 'agent-settings', path);
  }
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { activationEvents: string[] };
  for (const name of ['AGENTS.md', 'CLAUDE.md', 'GEMINI.md', '.cursorrules', '.github/copilot-instructions.md', '.cursor/rules/*.mdc']) {
    assert.ok(manifest.activationEvents.includes(`workspaceContains:${name}`), `activates on ${name}`);
  }
});

let root = '';
before(() => {
  root = mkdtempSync(join(tmpdir(), 'aisec-instructions-'));
  mkdirSync(join(root, '.git'));
  for (const path of INSTRUCTION_PATHS) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    // `.clinerules` is both a file and a folder in the list; the folder form wins here.
    if (path === '.clinerules') continue;
    writeFileSync(join(root, path), '# Rules\n');
  }
});
after(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

test('the CLI walk includes instruction files inside .github, .cursor, .claude and other dot-folders', async () => {
  const configs = new ConfigLoader(ALL_RULES, root);
  const walked = new Map<string, string>();
  for await (const entry of walkFiles({ roots: [root], configs, maxFileBytes: () => 100_000 })) if (entry.type === 'file') walked.set(relative(root, entry.path), entry.kind);
  for (const path of INSTRUCTION_PATHS.filter((p) => p !== '.clinerules')) assert.equal(walked.get(path), 'agent-instructions', path);
});

test('secrets and install-command rules report in an instruction file exactly what they report in a README', async () => {
  const engine = await loadEngine();
  const text = [
    '# Setup for the agent',
    '',
    `Use the key ${generateKey('openai', 3)} for the integration tests.`,
    '',
    '```sh',
    'pip install torch==1.13.0 transformers',
    'npm install -g left-pad@1.0.0',
    '```',
    '',
  ].join('\n');
  const audit = { ...DEFAULT_CONFIG, profile: 'audit' as const };
  const keyOf = (f: { ruleId: string; range: { start: { line: number } }; severity: string; advisory?: string }): string => `${f.range.start.line}:${f.ruleId}:${f.severity}:${f.advisory ?? ''}`;
  const inReadme = engine.analyze({ path: join(root, 'README.md'), text, config: audit, ports: fixturePorts(engine, root) }).findings;
  const inAgents = engine.analyze({ path: join(root, 'AGENTS.md'), text, config: audit, ports: fixturePorts(engine, root) }).findings;
  const oldFamilies = (f: { category: string }): boolean => f.category === 'secrets' || f.category === 'dependencies';
  assert.ok(inReadme.some((f) => f.category === 'secrets'), 'the README reports the key');
  assert.ok(inReadme.some((f) => f.category === 'dependencies'), 'the README reports an install line');
  assert.deepEqual(inAgents.filter(oldFamilies).map(keyOf), inReadme.filter(oldFamilies).map(keyOf));
});

test('front matter: keys with their offsets, the body start, and a located error', () => {
  const text = '---\ndescription: Style\nglobs: "**/*.ts"\nalwaysApply: true\nallowed-tools: [Bash, Read]\n---\n# Body\n';
  const front = readFrontMatter(text);
  assert.ok(front && !front.error);
  assert.deepEqual(front.entries.map((e) => [e.key, e.value]), [['description', 'Style'], ['globs', '**/*.ts'], ['alwaysApply', true], ['allowed-tools', ['Bash', 'Read']]]);
  const tools = front.entries[3];
  assert.equal(text.slice(tools.keyStart, tools.keyEnd), 'allowed-tools');
  assert.equal(text.slice(tools.valueStart, tools.valueEnd), '[Bash, Read]');
  assert.equal(text.slice(front.bodyStart), '# Body\n');
  assert.equal(readFrontMatter('# No front matter\n'), undefined);
  const broken = readFrontMatter('---\ndescription: [unclosed\n---\nbody\n');
  assert.ok(broken?.error, 'a malformed block reports an error');
  assert.ok(broken.error.offset >= 4);
});
