/**
 * AIS853 follows its own remedy: an agent action on outsiders' triggers is an error unless the step lists the
 * agent's tools and none of them is the shell or file writes without a narrower rule; then it is an advisory
 * information that names the tools (claude-code-action's issue-triage example in the real-code benchmark). An
 * action that checks the actor's write access by default is advisory too, unless it is opened to everyone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG } from '../../server/src/engine/index';
import { loadEngine } from '../../server/src/host/load-engine';
import { explicitToolList, toolsAreNarrow } from '../../server/src/rules/pipeline/shared/agent-actions';

const workflow = (withLines: string): string => `on:\n  issues:\n    types: [opened]\npermissions:\n  contents: read\n  issues: write\njobs:\n  triage:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: anthropics/claude-code-base-action@beta\n        with:\n          prompt: Triage the new issue.\n${withLines}`;

test('tool lists are read from allowed_tools and from --allowedTools in claude_args', () => {
  assert.deepEqual(explicitToolList([{ key: 'allowed_tools', text: 'Bash(gh label list),mcp__github__get_issue, mcp__github__update_issue' }]), ['Bash(gh label list)', 'mcp__github__get_issue', 'mcp__github__update_issue']);
  assert.deepEqual(explicitToolList([{ key: 'claude_args', text: '--max-turns 3 --allowedTools "mcp__github__add_issue_comment Read"' }]), ['mcp__github__add_issue_comment', 'Read']);
  assert.equal(explicitToolList([{ key: 'prompt', text: 'x' }]), undefined);
  assert.ok(toolsAreNarrow(['Bash(gh label list)', 'Read']));
  for (const broad of [['Bash'], ['Bash(*)'], ['Read', 'Write'], ['*']]) assert.ok(!toolsAreNarrow(broad), broad.join());
});

test('AIS853 is an advisory naming the tools when the list is narrow, and an error otherwise', async () => {
  const engine = await loadEngine();
  const ais853 = (text: string) => engine.analyze({ path: '/repo/.github/workflows/triage.yml', text, config: { ...DEFAULT_CONFIG, profile: 'audit', projectPath: '.github/workflows/triage.yml' } }).findings.filter((f) => f.ruleId === 'AIS853');
  const narrow = ais853(workflow('          allowed_tools: "Bash(gh label list),mcp__github__get_issue,mcp__github__update_issue"\n'));
  assert.equal(narrow.length, 1);
  assert.equal(narrow[0]!.severity, 'info');
  assert.equal(narrow[0]!.advisory, 'reported');
  assert.match(narrow[0]!.message, /its tools are limited to Bash\(gh label list\), mcp__github__get_issue/);
  assert.equal(ais853(workflow('          allowed_tools: "Bash,mcp__github__get_issue"\n'))[0]?.severity, 'error');
  assert.equal(ais853(workflow('          claude_args: --allowedTools "Write Read"\n'))[0]?.severity, 'error');
  assert.equal(ais853(workflow(''))[0]?.severity, 'error', 'no list: the agent has its default tools');
});

test('AIS853 on an action that checks the actor is advisory, unless it is opened to everyone', async () => {
  const engine = await loadEngine();
  const run = (withLines: string, profile: 'audit' | 'default') => {
    const text = workflow('').replace('claude-code-base-action@beta', 'claude-code-action@v1') + withLines;
    return engine.analyze({ path: '/repo/.github/workflows/triage.yml', text, config: { ...DEFAULT_CONFIG, profile, projectPath: '.github/workflows/triage.yml' } }).findings.filter((f) => f.ruleId === 'AIS853');
  };
  const checked = run('', 'audit');
  assert.equal(checked[0]?.severity, 'info');
  assert.equal(checked[0]?.advisory, 'reported');
  assert.equal(run('', 'default').length, 0, 'the default profile leaves the advisory out');
  const open = run('          allowed_non_write_users: "*"\n', 'default');
  assert.equal(open[0]?.severity, 'warning');
  assert.match(open[0]!.message, /anyone who can open an issue or comment can drive it/);
});
