// Notebook steps of the UI suite: a notebook opened in the notebook editor is analysed as one program, so a
// call whose import sits in the first cell gets its squiggle on the third cell (and none on the first), and
// after "AISec: Scan Workspace" the open notebook's finding is in the Problems panel once (not a second time
// from the .ipynb file on disk).
import { strict as assert } from 'node:assert';
import { runCommandFromPalette } from './command-palette.mjs';

const SQUIGGLE = '.squiggly-error, .squiggly-warning';

/** Opens explore.ipynb (pinned, so later previews do not close it) and checks where its squiggle lands. */
export async function notebookSquiggleStep({ page, step, shot }) {
  await step('a notebook whose import is in another cell gets its squiggle on the right cell', async () => {
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'explore.ipynb' }).first().dblclick();
    // The visible cell editors, found by their text: cell 3 (the call) and cell 1 (the imports).
    const callCell = page.locator('.monaco-editor:visible', { hasText: 'features = pickle.loads' }).first();
    const importCell = page.locator('.monaco-editor:visible', { hasText: 'import json' }).first();
    await callCell.locator(SQUIGGLE).first().waitFor({ timeout: 60000 });
    await importCell.waitFor({ timeout: 30000 });
    assert.equal(await importCell.locator(SQUIGGLE).count(), 0, 'no squiggle on the importing cell');
    await shot('notebook-cell-squiggle');
  });
}

/** After a workspace scan: the open notebook's finding is one row in Problems, named by cell and line. */
export async function notebookOnceInProblemsStep({ page, step, shot }) {
  await step('after a workspace scan the open notebook appears once in Problems', async () => {
    await page.keyboard.press('Control+Shift+M');
    const rows = page.locator('.markers-panel .monaco-list-row', { hasText: 'cell 3, line 2' });
    await rows.first().waitFor({ timeout: 60000 });
    // Give a late second copy (from the scan of the .ipynb file) the time to arrive before counting.
    await page.waitForTimeout(2000);
    const texts = await rows.allInnerTexts();
    assert.equal(texts.filter((text) => /pickle/i.test(text)).length, 1, `one row for the notebook's finding: ${texts.join(' | ')}`);
    await shot('notebook-once-in-problems');
  });
}

/**
 * Closing the notebook leaves no stale cell diagnostic: its finding stays one row in Problems (the scan's, now on
 * the .ipynb file), and that row opens the notebook itself, not an empty tab of a closed cell.
 */
export async function notebookClosedStep({ page, step, shot }) {
  await step('closing a notebook leaves no stale cell diagnostics', async () => {
    await page.locator('.tabs-container .tab', { hasText: 'explore.ipynb' }).first().click();
    await runCommandFromPalette(page, 'View: Close Editor');
    await page.locator('.tabs-container .tab', { hasText: 'explore.ipynb' }).first().waitFor({ state: 'detached', timeout: 30000 });
    await page.keyboard.press('Control+Shift+M');
    const rows = page.locator('.markers-panel .monaco-list-row', { hasText: 'cell 3, line 2' });
    await rows.first().waitFor({ timeout: 60000 });
    // Give a stale cell diagnostic the time to show beside the scan's before counting.
    await page.waitForTimeout(2000);
    const texts = await rows.allInnerTexts();
    assert.equal(texts.filter((text) => /pickle/i.test(text)).length, 1, `one row for the closed notebook's finding: ${texts.join(' | ')}`);
    await shot('notebook-closed-problems');
    await rows.first().click();
    await page.locator('.monaco-editor:visible', { hasText: 'features = pickle.loads' }).first().waitFor({ timeout: 30000 });
    await shot('notebook-closed-row-opens-notebook');
    // Pinned again, as the squiggle step left it, so the later steps' previews do not replace it.
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'explore.ipynb' }).first().dblclick();
  });
}
