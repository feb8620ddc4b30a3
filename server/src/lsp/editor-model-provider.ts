/**
 * The "editor model" provider: with `aisec.ai.provider: editor` the server's chat requests go to the
 * client, which runs them on a model of VS Code's Language Model API (the user's installed assistant,
 * after its consent prompt). The request body is the same redacted one; models there have no
 * structured-output switch, so the reply is read by the tolerant patch reader. A streamed request (an
 * explanation) gets the model's fragments as `$/progress` on a token of its own while the client reads
 * them; as with an endpoint's stream, `timeoutMs` is then the longest wait for the next fragment.
 */
import { randomUUID } from 'node:crypto';
import { CancellationTokenSource, type Connection } from 'vscode-languageserver';
import type { ChatProvider, ChatReply, ChatRequestBody } from '../ai/provider';
import { AiRequestError } from '../ai/provider';
import { EditorModelChatPartial, EditorModelChatRequest } from '../shared/ai-protocol';

export class EditorModelProvider implements ChatProvider {
  readonly endpoint = 'the editor\'s language models';

  constructor(
    private readonly connection: Connection,
    private readonly family: string,
    private readonly timeoutMs: number,
  ) {}

  complete(body: ChatRequestBody, signal?: AbortSignal): Promise<ChatReply> {
    return this.chat(body, undefined, signal);
  }

  stream(body: ChatRequestBody, onText: (delta: string) => void, signal?: AbortSignal): Promise<ChatReply> {
    return this.chat(body, onText, signal);
  }

  private async chat(body: ChatRequestBody, onText: ((delta: string) => void) | undefined, signal: AbortSignal | undefined): Promise<ChatReply> {
    const started = Date.now();
    const source = new CancellationTokenSource();
    let stalled = false;
    const cancel = (): void => source.cancel();
    signal?.addEventListener('abort', cancel, { once: true });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        stalled = true;
        source.cancel();
      }, this.timeoutMs);
    };
    let shown = 0;
    const partialResultToken = onText ? `aisec-editor-chat-${randomUUID()}` : undefined;
    const pieces = partialResultToken === undefined ? undefined : this.connection.onProgress(EditorModelChatPartial.type, partialResultToken, ({ delta }) => {
      if (source.token.isCancellationRequested || typeof delta !== 'string' || delta === '') return;
      arm();
      shown += delta.length;
      onText!(delta);
    });
    const ended = (): AiRequestError | undefined => {
      if (signal?.aborted) return new AiRequestError('cancelled', 'the request was cancelled');
      const sofar = shown > 0 ? ` after ${shown} characters of the answer` : '';
      if (stalled) return new AiRequestError('timeout', `the editor's model ${onText ? 'sent nothing' : 'did not answer'} for ${this.timeoutMs / 1000} s${sofar} (aisec.ai.timeoutMs)`);
      return undefined;
    };
    try {
      arm();
      const result = await this.connection.sendRequest(EditorModelChatRequest.type, { family: this.family, messages: body.messages, ...(partialResultToken === undefined ? {} : { partialResultToken }) }, source.token);
      const early = ended();
      if (early) throw early;
      if (!result.content) throw new AiRequestError('bad-response', result.problem ? `${result.problem}${shown > 0 ? ` (after ${shown} characters of the answer)` : ''}` : 'the editor\'s model gave no answer');
      return { content: result.content, promptTokens: 0, completionTokens: 0, requests: 1, latencyMs: Date.now() - started };
    } catch (error) {
      if (error instanceof AiRequestError) throw error;
      throw ended() ?? new AiRequestError('connection', `the editor's model failed (${(error as Error).message})`);
    } finally {
      clearTimeout(timer);
      pieces?.dispose();
      signal?.removeEventListener('abort', cancel);
      source.dispose();
    }
  }
}
