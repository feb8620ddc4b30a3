/**
 * `aisec scan --format sarif` validated against the official SARIF 2.1.0 JSON schema (shipped by the
 * SARIF SDK team's `@microsoft/jest-sarif` package; a draft-04 schema, hence `ajv-draft-04`), plus the
 * properties code-scanning services rely on: CWE tags, 1-based regions, fingerprints, fixes, notebook cells.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { REPO, WORKSPACE, runCli } from './run-cli';

const SCHEMA_PATH = join(REPO, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');

interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: SarifRegion } }[];
  partialFingerprints: Record<string, string>;
  fixes?: { description: { text: string }; artifactChanges: { artifactLocation: { uri: string }; replacements: { deletedRegion: SarifRegion; insertedContent: { text: string } }[] }[] }[];
  suppressions?: { kind: string }[];
  properties: Record<string, unknown>;
}
interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; rules: { id: string; name: string; help: { text: string; markdown: string }; properties: { tags: string[] } }[] } };
    originalUriBaseIds: Record<string, { uri: string }>;
    results: SarifResult[];
  }[];
}

function validate(log: unknown): void {
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
  // The schema's own `id` points at schemastore; the validator needs no network to use it.
  // The schema has a language-tag pattern that is valid only without the `u` flag.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const check = ajv.compile(schema);
  assert.ok(check(log), `SARIF does not match the 2.1.0 schema:\n${JSON.stringify(check.errors?.slice(0, 10), null, 2)}`);
}

const run = runCli(['scan', '.', '--format', 'sarif']);
const log = JSON.parse(run.stdout) as SarifLog;
const sarifRun = log.runs[0];

test('the SARIF log is valid against the official SARIF 2.1.0 schema', () => {
  assert.equal(run.status, 1, run.stderr);
  validate(log);
  assert.throws(() => validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), /schema/, 'the validator rejects a driver without a name');
  assert.equal(log.version, '2.1.0');
  assert.equal(sarifRun?.tool.driver.name, 'AISec');
});

test('rule descriptors carry the category and CWE tags and the rule documentation', () => {
  const rule = sarifRun?.tool.driver.rules.find((r) => r.id === 'AIS101');
  assert.ok(rule);
  assert.ok(rule.properties.tags.includes('deserialization'));
  assert.ok(rule.properties.tags.includes('external/cwe/cwe-502'));
  assert.match(rule.help.markdown, /## Why is this bad\?/);
  assert.match(rule.help.text, /Use instead/);
});

test('results have 1-based regions relative to %SRCROOT%, fingerprints and rule indexes', () => {
  const results = sarifRun?.results ?? [];
  const torch = results.find((r) => r.ruleId === 'AIS102');
  assert.ok(torch);
  const location = torch.locations[0]?.physicalLocation;
  assert.equal(location?.artifactLocation.uri, 'src/train.py');
  assert.equal(location?.artifactLocation.uriBaseId, '%SRCROOT%');
  assert.deepEqual(location?.region, { startLine: 9, startColumn: 13, endLine: 9, endColumn: 40 });
  assert.match(torch.partialFingerprints['aisecFingerprint/v1'] ?? '', /\S+/);
  assert.equal(sarifRun?.tool.driver.rules[torch.ruleIndex]?.id, 'AIS102');
  assert.match(sarifRun?.originalUriBaseIds['%SRCROOT%']?.uri ?? '', /^file:\/\/\/.*\/workspace\/$/);
});

test('fixes become artifactChanges with replacements', () => {
  const yaml = sarifRun?.results.find((r) => r.ruleId === 'AIS112');
  const change = yaml?.fixes?.[0]?.artifactChanges[0];
  assert.equal(change?.artifactLocation.uri, 'src/train.py');
  const replacement = change?.replacements[0];
  assert.ok(replacement);
  assert.equal(replacement.deletedRegion.startLine, 10);
  assert.ok(replacement.insertedContent.text.includes('safe_load'));
  assert.deepEqual(yaml?.properties.fixApplicability, ['safe']);
});

test('suppressed findings are present with a suppressions entry', () => {
  const suppressed = (sarifRun?.results ?? []).filter((r) => r.suppressions && r.suppressions.length > 0);
  assert.equal(suppressed.filter((r) => r.locations[0]?.physicalLocation.artifactLocation.uri === 'src/suppressed.py').length, 2);
  assert.ok(suppressed.every((r) => r.suppressions?.[0]?.kind === 'inSource'));
});

test('notebook results point at the .ipynb line and carry the cell in message and properties', () => {
  const nb = sarifRun?.results.find((r) => r.locations[0]?.physicalLocation.artifactLocation.uri === 'notebooks/explore.ipynb');
  assert.ok(nb);
  assert.equal(nb.locations[0]?.physicalLocation.region.startLine, 28);
  assert.deepEqual([nb.properties.notebookCell, nb.properties.notebookCellLine, nb.properties.notebookCellColumn], [3, 3, 12]);
  assert.match(nb.message.text, /cell 3, line 3/);
});

test('a configuration error is a tool configuration notification and still valid SARIF', async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'aisec-sarif-'));
  try {
    writeFileSync(join(dir, '.aisec.toml'), 'selct = ["AIS101"]\n');
    writeFileSync(join(dir, 'a.py'), 'import pickle\npickle.loads(b"")\n');
    const bad = runCli(['scan', '.', '--format', 'sarif'], dir);
    assert.equal(bad.status, 2);
    const parsed = JSON.parse(bad.stdout) as { runs: { invocations: { executionSuccessful: boolean; toolConfigurationNotifications: { message: { text: string } }[] }[] }[] };
    validate(parsed);
    const invocation = parsed.runs[0]?.invocations[0];
    assert.equal(invocation?.executionSuccessful, false);
    assert.match(invocation?.toolConfigurationNotifications[0]?.message.text ?? '', /selct/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the workspace path used above exists', () => {
  assert.ok(WORKSPACE.endsWith('workspace'));
});

test('files outside the working folder get URIs relative to %SRCROOT%, never an absolute URI with a base', () => {
  const outside = mkdtempSync(join(tmpdir(), 'aisec-sarif-'));
  try {
    const elsewhere = join(outside, 'elsewhere');
    mkdirSync(join(outside, 'project'), { recursive: true });
    mkdirSync(elsewhere);
    writeFileSync(join(outside, 'project', 'load model.py'), 'import pickle\npickle.loads(blob)\n');
    const result = runCli(['scan', join(outside, 'project'), '--format', 'sarif'], elsewhere);
    const outsideLog = JSON.parse(result.stdout) as SarifLog;
    validate(outsideLog);
    const base = outsideLog.runs[0]?.originalUriBaseIds['%SRCROOT%']?.uri ?? '';
    assert.match(base, /^file:\/\/\/.*\/$/);
    const locations = outsideLog.runs[0]?.results.flatMap((r) => r.locations.map((l) => l.physicalLocation.artifactLocation)) ?? [];
    assert.ok(locations.length > 0);
    for (const location of locations) {
      assert.equal(location.uriBaseId, '%SRCROOT%');
      assert.doesNotMatch(location.uri, /^[a-z]+:|^\//i, `a relative URI, not ${location.uri}`);
      assert.equal(fileURLToPath(new URL(location.uri, base)), join(outside, 'project', 'load model.py'));
    }
  } finally {
    rmSync(outside, { recursive: true, force: true });
  }
});

test('a flow through a helper module has threadFlow locations in the helper file, and the log stays valid', () => {
  const root = mkdtempSync(join(tmpdir(), 'aisec-sarif-flows-'));
  try {
    mkdirSync(join(root, 'app'));
    writeFileSync(join(root, 'app', '__init__.py'), '');
    writeFileSync(join(root, 'app', 'tools.py'), 'import subprocess\n\n\ndef run_code(code):\n    cleaned = code.strip()\n    return subprocess.run(["python", "-c", cleaned])\n');
    writeFileSync(
      join(root, 'app', 'main.py'),
      'from openai import OpenAI\n\nfrom .tools import run_code\n\nclient = OpenAI()\n\n\ndef main(task):\n    reply = client.chat.completions.create(model="m", messages=[])\n    run_code(reply.choices[0].message.content)\n',
    );
    const flowLog = JSON.parse(runCli(['scan', '.', '--format', 'sarif'], root).stdout) as SarifLog;
    validate(flowLog);
    const result = flowLog.runs[0]?.results.find((r) => r.ruleId === 'AIS281') as (SarifResult & { codeFlows?: { threadFlows: { locations: { location: { physicalLocation: { artifactLocation: { uri: string }; region: SarifRegion }; message: { text: string } } }[] }[] }[] }) | undefined;
    assert.ok(result, 'the flow into app/tools.py is reported in app/main.py');
    assert.equal(result.locations[0]?.physicalLocation.artifactLocation.uri, 'app/main.py');
    const steps = result.codeFlows?.[0]?.threadFlows[0]?.locations.map((l) => [l.location.physicalLocation.artifactLocation.uri, l.location.physicalLocation.region.startLine, l.location.message.text]) ?? [];
    assert.deepEqual(steps.filter(([uri]) => uri === 'app/tools.py'), [
      ['app/tools.py', 5, 'assigned to `cleaned`'],
      ['app/tools.py', 6, 'reaches `subprocess.run`'],
    ]);
    assert.equal(steps[0]?.[0], 'app/main.py', 'the source is in the analysed file');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a model archive gives valid SARIF: its members as artifacts under it, and its handler\'s code findings with the member and line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aisec-sarif-mar-'));
  try {
    copyFileSync(join(REPO, 'server', 'src', 'rules', 'model-files', 'fixtures', 'bad-handler-code.mar'), join(dir, 'model.mar'));
    const archiveLog = JSON.parse(runCli(['scan', '.', '--format', 'sarif'], dir).stdout) as { runs: Array<{ results: SarifResult[]; artifacts: Array<{ location: { uri: string }; parentIndex?: number; properties?: Record<string, unknown> }> }> };
    validate(archiveLog);
    const [only] = archiveLog.runs;
    assert.equal(only!.artifacts[0]!.location.uri, 'model.mar');
    assert.deepEqual(only!.artifacts.find((a) => a.location.uri === 'handler.py'), { location: { uri: 'handler.py' }, parentIndex: 0, properties: { verdict: 'suspicious', reason: 'the TorchServe handler, imported and run when the archive is served' } });
    const shell = only!.results.find((r) => r.ruleId === 'AIS203');
    assert.deepEqual([shell?.properties['archiveMember'], shell?.properties['archiveMemberLine']], ['handler.py', 13]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
