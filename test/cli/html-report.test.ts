/**
 * The HTML report (`--format html`) is one self-contained page: a strict Content-Security-Policy that allows
 * only its own inline style and script (by hash), no external reference, every scanned text HTML-escaped
 * (a message or path holding markup cannot inject), code frames redacted like the text report, and with a
 * baseline, what is new and what was fixed since.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from '../../server/src/engine/index';
import { ALL_RULES } from '../../server/src/rules/index';
import { RedactedDocument } from '../../server/src/rules/secrets/redact-text';
import { emptyReport } from '../../server/src/cli/report';
import { escapeHtml, toHtmlReport } from '../../server/src/cli/emitters/html';
import { generateKey } from '../secrets/keygen';
import { runCli } from './run-cli';

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'aisec-html-'));
  dirs.push(dir);
  return dir;
};
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const INJECTION = '<script>alert("x")</script><img src=x onerror=alert(1)>';

function finding(overrides: Partial<Finding>): Finding {
  return {
    ruleId: 'AIS101',
    ruleName: 'unsafe-pickle-load',
    category: 'deserialization',
    severity: 'error',
    confidence: 'high',
    message: 'pickle.loads runs code',
    path: 'app.py',
    range: { start: { line: 1, column: 11 }, end: { line: 1, column: 28 } },
    cwe: ['CWE-502'],
    fixes: [],
    fingerprint: 'f',
    ...overrides,
  };
}

/** The script and style elements of a page, and its CSP. */
function structure(html: string): { scripts: string[]; styles: string[]; csp: string } {
  const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
  const styles = [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
  return { scripts, styles, csp: csp.replace(/&#39;/g, "'") };
}

const sha = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

test('escapeHtml escapes every character that can open markup or end an attribute', () => {
  assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
});

test('markup in a message, path, rule name, fix title, flow step, code line or note is escaped, never injected', () => {
  const report = emptyReport();
  report.filesScanned = 1;
  report.findings.push(
    finding({
      message: `message ${INJECTION}`,
      path: `src/${INJECTION}.py`,
      range: { start: { line: 1, column: 8 }, end: { line: 1, column: 26 } },
      fixes: [{ title: `fix ${INJECTION}`, applicability: 'unsafe', edits: [] }],
      flow: [{ range: { start: { line: 0, column: 0 }, end: { line: 0, column: 1 } }, message: `step ${INJECTION}` }],
    }),
  );
  report.notes.push({ path: INJECTION, note: { kind: 'partial', message: INJECTION } });
  report.skipped.push({ path: INJECTION, reason: INJECTION });
  const document = new RedactedDocument(`import pickle\nvalue = pickle.loads(data)  # ${INJECTION}\n`);
  const html = toHtmlReport(report, { version: '1.0', rules: ALL_RULES, documentOf: () => document, generatedAt: '2026-01-01T00:00:00Z' });
  const { scripts } = structure(html);
  assert.equal(scripts.length, 1, 'only the report’s own script');
  assert.doesNotMatch(html, /<img/);
  assert.doesNotMatch(html, /alert\("x"\)<\/script>/);
  assert.ok(html.includes(escapeHtml(`message ${INJECTION}`)));
  assert.ok(html.includes(escapeHtml(`src/${INJECTION}.py:2:9`)));
  assert.ok(html.includes(escapeHtml(`fix ${INJECTION}`)));
  assert.ok(html.includes(escapeHtml(`step ${INJECTION}`)));
  // Backticks in a message become code spans around text that stays escaped.
  const quoted = emptyReport();
  quoted.findings.push(finding({ message: '`pickle.loads(<b>)` runs code' }));
  assert.ok(toHtmlReport(quoted, { version: '1', rules: ALL_RULES, documentOf: () => undefined, generatedAt: 'now' }).includes('<p class="msg"><code>pickle.loads(&lt;b&gt;)</code> runs code</p>'));
  // The code frame marks the finding's columns on its line.
  assert.ok(html.includes(`value = <mark>pickle.loads(data)</mark>  # ${escapeHtml(INJECTION)}`));
});

test('the page is self-contained: a strict CSP allows exactly its inline style and script, and nothing is fetched', () => {
  const report = emptyReport();
  report.findings.push(finding({}), finding({ severity: 'warning', category: 'secrets', ruleId: 'AIS401', ruleName: 'hardcoded-secret', path: 'b.py' }));
  const html = toHtmlReport(report, { version: '1.0', rules: ALL_RULES, documentOf: () => undefined, generatedAt: 'now' });
  const { scripts, styles, csp } = structure(html);
  assert.match(csp, /^default-src 'none'; /);
  assert.ok(csp.includes(`style-src ${sha(styles[0]!)}`), csp);
  assert.ok(csp.includes(`script-src ${sha(scripts[0]!)}`), csp);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/);
  // No attribute anywhere that loads something (src, href to a URL, srcset, inline style attributes that the CSP would block).
  assert.doesNotMatch(html, /\s(src|srcset|href|style)=/i);
  // SVG charts: one bar per severity and a stacked bar for each category present.
  assert.match(html, /<svg role="img" aria-label="Findings by severity"/);
  assert.match(html, /<title>deserialization: 1 error<\/title>/);
  assert.match(html, /<title>secrets: 1 warning<\/title>/);
  assert.match(html, /<h2>Top rules<\/h2><table>.*<code>AIS101<\/code>/s);
  assert.match(html, /<h2>Files with most findings<\/h2><table>.*<code>app\.py<\/code>/s);
});

test('only the first findings are listed one by one; counts cover them all', () => {
  const report = emptyReport();
  for (let i = 0; i < 5; i += 1) report.findings.push(finding({ path: `f${i}.py` }));
  const html = toHtmlReport(report, { version: '1', rules: ALL_RULES, documentOf: () => undefined, generatedAt: 'now', maxFindingsShown: 2 });
  assert.equal((html.match(/<article class="finding/g) ?? []).length, 2);
  assert.match(html, /Findings \(<span id="shown-count">2<\/span> of 5\)/);
  assert.match(html, /The first 2 findings are listed; the counts above cover all 5/);
});

test('aisec scan --format html writes one page whose frames hide the secret and whose paths cannot inject', () => {
  const dir = tempDir();
  const key = generateKey('openai', 11);
  writeFileSync(join(dir, 'app.py'), `from openai import OpenAI\n\nclient = OpenAI(api_key="${key}")\n`);
  writeFileSync(join(dir, '<img src=x onerror=alert(1)>.py'), 'import pickle\n\ndef load(blob):\n    return pickle.loads(blob)\n');
  const result = runCli(['scan', '.', '--format', 'html', '-o', 'report.html'], dir);
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stderr, /wrote the html report to report\.html/);
  const html = readFileSync(join(dir, 'report.html'), 'utf8');
  assert.ok(!html.includes(key) && !html.includes(key.slice(8, 40)), 'the key is in the HTML report');
  assert.match(html, /<div class="hit"><span class="ln">3<\/span>client = .*<mark>sk-proj-…[^<]*<\/mark>/, 'the secret’s line is shown, masked');
  assert.doesNotMatch(html, /<img/);
  assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;.py:4:12'));
  assert.match(html, /<code>AIS101<\/code>/);
});

test('with --baseline the page says what is new and what was fixed since', () => {
  const dir = tempDir();
  const unsafe = (name: string): string => `import pickle\n\ndef ${name}(blob):\n    return pickle.loads(blob)\n`;
  writeFileSync(join(dir, 'kept.py'), unsafe('kept'));
  writeFileSync(join(dir, 'fixed.py'), unsafe('fixed'));
  writeFileSync(join(dir, 'deleted.py'), unsafe('deleted'));
  assert.equal(runCli(['baseline', '.'], dir).status, 0);
  writeFileSync(join(dir, 'fixed.py'), 'import json\n\ndef fixed(blob):\n    return json.loads(blob)\n');
  rmSync(join(dir, 'deleted.py'));
  writeFileSync(join(dir, 'new.py'), unsafe('fresh'));
  const result = runCli(['scan', '.', '--baseline', '.aisec-baseline.json', '--format', 'html', '-o', 'report.html'], dir);
  assert.equal(result.status, 1, result.stderr);
  const html = readFileSync(join(dir, 'report.html'), 'utf8');
  assert.match(html, /id="baseline-new">1</);
  assert.match(html, /id="baseline-fixed">2</);
  assert.match(html, /<td><code>AIS101<\/code><\/td><td>unsafe-pickle-load<\/td><td><code>deleted\.py<\/code><\/td>/);
  assert.match(html, /<code>fixed\.py<\/code>/);
  assert.match(html, /<div class="n muted">1<\/div><div class="l">still present, accepted/);
  assert.ok(html.includes('new.py:4:12'));
  assert.ok(!html.includes('kept.py:4:12'), 'a baselined finding is not listed as new');
});

test('--format html belongs to aisec scan', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'a.py'), 'x = 1\n');
  for (const command of ['fix', 'baseline']) {
    const result = runCli([command, '.', '--format', 'html'], dir);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--format html belongs to `aisec scan`/);
  }
});
