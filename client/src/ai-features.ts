/**
 * The client side of AI-assisted fixes: the API key (kept in the editor's secret storage, set with
 * "AISec: Set AI API Key", never in settings.json) and workspace trust are handed to the server, which
 * keeps AI off until it hears the workspace is trusted; "Explain with AI" shows the model's answer in the
 * rendered panel while it is being written (partial results of `aisec/aiExplain`), "Preview AI Fix Request"
 * opens the exact request body; and with `aisec.ai.provider: editor` the server's chat requests run on a model
 * of VS Code's Language Model API (the editor asks the user's consent the first time), its answer streamed
 * back fragment by fragment when the server asks for a stream.
 * The code action "Fix with AI (verified)" itself is the server's (see server/src/lsp/ai-service.ts).
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { AiCredentialsNotification, AiExplainPartial, AiExplainRequest, AiPreviewRequest, EditorModelChatPartial, EditorModelChatRequest, EXPLAIN_WITH_AI_COMMAND, type AiFindingParams } from '../../server/src/shared/ai-protocol';
import { DIAGNOSTIC_SOURCE } from '../../server/src/shared/protocol';
import type { RenderedPanel, RenderedReport } from './rendered-panel';
import { StreamedText } from './streamed-text';

const SECRET_KEY = 'aisec.ai.apiKey';

export interface AiFeatures {
  /** Hands the key and the trust state to the server (call after the client started). */
  sendCredentials(): Promise<void>;
  disposables: vscode.Disposable[];
}

export function registerAiFeatures(context: vscode.ExtensionContext, client: LanguageClient, output: vscode.OutputChannel, rendered: RenderedPanel): AiFeatures {
  const sendCredentials = async (): Promise<void> => {
    if (!client.isRunning()) return;
    const trusted = vscode.workspace.isTrusted;
    const apiKey = trusted ? await context.secrets.get(SECRET_KEY) : undefined;
    await client.sendNotification(AiCredentialsNotification.type, { trusted, ...(apiKey ? { apiKey } : {}) });
  };
  const guarded = (name: string, run: (...args: unknown[]) => Promise<unknown>) =>
    vscode.commands.registerCommand(name, async (...args: unknown[]) => {
      try {
        return await run(...args);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        output.appendLine(`${name} failed: ${message}`);
        void vscode.window.showErrorMessage(`AISec: ${message}`);
        return undefined;
      }
    });
  client.onRequest(EditorModelChatRequest.type, (params, token) => editorModelChat(params, token, (delta) => {
    if (params.partialResultToken !== undefined) void client.sendProgress(EditorModelChatPartial.type, params.partialResultToken, { delta });
  }));
  const disposables = [
    guarded('aisec.setAiApiKey', async () => {
      const key = await vscode.window.showInputBox({
        title: 'AISec: AI API key',
        prompt: 'Stored in the editor\'s secret storage and sent only to the endpoint of aisec.ai.baseUrl. Leave empty to remove the stored key.',
        password: true,
        ignoreFocusOut: true,
      });
      if (key === undefined) return;
      if (key.trim() === '') await context.secrets.delete(SECRET_KEY);
      else await context.secrets.store(SECRET_KEY, key.trim());
      void vscode.window.showInformationMessage(key.trim() === '' ? 'AISec: the AI API key was removed.' : 'AISec: the AI API key was stored.');
    }),
    guarded(EXPLAIN_WITH_AI_COMMAND, async (...args) => {
      const finding = findingParams(args);
      return finding ? explainStreamed(client, rendered, finding) : undefined;
    }),
    guarded('aisec.previewAiRequest', async (...args) => {
      const finding = findingParams(args);
      if (!finding) return;
      const result = await client.sendRequest(AiPreviewRequest.type, finding);
      if (!result.body) {
        void vscode.window.showWarningMessage(`AISec: nothing would be sent: ${result.problem ?? 'unknown reason'}`);
        return;
      }
      const document = await vscode.workspace.openTextDocument({ language: 'json', content: result.body });
      await vscode.window.showTextDocument(document, { preview: true });
    }),
    context.secrets.onDidChange((event) => {
      if (event.key === SECRET_KEY) void sendCredentials();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void sendCredentials()),
    // A restarted server starts with AI off until it hears again.
    client.onDidChangeState((event) => {
      if (event.newState === State.Running) void sendCredentials();
    }),
  ];
  return { sendCredentials, disposables };
}

/** The finding named by a code action's arguments, or the AISec diagnostic under the cursor. */
function findingParams(args: unknown[]): AiFindingParams | undefined {
  const [uri, ruleId, fingerprint] = args;
  if (typeof uri === 'string' && typeof ruleId === 'string' && typeof fingerprint === 'string') return { uri, ruleId, fingerprint };
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('AISec: put the cursor on an AISec finding first.');
    return undefined;
  }
  const at = editor.selection.active;
  const diagnostic = vscode.languages.getDiagnostics(editor.document.uri).find((d) => d.source === DIAGNOSTIC_SOURCE && d.range.contains(at));
  const data = (diagnostic as { data?: { ruleId?: string; fingerprint?: string } } | undefined)?.data;
  const code = typeof diagnostic?.code === 'object' ? diagnostic.code.value : diagnostic?.code;
  const rule = data?.ruleId ?? (typeof code === 'string' ? code : undefined);
  if (!diagnostic || !rule || !data?.fingerprint) {
    void vscode.window.showInformationMessage('AISec: put the cursor on an AISec finding first.');
    return undefined;
  }
  return { uri: editor.document.uri.toString(), ruleId: rule, fingerprint: data.fingerprint };
}

