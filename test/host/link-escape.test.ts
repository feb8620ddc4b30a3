/**
 * ONNX external data reached through a symbolic link that leads outside the model folder (onnx before 1.21
 * follows it: CVE-2026-27489, CVE-2026-34447). The engine sees only the text `weights.data`; the host's
 * `ProjectFacts.linkEscape` answers from the file system, and AIS614 reports it like a `..` location. The model
 * is the real python3-onnx sample with its external data file replaced by links.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEngine } from '../../server/src/host/load-engine';
import { diskProjectFacts } from '../../server/src/host/project-facts';
import { symlinkEscape } from '../../server/src/host/link-escape';
import { DEFAULT_CONFIG, type Finding } from '../../server/src/engine/index';
import { modelFileReport } from '../../server/src/engine/model-report';

const SAMPLE = join(__dirname, '..', 'model-files', 'real-samples', 'onnx-external.onnx');
const DATA_NAME = 'onnx-external.onnx.data';

/** A model folder holding the sample, with its data file made by `place` (a link, a file, nothing). */
function modelFolder(place: (dataPath: string, outside: string) => void): { folder: string; model: string; outside: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'aisec-onnx-link-'));
  const folder = join(root, 'model');
  const outside = join(root, 'secrets');
  mkdirSync(folder);
  mkdirSync(outside);
  writeFileSync(join(outside, 'id_rsa'), Buffer.alloc(64, 0x41));
  const model = join(folder, 'model.onnx');
  copyFileSync(SAMPLE, model);
  place(join(folder, DATA_NAME), outside);
  return { folder, model, outside, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

async function ais614(model: string, folder: string): Promise<Finding[]> {
  const engine = await loadEngine();
  const bytes = new Uint8Array(readFileSync(model));
  const ports = { project: diskProjectFacts({ baseFolder: folder }) };
  return engine.analyzeBytes({ path: 'model.onnx', bytes, fileSize: bytes.length, config: DEFAULT_CONFIG, ports }).findings.filter((f) => f.ruleId === 'AIS614');
}

test('an external data file that is a symbolic link to a file outside the folder is AIS614', async () => {
  const dir = modelFolder((data, outside) => symlinkSync(join(outside, 'id_rsa'), data));
  try {
    const [finding] = await ais614(dir.model, dir.folder);
    assert.ok(finding, 'AIS614 reported');
    assert.match(finding.message, new RegExp(`reads its data from \`${DATA_NAME.replace(/\./g, '\\.')}\`, which is a symbolic link \\(\`${DATA_NAME.replace(/\./g, '\\.')}\` → \`.*secrets/id_rsa\`\\) to a file outside the model folder`));
    assert.equal(finding.severity, 'error');
    // The editor's report asks the same question of the file system.
    const bytes = new Uint8Array(readFileSync(dir.model));
    const report = modelFileReport({ path: dir.model, bytes, fileSize: bytes.length, linkEscape: (p) => symlinkEscape(dir.model, p) });
    assert.equal(report.verdict.verdict, 'dangerous');
  } finally {
    dir.cleanup();
  }
});

test('python3-onnx itself follows such a link and loads the outside file into the tensor', { skip: !hasOnnx() && 'python3-onnx is not installed' }, () => {
  const dir = modelFolder((data, outside) => symlinkSync(join(outside, 'id_rsa'), data));
  try {
    const script = 'import onnx, sys; m = onnx.load(sys.argv[1]); print(m.graph.initializer[0].raw_data[:4].decode())';
    assert.equal(execFileSync('/usr/bin/python3', ['-c', script, dir.model], { encoding: 'utf8' }).trim(), 'AAAA', 'the bytes of secrets/id_rsa');
  } finally {
    dir.cleanup();
  }
});

test('a linked folder on the way, and a dangling link, are reported; a link inside the folder and a plain file are not', async () => {
  const cases: Array<{ name: string; place: (data: string, outside: string) => void; expected: RegExp | undefined }> = [
    { name: 'plain file', place: (data) => copyFileSync(SAMPLE.replace(/\.onnx$/, '.onnx.data'), data), expected: undefined },
    { name: 'link inside the folder', place: (data) => { writeFileSync(`${data}.real`, Buffer.alloc(64)); symlinkSync(`${DATA_NAME}.real`, data); }, expected: undefined },
    { name: 'dangling link', place: (data) => symlinkSync('/nonexistent/aisec/secret', data), expected: /whose target does not exist/ },
  ];
  for (const c of cases) {
    const dir = modelFolder(c.place);
    try {
      const findings = await ais614(dir.model, dir.folder);
      if (c.expected) assert.match(findings[0]?.message ?? '(none)', c.expected, c.name);
      else assert.deepEqual(findings, [], c.name);
    } finally {
      dir.cleanup();
    }
  }
  const dir = modelFolder(() => undefined);
  try {
    symlinkSync(dir.outside, join(dir.folder, 'data'));
    assert.match(symlinkEscape(dir.model, 'data/id_rsa') ?? '', /symbolic link \(`data` → `.*secrets`\) to a file outside the model folder/);
    assert.equal(symlinkEscape(dir.model, 'missing/file'), undefined, 'a path that does not exist is no link');
  } finally {
    dir.cleanup();
  }
});

function hasOnnx(): boolean {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import onnx'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
