/**
 * The secret never leaks from the engine: messages, properties, fingerprints, notes, notebook
 * locations, suppressed findings, in-file fix edits and the baseline hold no raw value. The only place
 * a value may appear is the explicit "move to .env" edit, and `redactFindingForOutput` (what JSON,
 * SARIF, logs and LSP data must use) removes it there too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../server/src/engine/finding';
import { secretsEngine } from './engine';
import { loadFixtures } from './fixture-runner';
import { redactFindingForOutput, isSecretBearingEdit } from '../../server/src/engine/secrets/output-safety';
import { buildBaseline, serializeBaseline } from '../../server/src/engine/baseline';

/**
 * The raw value and 12-character windows of its secret middle (a partial leak is a leak); the
 * provider prefix and the last four characters are what the redacted form shows on purpose.
 */
function leakProbes(secrets: readonly string[]): string[] {
  const probes = new Set<string>();
  for (const secret of secrets) {
    const body = secret.replace(/^-----BEGIN[^\n]*\n|\n?-----END[^\n]*$/g, '');
    probes.add(secret);
    const middle = body.length >= 32 ? body.slice(16, -4) : body.slice(2, -2);
    for (let i = 0; i + 12 <= middle.length; i += 6) probes.add(middle.slice(i, i + 12));
  }
  return [...probes].filter((p) => !/^[\\n\s]+$/.test(p));
}

function assertNoLeak(output: string, probes: readonly string[], what: string): void {
  const leaked = probes.filter((p) => output.includes(p));
  assert.deepEqual(leaked.map((p) => `${p.slice(0, 4)}…(${p.length})`), [], `${what} leaks a secret`);
}

test('findings, notes and baselines never hold a raw secret', async () => {
  const engine = await secretsEngine();
  const all: Finding[] = [];
  for (const fixture of loadFixtures().filter((f) => f.secrets.length > 0)) {
    const probes = leakProbes(fixture.secrets);
    const result = engine.analyze({ path: fixture.name, text: fixture.text });
    const safe = { ...result, findings: result.findings.map(redactFindingForOutput), suppressed: result.suppressed.map((s) => ({ ...s, finding: redactFindingForOutput(s.finding) })) };
    assertNoLeak(JSON.stringify(safe), probes, `${fixture.name}: the redacted result`);
    for (const f of result.findings) {
      const { fixes, ...rest } = f;
      assertNoLeak(JSON.stringify(rest), probes, `${fixture.name}: ${f.ruleId} message, properties or fingerprint`);
      for (const fix of fixes) {
        for (const edit of fix.edits) {
          if (isSecretBearingEdit(f, edit)) continue;
          assertNoLeak(JSON.stringify(edit), probes, `${fixture.name}: ${f.ruleId} edit of "${fix.title}"`);
        }
      }
    }
    all.push(...result.findings);
  }
  assert.ok(all.length > 60);
  assertNoLeak(serializeBaseline(buildBaseline(all, '00112233445566778899aabbccddeeff')), leakProbes(loadFixtures().flatMap((f) => f.secrets)), 'the baseline');
});

test('the .env fix carries the value, and the output copy redacts it', async () => {
  const engine = await secretsEngine();
  const fixture = loadFixtures().find((f) => f.name === 'bad-ai-clients.py')!;
  const finding = engine.analyze({ path: fixture.name, text: fixture.text }).findings[0]!;
  const envEdit = finding.fixes.flatMap((f) => f.edits).find((e) => isSecretBearingEdit(finding, e))!;
  assert.ok(fixture.secrets.some((s) => envEdit.newText.includes(s)), 'the edit is applicable');
  const redacted = redactFindingForOutput(finding);
  const redactedEdit = redacted.fixes.flatMap((f) => f.edits).find((e) => e.file === '.env')!;
  assert.match(redactedEdit.newText, /^OPENAI_API_KEY=sk-proj-…\S{4}\n$/);
  assert.ok(redacted.fixes.some((f) => f.redacted === true), 'the redacted fix is marked so no host applies it');
});

test('notebook outputs and cells: findings point into the .ipynb and stay redacted', async () => {
  const engine = await secretsEngine();
  const fixture = loadFixtures().find((f) => f.name === 'bad-notebook.ipynb')!;
  const result = engine.analyze({ path: fixture.name, text: fixture.text });
  const cellFinding = result.findings.find((f) => f.notebook);
  assert.ok(cellFinding, 'code-cell findings carry the cell location');
  assert.match(cellFinding.message, /\(cell \d+, line \d+\)/);
  const outputFinding = result.findings.find((f) => !f.notebook && /output/.test(f.message));
  assert.ok(outputFinding, 'output findings are reported on the raw notebook');
  const lines = fixture.text.split('\n');
  for (const f of result.findings) {
    const line = lines[f.range.start.line]!;
    const covered = line.slice(f.range.start.column, f.range.start.line === f.range.end.line ? f.range.end.column : undefined);
    assert.ok(fixture.secrets.some((s) => s.startsWith(covered) || covered.startsWith(s.slice(0, 8))), `${f.ruleId} range covers the key in the .ipynb text`);
  }
});
