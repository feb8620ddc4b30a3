/**
 * The AISec menu behind both status items: the main commands in one quick pick, as ESLint's and Ruff's
 * status items offer theirs.
 */
import * as vscode from 'vscode';

interface MenuItem extends vscode.QuickPickItem {
  command: string;
  args?: unknown[];
}

const ITEMS: MenuItem[] = [
  { label: '$(search) Scan Workspace', command: 'aisec.scanWorkspace' },
  { label: '$(file-code) Scan Current File', command: 'aisec.scanCurrentFile' },
  { label: '$(list-tree) Show Findings', command: 'aisec.findings.focus' },
  { label: '$(wrench) Fix All Safe Issues in File', command: 'aisec.fixAllSafe' },
  { label: '$(book) Show Rule Documentation', command: 'aisec.showRuleDocumentation' },
  { label: '$(file-binary) Show Model File Report', command: 'aisec.showModelFileReport' },
  { label: '$(output) Show Output', command: 'aisec.showOutput' },
  { label: '$(gear) Open Settings', command: 'workbench.action.openSettings', args: ['@ext:aisec.aisec'] },
  { label: '$(debug-restart) Restart Server', command: 'aisec.restartServer' },
];

export async function showMenu(): Promise<void> {
  const picked = await vscode.window.showQuickPick(ITEMS, { placeHolder: 'AISec' });
  if (picked) await vscode.commands.executeCommand(picked.command, ...(picked.args ?? []));
}
