/**
 * Settings over the protocol: invalid editor settings and a broken configuration file are reported and
 * replaced by defaults, never crash the server; `.aisec.toml` and editor settings merge by the chosen
 * precedence; `enable: false` silences a folder.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { readSettings } from '../../server/src/shared/settings';
import { generateKey } from '../secrets/keygen';
import { startHarness } from './harness';
import type { Harness } from './harness';

describe('settings', () => {
  let root: string;
  let h: Harness;
  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'aisec-settings-'));
    h = await startHarness({ workspaceFolders: [{ uri: URI.file(root).toString(), name: 'settings' }] });
  });
  after(async () => {
    await h.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  const reconfigure = async (value: unknown): Promise<void> => {
    h.settings.value = value;
    await h.client.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  };

  it('reads valid values and replaces invalid ones by defaults, with one message each', () => {
    const { settings, problems } = readSettings({ debounceMs: 'fast', severity: { AIS901: 'loud', AIS902: 'info' }, select: 5, snippetReview: { minLines: -1 }, enable: true });
    assert.equal(settings.debounceMs, 0);
    assert.deepEqual(settings.severity, { AIS902: 'info' });
    assert.deepEqual(settings.select, []);
    assert.equal(settings.snippetReview.minLines, 3);
    assert.equal(problems.length, 4);
    assert.deepEqual(readSettings('nonsense').settings, readSettings(undefined).settings);
  });

  it('keeps working with invalid settings and tells the user once', async () => {
    await reconfigure({ debounceMs: 'fast', severity: 'loud', maxFileSizeKb: -3, configurationPreference: 'sometimes' });
    const uri = URI.file(join(root, 'bad-settings.py')).toString();
    const published = h.waitForDiagnostics(uri, (d) => d.length > 0);
    h.open(uri, 'python', 'pickle.loads(x)\n');
    const [diagnostic] = await published;
    assert.equal(diagnostic?.code, 'AIS901');
    assert.equal(h.shownMessages.filter((m) => m.startsWith('AISec settings:')).length, 1);
    assert.match(h.shownMessages.find((m) => m.startsWith('AISec settings:')) ?? '', /aisec\.severity must map .* \(and 3 more, see the AISec output\)/);
    h.close(uri);
    await reconfigure({ debounceMs: 0 });
  });

  it('reports a broken .aisec.toml and still analyses', async () => {
    writeFileSync(join(root, '.aisec.toml'), 'select = [\n');
    await reconfigure({ debounceMs: 0 });
    const uri = URI.file(join(root, 'broken-config.py')).toString();
    const published = h.waitForDiagnostics(uri, (d) => d.length > 0);
    h.open(uri, 'python', 'pickle.loads(x)\n');
    await published;
    assert.ok(h.shownMessages.some((m) => /\.aisec\.toml:\d+:\d+: invalid TOML/.test(m)), JSON.stringify(h.shownMessages));
    h.close(uri);
  });

  it('never echoes a key pasted into .aisec.toml or the settings (messages and the log)', async () => {
    const key = generateKey('github', 5);
    writeFileSync(join(root, '.aisec.toml'), `ignore = ["${key}"]\n`);
    await reconfigure({ debounceMs: 0, severity: { [key]: 'loud' } });
    const uri = URI.file(join(root, 'pasted-key.py')).toString();
    const published = h.waitForDiagnostics(uri, (d) => d.length > 0);
    h.open(uri, 'python', 'pickle.loads(x)\n');
    await published;
    const shown = [...h.shownMessages, ...h.logs].join('\n');
    assert.match(shown, /\.aisec\.toml:1:1: ignore: "ghp_…\w{4}" is not a rule code/);
    assert.match(shown, /aisec\.severity\.ghp_…\w{4} must be error, warning or info/);
    assert.ok(!shown.includes(key) && !shown.includes(key.slice(6, 30)), shown);
    h.close(uri);
    writeFileSync(join(root, '.aisec.toml'), '');
    await reconfigure({ debounceMs: 0 });
  });

  it('merges .aisec.toml with the settings: editorFirst lets a changed setting win, filesystemFirst the file', async () => {
    writeFileSync(join(root, '.aisec.toml'), '[severity]\nAIS901 = "warning"\n');
    const uri = URI.file(join(root, 'merge.py')).toString();
    await reconfigure({ debounceMs: 0 });
    let published = h.waitForDiagnostics(uri, (d) => d.length > 0);
    h.open(uri, 'python', 'pickle.loads(x)\n');
    assert.equal((await published)[0]?.severity, DiagnosticSeverity.Warning, 'the file applies when the setting is untouched');
    published = h.waitForDiagnostics(uri, (d) => d.length > 0);
    await reconfigure({ debounceMs: 0, severity: { AIS901: 'info' } });
    assert.equal((await published)[0]?.severity, DiagnosticSeverity.Information, 'editorFirst: the setting wins');
    published = h.waitForDiagnostics(uri, (d) => d.length > 0);
    await reconfigure({ debounceMs: 0, severity: { AIS901: 'info' }, configurationPreference: 'filesystemFirst' });
    assert.equal((await published)[0]?.severity, DiagnosticSeverity.Warning, 'filesystemFirst: the file wins');
    published = h.waitForDiagnostics(uri, (d) => d.length > 0);
    await reconfigure({ debounceMs: 0, configurationPreference: 'editorOnly' });
    assert.equal((await published)[0]?.severity, DiagnosticSeverity.Error, 'editorOnly: the file is ignored');
    h.close(uri);
  });

  it('aisec.profile: the default shows hint-level advisories as hints and hides the others; audit reports both', async () => {
    const uri = URI.file(join(root, 'advisory.py')).toString();
    await reconfigure({ debounceMs: 0 });
    let published = h.waitForDiagnostics(uri, (d) => d.length > 0);
    h.open(uri, 'python', 'import shutil\ngit = shutil.which("git")\n');
    let diagnostics = await published;
    assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]), [['AIS905', DiagnosticSeverity.Hint]], 'default: the hint rule as a hint, the hidden rule absent');
    published = h.waitForDiagnostics(uri, (d) => d.length === 2);
    await reconfigure({ debounceMs: 0, profile: 'audit' });
    diagnostics = await published;
    assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]).sort(), [['AIS905', DiagnosticSeverity.Information], ['AIS906', DiagnosticSeverity.Information]]);
    published = h.waitForDiagnostics(uri, (d) => d.length === 1);
    await reconfigure({ debounceMs: 0 });
    await published;
    writeFileSync(join(root, '.aisec.toml'), 'profile = "audit"\n');
    published = h.waitForDiagnostics(uri, (d) => d.length === 2);
    await reconfigure({ debounceMs: 0, profile: 'loud' });
    assert.equal((await published).length, 2, 'an invalid setting falls back to the default, and the profile of .aisec.toml applies');
    assert.ok(h.shownMessages.some((m) => /aisec\.profile must be one of default, audit/.test(m)), JSON.stringify(h.shownMessages));
    h.close(uri);
    rmSync(join(root, '.aisec.toml'));
  });

  it('shows findings in test code as hints by default, one severity lower with testCode "lower", unchanged with "same"', async () => {
    rmSync(join(root, '.aisec.toml'), { force: true });
    await reconfigure({ debounceMs: 0 });
    const uri = URI.file(join(root, 'tests', 'test_loading.py')).toString();
    let published = h.waitForDiagnostics(uri, (d) => d.length > 0);
    h.open(uri, 'python', 'pickle.loads(x)\n');
    assert.equal((await published)[0]?.severity, DiagnosticSeverity.Hint, 'an error in test code is shown as a hint');
    published = h.waitForDiagnostics(uri, (d) => d[0]?.severity === DiagnosticSeverity.Warning);
    await reconfigure({ debounceMs: 0, testCode: 'lower' });
    assert.equal((await published)[0]?.severity, DiagnosticSeverity.Warning, 'testCode "lower": an error in test code is a warning');
    published = h.waitForDiagnostics(uri, (d) => d.length > 0);
    await reconfigure({ debounceMs: 0, testCode: 'same' });
    assert.equal((await published)[0]?.severity, DiagnosticSeverity.Error, 'testCode "same" keeps the rule severity');
    h.close(uri);
    await reconfigure({ debounceMs: 0 });
  });

  it('publishes nothing for a disabled folder or an excluded file', async () => {
    await reconfigure({ debounceMs: 0, enable: false });
    const uri = URI.file(join(root, 'disabled.py')).toString();
    let published = h.waitForDiagnostics(uri);
    h.open(uri, 'python', 'pickle.loads(x)\n');
    assert.deepEqual(await published, []);
    h.close(uri);
    await reconfigure({ debounceMs: 0, exclude: ['vendor/**'] });
    const vendored = URI.file(join(root, 'vendor', 'lib.py')).toString();
    published = h.waitForDiagnostics(vendored);
    h.open(vendored, 'python', 'pickle.loads(x)\n');
    assert.deepEqual(await published, []);
    h.close(vendored);
    await reconfigure({ debounceMs: 0 });
  });

  it('ignores an exclude glob that picomatch would never finish compiling, says so, and keeps the others', async () => {
    // Found by the fuzzer in .aisec.toml: a glob with a slash that ends in four backslashes never returned.
    const hostile = 'tests/**' + '\\'.repeat(4);
    await reconfigure({ debounceMs: 0, exclude: ['vendor/**', hostile] });
    const vendored = URI.file(join(root, 'vendor', 'other.py')).toString();
    let published = h.waitForDiagnostics(vendored);
    h.open(vendored, 'python', 'pickle.loads(x)\n');
    assert.deepEqual(await published, []);
    h.close(vendored);
    const uri = URI.file(join(root, 'tests', 'hostile-glob.py')).toString();
    published = h.waitForDiagnostics(uri, (d) => d.length > 0);
    h.open(uri, 'python', 'pickle.loads(x)\n');
    assert.equal((await published)[0]?.code, 'AIS901');
    assert.ok(h.shownMessages.some((m) => /aisec\.exclude: the glob "tests\/\*\*\\+" is ignored: a glob may not end with a backslash/.test(m)), JSON.stringify(h.shownMessages));
    h.close(uri);
    await reconfigure({ debounceMs: 0 });
  });
});
