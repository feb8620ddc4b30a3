// The HTML report (`aisec scan --format html`) opened in headless Chromium: it renders offline with its strict
// CSP (no request leaves the page, no policy violation), a path holding markup does not inject, the filter
// script works, and with --baseline the page shows what is new and what was fixed. Screenshots go to the e2e
// artifacts; `node test/e2e/html-report.mjs --docs` also refreshes the README's picture (docs/images/html-report.png).
// Usage: node test/e2e/html-report.mjs [--docs]   (needs `npm run build` and Chromium)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

/* global document, window, getComputedStyle -- page.evaluate bodies run in the browser. */

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

function aisec(args, cwd) {
  const result = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (result.status !== 0 && result.status !== 1) throw new Error(`aisec ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return result;
}

function check(condition, message) {
  if (!condition) throw new Error(`HTML report: ${message}`);
}

/** Opens `file` and returns the page with what it requested and every CSP violation or page error it met. */
async function open(browser, file, viewport) {
  const page = await browser.newPage({ viewport });
  const requests = [];
  const problems = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, requests, problems };
}

/** Runs the checks; throws on the first failure. */
export async function runHtmlReportCheck({ chromiumBin, artifacts, log, docs = false }) {
  if (!existsSync(join(root, 'dist', 'cli.js'))) throw new Error('HTML report: dist/cli.js is missing; run npm run build');
  const work = mkdtempSync(join(tmpdir(), 'aisec-html-e2e-'));
  const browser = await chromium.launch({ executablePath: chromiumBin, headless: true, args: LAUNCH_ARGS });
  try {
    // 1. The example project as a user would see it (the README's picture), then with a file whose name is
    // markup that would run script if it were not escaped.
    const project = join(work, 'ml-service');
    cpSync(join(root, 'examples', 'ml-service'), project, { recursive: true });
    aisec(['scan', '.', '--format', 'html', '-o', join(work, 'example.html')], project);
    const example = await open(browser, join(work, 'example.html'), { width: 1280, height: 900 });
    check(example.problems.length === 0, `errors or CSP violations: ${example.problems.join(' | ')}`);
    await example.page.screenshot({ path: join(artifacts, 'html-report-example.png') });
    if (docs) await example.page.screenshot({ path: join(root, 'docs', 'images', 'html-report.png') });
    await example.page.close();
    writeFileSync(join(project, '<img src=x onerror=window.__injected=1>.py'), 'import pickle\n\ndef load(blob):\n    return pickle.loads(blob)\n');
    aisec(['scan', '.', '--format', 'html', '-o', 'report.html'], project);
    const report = join(project, 'report.html');
    const { page, requests, problems } = await open(browser, report, { width: 1280, height: 900 });
    const documentUrl = pathToFileURL(report).href;
    check(requests.every((url) => url === documentUrl), `the page requested ${requests.filter((url) => url !== documentUrl).join(', ')}`);
    check(problems.length === 0, `errors or CSP violations: ${problems.join(' | ')}`);
    const facts = await page.evaluate(() => ({
      images: document.querySelectorAll('img').length,
      injected: window.__injected === 1,
      findings: document.querySelectorAll('article.finding').length,
      charts: document.querySelectorAll('svg rect').length,
      styled: getComputedStyle(document.querySelector('.badge.error')).backgroundColor,
      csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]').getAttribute('content'),
      injectedPathShown: [...document.querySelectorAll('.finding .where')].some((el) => el.textContent.startsWith('<img src=x onerror=window.__injected=1>.py:4:12')),
    }));
    check(facts.images === 0 && !facts.injected, 'markup in a path became an element');
    check(facts.injectedPathShown, 'the markup path is shown as text');
    check(facts.findings >= 30, `${facts.findings} findings listed for the example project`);
    check(facts.charts > 5, 'the charts have bars');
    check(facts.styled === 'rgb(198, 40, 40)', `the inline style applied under the CSP (badge colour ${facts.styled})`);
    check(facts.csp.startsWith("default-src 'none'"), facts.csp);
    await page.screenshot({ path: join(artifacts, 'html-report.png') });
    // The filter script runs under the CSP: unticking "warning" and typing a rule code narrow the list.
    const shown = async () => Number(await page.textContent('#shown-count'));
    const before = await shown();
    await page.uncheck('input[data-severity="warning"]');
    const withoutWarnings = await shown();
    check(withoutWarnings < before && withoutWarnings > 0, `unticking warnings left ${withoutWarnings} of ${before}`);
    await page.fill('#filter', 'AIS101');
    const filtered = await shown();
    check(filtered > 0 && filtered < withoutWarnings, `the text filter left ${filtered}`);
    check((await page.locator('article.finding:not(.hidden)').count()) === filtered, 'the count matches the visible findings');
    await page.screenshot({ path: join(artifacts, 'html-report-full.png'), fullPage: true });
    await page.close();

    // 2. With a baseline: the markup file's finding fixed (the file deleted), one new finding in a new file.
    aisec(['baseline', '.'], project);
    rmSync(join(project, '<img src=x onerror=window.__injected=1>.py'));
    writeFileSync(join(project, 'fresh.py'), 'import yaml\n\ndef read(text):\n    return yaml.load(text, Loader=yaml.Loader)\n');
    aisec(['scan', '.', '--baseline', '.aisec-baseline.json', '--format', 'html', '-o', 'baseline.html'], project);
    const second = await open(browser, join(project, 'baseline.html'), { width: 1280, height: 900 });
    const baseline = await second.page.evaluate(() => ({
      fresh: document.getElementById('baseline-new')?.textContent,
      fixed: document.getElementById('baseline-fixed')?.textContent,
      fixedRows: [...document.querySelectorAll('table.fixed td code')].map((el) => el.textContent),
      listed: [...document.querySelectorAll('.finding .where')].map((el) => el.textContent),
    }));
    check(baseline.fresh === String(baseline.listed.length) && baseline.listed.every((where) => where.startsWith('fresh.py:')), `new findings: ${baseline.fresh} ${baseline.listed.join(', ')}`);
    check(baseline.fixed === '1' && baseline.fixedRows.includes('AIS101'), `fixed: ${baseline.fixed} ${baseline.fixedRows.join(', ')}`);
    check(second.problems.length === 0, second.problems.join(' | '));
    await second.page.screenshot({ path: join(artifacts, 'html-report-baseline.png'), fullPage: true });
    log(`e2e: HTML report: ${facts.findings} findings rendered offline under its CSP, filters work, baseline shows ${baseline.fresh} new and ${baseline.fixed} fixed (screenshots in ${artifacts})`);
  } finally {
    await browser.close();
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const chromiumBin = [process.env.CHROMIUM_BIN, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((candidate) => candidate && existsSync(candidate));
  if (!chromiumBin) {
    console.error('e2e: no Chromium found (apt-get install -y chromium, or set CHROMIUM_BIN)');
    process.exit(1);
  }
  const artifacts = join(root, 'test-artifacts', 'e2e');
  mkdirSync(artifacts, { recursive: true });
  runHtmlReportCheck({ chromiumBin, artifacts, log: console.log, docs: process.argv.includes('--docs') }).then(
    () => process.exit(0),
    (error) => {
      console.error(`e2e: FAILED: ${error.message}`);
      process.exit(1);
    },
  );
}
