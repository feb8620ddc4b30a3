/**
 * The status-bar item: AISec's current diagnostic counts over the whole workspace. Clicking it opens the
 * Problems view. It follows `languages.onDidChangeDiagnostics`, batched so a workspace scan that publishes
 * thousands of files does not recount thousands of times.
 */
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from '../../server/src/shared/protocol';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('aisec.status', vscode.StatusBarAlignment.Left, 50);
  private readonly listener: vscode.Disposable;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private scanning = false;

  constructor() {
    this.item.name = 'AISec';
    this.item.command = 'workbench.actions.view.problems';
    this.listener = vscode.languages.onDidChangeDiagnostics(() => this.schedule());
    this.update();
    this.item.show();
  }

  /** Shows a spinner while a workspace scan runs. */
  setScanning(scanning: boolean): void {
    this.scanning = scanning;
    this.update();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.listener.dispose();
    this.item.dispose();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.update();
    }, 200);
  }

  private update(): void {
    const counts = countDiagnostics();
    const total = counts.errors + counts.warnings + counts.infos;
    const icon = this.scanning ? '$(sync~spin)' : total > 0 ? '$(shield)' : '$(pass)';
    this.item.text = `${icon} AISec ${counts.errors} $(error) ${counts.warnings} $(warning)`;
    this.item.tooltip =
      `AISec: ${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}, ${plural(counts.infos, 'information')}` +
      ` in ${plural(counts.files, 'file')}${this.scanning ? ' (scanning the workspace)' : ''}. Click to open the Problems view.`;
  }
}

interface Counts {
  errors: number;
  warnings: number;
  infos: number;
  files: number;
}

function countDiagnostics(): Counts {
  const counts: Counts = { errors: 0, warnings: 0, infos: 0, files: 0 };
  for (const [, diagnostics] of vscode.languages.getDiagnostics()) {
    let inFile = false;
    for (const diagnostic of diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      inFile = true;
      if (diagnostic.severity === vscode.DiagnosticSeverity.Error) counts.errors++;
      else if (diagnostic.severity === vscode.DiagnosticSeverity.Warning) counts.warnings++;
      else counts.infos++;
    }
    if (inFile) counts.files++;
  }
  return counts;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 || noun === 'information' ? '' : 's'}`;
}
