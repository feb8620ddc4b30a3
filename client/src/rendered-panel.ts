/**
 * One webview panel for everything AISec renders on demand (rule documentation, model-file reports,
 * snippet results): it opens beside the editor the first time and is reused afterwards, so four commands
 * give one rendered tab instead of four columns of Markdown source.
 */
import * as vscode from 'vscode';
import { pageFor, renderMarkdown } from './markdown-render';

/** What the panel shows; commands return it, so tests can check the content they asked for. */
export interface RenderedReport {
  title: string;
  markdown: string;
}

export class RenderedPanel implements vscode.Disposable {
  static readonly viewType = 'aisec.rendered';
  private panel: vscode.WebviewPanel | undefined;

  /**
   * `quiet`: an update of text being shown (a streamed answer growing) that leaves the focus where it is; the
   * panel is still brought forward when it is hidden behind another editor, or the answer would grow unseen.
   */
  async show(report: RenderedReport, options: { quiet?: boolean } = {}): Promise<RenderedReport> {
    const html = await renderMarkdown(report.markdown);
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(RenderedPanel.viewType, report.title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, {
        enableScripts: false,
        enableFindWidget: true,
      });
      this.panel.onDidDispose(() => (this.panel = undefined));
    } else if (!options.quiet || !this.panel.visible) {
      this.panel.reveal(this.panel.viewColumn, options.quiet === true);
    }
    this.panel.title = report.title;
    this.panel.webview.html = pageFor(this.panel.webview, report.title, html);
    return report;
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
