import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import { DEFAULT_CONFIG } from '../../server/src/engine/index';

const src = (body: string): string => `import pickle\n${body}\n`;

test('aisec: ignore on the line and on the line above, by code and by name', async () => {
  const engine = await loadEngine();
  for (const body of [
    'x = pickle.loads(b)  # aisec: ignore[AIS101]',
    'x = pickle.loads(b)  # aisec: ignore[unsafe-pickle-load]',
    'x = pickle.loads(b)  # aisec: ignore',
    '# aisec: ignore[AIS101]\nx = pickle.loads(b)',
  ]) {
    const r = engine.analyze({ path: 'a.py', text: src(body) });
    assert.equal(r.findings.length, 0, body);
    assert.equal(r.suppressed.length, 1, `${body}: a suppressed finding is counted`);
    assert.equal(r.suppressed[0].by, 'aisec-ignore');
  }
});

test('an ignore for another rule, or on an unrelated line above, does not suppress', async () => {
  const engine = await loadEngine();
  for (const body of ['x = pickle.loads(b)  # aisec: ignore[AIS999]', 'y = 1  # aisec: ignore\nx = pickle.loads(b)']) {
    const r = engine.analyze({ path: 'a.py', text: src(body) });
    assert.equal(r.findings.length, 1, body);
  }
});

test('ignore-file, nosec (with Bandit codes) and the nosec setting', async () => {
  const engine = await loadEngine();
  const fileWide = engine.analyze({ path: 'a.py', text: '# aisec: ignore-file[AIS101]\nimport pickle\npickle.loads(b)\npickle.loads(c)\n' });
  assert.equal(fileWide.findings.length, 0);
  assert.deepEqual(fileWide.suppressed.map((s) => s.by), ['aisec-ignore-file', 'aisec-ignore-file']);

  assert.equal(engine.analyze({ path: 'a.py', text: src('pickle.loads(b)  # nosec') }).findings.length, 0);
  assert.equal(engine.analyze({ path: 'a.py', text: src('pickle.loads(b)  # nosec B301') }).findings.length, 0);
  assert.equal(engine.analyze({ path: 'a.py', text: src('pickle.loads(b)  # nosec B602') }).findings.length, 1, 'a nosec for another Bandit test does not apply');
  const off = engine.analyze({ path: 'a.py', text: src('pickle.loads(b)  # nosec'), config: { ...DEFAULT_CONFIG, honourNosec: false } });
  assert.equal(off.findings.length, 1, 'honourNosec=false ignores # nosec');
});

test('select, ignore and severity overrides by code, name and category', async () => {
  const engine = await loadEngine();
  const text = src('pickle.loads(b)');
  assert.equal(engine.analyze({ path: 'a.py', text, config: { ...DEFAULT_CONFIG, ignore: ['AIS101'] } }).findings.length, 0);
  assert.equal(engine.analyze({ path: 'a.py', text, config: { ...DEFAULT_CONFIG, ignore: ['deserialization'] } }).findings.length, 0);
  assert.equal(engine.analyze({ path: 'a.py', text, config: { ...DEFAULT_CONFIG, select: ['secrets'] } }).findings.filter((f) => f.ruleId === 'AIS101').length, 0);
  assert.equal(engine.analyze({ path: 'a.py', text, config: { ...DEFAULT_CONFIG, select: ['AIS1'] } }).findings.length, 1, 'a code prefix selects');
  const sev = engine.analyze({ path: 'a.py', text, config: { ...DEFAULT_CONFIG, severity: { 'unsafe-pickle-load': 'info' } } });
  assert.equal(sev.findings[0].severity, 'info');
});
