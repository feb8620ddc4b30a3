/**
 * AISec's two status items, both fed by the findings feed (the Problems panel's diagnostics):
 * - a compact status-bar item, icons first (`$(shield) $(error) 2 $(warning) 1 $(info) 3`), that says
 *   "not scanned" until a workspace scan has run, and opens the menu of main commands;
 * - a language-status item (the `{}` area Ruff and Pylance use) with the active file's findings.
 */
import * as vscode from 'vscode';
import { CODE_LANGUAGES } from './client';
import { countFindings, describeCounts, plural } from './findings/finding-records';
import type { FindingsFeed } from './findings/findings-feed';
import { statusText } from './status-text';

export const MENU_COMMAND = 'aisec.showMenu';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('aisec.status', vscode.StatusBarAlignment.Left, 50);
  private readonly language = vscode.languages.createLanguageStatusItem('aisec.file', [...CODE_LANGUAGES]);
  private readonly listeners: vscode.Disposable[];
  private scanning = false;
  private scanned = false;

  constructor(private readonly feed: FindingsFeed) {
    this.item.name = 'AISec';
    this.item.command = MENU_COMMAND;
    this.language.name = 'AISec';
    this.language.command = { command: MENU_COMMAND, title: 'Menu', tooltip: 'AISec commands' };
    this.listeners = [feed.onDidChange(() => this.update()), vscode.window.onDidChangeActiveTextEditor(() => this.update())];
    this.update();
    this.item.show();
  }

  /** Shows a spinner while a workspace scan runs. */
  setScanning(scanning: boolean): void {
    this.scanning = scanning;
    this.update();
  }

  /** A workspace scan finished (or its results were restored): the counts cover the workspace. */
  setScanned(scanned: boolean): void {
    this.scanned = scanned;
    this.update();
  }

  dispose(): void {
    for (const listener of this.listeners) listener.dispose();
    this.item.dispose();
    this.language.dispose();
  }

  private update(): void {
    const counts = countFindings(this.feed.findings());
    this.item.text = statusText(counts, { scanning: this.scanning, scanned: this.scanned });
    const scope = this.scanning ? 'Scanning the workspace…' : this.scanned ? 'Workspace scanned.' : 'Not scanned yet: the counts cover the open files only.';
    const tooltip = new vscode.MarkdownString(
      `**AISec**: ${describeCounts(counts)}${counts.total > 0 ? ` in ${plural(counts.files, 'file')}` : ''}.\n\n${scope}\n\n` +
        '[$(list-tree) Findings](command:aisec.findings.focus) · [$(search) Scan Workspace](command:aisec.scanWorkspace) · [$(output) Output](command:aisec.showOutput)',
      true,
    );
    tooltip.isTrusted = { enabledCommands: ['aisec.findings.focus', 'aisec.scanWorkspace', 'aisec.showOutput'] };
    this.item.tooltip = tooltip;

    const editor = vscode.window.activeTextEditor;
    const inFile = editor ? countFindings(this.feed.findingsOf(editor.document.uri)) : undefined;
    this.language.busy = this.scanning;
    this.language.text = inFile && inFile.total > 0 ? `$(shield) AISec: ${inFile.total}` : '$(shield) AISec';
    this.language.detail = inFile ? (inFile.total > 0 ? `${describeCounts(inFile)} in this file` : 'no findings in this file') : undefined;
    this.language.severity = inFile && inFile.errors > 0 ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
  }
}
