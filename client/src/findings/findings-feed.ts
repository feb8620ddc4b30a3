/**
 * The one reader of AISec's diagnostics for the client's views: it turns `languages.getDiagnostics()` into
 * finding records (the Problems panel's data, so every count agrees with it) and tells its listeners, at
 * most every 200 ms, so a workspace scan that publishes thousands of files does not recount thousands of
 * times. The findings view, the details pane and the status items all read from here.
 */
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from '../../../server/src/shared/protocol';
import type { DiagnosticData } from '../../../server/src/shared/protocol';
import type { FindingRecord, FindingSeverity } from './finding-records';

/** A record with the VS Code objects it came from (to reveal it and to ask for its code actions). */
export interface Finding extends FindingRecord {
  resource: vscode.Uri;
  diagnostic: vscode.Diagnostic;
}

export class FindingsFeed implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly listener: vscode.Disposable;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private current: Finding[] | undefined;
  private categories = new Map<string, string>();

  constructor() {
    this.listener = vscode.languages.onDidChangeDiagnostics(() => this.schedule());
  }

  /** Every AISec finding the Problems panel shows (hints are left out, as the panel leaves them out). */
  findings(): readonly Finding[] {
    this.current ??= collectFindings(this.categories);
    return this.current;
  }

  /** Findings of one document. */
  findingsOf(uri: vscode.Uri): Finding[] {
    const key = uri.toString();
    return this.findings().filter((finding) => finding.uri === key);
  }

  /** Rule code → category, once the server has listed its rules. */
  setCategories(categories: ReadonlyMap<string, string>): void {
    this.categories = new Map(categories);
    this.current = undefined;
    this.changed.fire();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.listener.dispose();
    this.changed.dispose();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.current = undefined;
      this.changed.fire();
    }, 200);
  }
}

function collectFindings(categories: ReadonlyMap<string, string>): Finding[] {
  const findings: Finding[] = [];
  for (const [resource, diagnostics] of vscode.languages.getDiagnostics()) {
    for (const diagnostic of diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      const severity = severityOf(diagnostic.severity);
      if (!severity) continue;
      findings.push(toFinding(resource, diagnostic, severity, categories));
    }
  }
  return findings;
}

function toFinding(resource: vscode.Uri, diagnostic: vscode.Diagnostic, severity: FindingSeverity, categories: ReadonlyMap<string, string>): Finding {
  const code = codeOf(diagnostic);
  return {
    uri: resource.toString(),
    file: vscode.workspace.asRelativePath(resource, vscode.workspace.workspaceFolders !== undefined && vscode.workspace.workspaceFolders.length > 1),
    line: diagnostic.range.start.line,
    column: diagnostic.range.start.character,
    severity,
    code,
    ruleName: dataOf(diagnostic)?.ruleName ?? '',
    category: categories.get(code) ?? '',
    message: diagnostic.message,
    resource,
    diagnostic,
  };
}

function severityOf(severity: vscode.DiagnosticSeverity): FindingSeverity | undefined {
  switch (severity) {
    case vscode.DiagnosticSeverity.Error:
      return 'error';
    case vscode.DiagnosticSeverity.Warning:
      return 'warning';
    case vscode.DiagnosticSeverity.Information:
      return 'info';
    default:
      return undefined;
  }
}

export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  if (typeof code === 'string' || typeof code === 'number') return String(code);
  return code ? String(code.value) : '';
}

/** `data` is not part of vscode.Diagnostic's type, but the language client keeps it on the object. */
export function dataOf(diagnostic: vscode.Diagnostic): DiagnosticData | undefined {
  return (diagnostic as vscode.Diagnostic & { data?: DiagnosticData }).data;
}
