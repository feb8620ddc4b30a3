/**
 * AIS853 follows its own remedy: an agent action on outsiders' triggers is an error unless the step lists the
 * agent's tools and none of them is the shell or file writes without a narrower rule; then it is a warning
 * that names the tools (claude-code-action's issue-triage example in the real-code benchmark).
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

test('AIS853 is a warning naming the tools when the list is narrow, and an error otherwise', async () => {
  const engine = await loadEngine();
  const ais853 = (text: string) => engine.analyze({ path: '/repo/.github/workflows/triage.yml', text, config: { ...DEFAULT_CONFIG, projectPath: '.github/workflows/triage.yml' } }).findings.filter((f) => f.ruleId === 'AIS853');
  const narrow = ais853(workflow('          allowed_tools: "Bash(gh label list),mcp__github__get_issue,mcp__github__update_issue"\n'));
  assert.equal(narrow.length, 1);
  assert.equal(narrow[0]!.severity, 'warning');
  assert.match(narrow[0]!.message, /its tools are limited to Bash\(gh label list\), mcp__github__get_issue/);
  assert.equal(ais853(workflow('          allowed_tools: "Bash,mcp__github__get_issue"\n'))[0]?.severity, 'error');
  assert.equal(ais853(workflow('          claude_args: --allowedTools "Write Read"\n'))[0]?.severity, 'error');
  assert.equal(ais853(workflow(''))[0]?.severity, 'error', 'no list: the agent has its default tools');
});
