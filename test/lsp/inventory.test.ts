/**
 * `aisec/inventory`: the language server answers the client's "AI Inventory" view with the inventory of its
 * workspace folders, built from real files on disk by the same code as `aisec bom`: items with their licence,
 * the folder's licence-policy verdict, and occurrences as file URIs with zero-based positions.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InventoryRequest } from '../../server/src/shared/protocol';
import { startHarness, type Harness } from './harness';

const KEY = 'sk-ant-api03-Qm7vT2xLw9RkN4pYc8HdJ6sAeF3gUoZi1VrXt5BnMwEq0aKs';

describe('aisec/inventory', () => {
  let dir = '';
  let h: Harness;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aisec-inventory-'));
    mkdirSync(join(dir, '.git'));
    mkdirSync(join(dir, 'models', 'chat'), { recursive: true });
    writeFileSync(join(dir, 'app.py'), `import anthropic\nfrom transformers import AutoModel\n\nmodel = AutoModel.from_pretrained("org/encoder")\nclient = anthropic.Anthropic(api_key="${KEY}")\n`);
    writeFileSync(join(dir, 'requirements.txt'), 'anthropic==0.40.0\ntransformers==4.46.0\n');
    writeFileSync(join(dir, 'models', 'chat', 'README.md'), '---\nlicense: llama2\npipeline_tag: text-generation\n---\n');
    writeFileSync(join(dir, '.aisec.toml'), '[licenses]\ndeny = ["llama2"]\n');
    h = await startHarness({ workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'project' }] });
  });
  after(async () => {
    await h.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lists models, services and dependencies with their places, licences and policy verdicts', async () => {
    const result = await h.client.sendRequest(InventoryRequest.type);
    const byName = new Map(result.items.map((item) => [`${item.kind} ${item.name}`, item]));
    const encoder = byName.get('model org/encoder');
    assert.equal(encoder?.description, 'huggingface · not pinned');
    assert.deepEqual(encoder?.occurrences.map((o) => [o.uri, o.line, o.character]), [[pathToFileURL(join(dir, 'app.py')).toString(), 3, 8]]);
    const card = byName.get('model models/chat');
    assert.equal(card?.licence, 'llama2');
    assert.equal(card?.licencePolicy, 'denied');
    const anthropic = byName.get('service Anthropic');
    assert.deepEqual(anthropic?.occurrences.map((o) => o.uri.slice(o.uri.lastIndexOf('/') + 1)).sort(), ['app.py', 'requirements.txt']);
    assert.equal(byName.get('dependency transformers')?.description, 'pypi 4.46.0');
    assert.ok(!JSON.stringify(result).includes(KEY.slice(0, 24)), 'no key in the answer');
  });
});
