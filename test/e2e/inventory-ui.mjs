// The "AI Inventory" view in the UI suite: "AISec: Show AI Inventory" from the command palette opens the view
// in AISec's container with what the workspace's AI is made of, grouped by kind (the pinned Hugging Face model
// of hints.py, the dangerous pickle under models/, the Transformers library), and clicking a place opens the
// file at that line.
import { strict as assert } from 'node:assert';
import { runCommandFromPalette } from './command-palette.mjs';

export async function inventoryViewStep({ page, step, shot }) {
  await step('AISec: Show AI Inventory lists the workspace\'s models, model files and SDKs, and a place opens its file', async () => {
    await runCommandFromPalette(page, 'AISec: Show AI Inventory');
    const view = page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: 'AI Inventory' }) }).first();
    const row = (text) => view.locator('.monaco-list-row', { hasText: text }).first();
    for (const group of ['Models', 'Model files', 'AI services and SDKs']) await row(group).waitFor({ timeout: 60000 });
    await row('openai-community/gpt2').waitFor({ timeout: 30000 });
    const pickle = row('classifier.pkl');
    await pickle.waitFor({ timeout: 30000 });
    assert.match(await pickle.innerText(), /dangerous/i, 'the model file carries the scanner\'s verdict');
    await row('Hugging Face Transformers').waitFor({ timeout: 30000 });
    // A model's entry expands to the places it was found; the place opens the file.
    await row('openai-community/gpt2').click();
    const place = row('hints.py:3');
    await place.waitFor({ timeout: 15000 });
    await shot('inventory-view');
    await place.click();
    await page.locator('.tabs-container .tab', { hasText: 'hints.py' }).first().waitFor({ timeout: 15000 });
    // Back to the explorer for the steps that follow.
    await page.keyboard.press('Control+Shift+E');
  });
}
