// The workspace scan cancelled from the UI: with enough files that the scan takes a while, "AISec: Scan
// Workspace" shows a notification with a Cancel button; pressing it stops the scan, whose summary then says so.
// The files are written for this step only and removed after it (it runs last).
import { strict as assert } from 'node:assert';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommandFromPalette } from './command-palette.mjs';

/** Files that take the scan a few seconds: each loads a model the unsafe way, among ordinary code. */
const BULK_FILES = 800;

function bulkFile(index) {
  const body = Array.from({ length: 60 }, (_, line) => `def helper_${index}_${line}(values):\n    return [value * ${line} for value in values if value]\n`).join('\n');
  return `import torch\n\n\ndef load_${index}(path):\n    return torch.load(path)\n\n\n${body}`;
}

export async function scanCancelStep({ page, step, shot, workspace }) {
  await step('a workspace scan is cancelled from its notification', async () => {
    const bulk = join(workspace, 'bulk');
    mkdirSync(bulk, { recursive: true });
    for (let i = 0; i < BULK_FILES; i++) writeFileSync(join(bulk, `module_${i}.py`), bulkFile(i));
    try {
      await runCommandFromPalette(page, 'AISec: Scan Workspace');
      const progress = page.locator('.notifications-toasts .notification-toast', { hasText: 'scanning the workspace' }).first();
      await progress.waitFor({ timeout: 30000 });
      await shot('workspace-scan-progress');
      await progress.locator('.monaco-button', { hasText: 'Cancel' }).first().click();
      const summary = page.locator('.notifications-toasts .notification-toast', { hasText: 'AISec stopped (cancelled) after scanning' }).first();
      await summary.waitFor({ timeout: 60000 });
      const text = await summary.innerText();
      const scanned = Number(/after scanning (\d+) files?/.exec(text)?.[1] ?? NaN);
      assert.ok(scanned < BULK_FILES, `the scan stopped before the end: ${text}`);
      await shot('workspace-scan-cancelled');
    } finally {
      rmSync(bulk, { recursive: true, force: true });
    }
  });
}
