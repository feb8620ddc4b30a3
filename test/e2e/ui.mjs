// The UI suite: drives the real workbench in headless Chromium, as a user would, against the installed
// .vsix. It proves a squiggle and a Problems row appear, an advisory finding is a hint that stays out of the
// Problems panel, the preferred quick fix applies from the keyboard,
// "AISec: Scan Workspace" from the command palette fills Problems for unopened files, the findings view
// lists them with the Problems panel's count, a problem's documentation link opens the rendered
// documentation, a model file's problem opens the model report editor, and pasting a vulnerable snippet
// raises the review notification, and "Fix with AI (verified)" (against a fake endpoint
// on 127.0.0.1) opens the refactor preview, whose Apply removes the diagnostic, "Explain with AI" streams its
// answer into the rendered panel and is cancelled from its notification, and a workspace scan is cancelled
// from its notification. Screenshots go to the artifacts folder.
/* global document, navigator -- page.evaluate and waitForFunction bodies run in the browser. */
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import aiFake from './api/ai-fake-endpoint.cjs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { runCommandFromPalette } from './command-palette.mjs';
import { aiExplainStep, chooseCodeAction } from './ai-explain-ui.mjs';
import { inventoryViewStep } from './inventory-ui.mjs';
import { notebookClosedStep, notebookOnceInProblemsStep, notebookSquiggleStep } from './notebook-ui.mjs';
import { scanCancelStep } from './scan-cancel-ui.mjs';

const { AI_FIX_FILE_TEXT, AI_FIX_PATCH } = aiFake;

