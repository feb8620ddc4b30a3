/**
 * `aisec fix --ai` on a Jupyter notebook, against the recording fake endpoint: the model sees the code
 * cells joined as one program (magics as comments), its verified edits go back into the cells' `source`
 * lists, and every other byte of the `.ipynb` (outputs, metadata, markdown, layout) stays as it was; a patch
 * that rewrites a magic or spans two cells is rejected and the reason said back to the model; `--dry-run`
 * writes nothing; a finding in a cell's output is reported as not fixable by AI.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, beforeEach, describe, it } from 'node:test';
import { runCli, runCliAsync } from '../cli/run-cli';
import { patchReply, startFakeOpenAiServer, type FakeOpenAiServer } from './fake-openai-server';

interface Notebook {
  cells: Array<{ cell_type: string; source: string[]; metadata: object; execution_count?: number | null; outputs?: object[] }>;
  [key: string]: unknown;
}

/** A notebook as Jupyter writes it (sorted keys, one-space indent, source as a list of lines). */
function notebook(cell0: string[], cell2: string[], output = 'cache entries loaded\n'): Notebook {
  return {
    cells: [
      { cell_type: 'code', execution_count: 1, metadata: { tags: ['setup'] }, outputs: [], source: cell0 },
      { cell_type: 'markdown', metadata: {}, source: ['# Load the cache\n', 'Entries are read back from disk — *trusted* only.'] },
      {
        cell_type: 'code',
        execution_count: 3,
        metadata: {},
        outputs: [{ name: 'stdout', output_type: 'stream', text: [output] }],
        source: cell2,
      },
    ],
    metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' }, language_info: { name: 'python', version: '3.11.4' } },
    nbformat: 4,
    nbformat_minor: 5,
  };
}
const jupyter = (nb: Notebook): string => `${JSON.stringify(nb, null, 1)}\n`;

const CELL0 = ['import pickle\n', 'import os'];
const CELL2 = ['!pip install requests\n', 'def load(path):\n', '    with open(path, "rb") as handle:\n', '        return pickle.load(handle)'];
const ORIGINAL = jupyter(notebook(CELL0, CELL2));
// The joined cells the model sees: cell 1 is lines 1-2, line 3 separates the cells, cell 3 is lines 4-7 (line 4 the magic).
const GOOD = patchReply([
  { startLine: 3, endLine: 2, newText: 'import json' },
  { startLine: 7, endLine: 7, newText: '        return json.load(handle)' },
], 'JSON cannot run code when it is read');
const FIXED = jupyter(notebook([...CELL0.slice(0, 1), 'import os\n', 'import json'], [...CELL2.slice(0, 3), '        return json.load(handle)']));

let fake: FakeOpenAiServer;
let folder: string;
let cacheHome: string;

beforeEach(async () => {
  await fake?.close();
  fake = await startFakeOpenAiServer();
  folder = mkdtempSync(join(tmpdir(), 'aisec-ai-notebook-'));
  cacheHome = mkdtempSync(join(tmpdir(), 'aisec-ai-notebook-cache-'));
  writeFileSync(join(folder, 'analysis.ipynb'), ORIGINAL);
});
after(async () => {
  await fake?.close();
  rmSync(folder, { recursive: true, force: true });
});

function env(): NodeJS.ProcessEnv {
  return { AISEC_AI_BASE_URL: fake.baseUrl, AISEC_AI_MODEL: 'fake-model', OPENAI_API_KEY: '', XDG_CACHE_HOME: cacheHome };
}

