/**
 * The language client, except that a server that exits with code 0 (a restart, or VS Code closing) is
 * logged as information: vscode-languageclient 9 logs every exit code, 0 included, as an error, which made
 * "Restart Server" look like a crash in the output.
 */
import { LanguageClient } from 'vscode-languageclient/node';

export class QuietExitLanguageClient extends LanguageClient {
  override error(message: string, data?: unknown, showNotification?: boolean | 'force'): void {
    if (message === 'Server process exited with code 0.') {
      this.info('The language server exited normally.', undefined, false);
      return;
    }
    super.error(message, data, showNotification);
  }
}