const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** An AI-style snippet with two findings; the key is assembled here so no literal key sits in the repository. */
export function vulnerableSnippet() {
  const key = ['sk-proj-', 'Q7r8S9t0U1v2W3x4Y5z6A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6', 'T3BlbkFJ', 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9T0u1V2w3X4y5Z6'].join('');
  return ['import torch', '', 'checkpoint_path = input("checkpoint: ")', 'model = torch.load(checkpoint_path)', `OPENAI_API_KEY = "${key}"`, ''].join('\n');
}

/** Waits until one of the page's frames (webviews are nested iframes) satisfies `probe`, evaluated inside it. */
async function waitForFrame(page, probe, description, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (await frame.evaluate(probe).catch(() => false)) return frame;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${description}`);
    await page.waitForTimeout(250);
  }
}

export async function runUiSuite({ serverUrl, workspace, chromiumBin, artifacts, log, aiEndpoint }) {
  const browser = await chromium.launch({ executablePath: chromiumBin, headless: true, args: LAUNCH_ARGS });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  const shot = (name) => page.screenshot({ path: join(artifacts, `ui-${name}.png`) });
  const step = async (name, body) => {
    const started = Date.now();
    try {
      await body();
      log(`  ok   ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      await shot(`failure-${name.replace(/\W+/g, '-')}`).catch(() => undefined);
      throw new Error(`UI step "${name}" failed: ${error.message}`);
    }
  };
  const editor = (file) => page.locator(`.monaco-editor[data-uri$="${file}"]`);
  // A file may be open in two editor groups (a rendered panel opens beside); the one the user works in is the active group's.
  const activeEditor = (file) => page.locator(`.editor-group-container.active .monaco-editor[data-uri$="${file}"]`);
  const squiggle = (file) => editor(file).locator('.squiggly-error, .squiggly-warning');
  const openFromExplorer = async (file) => {
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: file }).first().click();
    await activeEditor(file).locator('.view-lines').waitFor({ timeout: 30000 });
  };

  try {
    await step('open the workspace', async () => {
      await page.goto(`${serverUrl}/?folder=${encodeURIComponent(workspace)}`);
      await page.locator('.monaco-workbench').waitFor({ timeout: 120000 });
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'app.py' }).first().waitFor({ timeout: 60000 });
    });

    await step('a diagnostic appears on a vulnerable Python file', async () => {
      await openFromExplorer('app.py');
      await squiggle('app.py').first().waitFor({ timeout: 60000 });
      await page.keyboard.press('Control+Shift+M');
      await page.locator('.markers-panel .monaco-list-row', { hasText: 'AIS112' }).first().waitFor({ timeout: 30000 });
      await shot('python-diagnostic');
    });

    await step('a diagnostic appears on a TypeScript file', async () => {
      await openFromExplorer('web.ts');
      await squiggle('web.ts').first().waitFor({ timeout: 60000 });
      await page.locator('.markers-panel .monaco-list-row', { hasText: 'AIS151' }).first().waitFor({ timeout: 30000 });
      await shot('typescript-diagnostic');
    });

    await step('an advisory finding is a hint in the editor and never a row in the Problems panel', async () => {
      await openFromExplorer('hints.py');
      // The hint's dotted decoration proves the diagnostics of hints.py have arrived.
      await editor('hints.py').locator('.squiggly-hint').first().waitFor({ state: 'attached', timeout: 60000 });
      await page.keyboard.press('Control+Shift+M');
      // The panel is drawn: either rows for other files or its empty-state message (the preview tab may have closed them).
      await page.locator('.markers-panel .monaco-list-row, .markers-panel :text("No problems have been detected")').first().waitFor({ timeout: 30000 });
      const rows = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
      assert.ok(!rows.some((row) => /hints\.py|AIS303|AIS506/.test(row)), `no Problems row for the hint: ${rows.join(' | ')}`);
      assert.equal(await squiggle('hints.py').count(), 0, 'no error or warning squiggle on hints.py');
      await shot('hint-not-in-problems');
    });

    await step('the preferred quick fix changes the text and the diagnostic goes away', async () => {
      await openFromExplorer('app.py');
      await squiggle('app.py').first().waitFor({ timeout: 30000 });
      await editor('app.py').locator('.view-lines').click();
      await page.keyboard.press('Control+Home');
      await page.keyboard.press('F8');
      await page.waitForTimeout(300);
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Period');
      const row = page.locator('.action-widget .monaco-list-row', { hasText: 'safe_load' }).first();
      await row.waitFor({ timeout: 30000 });
      await shot('quick-fix-menu');
      // The preferred fix is focused first; click() would be intercepted by the menu's pointer block.
      for (let i = 0; i < 10 && !(await row.evaluate((el) => el.classList.contains('focused'))); i++) await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelector('.monaco-editor[data-uri$="app.py"] .view-lines')?.textContent?.includes('safe_load'), undefined, { timeout: 30000 });
      await squiggle('app.py').first().waitFor({ state: 'detached', timeout: 30000 });
      await page.keyboard.press('Control+S');
      const deadline = Date.now() + 15000;
      while (!readFileSync(join(workspace, 'app.py'), 'utf8').includes('yaml.safe_load(handle)')) {
        assert.ok(Date.now() < deadline, 'app.py was saved with the fix');
        await page.waitForTimeout(100);
      }
      await shot('quick-fix-applied');
    });

    await notebookSquiggleStep({ page, step, shot });

    await step('AISec: Scan Workspace from the command palette fills Problems for unopened files', async () => {
      await runCommandFromPalette(page, 'AISec: Scan Workspace');
      await page.keyboard.press('Control+Shift+M');
      await page.locator('.markers-panel .monaco-list-row', { hasText: 'unopened_loader.py' }).first().waitFor({ timeout: 60000 });
      await page.locator('.markers-panel .monaco-list-row', { hasText: 'unopened_arrays.py' }).first().waitFor({ timeout: 60000 });
      await page.locator('.notifications-toasts .notification-toast', { hasText: 'AISec scanned' }).first().waitFor({ timeout: 60000 });
      await shot('workspace-scan');
    });

    await step('the findings view lists the scan\'s findings and its counts equal the Problems panel\'s', async () => {
      await page.locator('.activitybar .action-item a[aria-label^="AISec"], .activitybar .action-item[aria-label^="AISec"]').first().click();
      const sidebar = page.locator('.part.sidebar');
      await sidebar.locator('.monaco-list-row', { hasText: 'unopened_loader.py' }).first().waitFor({ timeout: 30000 });
      await sidebar.locator('.monaco-list-row', { hasText: 'unopened_arrays.py' }).first().waitFor({ timeout: 30000 });
      await sidebar.locator('.monaco-list-row', { hasText: 'classifier.pkl' }).first().waitFor({ timeout: 30000 });
      // Both numbers settle within a moment of the last publication; compare until they agree or time runs out.
      let findings = -1;
      let problems = -2;
      const deadline = Date.now() + 20000;
      while (findings !== problems && Date.now() < deadline) {
        const description = await sidebar.locator('.pane-header', { hasText: 'Findings' }).first().locator('.description').innerText().catch(() => '');
        findings = Number(/(\d+) findings?/.exec(description)?.[1] ?? -1);
        const problemsTab = await page.locator('.part.panel .composite-bar .action-item', { hasText: 'Problems' }).first().locator('.badge-content').innerText().catch(() => '');
        problems = Number(problemsTab.trim() || -2);
        if (findings !== problems) await page.waitForTimeout(250);
      }
      assert.ok(findings > 0, `the findings view shows a count (${findings})`);
      assert.equal(findings, problems, `the findings view counts ${findings}, the Problems panel ${problems}`);
      // The details pane follows the clicked finding: its rule, its fixes as buttons, its documentation.
      await sidebar.locator('.monaco-list-row', { hasText: 'unopened_loader.py' }).first().click();
      await waitForFrame(page, () => /What it does/.test(document.body?.innerText ?? '') && document.querySelectorAll('button').length > 0, 'the details pane with buttons and documentation');
      await shot('findings-view');
    });

    await step('the documentation link of a problem opens the rendered documentation', async () => {
      await page.keyboard.press('Control+Shift+M');
      // The link is the rule code beside the message, `aisec(AIS101)` (the panel also keeps a hidden table view).
      const link = page.locator('.markers-panel a.monaco-link:visible', { hasText: 'AIS101' }).first();
      await link.waitFor({ timeout: 30000 });
      await link.click();
      // The documentation page starts with its heading (the details pane, which also renders it, starts with the finding).
      await waitForFrame(page, () => document.body?.firstElementChild?.tagName === 'H1' && document.body.firstElementChild.textContent.includes('AIS101') && document.querySelector('h2') !== null && document.querySelector('pre code') !== null, 'the rendered AIS101 documentation');
      await page.locator('.tabs-container .tab', { hasText: 'AIS101' }).first().waitFor({ timeout: 10000 });
      await shot('rule-documentation');
    });

    await step('a model file\'s problem opens the model report editor', async () => {
      await page.keyboard.press('Control+Shift+M');
      const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'AIS601' }).first();
      await row.waitFor({ timeout: 30000 });
      await row.click();
      await page.locator('.tabs-container .tab', { hasText: 'classifier.pkl' }).first().waitFor({ timeout: 30000 });
      await waitForFrame(page, () => /Verdict: DANGEROUS/.test(document.body?.innerText ?? '') && document.querySelector('table') !== null, 'the rendered model report');
      assert.equal(await page.locator('.monaco-editor[data-uri$="classifier.pkl"]').count(), 0, 'no text or binary editor for the model file');
      await shot('model-report');
      // Back to the explorer, where the next step opens its file.
      await page.keyboard.press('Control+Shift+E');
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'paste.py' }).first().waitFor({ timeout: 15000 });
    });
    await notebookOnceInProblemsStep({ page, step, shot });
    await step('after a workspace scan an open file appears once in Problems', async () => {
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'web.ts' }).first().dblclick();
      await squiggle('web.ts').first().waitFor({ timeout: 60000 });
      await page.keyboard.press('Control+Shift+M');
      // The filter keeps the panel to web.ts, so its rows are drawn however long the list is.
      const filter = page.locator('.markers-panel-action-filter input, .viewpane-filter input').first();
      await filter.waitFor({ timeout: 15000 });
      await filter.fill('web.ts');
      const rows = page.locator('.markers-panel .monaco-list-row', { hasText: 'AIS151' });
      await rows.first().waitFor({ timeout: 30000 });
      // Give a late second copy (from the scan of the file on disk) the time to arrive before counting.
      await page.waitForTimeout(2000);
      const texts = await rows.allInnerTexts();
      assert.equal(new Set(texts).size, texts.length, `each finding of the open web.ts is one row: ${texts.join(' | ')}`);
      await shot('open-file-once-in-problems');
      await filter.fill('');
    });
    await notebookClosedStep({ page, step, shot });
    await inventoryViewStep({ page, step, shot });

    await step('pasting a vulnerable snippet brings up the review notification', async () => {
      await openFromExplorer('paste.py');
      await editor('paste.py').locator('.view-lines').click();
      await page.evaluate((text) => navigator.clipboard.writeText(text), vulnerableSnippet());
      await page.keyboard.press('Control+V');
      const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'Inserted code has 2 security issues' }).first();
      await toast.waitFor({ timeout: 60000 });
      const text = await toast.innerText();
      assert.match(text, /torch\.load/);
      assert.match(text, /OpenAI/);
      for (const action of ['Show', 'Fix Safe Issues', 'Dismiss']) {
        if (action === 'Fix Safe Issues') continue; // Offered only when a finding has a safe fix.
        assert.ok(await toast.locator('.monaco-button', { hasText: action }).count(), `the notification offers ${action}`);
      }
      await shot('paste-review-notification');
    });

    await step('Fix with AI (verified) shows the refactor preview, and accepting it removes the diagnostic', async () => {
      aiEndpoint.script.push(AI_FIX_PATCH);
      writeFileSync(join(workspace, 'ai_fix.py'), AI_FIX_FILE_TEXT);
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'ai_fix.py' }).first().waitFor({ timeout: 30000 });
      await openFromExplorer('ai_fix.py');
      await squiggle('ai_fix.py').first().waitFor({ timeout: 60000 });
      await chooseCodeAction({ page, editor: activeEditor, file: 'ai_fix.py', title: 'Fix with AI (verified)', beforeEnter: async () => {
        assert.equal(aiEndpoint.requests.length, 0, 'nothing is sent before the action is chosen');
        await shot('ai-fix-menu');
      } });
      const preview = page.locator('.bulk-edit-panel');
      await preview.waitFor({ timeout: 60000 });
      assert.equal(aiEndpoint.requests.length, 1);
      assert.ok(readFileSync(join(workspace, 'ai_fix.py'), 'utf8').includes('pickle.load(handle)'));
      assert.ok(await page.evaluate(() => document.querySelector('.monaco-editor[data-uri$="ai_fix.py"] .view-lines')?.textContent?.includes('pickle.load(handle)')), 'nothing is applied before the preview is accepted');
      await shot('ai-fix-refactor-preview');
      // Changes that need confirmation start unticked in the preview: the user ticks the file, then applies.
      const tick = preview.locator('input.edit-checkbox').first();
      await tick.click();
      assert.equal(await tick.isChecked(), true);
      await page.locator('.monaco-workbench .monaco-button', { hasText: /^Apply$/ }).first().click();
      await page.waitForFunction(() => document.querySelector('.monaco-editor[data-uri$="ai_fix.py"] .view-lines')?.textContent?.includes('json.load(handle)'), undefined, { timeout: 30000 });
      await squiggle('ai_fix.py').first().waitFor({ state: 'detached', timeout: 30000 });
      await shot('ai-fix-applied');
    });

    await aiExplainStep({ page, step, shot, workspace, aiEndpoint, editor: activeEditor, squiggle: (file) => activeEditor(file).locator('.squiggly-error, .squiggly-warning'), openFromExplorer, waitForFrame, fileText: AI_FIX_FILE_TEXT });
    await scanCancelStep({ page, step, shot, workspace });
  } finally {
    await browser.close();
  }
}
