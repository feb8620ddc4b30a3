// "Explain with AI" in the UI suite, with the fake endpoint streaming its answer: the rendered panel shows
// the first part while the endpoint still holds the rest back, then the whole answer; and the progress
// notification's Cancel stops a stream the endpoint never finishes (the endpoint sees its connection
// closed, and the panel says the answer was cut short). Also the shared way the AI steps pick a code action.
/* global document -- waitForFrame probes run in the webview's frame. */
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Puts the cursor on the file's first problem and picks the code action `title` from the Ctrl+. menu. */
export async function chooseCodeAction({ page, editor, file, title, beforeEnter }) {
  await editor(file).locator('.view-lines').click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('F8');
  await page.waitForTimeout(300);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Period');
  const row = page.locator('.action-widget .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ timeout: 30000 });
  await beforeEnter?.();
  for (let i = 0; i < 20 && !(await row.evaluate((el) => el.classList.contains('focused'))); i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
}

/** Waits until the endpoint has seen `count` connections closed by the client. */
async function abandonedConnections(page, aiEndpoint, count) {
  for (let i = 0; i < 120 && aiEndpoint.abandoned < count; i++) await page.waitForTimeout(250);
  assert.equal(aiEndpoint.abandoned, count, 'the endpoint saw its connection closed');
}

export async function aiExplainStep({ page, step, shot, workspace, aiEndpoint, editor, squiggle, openFromExplorer, waitForFrame, fileText }) {
  await step('Explain with AI streams the answer into the rendered panel, and Cancel stops it', async () => {
    writeFileSync(join(workspace, 'ai_explain.py'), fileText);
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'ai_explain.py' }).first().waitFor({ timeout: 30000 });
    await openFromExplorer('ai_explain.py');
    await squiggle('ai_explain.py').first().waitFor({ timeout: 60000 });
    const requestsBefore = aiEndpoint.requests.length;

    // 1. A stream that never finishes: the first part shows, then Cancel on the progress notification stops it.
    aiEndpoint.script.push({ stream: ['Unpickling runs whatever code the pickle names. '], end: 'stall' });
    await chooseCodeAction({ page, editor, file: 'ai_explain.py', title: 'Explain with AI' });
    await waitForFrame(page, () => (document.body?.innerText ?? '').includes('Unpickling runs whatever code the pickle names.'), 'the first part of the stalled answer', 60000);
    const explainRequest = JSON.parse(aiEndpoint.requests[requestsBefore].raw);
    assert.equal(explainRequest.stream, true, 'the explanation is asked for as a stream');
    const progress = page.locator('.notifications-toasts .notification-toast', { hasText: 'asking the model about AIS101' }).first();
    await progress.waitFor({ timeout: 30000 });
    await shot('ai-explain-partial-before-cancel');
    await progress.locator('.monaco-button', { hasText: 'Cancel' }).first().click();
    await abandonedConnections(page, aiEndpoint, 1);
    await waitForFrame(page, () => (document.body?.innerText ?? '').includes('Cancelled: the model was stopped before it finished.'), 'the panel marking the answer as cancelled');
    await progress.waitFor({ state: 'detached', timeout: 30000 });
    await shot('ai-explain-cancelled');

    // 2. A stream held back after its first piece: the panel shows that piece alone, then the whole answer.
    let release;
    const held = new Promise((resolve) => (release = resolve));
    aiEndpoint.script.push({ stream: ['**Unpickling** runs code from the file. ', 'Read it with `json.load` instead.'], gate: (index) => (index === 1 ? held : undefined) });
    // The panel covers the file in its editor group: back to the file, and the panel comes forward again as the answer streams.
    await openFromExplorer('ai_explain.py');
    await chooseCodeAction({ page, editor, file: 'ai_explain.py', title: 'Explain with AI' });
    try {
      await waitForFrame(page, () => /Unpickling runs code from the file\.\s*…/.test(document.body?.innerText ?? '') && !(document.body?.innerText ?? '').includes('json.load'), 'the first part of the answer alone, marked as still coming', 60000);
      await shot('ai-explain-partial');
    } finally {
      release();
    }
    await waitForFrame(page, () => {
      const text = document.body?.innerText ?? '';
      return text.includes('Unpickling runs code from the file. Read it with json.load instead.') && !text.includes('…');
    }, 'the whole answer');
    assert.equal(aiEndpoint.requests.length, requestsBefore + 2, 'one request per explanation');
    await shot('ai-explain-complete');
  });
}