/**
 * Asks for the explanation with a partial-result token and shows it in the rendered panel as it grows; the
 * notification's Cancel button cancels the request, which ends the model's stream, and leaves what was
 * shown marked as cancelled.
 */
async function explainStreamed(client: LanguageClient, rendered: RenderedPanel, finding: AiFindingParams): Promise<RenderedReport | undefined> {
  const title = `AISec: ${finding.ruleId} explained`;
  const page = (text: string): string => `# ${finding.ruleId}: explained by the configured model\n\n${text}`;
  const shown = new StreamedText(async (text, done) => {
    await rendered.show({ title, markdown: page(done ? text : `${text} …`) }, { quiet: true });
  });
  const partialResultToken = `aisec-explain-${randomUUID()}`;
  const pieces = client.onProgress(AiExplainPartial.type, partialResultToken, (value) => shown.push(value.delta));
  let cancelled = false;
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `AISec: asking the model about ${finding.ruleId}…`, cancellable: true },
      (_progress, token) => {
        token.onCancellationRequested(() => (cancelled = true));
        return client.sendRequest(AiExplainRequest.type, { ...finding, partialResultToken }, token).catch((error: unknown): AiExplainRequest.Result => {
          if (cancelled) return {};
          throw error;
        });
      },
    );
    if (cancelled) {
      // The user stopped it: what was shown stays, marked as cut short, and no error is raised.
      if (shown.value !== '') await shown.finish(`${shown.value}\n\n---\n_Cancelled: the model was stopped before it finished._`);
      return undefined;
    }
    if (!result.markdown) {
      void vscode.window.showWarningMessage(`AISec: no explanation: ${result.problem ?? 'no answer'}`);
      return undefined;
    }
    const markdown = result.cached ? `${result.markdown}\n\n---\n_From the cache of earlier answers: nothing was sent this time._` : result.markdown;
    await shown.finish(markdown);
    return { title, markdown: page(markdown) };
  } finally {
    pieces.dispose();
    shown.dispose();
  }
}

/**
 * Runs a chat on a model of the Language Model API; the editor shows its consent prompt on first use. Each
 * fragment goes to `onFragment` as it arrives (the server asked for a stream when it sent a partial-result
 * token), and the server's cancellation cancels the model's request.
 */
async function editorModelChat(params: EditorModelChatRequest.Params, token: vscode.CancellationToken, onFragment: (delta: string) => void): Promise<EditorModelChatRequest.Result> {
  if (!vscode.workspace.isTrusted) return { problem: 'AI fixes are disabled in an untrusted workspace' };
  const models = await vscode.lm.selectChatModels(params.family ? { family: params.family } : {});
  const model = models[0];
  if (!model) return { problem: params.family ? `no editor language model of family "${params.family}" is available` : 'no editor language model is available (install an assistant that provides one)' };
  // The Language Model API has no system role: the instructions open the first user message.
  const messages = params.messages.map((m) => (m.role === 'assistant' ? vscode.LanguageModelChatMessage.Assistant(m.content) : vscode.LanguageModelChatMessage.User(m.content)));
  try {
    const response = await model.sendRequest(messages, { justification: 'AISec asks the model for a fix of a security finding, which AISec verifies before showing it.' }, token);
    let content = '';
    for await (const fragment of response.text) {
      if (token.isCancellationRequested) return { problem: 'the request was cancelled' };
      content += fragment;
      onFragment(fragment);
    }
    return { content, model: `${model.vendor}/${model.family}` };
  } catch (error) {
    return { problem: error instanceof vscode.LanguageModelError ? `${error.code}: ${error.message}` : (error as Error).message };
  }
}
