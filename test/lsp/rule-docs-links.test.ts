/**
 * Where a diagnostic's documentation link leads: by default to the documentation AISec ships, rendered by
 * the client's "Show Rule Documentation" (a command link), and to `aisec.docsBaseUrl` when the user sets
 * one. Also the rule list behind the rule picker and the findings view's categories.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { RuleDocumentationRequest, RuleListRequest } from '../../server/src/shared/protocol';
import { startHarness } from './harness';
import type { Harness } from './harness';

const APP = 'file:///virtual/project/links.py';
const SOURCE = 'import pickle\nobj = pickle.loads(blob)\n';

describe('rule documentation links', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.dispose();
  });

  it('links to the shipped documentation through the client command when aisec.docsBaseUrl is unset', async () => {
    const published = h.waitForDiagnostics(APP, (d) => d.length > 0);
    h.open(APP, 'python', SOURCE);
    const [diagnostic] = await published;
    const href = diagnostic?.codeDescription?.href ?? '';
    assert.match(href, /^command:aisec\.showRuleDocumentation\?/);
    assert.deepEqual(JSON.parse(decodeURIComponent(href.slice(href.indexOf('?') + 1))), ['test-pickle-loads']);
    const docs = await h.client.sendRequest(RuleDocumentationRequest.type, { rule: 'AIS901' });
    assert.doesNotMatch(docs?.markdown ?? '', /Online:/, 'no address of a documentation site the user did not configure');
  });

  it('links to aisec.docsBaseUrl when it is set', async () => {
    h.settings.value = { debounceMs: 0, docsBaseUrl: 'https://docs.example.invalid/aisec' };
    const published = h.waitForDiagnostics(APP, (d) => d.some((x) => x.codeDescription?.href.startsWith('https:') === true));
    h.client.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const [diagnostic] = await published;
    assert.equal(diagnostic?.codeDescription?.href, 'https://docs.example.invalid/aisec/test-pickle-loads.md');
    const docs = await h.client.sendRequest(RuleDocumentationRequest.type, { rule: 'AIS901' });
    assert.match(docs?.markdown ?? '', /Online: https:\/\/docs\.example\.invalid\/aisec\/test-pickle-loads\.md/);
  });

  it('lists every rule with its code, name, title and category', async () => {
    const rules = await h.client.sendRequest(RuleListRequest.type);
    const rule = rules.find((r) => r.id === 'AIS901');
    assert.deepEqual(rule && Object.keys(rule).sort(), ['category', 'id', 'name', 'title']);
    assert.equal(rule?.name, 'test-pickle-loads');
    assert.ok(rule?.title && rule.category, 'a title and a category');
  });
});
