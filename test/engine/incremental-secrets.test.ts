/**
 * Secrets typed inside a method of a large class, one character per change. A partial run's secrets checker
 * scans only the text around the units whose findings it keeps (`TextContext.focus`, `focused-scan.ts`); after
 * every keystroke an exact run must equal a fresh analysis, whether the key was typed next to other secrets, as
 * a pair split over two statements, or inside a multi-line private key that the edit splits. The focused scan
 * itself must find, near the kept spans, exactly the candidates of the whole scan.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import type { Engine, EngineDocument } from '../../server/src/engine/index';
import { scanText } from '../../server/src/rules/secrets/scanner';
import { focusedCodeScan } from '../../server/src/rules/secrets/focused-scan';
import { comparable } from '../helpers/incremental-edits';
import { expandSecretPlaceholders } from '../secrets/keygen';

/** A large class with secrets of several kinds in some methods (generic, provider keys, a context format, an AWS pair). */
function classWithSecrets(methods: number, extra: (k: number) => string[] = () => []): string {
  const lines = ['import boto3', 'import requests', '', '', 'class Service:', '    """A service."""', '', '    def __init__(self, url):', '        self.url = url', ''];
  for (let k = 0; k < methods; k++) {
    lines.push(`    def call_${k}(self, payload):`, `        total = len(payload) + ${k}`);
    if (k % 40 === 5) lines.push('        api_key = "{{secret:generic#' + k + '}}"');
    if (k % 40 === 15) lines.push('        gh = Github("{{secret:github#' + k + '}}")');
    if (k % 40 === 25) lines.push('        wandb_key = "{{secret:wandb#' + k + '}}"');
    if (k % 40 === 35) lines.push('        s3 = boto3.client("s3", aws_access_key_id="{{secret:aws-access-key-id#' + k + '}}", aws_secret_access_key="{{secret:aws-secret-access-key#' + k + '}}")');
    lines.push(...extra(k));
    lines.push(k % 7 === 0 ? `        return self.call_${k + 1}(payload)` : '        return requests.post(self.url, json=payload)', '');
  }
  lines.push('', 'def main():', '    return Service("https://example.invalid")', '');
  return expandSecretPlaceholders(lines.join('\n'), 7).text;
}

function checkExact(engine: Engine, doc: EngineDocument, path: string, context: string): void {
  const incremental = engine.analyzeDocument(doc);
  const run = doc.lastRunKind;
  if (run?.kind === 'partial' && !run.exact) return;
  assert.deepEqual(comparable(incremental), comparable(engine.analyze({ path, text: doc.text })), `${context}: ${JSON.stringify(run)}`);
}

/**
 * Types `statements` after the last line of method `method`, one character per change (or each statement pasted
 * as one change), checking every exact run; after each statement the host's full run settles the document.
 */
function typeInMethod(engine: Engine, doc: EngineDocument, path: string, method: number, statements: readonly string[], paste = false): number {
  const lines = doc.text.split('\n');
  let line = lines.indexOf(`    def call_${method}(self, payload):`) + 1;
  while (lines[line + 1]?.startsWith('        ')) line++;
  let column = lines[line]!.length;
  let partial = 0;
  for (const statement of statements) {
    for (const change of paste ? [`\n        ${statement}`] : ['\n        ', ...statement]) {
      doc.applyChanges([{ range: { start: { line, column }, end: { line, column } }, text: change }]);
      if (change.startsWith('\n')) {
        line++;
        column = change.length - 1;
      } else column++;
      checkExact(engine, doc, path, `after typing ${JSON.stringify(doc.text.split('\n')[line])}`);
      const run = doc.lastRunKind;
      if (run?.kind === 'partial') partial++;
      if (paste) assert.ok(run?.kind === 'partial' && run.exact, `a pasted statement is analysed incrementally and exactly: ${JSON.stringify(run)}`);
    }
    doc.forgetAnalysis();
    assert.deepEqual(comparable(engine.analyzeDocument(doc)), comparable(engine.analyze({ path, text: doc.text })), `settled after ${statement}`);
  }
  return partial;
}

