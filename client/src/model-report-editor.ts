/**
 * The editor of model files (`.pt`, `.pkl`, `.safetensors`, ...): instead of VS Code's "binary file"
 * notice, the report AISec's server writes from the file's bytes (format, pickled globals, verdict) and
 * the file's findings. Opening the file, clicking its problem, or "Show Model File Report" lands here.
 * The bytes are never executed; the server reads them as data.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ModelFileReportRequest } from '../../server/src/shared/protocol';
import type { FindingsFeed } from './findings/findings-feed';
import { describeCounts, countFindings } from './findings/finding-records';
import { pageFor, renderMarkdown } from './markdown-render';
import { messageToHtml, escapeHtml } from './message-markup';

export const MODEL_REPORT_VIEW_TYPE = 'aisec.modelReport';

export class ModelReportEditor implements vscode.CustomReadonlyEditorProvider {
  constructor(
    private readonly client: LanguageClient,
    private readonly ready: () => Promise<void>,
    private readonly feed: FindingsFeed,
  ) {}

  static register(provider: ModelReportEditor): vscode.Disposable {
    return vscode.window.registerCustomEditorProvider(MODEL_REPORT_VIEW_TYPE, provider, {
      webviewOptions: { enableFindWidget: true, retainContextWhenHidden: false },
      supportsMultipleEditorsPerDocument: true,
    });
  }

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  async resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): Promise<void> {
    const name = document.uri.path.split('/').pop() ?? 'model';
    panel.webview.options = { enableScripts: false };
    panel.webview.html = pageFor(panel.webview, name, `<h1>${escapeHtml(name)}</h1><p class="muted">Reading the file…</p>`);
    const render = async (): Promise<void> => {
      panel.webview.html = pageFor(panel.webview, name, await this.reportHtml(document.uri, name));
    };
    // The file's findings arrive with the workspace scan or a change on disk; the report follows them.
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.joinPath(document.uri, '..'), name));
    const listeners = [watcher, watcher.onDidChange(() => void render()), this.feed.onDidChange(() => void render())];
    panel.onDidDispose(() => listeners.forEach((listener) => listener.dispose()));
    await render();
  }

  private async reportHtml(uri: vscode.Uri, name: string): Promise<string> {
    let report: ModelFileReportRequest.Result | null;
    try {
      await this.ready();
      report = await this.client.sendRequest(ModelFileReportRequest.type, { uri: uri.toString() });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return `<h1>${escapeHtml(name)}</h1><p>AISec could not read this file: ${escapeHtml(message)}</p>`;
    }
    const findings = this.feed.findingsOf(uri);
    const findingsHtml =
      findings.length === 0
        ? ''
        : `<h2>Findings (${escapeHtml(describeCounts(countFindings(findings)))})</h2><ul>${findings
            .map((f) => `<li><span class="severity-${f.severity}">${escapeHtml(f.code)}</span> ${messageToHtml(f.message)}</li>`)
            .join('')}</ul>`;
    if (!report) {
      return `<h1>${escapeHtml(name)}</h1><p>This is not a model format AISec reads, so there is no report for it; AISec's rules read pickles, PyTorch and NumPy archives, Keras, HDF5 and safetensors files.</p>${findingsHtml}`;
    }
    return (await renderMarkdown(report.markdown)) + findingsHtml;
  }
}
