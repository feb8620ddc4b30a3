/**
 * `trust_remote_code` on a repository the same file publishes to (`push_to_hub("me/agent")`, then
 * `from_hub("me/agent", trust_remote_code=True)`) loads the author's own code: advisory, with a message that
 * says so. Another repository on the same page, or one the file does not publish, stays reported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import { DEFAULT_CONFIG } from '../../server/src/engine/index';

const AUDIT = { ...DEFAULT_CONFIG, profile: 'audit' as const };
const notebookOf = (...cells: string[]): string => JSON.stringify({ cells: cells.map((source) => ({ cell_type: 'code', source: [source], metadata: {}, outputs: [], execution_count: null })), metadata: {}, nbformat: 4, nbformat_minor: 5 });
const NOTEBOOK = notebookOf(
  'from smolagents import CodeAgent, load_tool\nagent = CodeAgent(tools=[], model=model)\n',
  'agent.push_to_hub("m-ric/my_agent")\n',
  'agent.from_hub("m-ric/my_agent", trust_remote_code=True)\n',
  'tool = load_tool("m-ric/text-to-image", trust_remote_code=True)\n',
);

test('loading back the repository the notebook pushed is advisory; a third-party repository is not', async () => {
  const engine = await loadEngine();
  const audit = engine.analyze({ path: 'guided_tour.ipynb', text: NOTEBOOK, config: AUDIT }).findings.filter((f) => f.ruleId === 'AIS301');
  assert.deepEqual(audit.map((f) => f.advisory ?? 'default'), ['reported', 'default']);
  assert.match(audit[0]?.message ?? '', /`m-ric\/my_agent`, which this file itself publishes/);
  const quiet = engine.analyze({ path: 'guided_tour.ipynb', text: NOTEBOOK }).findings.filter((f) => f.ruleId === 'AIS301');
  assert.equal(quiet.length, 1);
  assert.match(quiet[0]?.message ?? '', /load_tool/);
});

test('a program that uploads a folder and loads the same repository is advisory; a different id is not', async () => {
  const engine = await loadEngine();
  const text = 'from huggingface_hub import upload_folder\nfrom transformers import AutoModel\n\nupload_folder(repo_id="me/model", folder_path="out")\nmine = AutoModel.from_pretrained("me/model", trust_remote_code=True)\nother = AutoModel.from_pretrained("me/other", trust_remote_code=True)\n';
  const findings = engine.analyze({ path: 'publish.py', text, config: AUDIT }).findings.filter((f) => f.ruleId === 'AIS301');
  assert.deepEqual(findings.map((f) => `${f.range.start.line + 1} ${f.advisory ?? 'default'}`), ['5 reported', '6 default']);
});
