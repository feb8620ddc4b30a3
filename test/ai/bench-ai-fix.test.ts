/**
 * `npm run bench:ai-fix` end to end against the fake endpoint and the rewriting stand-in model: it finds
 * the bad fixtures, asks for each finding, verifies, and reports per rule; without an endpoint it says so
 * and exits 0.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startFakeOpenAiServer } from './fake-openai-server';
import { rewritingModel } from './rewriting-model';

const REPO = join(__dirname, '..', '..');

function runBench(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(REPO, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(REPO, 'bench', 'ai-fix.ts'), ...args], { cwd: REPO, env: { ...process.env, ...env } });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('close', (status) => resolve({ status, stdout }));
  });
}

describe('bench:ai-fix', () => {
  it('without an endpoint says so and exits 0', async () => {
    const result = await runBench([], { AISEC_AI_BASE_URL: '', AISEC_AI_MODEL: '', OPENAI_API_KEY: '' });
    assert.equal(result.status, 0);
    assert.match(result.stdout, /no AI endpoint is configured .*nothing was measured/);
  });

  it('reports per rule verified fixes, attempts, latency and tokens', async () => {
    const fake = await startFakeOpenAiServer();
    fake.fallback = rewritingModel;
    try {
      const result = await runBench(['--rules', 'AIS101,AIS201', '--no-real', '--max-per-rule', '3'], { AISEC_AI_BASE_URL: fake.baseUrl, AISEC_AI_MODEL: 'fake-model', OPENAI_API_KEY: '' });
      assert.equal(result.status, 0, result.stdout);
      assert.match(result.stdout, /rule\s+tried\s+verified\s+rate\s+attempts\/finding\s+ms\/finding\s+tokens\/finding/);
      const row = (rule: string): string[] => result.stdout.split('\n').find((l) => l.startsWith(`${rule} `))!.trim().split(/\s+/);
      assert.equal(row('AIS101')[1], '3');
      assert.ok(Number(row('AIS101')[2]) >= 1, 'the pickle rewrite is verified at least once');
      assert.ok(fake.requests.length >= 6);
    } finally {
      await fake.close();
    }
  });
});
