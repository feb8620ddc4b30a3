/**
 * AIS112 and the full loader: `FullLoader` / `full_load` ran code from YAML tags only before PyYAML 5.4
 * (CVE-2020-14343), so they are an error only when the nearest manifest holds PyYAML to such a release
 * (through ProjectFacts.manifestFor), and otherwise an advisory; the unsafe loaders stay errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import { DEFAULT_CONFIG, type EngineConfig, type EnginePorts } from '../../server/src/engine/index';

const SOURCE = [
  'import yaml',
  '',
  'def read(path, stream):',
  '    config = yaml.load(open(path).read(), Loader=yaml.FullLoader)',
  '    settings = yaml.full_load(stream)',
  '    legacy = yaml.load(stream, Loader=yaml.Loader)',
  '    return config, settings, legacy',
  '',
].join('\n');

function portsWith(manifest: { kind: 'requirements' | 'pyproject'; text: string } | undefined): EnginePorts {
  return { project: { manifestFor: () => (manifest ? { file: manifest.kind === 'requirements' ? 'requirements.txt' : 'pyproject.toml', ...manifest } : undefined) } };
}

const AUDIT: EngineConfig = { ...DEFAULT_CONFIG, profile: 'audit' };

async function findings(ports: EnginePorts, config: EngineConfig = AUDIT): Promise<{ line: number; severity: string; advisory: unknown; message: string }[]> {
  const engine = await loadEngine();
  return engine.analyze({ path: '/w/app/config_loader.py', text: SOURCE, ports, config }).findings
    .filter((f) => f.ruleId === 'AIS112')
    .map((f) => ({ line: f.range.start.line + 1, severity: f.severity, advisory: f.advisory, message: f.message }));
}

test('no manifest: the full loader is advisory information, the unsafe loader an error', async () => {
  const found = await findings(portsWith(undefined));
  assert.deepEqual(found.map((f) => [f.line, f.severity, f.advisory !== undefined]), [[4, 'info', true], [5, 'info', true], [6, 'error', false]]);
  assert.match(found[0]!.message, /only before PyYAML 5\.4/);
  assert.match(found[0]!.message, /`yaml\.load` with `FullLoader`/);
  const quiet = await findings(portsWith(undefined), DEFAULT_CONFIG);
  assert.deepEqual(quiet.map((f) => f.line), [6], 'the default profile keeps only the unsafe loader');
});

test('a requirement that admits PyYAML 5.4 or later: still advisory', async () => {
  for (const text of ['PyYAML>=5.1\n', 'pyyaml==6.0.1\n', 'PyYAML~=5.3\n', 'pyyaml\n']) {
    const found = await findings(portsWith({ kind: 'requirements', text }));
    assert.deepEqual(found.map((f) => f.severity), ['info', 'info', 'error'], text);
  }
});

test('PyYAML held before 5.4 (requirements or pyproject): the full loader is an error', async () => {
  for (const manifest of [
    { kind: 'requirements' as const, text: 'requests==2.31.0\nPyYAML==5.3.1\n' },
    { kind: 'requirements' as const, text: 'PyYAML<5.4\n' },
    { kind: 'pyproject' as const, text: '[project]\nname = "app"\nversion = "1"\ndependencies = ["pyyaml>=5.1,<5.4"]\n' },
  ]) {
    const found = await findings(portsWith(manifest));
    assert.deepEqual(found.map((f) => [f.severity, f.advisory !== undefined]), [['error', false], ['error', false], ['error', false]], manifest.text);
    assert.match(found[0]!.message, /CVE-2020-14343/);
  }
});
