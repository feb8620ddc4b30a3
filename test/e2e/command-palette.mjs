// Runs a command the way a user does: F1, its title typed after `>`, and Enter once the palette lists it.

/** `title` is the command's full title ("AISec: Scan Workspace"); the row is found by the part after the category. */
export async function runCommandFromPalette(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 15000 });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title.replace(/^[^:]*:\s*/, '') }).first().waitFor({ timeout: 15000 });
  await page.keyboard.press('Enter');
}
