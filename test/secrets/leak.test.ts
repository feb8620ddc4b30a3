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
import { generateKey } from './keygen';
import { loadFixtures } from './fixture-runner';
import { redactFindingForOutput, isSecretBearingEdit } from '../../server/src/engine/secrets/output-safety';
import { buildBaseline, serializeBaseline } from '../../server/src/engine/baseline';
import { RedactedDocument, redactText } from '../../server/src/rules/secrets/redact-text';
import { redactForOutput } from '../../server/src/rules/secrets/redact-output';

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

test('the text redaction hides every fixture secret from the raw text alone, line for line', () => {
  // Code frames, context lines and diffs print source lines; what they print is the RedactedDocument of
  // the file. With no finding to help, the scanner's own reading must mask every generated key.
  for (const fixture of loadFixtures().filter((f) => f.secrets.length > 0)) {
    const shown = new RedactedDocument(fixture.text);
    assertNoLeak(shown.text, leakProbes(fixture.secrets), `${fixture.name}: the redacted text`);
    assert.equal(shown.text.split('\n').length, fixture.text.split('\n').length, `${fixture.name}: redaction keeps the lines`);
  }
});

test('URL passwords are masked whatever the host, multi-line keys keep their lines, columns map', () => {
  assert.equal(redactText('fetch("https://deploy:Tz8qLw3vRn5k@git.example.com/x.git")'), 'fetch("https://deploy:****@git.example.com/x.git")');
  assert.equal(redactText('redis://:Tz8qLw3vRn5k@localhost:6379/0'), 'redis://:****@localhost:6379/0');
  const key = generateKey('openai', 11);
  const line = `client = OpenAI(api_key="${key}")  # ${'x'.repeat(3)}`;
  const shown = new RedactedDocument(line).line(0);
  const at = line.indexOf(key);
  assert.equal(shown.text.slice(shown.map(at), shown.map(at) + 8), 'sk-proj-');
  assert.equal(shown.text.slice(shown.map(at + key.length)), '")  # xxx', 'columns after the key move by the length change');
  const pem = `KEY = """-----BEGIN RSA PRIVATE KEY-----\n${'MIIEowIBAAKCAQEAu7Zq3Lk9vWx2Tr5Yp8Nb'.repeat(2)}\nQz4Hk7Jd2Ws9Xc6Vb1Nm8Lp3Rt5Yg0Fe==\n-----END RSA PRIVATE KEY-----"""\nprint(KEY)\n`;
  const redacted = redactText(pem);
  assert.equal(redacted.split('\n').length, pem.split('\n').length);
  assert.ok(!redacted.includes('MIIEowIBAAKCAQEAu7Zq3Lk9'), redacted);
  assert.match(redacted, /^print\(KEY\)$/m);
});

test('a huge reported line is masked without spreading its values into a call', () => {
  // 500,000 quoted values on one reported line: pushing them with a spread overflowed the call stack.
  const line = '"ab'.repeat(1_000_000);
  const shown = new RedactedDocument(line, [{ start: { line: 0, column: 0 }, end: { line: 0, column: 0 } }]).line(0).text;
  assert.equal(shown.slice(0, 24), '"<2 chars>"ab"<2 chars>"');
});

test('redactForOutput masks text a rule quotes from the source, and marks a masked fix as not applicable', () => {
  const password = 'Tz8qLw3vRn5k';
  const finding: Finding = {
    ruleId: 'AIS701', ruleName: 'plain-http-model-download', category: 'transport', severity: 'warning', confidence: 'high',
    message: `\`http://ci:${password}@models.internal/m.bin\` is fetched over plain HTTP`, path: 'a.py',
    range: { start: { line: 0, column: 0 }, end: { line: 0, column: 5 } }, cwe: [], fingerprint: 'f',
    flow: [{ range: { start: { line: 0, column: 0 }, end: { line: 0, column: 5 } }, message: `assigned to \`URL = "http://ci:${password}@models.internal"\`` }],
    fixes: [{ title: 'Use HTTPS', applicability: 'safe', edits: [{ range: { start: { line: 0, column: 0 }, end: { line: 0, column: 5 } }, newText: `https://ci:${password}@models.internal/m.bin` }] }],
    properties: { url: `http://ci:${password}@models.internal/m.bin` },
  };
  const safe = redactForOutput(finding);
  assert.ok(!JSON.stringify(safe).includes(password), JSON.stringify(safe));
  assert.equal(safe.fixes[0]!.redacted, true);
  assert.match(safe.message, /http:\/\/ci:\*\*\*\*@models\.internal/);
});
