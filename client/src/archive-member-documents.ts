/**
 * Read-only documents of the Python members of model archives (`aisec-member:` URIs): a finding of the code
 * rules inside a TorchServe handler sits on the archive's first line, and its related location opens the
 * handler's text here at the real line. The text comes from the server, which reads it from the archive as
 * the rules did.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ArchiveMemberTextRequest } from '../../server/src/shared/protocol';
import { ARCHIVE_MEMBER_SCHEME, parseArchiveMemberUri } from '../../server/src/shared/archive-member-uri';

class ArchiveMemberDocuments implements vscode.TextDocumentContentProvider {
  constructor(private readonly client: LanguageClient, private readonly ready: () => Promise<void>) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const ref = parseArchiveMemberUri(uri.toString());
    if (!ref) return `# AISec: ${uri.toString()} does not name an archive member.\n`;
    await this.ready();
    const result = await this.client.sendRequest(ArchiveMemberTextRequest.type, { uri: ref.archive, member: ref.member });
    // Said in a Python comment, since the document is shown as Python.
    return result?.text ?? `# AISec: the archive ${ref.archive} no longer holds the Python member ${ref.member}.\n`;
  }
}

export function registerArchiveMemberDocuments(client: LanguageClient, ready: () => Promise<void>): vscode.Disposable {
  return vscode.workspace.registerTextDocumentContentProvider(ARCHIVE_MEMBER_SCHEME, new ArchiveMemberDocuments(client, ready));
}
