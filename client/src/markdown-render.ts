/**
 * Markdown → HTML with the renderer of VS Code's built-in Markdown extension (`markdown.api.render`), so
 * AISec's documentation and reports look like any Markdown preview. Without that extension (disabled by
 * the user) the text is shown as preformatted source rather than not at all.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { escapeHtml } from './message-markup';
import { webviewPage } from './webview-page';

export async function renderMarkdown(markdown: string): Promise<string> {
  try {
    const html = await vscode.commands.executeCommand<string>('markdown.api.render', markdown);
    if (typeof html === 'string') return html;
  } catch {
    // The built-in Markdown extension is disabled; fall through to the source.
  }
  return `<pre>${escapeHtml(markdown)}</pre>`;
}

/** A full page for `webview.html`: the theme's styles, a fresh nonce, and the optional page script. */
export function pageFor(webview: vscode.Webview, title: string, body: string, script?: string): string {
  return webviewPage({ title, body, cspSource: webview.cspSource, nonce: randomBytes(16).toString('base64'), ...(script ? { script } : {}) });
}
