/**
 * `aisec bom --online` asks the Hugging Face Hub's metadata for the licences of Hub models and datasets the
 * repository states none for: a real HTTP server on 127.0.0.1 stands in for the Hub (AISEC_HF_URL). Without
 * `--online` nothing is asked, and a repository id matching `--private-names` is never sent.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliAsync } from './run-cli';

let dir = '';
let server: Server;
let url = '';
const asked: string[] = [];

const ANSWERS: Record<string, unknown> = {
  '/api/models/org/licensed': { id: 'org/licensed', cardData: { license: 'cc-by-nc-4.0' }, tags: ['transformers', 'license:cc-by-nc-4.0'] },
  '/api/models/org/tagged': { id: 'org/tagged', tags: ['license:apache-2.0'] },
  '/api/datasets/org/corpus': { id: 'org/corpus', cardData: { license: 'other', license_name: 'corpus-terms' } },
};

before(async () => {
  server = createServer((request, response) => {
    asked.push(request.url ?? '');
    const answer = ANSWERS[request.url ?? ''];
    response.writeHead(answer ? 200 : 404, { 'content-type': 'application/json' });
    response.end(JSON.stringify(answer ?? { error: 'Repository not found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = mkdtempSync(join(tmpdir(), 'aisec-bom-online-'));
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, 'app.py'), [
    'from transformers import AutoModel',
    'from datasets import load_dataset',
    'a = AutoModel.from_pretrained("org/licensed")',
    'b = AutoModel.from_pretrained("org/tagged")',
    'c = AutoModel.from_pretrained("org/missing")',
    'd = AutoModel.from_pretrained("acme-internal/secret-model")',
    'corpus = load_dataset("org/corpus")',
    '',
  ].join('\n'));
  writeFileSync(join(dir, '.aisec.toml'), '[licenses]\ndeny = ["cc-by-nc-*"]\n');
});

after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

type Component = { name: string; licenses?: Array<{ license?: { id?: string; name?: string } }>; properties?: Array<{ name: string; value: string }> };
const licenceOf = (c: Component | undefined): string | undefined => c?.licenses?.[0]?.license?.id ?? c?.licenses?.[0]?.license?.name;
const propertyOf = (c: Component | undefined, name: string): string | undefined => c?.properties?.find((p) => p.name === `aisec:${name}`)?.value;

test('without --online the Hub is never asked', async () => {
  asked.length = 0;
  const run = await runCliAsync(['bom', '-o', 'offline.json'], dir, { AISEC_HF_URL: url });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(asked, []);
  const bom = JSON.parse(readFileSync(join(dir, 'offline.json'), 'utf8')) as { components: Component[] };
  assert.equal(licenceOf(bom.components.find((c) => c.name === 'org/licensed')), undefined);
  assert.equal(propertyOf(bom.components.find((c) => c.name === 'org/licensed'), 'licence-policy'), 'unknown');
});

test('with --online the Hub metadata gives the licences, judged by the policy; private ids are never sent', async () => {
  asked.length = 0;
  const run = await runCliAsync(['bom', '--online', '--private-names', 'acme-internal/*', '-o', 'online.json'], dir, { AISEC_HF_URL: url });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual([...asked].sort(), ['/api/datasets/org/corpus', '/api/models/org/licensed', '/api/models/org/missing', '/api/models/org/tagged']);
  const bom = JSON.parse(readFileSync(join(dir, 'online.json'), 'utf8')) as { components: Component[] };
  const named = (name: string): Component | undefined => bom.components.find((c) => c.name === name);
  assert.equal(licenceOf(named('org/licensed')), 'CC-BY-NC-4.0');
  assert.equal(propertyOf(named('org/licensed'), 'licence-policy'), 'denied');
  assert.equal(propertyOf(named('org/licensed'), 'licence-source'), 'Hugging Face Hub metadata (online)');
  assert.equal(licenceOf(named('org/tagged')), 'Apache-2.0');
  assert.equal(licenceOf(named('org/corpus')), 'LicenseRef-corpus-terms');
  assert.equal(licenceOf(named('org/missing')), undefined);
  assert.equal(licenceOf(named('acme-internal/secret-model')), undefined);
});
