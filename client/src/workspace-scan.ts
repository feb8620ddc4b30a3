/**
 * The workspace scan as the user sees it: a notification with a Cancel button (the language client would
 * show server-created progress in the status bar, where it cannot be cancelled), fed by the server's
 * work-done progress on a token this side creates, and bound to the request's cancellation so the server
 * stops between files. The summary counts open and closed files alike and says what was skipped and why.
 */
import * as vscode from 'vscode';
import { WorkDoneProgress } from 'vscode-languageclient/node';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ScanWorkspaceRequest } from '../../server/src/shared/protocol';

let scans = 0;

export function scanWorkspaceWithProgress(client: LanguageClient): Thenable<ScanWorkspaceRequest.Result> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'AISec: scanning the workspace', cancellable: true },
    async (progress, cancellation) => {
      const workDoneToken = `aisec-scan-${process.pid}-${++scans}`;
      let done = 0;
      const listener = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
        if (value.kind === 'end') return;
        const percentage = value.kind === 'report' ? (value.percentage ?? done) : 0;
        progress.report({ increment: Math.max(0, percentage - done), ...(value.message ? { message: value.message } : {}) });
        done = Math.max(done, percentage);
      });
      try {
        return await client.sendRequest(ScanWorkspaceRequest.type, { workDoneToken }, cancellation);
      } finally {
        listener.dispose();
      }
    },
  );
}

/** "AISec scanned 12 files (2 open): 50 issues in 9 files; 3 skipped (2 larger than the limit, 1 binary)." */
export function scanSummary(result: ScanWorkspaceRequest.Result): string {
  const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;
  const open = result.openFiles > 0 ? ` (${result.openFiles} open in the editor)` : '';
  const reasons = Object.entries(result.skippedReasons ?? {})
    .map(([reason, count]) => `${count}: ${reason}`)
    .join('; ');
  const skipped = result.filesSkipped > 0 ? `; ${result.filesSkipped} skipped${reasons ? ` (${reasons})` : ''}` : '';
  return `AISec ${result.cancelled ? 'stopped (cancelled) after scanning' : 'scanned'} ${plural(result.filesScanned, 'file')}${open}: ${plural(result.findings, 'issue')} in ${plural(result.filesWithFindings, 'file')}${skipped}.`;
}
