/**
 * Archives written the way `torch.save` 2.x writes them (flags 0x0808, zero sizes in the local headers,
 * FB alignment padding, ZIP64 end records, `.format_version` and `.storage_alignment` members): a benign
 * one stays quiet, a malicious one is found, and the layout is confirmed readable by CPython's zipfile.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unzipSync } from 'fflate';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanModelFile } from '../../server/src/engine/formats/model-scan';
import { fileKindOf } from '../../server/src/engine/file-kinds';
import { check, fixture, python } from './helpers';
import { writeTorchArchive, type TorchMember } from './torch-writer';

/** The members of a fixture archive, moved under `model/` with the two members torch 2.x adds. */
function torch2Members(fixtureName: string): TorchMember[] {
  const members = Object.entries(unzipSync(fixture(fixtureName))).map(([name, data]) => ({ name: name.replace(/^archive\//, 'model/'), data }));
  members.splice(1, 0, { name: 'model/.format_version', data: Buffer.from('1') }, { name: 'model/.storage_alignment', data: Buffer.from('64') });
  return members;
}

test('a benign torch 2.x archive gives only the pickle-based hint: never "not fully checked"', () => {
  const bytes = writeTorchArchive(torch2Members('bad-info-state-dict.pt'));
  // CPython's zipfile reads the layout (so it is a valid archive, not one the scanner happens to accept).
  const dir = mkdtempSync(join(tmpdir(), 'aisec-torch2-'));
  try {
    writeFileSync(join(dir, 'model.pt'), bytes);
    const read = python('import zipfile, sys\nz = zipfile.ZipFile(sys.argv[1])\nprint(z.testzip(), z.read("model/data.pkl")[:2].hex())', [join(dir, 'model.pt')]);
    assert.equal(read.trim(), 'None 8002');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const scan = scanModelFile({ path: 'model.pt', bytes, fileSize: bytes.length });
  assert.equal(scan.format, 'pytorch-zip');
  assert.deepEqual(scan.gaps, []);
  assert.deepEqual(scan.archiveDisagreements, []);
  assert.deepEqual(check('model.pt', bytes).map((r) => r.ruleId), ['AIS603']);
});

test('a malicious data.pkl in a torch 2.x archive is found', () => {
  const bytes = writeTorchArchive(torch2Members('bad-torch-zip-data-pkl.pt').map((m) => ({ ...m, name: m.name.replace(/^model\//, 'x/') })));
  const reported = check('model.pt', bytes);
  assert.deepEqual(reported.map((r) => r.ruleId), ['AIS601']);
  assert.match(String(reported[0]?.properties?.global), /os\.system/);
});

test('archives and GGUF files are model files for the workspace scan; other gzip files are not', () => {
  for (const path of ['m.gguf', 'bundle.zip', 'w.tar', 'w.tgz', 'w.tar.gz', 'w.7z', 'asr.nemo', 'exported.pt2']) assert.equal(fileKindOf(path), 'model', path);
  assert.equal(fileKindOf('server.log.gz'), undefined);
});
