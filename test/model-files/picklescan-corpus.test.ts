/**
 * picklescan's own test files (MIT, vendored with its licence in `picklescan-corpus/`): each file gives the
 * verdict its MANIFEST.json writes down, and the figures are checked: how many of picklescan's malicious
 * files AISec flags, and how many of its benign files stay free of errors and warnings. Every disagreement
 * with picklescan has a `note` in the manifest saying why.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { scanModelFile } from '../../server/src/engine/formats/model-scan';
import { verdictOf } from '../../server/src/engine/model-report';
import { loadEngine } from '../../server/src/host/load-engine';
import { DEFAULT_CONFIG } from '../../server/src/engine/index';

const CORPUS = join(__dirname, 'picklescan-corpus');

interface Entry {
  picklescan: 'malicious' | 'benign';
  aisec: 'dangerous' | 'suspicious' | 'unreadable' | 'pickle' | 'safe';
  note?: string;
}

const manifest = JSON.parse(readFileSync(join(CORPUS, 'MANIFEST.json'), 'utf8')) as { files: Record<string, Entry> };
const files = Object.entries(manifest.files);

function bytesOf(path: string): Uint8Array {
  return new Uint8Array(readFileSync(join(CORPUS, path)));
}

test('the vendored corpus is picklescan\'s 109 test files with its MIT licence', () => {
  assert.equal(files.length, 109);
  assert.match(readFileSync(join(CORPUS, 'LICENSE'), 'utf8'), /MIT License/);
});

for (const [path, expected] of files) {
  test(`picklescan ${path}: ${expected.aisec}`, () => {
    const bytes = bytesOf(path);
    const verdict = verdictOf(scanModelFile({ path: basename(path), bytes, fileSize: bytes.length }));
    assert.equal(verdict.verdict, expected.aisec, verdict.summary);
    const flagged = expected.aisec === 'dangerous' || expected.aisec === 'suspicious';
    const agrees = (expected.picklescan === 'malicious') === flagged;
    assert.ok(agrees || expected.note, `${path}: AISec and picklescan disagree, and the manifest does not say why`);
  });
}

test('figures: all 95 of picklescan\'s malicious files are flagged dangerous; 13 of its 14 benign files get no error or warning', async () => {
  const engine = await loadEngine();
  let malicious = 0;
  let flagged = 0;
  let benign = 0;
  let quiet = 0;
  const loud: string[] = [];
  for (const [path, expected] of files) {
    const bytes = bytesOf(path);
    if (expected.picklescan === 'malicious') {
      malicious++;
      if (verdictOf(scanModelFile({ path: basename(path), bytes, fileSize: bytes.length })).verdict === 'dangerous') flagged++;
      continue;
    }
    benign++;
    const findings = engine.analyzeBytes({ path: basename(path), bytes, fileSize: bytes.length, config: DEFAULT_CONFIG, ports: {} }).findings;
    if (findings.every((f) => f.severity === 'info')) quiet++;
    else loud.push(`${path}: ${findings.map((f) => f.ruleId).join(', ')}`);
  }
  assert.deepEqual({ malicious, flagged, benign, quiet }, { malicious: 95, flagged: 95, benign: 14, quiet: 13 });
  assert.deepEqual(loud, ['data/bad_pytorch.pt: AIS604'], 'the one benign file with a warning is the PNG named .pt');
});
