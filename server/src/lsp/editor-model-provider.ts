/**
 * The "editor model" provider: with `aisec.ai.provider: editor` the server's chat requests go to the
 * client, which runs them on a model of VS Code's Language Model API (the user's installed assistant,
 * after its consent prompt). The request body is the same redacted one; models there have no
 * structured-output switch, so the reply is read by the tolerant patch reader.
 */
import { CancellationTokenSource, type Connection } from 'vscode-languageserver';
import type { ChatProvider, ChatReply, ChatRequestBody } from '../ai/provider';
import { AiRequestError } from '../ai/provider';
import { EditorModelChatRequest } from '../shared/ai-protocol';

export class EditorModelProvider implements ChatProvider {
  readonly endpoint = 'the editor\'s language models';

  constructor(
    private readonly connection: Connection,
    private readonly family: string,
    private readonly timeoutMs: number,
  ) {}

  async complete(body: ChatRequestBody, signal?: AbortSignal): Promise<ChatReply> {
    const started = Date.now();
    const source = new CancellationTokenSource();
    const cancel = (): void => source.cancel();
    signal?.addEventListener('abort', cancel, { once: true });
    const timer = setTimeout(cancel, this.timeoutMs);
    try {
      const result = await this.connection.sendRequest(EditorModelChatRequest.type, { family: this.family, messages: body.messages }, source.token);
      if (signal?.aborted) throw new AiRequestError('cancelled', 'the request was cancelled');
      if (source.token.isCancellationRequested) throw new AiRequestError('timeout', `the editor's model did not answer within ${this.timeoutMs / 1000} s (aisec.ai.timeoutMs)`);
      if (!result.content) throw new AiRequestError('bad-response', result.problem ?? 'the editor\'s model gave no answer');
      return { content: result.content, promptTokens: 0, completionTokens: 0, requests: 1, latencyMs: Date.now() - started };
    } catch (error) {
      if (error instanceof AiRequestError) throw error;
      if (signal?.aborted) throw new AiRequestError('cancelled', 'the request was cancelled');
      if (source.token.isCancellationRequested) throw new AiRequestError('timeout', `the editor's model did not answer within ${this.timeoutMs / 1000} s (aisec.ai.timeoutMs)`);
      throw new AiRequestError('connection', `the editor's model failed (${(error as Error).message})`);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', cancel);
      source.dispose();
    }
  }
}
