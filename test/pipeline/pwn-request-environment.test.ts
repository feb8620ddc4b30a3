/**
 * AIS851 and deployment environments: a job that waits for an environment and checks out the triggering event's
 * commit builds only what the environment's reviewers approved (a later push starts a new run that waits again),
 * so it is advisory; checking out the branch (`head.ref`) lets a push after the approval in, so it stays a warning.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG, type Finding } from '../../server/src/engine/index';
import { loadEngine } from '../../server/src/host/load-engine';

const workflow = (ref: string, environment: boolean): string => `on: pull_request_target\njobs:\n  evaluate:\n${environment ? '    environment: eval-gate\n' : ''}    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: \${{ github.event.pull_request.${ref} }}\n      - run: npm ci && npm run eval\n`;

async function ais851(text: string, profile: 'audit' | 'default'): Promise<Finding[]> {
  const engine = await loadEngine();
  return engine.analyze({ path: '/repo/.github/workflows/eval.yml', text, config: { ...DEFAULT_CONFIG, profile, projectPath: '.github/workflows/eval.yml' } }).findings.filter((f) => f.ruleId === 'AIS851');
}

test('an environment-gated job that checks out the event commit is an advisory', async () => {
  const audit = await ais851(workflow('head.sha', true), 'audit');
  assert.equal(audit[0]?.severity, 'info');
  assert.equal(audit[0]?.advisory, 'reported');
  assert.match(audit[0]!.message, /checks out the commit of the approved run/);
  assert.equal((await ais851(workflow('head.sha', true), 'default')).length, 0);
});

test('an environment-gated job that checks out the branch stays a warning, and no gate is an error', async () => {
  const branch = await ais851(workflow('head.ref', true), 'default');
  assert.equal(branch[0]?.severity, 'warning');
  assert.match(branch[0]!.message, /a push after the approval still gets in/);
  assert.equal((await ais851(workflow('head.sha', false), 'default'))[0]?.severity, 'error');
});
