/**
 * Drives the language server (the in-process harness of test/lsp/, with every production rule) over the
 * hostile-file set at `process.argv[2]`: a workspace scan, the traps opened as documents, the ordinary files
 * opened after them, and the model-file report of a FIFO and of a link to /dev/zero. Run as a child process by
 * `hostile-lsp.test.ts`, because a server that blocks on a FIFO blocks its whole process: the parent can kill
 * it, the test process itself could not recover. Each step is printed as it starts (`STEP <name>`) so that a
 * killed run says where it hung; the outcome is printed last (`RESULT <json>`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import type { Diagnostic } from 'vscode-languageserver';
import { ModelFileReportRequest, ScanWorkspaceRequest } from '../../server/src/shared/protocol';
import { ALL_MODULES } from '../../server/src/rules/index';
import { startHarness } from '../lsp/harness';
import type { HostileSet } from './hostile-files';

export interface LspOutcome {
  scan: ScanWorkspaceRequest.Result;
  /** The last diagnostics published for each file (relative path) during the scan. */
  scanDiagnostics: Record<string, { code: string; skipped: boolean; message: string }[]>;
  /** Codes published for each opened document (relative path), or the error when none came. */
  opened: Record<string, string[] | { error: string }>;
  /** Whether the model-file report answered, per file. */
  modelReports: Record<string, 'answered' | { error: string }>;
  /** The server's log messages. */
  logs: string[];
}

/** What the parent tells the child about the set (the set itself stays in the parent, which disposes of it). */
export type SetDescription = Pick<HostileSet, 'root' | 'ordinary' | 'special' | 'traps'>;

const DOCUMENT_TIMEOUT_MS = 60_000;

async function main(set: SetDescription): Promise<void> {
  const uriOf = (path: string): string => URI.file(join(set.root, path)).toString();
  const relativeOf = (uri: string): string => URI.parse(uri).fsPath.slice(set.root.length + 1);
  const step = (name: string): void => console.log(`STEP ${name}`);
  const harness = await startHarness({ workspaceFolders: [{ uri: URI.file(set.root).toString(), name: 'hostile' }], modules: ALL_MODULES });

  step('workspace scan');
  const scan = await harness.client.sendRequest(ScanWorkspaceRequest.type, {});
  const scanDiagnostics: LspOutcome['scanDiagnostics'] = {};
  for (const publish of harness.diagnostics) {
    scanDiagnostics[relativeOf(publish.uri)] = publish.diagnostics.map((d) => ({ code: String(d.code ?? ''), skipped: (d.data as { skipped?: boolean } | undefined)?.skipped === true, message: d.message }));
  }

  const opened: LspOutcome['opened'] = {};
  const documents = [set.traps.templates, set.traps.tail, set.traps.manyFindings, ...set.ordinary.map((o) => o.path)];
  for (const path of documents) {
    step(`open ${path}`);
    const languageId = path.endsWith('.py') ? 'python' : path.endsWith('.ts') ? 'typescript' : 'javascript';
    const waiting = harness.waitForDiagnostics(uriOf(path), () => true, DOCUMENT_TIMEOUT_MS);
    harness.open(uriOf(path), languageId, readFileSync(join(set.root, path), 'utf8'));
    try {
      opened[path] = (await waiting).map((d: Diagnostic) => String(d.code ?? ''));
    } catch (error) {
      opened[path] = { error: (error as Error).message.slice(0, 300) };
    }
  }

  const modelReports: LspOutcome['modelReports'] = {};
  for (const path of set.special.filter((p) => p.endsWith('model.pkl'))) {
    step(`model report ${path}`);
    const answer = harness.client.sendRequest(ModelFileReportRequest.type, { uri: uriOf(path) }).then(() => 'answered' as const);
    const timeout = new Promise<{ error: string }>((resolve) => setTimeout(() => resolve({ error: `no answer within ${DOCUMENT_TIMEOUT_MS} ms` }), DOCUMENT_TIMEOUT_MS).unref());
    modelReports[path] = await Promise.race([answer, timeout]).catch((error: Error) => ({ error: error.message }));
  }

  step('dispose');
  const outcome: LspOutcome = { scan, scanDiagnostics, opened, modelReports, logs: harness.logs };
  console.log(`RESULT ${JSON.stringify(outcome)}`);
  await harness.dispose();
  process.exit(0);
}

main(JSON.parse(process.argv[2] ?? '{}') as SetDescription).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
