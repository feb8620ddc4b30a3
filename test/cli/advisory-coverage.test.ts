/**
 * Nothing is skipped silently: offline, before `aisec intel update`, the package intelligence has no npm
 * advisories, so a pinned npm version cannot be checked for known vulnerabilities. The scan says so once per
 * manifest (text footer, JSON notes, SARIF tool-execution notifications) instead of reporting "No findings." as
 * if the versions were clean; once an update has fetched the npm advisories (from a loopback OSV export here),
 * the version is checked and the note is gone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeRegistry } from '../intel/loopback';
import { writeStoredZip } from '../model-files/zip-writer';
import { runCliAsync } from './run-cli';

const NEXT = { id: 'GHSA-f82v-jwr5-mffw', aliases: ['CVE-2025-29927'], summary: 'Authorization bypass in Next.js middleware.', affected: [{ package: { ecosystem: 'npm', name: 'next' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '15.0.0' }, { fixed: '15.2.3' }] }] }] };

interface JsonReport {
  findings: { ruleId: string; message: string }[];
  notes: { path: string; kind: string; ruleId?: string; message: string }[];
}

interface SarifLog {
  runs: { invocations: { toolExecutionNotifications?: { level: string; message: { text: string }; associatedRule?: { id: string } }[] }[] }[];
}

const exportZip = (records: readonly object[]): Buffer => Buffer.from(writeStoredZip(records.map((r, i) => ({ name: `record-${i}.json`, data: Buffer.from(JSON.stringify(r)) }))));

test('an offline scan says the npm versions were not checked, in text, JSON and SARIF, until intel update fetches npm advisories', async () => {
  const project = mkdtempSync(join(tmpdir(), 'aisec-advisory-coverage-'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', dependencies: { next: '15.1.0' } }, null, 2));
  writeFileSync(join(project, 'requirements.txt'), 'requests==2.32.3\n');
  const registry = await startFakeRegistry({
    files: {
      '/npm/all.zip': { type: 'application/zip', body: exportZip([NEXT]) },
      '/PyPI/all.zip': { type: 'application/zip', body: exportZip([]) },
    },
  });
  try {
    const env = { AISEC_OSV_URL: registry.url, AISEC_OSV_EXPORTS_URL: registry.url, AISEC_PYPI_URL: registry.url, AISEC_NPM_URL: registry.url, XDG_CACHE_HOME: join(project, '.cache') };

    const text = await runCliAsync(['scan', '.'], project, env);
    assert.equal(text.status, 0, 'a missing data set is said, not turned into a failure');
    assert.match(text.stdout, /package\.json: unchecked AIS502: the npm dependency versions of package\.json were not checked for known vulnerabilities: the package intelligence in use has no npm advisories\. Run `aisec intel update`.*`--online`/);
    assert.equal(text.stdout.match(/unchecked AIS502/g)?.length, 1, 'one note, for the npm manifest only: the PyPI advisories are bundled');

    const json = JSON.parse((await runCliAsync(['scan', '.', '--format', 'json'], project, env)).stdout) as JsonReport;
    const unchecked = json.notes.filter((n) => n.kind === 'unchecked');
    assert.deepEqual(unchecked.map((n) => [n.path, n.ruleId]), [['package.json', 'AIS502']]);
    assert.match(unchecked[0]!.message, /no npm advisories/);

    const sarif = JSON.parse((await runCliAsync(['scan', '.', '--format', 'sarif'], project, env)).stdout) as SarifLog;
    const notifications = sarif.runs[0]!.invocations[0]!.toolExecutionNotifications ?? [];
    const note = notifications.find((n) => n.message.text.startsWith('unchecked:'));
    assert.ok(note, JSON.stringify(notifications));
    assert.equal(note.level, 'warning');
    assert.equal(note.associatedRule?.id, 'AIS502');
    assert.match(note.message.text, /npm dependency versions of package\.json were not checked/);
    assert.equal(registry.requests.length, 0, 'offline scans send nothing');

    const update = await runCliAsync(['intel', 'update'], project, env);
    assert.equal(update.status, 0, update.stderr);
    const after = JSON.parse((await runCliAsync(['scan', '.', '--format', 'json', '--fail-on', 'never'], project, env)).stdout) as JsonReport;
    assert.deepEqual(after.notes.filter((n) => n.kind === 'unchecked'), [], 'with npm advisories in the cache, nothing goes unchecked');
    assert.ok(after.findings.some((f) => f.ruleId === 'AIS502' && /next 15\.1\.0 is affected by CVE-2025-29927/.test(f.message)), JSON.stringify(after.findings));
  } finally {
    await registry.close();
    rmSync(project, { recursive: true, force: true });
  }
});