test('secrets typed in a method of a large class, next to other secrets and as a split pair, equal a fresh analysis at every keystroke', async () => {
  const engine = await loadEngine();
  const path = '/w/service.py';
  const doc = engine.openDocument(path, classWithSecrets(400));
  const before = engine.analyzeDocument(doc).findings.filter((f) => f.ruleId.startsWith('AIS4'));
  assert.ok(before.length >= 30, `the fixture has secrets findings (${before.length})`);
  const typed = expandSecretPlaceholders([
    'token = "{{secret:github#900}}"',
    'self.api_key = "{{secret:generic#901}}"',
    'aws_access_key_id = "{{secret:aws-access-key-id#902}}"',
    'aws_secret_access_key = "{{secret:aws-secret-access-key#902}}"',
    'headers = {"Authorization": "Bearer {{secret:jwt#903}}"}',
  ].join('\n'), 8).text.split('\n');
  // Method 36 sits right after the AWS pair of method 35: the typed pair meets it within the pairing window.
  const partial = typeInMethod(engine, doc, path, 36, typed);
  assert.ok(partial > typed.join('').length / 2, `most keystrokes stay incremental (${partial})`);
  typeInMethod(engine, doc, path, 37, typed.map((statement) => statement.replace(/(["'])([A-Za-z0-9])/, '$1x$2')), true);
  // A secret access key typed two methods further pairs with the key id typed above, in a unit that is not analysed again.
  const lone = expandSecretPlaceholders('aws_secret_access_key = "{{secret:aws-secret-access-key#904}}"', 9).text;
  typeInMethod(engine, doc, path, 38, [lone], true);
  assert.ok(engine.analyzeDocument(doc).findings.some((f) => f.ruleId === 'AIS441' && f.flow?.length === 2 && f.range.start.line > f.flow[0]!.range.start.line + 3), 'the lone secret is paired with the key id two methods above');
  const after = engine.analyzeDocument(doc).findings.filter((f) => f.ruleId.startsWith('AIS4'));
  assert.ok(after.length > before.length, 'the typed secrets are found');
  doc.dispose();
});

test('an edit that splits a multi-line private key in a method equals a fresh analysis', async () => {
  const engine = await loadEngine();
  const path = '/w/keys.py';
  const text = classWithSecrets(300, (k) => (k === 150 ? ['        key = """{{secret:private-key}}"""'] : []));
  const doc = engine.openDocument(path, text);
  const findings = engine.analyzeDocument(doc).findings;
  assert.ok(findings.some((f) => f.ruleId === 'AIS452'), 'the private key is found');
  // A line break typed in the middle of the key's body, then a character after it, then both removed.
  const lines = doc.text.split('\n');
  const bodyLine = lines.findIndex((l) => l.includes('-----BEGIN')) + 2;
  const middle = { line: bodyLine, column: 10 };
  for (const change of [
    { range: { start: middle, end: middle }, text: '\n' },
    { range: { start: { line: bodyLine + 1, column: 0 }, end: { line: bodyLine + 1, column: 0 } }, text: 'x' },
    { range: { start: middle, end: { line: bodyLine + 1, column: 1 } }, text: '' },
  ]) {
    doc.applyChanges([change]);
    checkExact(engine, doc, path, `after ${JSON.stringify(change.text)}`);
  }
  // Typing in another method of the same file (the focused scan falls back to the whole text while a key block is in it).
  typeInMethod(engine, doc, path, 20, ['password = "hunter2-correct-horse"']);
  doc.dispose();
});

test('the focused scan finds, near each kept span, exactly the candidates of the whole scan, or declines', () => {
  const text = classWithSecrets(600);
  const whole = scanText(text, 'code');
  let used = 0;
  for (let start = 0; start < text.length; start += 997) {
    const focus: [number, number][] = [[start, Math.min(text.length, start + 400)]];
    const focused = focusedCodeScan(text, focus);
    if (!focused) continue;
    used++;
    const near = (c: { start: number }): boolean => c.start >= start - 1000 && c.start <= start + 1400;
    assert.deepEqual(focused.filter(near), whole.filter(near), `focus at ${start}`);
  }
  assert.ok(used > 0, 'the focused scan was used');
});