describe('aisec fix --ai on a notebook', () => {
  it('asks about the joined code cells and writes the verified edits into the cells, every other byte kept', async () => {
    fake.script.push(GOOD);
    const result = await runCliAsync(['fix', '--ai', 'analysis.ipynb'], folder, env(), 120_000);
    assert.equal(result.timedOut, false);
    assert.match(result.stdout, /analysis\.ipynb cell 3, line 4 AIS101: verified AI fix \(1 attempt/);
    assert.match(result.stdout, /✓ AIS101 is no longer reported/);
    assert.match(result.stdout, /analysis\.ipynb: written/);
    assert.equal(result.status, 0, result.stdout);
    // The request holds the function from the joined cells with their line numbers, and nothing outside it: no magic, output or markdown.
    assert.equal(fake.requests.length, 1);
    const prompt = fake.requests[0]!.body.messages!.map((m) => m.content).join('\n');
    assert.match(prompt, /\b7\s*[|:]?\s*\s{8}return pickle\.load\(handle\)/);
    assert.match(prompt, /File: analysis\.ipynb\.py \(Python\)/);
    assert.doesNotMatch(prompt, /pip install|cache entries loaded|Load the cache|kernelspec/);
    // Byte for byte what Jupyter would write for the fixed cells: only the two `source` lists changed.
    assert.equal(readFileSync(join(folder, 'analysis.ipynb'), 'utf8'), FIXED);
    const rescan = runCli(['scan', '--format', 'json', 'analysis.ipynb'], folder, env());
    const rules = (JSON.parse(rescan.stdout) as { findings: Array<{ ruleId: string }> }).findings.map((f) => f.ruleId);
    assert.ok(!rules.includes('AIS101'), `no AIS101 left: ${rules.join(', ')}`);
  });

  it('rejects a patch that rewrites a magic or spans cells, says why, and takes the next; --dry-run writes nothing', async () => {
    fake.script.push(
      patchReply([{ startLine: 4, endLine: 7, newText: 'def load(path):\n    with open(path, "rb") as handle:\n        return json.load(handle)' }]),
      patchReply([{ startLine: 2, endLine: 7, newText: 'import json\ndef load(path):\n    with open(path, "rb") as handle:\n        return json.load(handle)' }]),
      GOOD,
    );
    const result = await runCliAsync(['fix', '--ai', '--dry-run', 'analysis.ipynb'], folder, env(), 120_000);
    assert.match(result.stdout, /AIS101: verified AI fix \(3 attempts/);
    assert.match(fake.requests[1]!.body.messages!.at(-1)!.content, /rewrites line 4, an IPython magic shown as a comment/);
    assert.match(fake.requests[2]!.body.messages!.at(-1)!.content, /spans notebook cells or the blank line between them/);
    assert.match(result.stdout, /^-\s+" {8}return pickle\.load\(handle\)"$/m);
    assert.match(result.stdout, /^\+\s+" {8}return json\.load\(handle\)"$/m);
    assert.match(result.stdout, /^\+\s+"import json"$/m);
    assert.equal(readFileSync(join(folder, 'analysis.ipynb'), 'utf8'), ORIGINAL);
  });

  it('reports a finding in a cell output as not fixable by AI, and sends nothing for it', async () => {
    const key = ['sk-proj-', 'Q7r8S9t0U1v2W3x4Y5z6A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6', 'T3BlbkFJ', 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9T0u1V2w3X4y5Z6'].join('');
    writeFileSync(join(folder, 'analysis.ipynb'), jupyter(notebook(CELL0, CELL2, `OPENAI_API_KEY=${key}\n`)));
    fake.script.push(GOOD);
    const result = await runCliAsync(['fix', '--ai', '--dry-run', 'analysis.ipynb'], folder, env(), 120_000);
    assert.match(result.stdout, /AIS4\d\d: no verified fix: it is in the notebook's JSON \(an output or metadata\), not in a code cell/);
    assert.match(result.stdout, /AIS101: verified AI fix/);
    assert.equal(result.status, 1);
    assert.equal(fake.requests.length, 1, 'only the code finding was asked about');
    assert.ok(!fake.requests[0]!.raw.includes(key.slice(8, 30)));
    assert.ok(!result.stdout.includes(key));
  });
});
