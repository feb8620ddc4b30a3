/**
 * The one place that talks to a model: an OpenAI-compatible chat-completions endpoint through the `openai`
 * package (OpenAI, Azure OpenAI's v1 endpoint, Ollama, vLLM, LM Studio, llama.cpp all speak it).
 * The package's own retries are off: this module retries 429s, 5xx answers and dropped connections itself,
 * so that a `Retry-After` longer than `maxRetryAfterMs` ends the request with a message instead of a wait
 * of unbounded length, and so that cancellation also ends the wait between two attempts.
 * Every failure becomes an `AiRequestError` whose message says what happened and what to do.
 */
import OpenAI, { APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { redactText } from '../rules/secrets/redact-text';
import type { AiConfig } from './config';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** The exact JSON body sent to `/chat/completions` (the preview command shows it). */
export interface ChatRequestBody {
  model: string;
  messages: ChatMessage[];
  temperature: number;
  response_format?: { type: 'json_schema'; json_schema: { name: string; strict: boolean; schema: Record<string, unknown> } };
}

export interface ChatReply {
  content: string;
  promptTokens: number;
  completionTokens: number;
  /** HTTP requests made, retries included. */
  requests: number;
  latencyMs: number;
}

export type AiErrorKind = 'auth' | 'rate-limit' | 'server' | 'timeout' | 'connection' | 'cancelled' | 'bad-request' | 'bad-response';

export class AiRequestError extends Error {
  constructor(
    readonly kind: AiErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'AiRequestError';
  }
}

/** Anything that answers a chat request (the endpoint, or a test double in the benchmark's dry run). */
export interface ChatProvider {
  /** Where requests go, for messages (`http://127.0.0.1:11434/v1`). */
  readonly endpoint: string;
  complete(body: ChatRequestBody, signal?: AbortSignal): Promise<ChatReply>;
  /**
   * The same request with the answer streamed: `onText` gets each piece as it arrives, and the promise ends
   * with the whole reply. Providers without it answer through `complete`, all at once.
   */
  stream?(body: ChatRequestBody, onText: (delta: string) => void, signal?: AbortSignal): Promise<ChatReply>;
}

/** What one HTTP request gave: the text and the tokens the endpoint counted. */
interface OneReply {
  content: string;
  promptTokens: number;
  completionTokens: number;
}

const OPENAI_URL = 'https://api.openai.com/v1';

export class OpenAiCompatibleProvider implements ChatProvider {
  readonly endpoint: string;
  private readonly client: OpenAI;
  /** Set after an endpoint rejected `response_format: json_schema`; later requests go without it. */
  private schemaUnsupported = false;

  constructor(
    private readonly config: AiConfig,
    private readonly trace?: (line: string) => void,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.endpoint = config.baseUrl || OPENAI_URL;
    this.client = new OpenAI({
      // The package refuses to start without a key; local servers ignore it.
      apiKey: config.apiKey || 'no-key',
      baseURL: this.endpoint,
      organization: config.organization || null,
      project: config.project || null,
      timeout: config.timeoutMs,
      maxRetries: 0,
      logLevel: 'off',
    });
  }

  complete(body: ChatRequestBody, signal?: AbortSignal): Promise<ChatReply> {
    return this.withRetries(body, signal, async (sent) => {
      const completion = await this.client.chat.completions.create(
        sent as OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming,
        { timeout: this.config.timeoutMs, maxRetries: 0, ...(signal ? { signal } : {}) },
      );
      const content = completion.choices?.[0]?.message?.content;
      if (typeof content !== 'string' || content.trim() === '') throw this.noContent();
      return { content, promptTokens: completion.usage?.prompt_tokens ?? 0, completionTokens: completion.usage?.completion_tokens ?? 0 };
    });
  }

  stream(body: ChatRequestBody, onText: (delta: string) => void, signal?: AbortSignal): Promise<ChatReply> {
    return this.withRetries(body, signal, (sent) => this.streamOnce(sent, onText, signal));
  }

  /**
   * One streamed request. The package's timeout ends when the headers arrive, so a stream that stalls is
   * ended here: no chunk for `timeoutMs` is a timeout. Once part of the answer was shown, a broken stream is
   * not retried (the user would see the start twice); it ends with a message saying how far it got.
   */
  private async streamOnce(sent: ChatRequestBody, onText: (delta: string) => void, signal: AbortSignal | undefined): Promise<OneReply> {
    const controller = new AbortController();
    const forward = (): void => controller.abort();
    signal?.addEventListener('abort', forward, { once: true });
    let stalled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        stalled = true;
        controller.abort();
      }, this.config.timeoutMs);
    };
    let content = '';
    let usage: { prompt_tokens?: number; completion_tokens?: number } | undefined;
    const ended = (error?: unknown): AiRequestError | undefined => {
      if (signal?.aborted) return cancelled();
      const sofar = content === '' ? '' : ` after ${content.length} characters of the answer`;
      if (stalled) return new AiRequestError('timeout', `the endpoint ${this.endpoint} sent nothing for ${formatSeconds(this.config.timeoutMs)}${sofar} (aisec.ai.timeoutMs)`);
      if (error !== undefined && content !== '') return new AiRequestError('connection', `the answer from ${this.endpoint} broke off${sofar} (${redactText(errorText(error))}); ask again`);
      return undefined;
    };
    try {
      arm();
      const chunks = await this.client.chat.completions.create(
        { ...(sent as OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming), stream: true },
        { timeout: this.config.timeoutMs, maxRetries: 0, signal: controller.signal },
      );
      for await (const chunk of chunks) {
        arm();
        const delta = chunk.choices?.[0]?.delta?.content;
        if (typeof delta === 'string' && delta !== '') {
          content += delta;
          onText(delta);
        }
        if (chunk.usage) usage = chunk.usage;
      }
    } catch (error) {
      throw ended(error) ?? error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', forward);
    }
    // The package ends an aborted stream as if it were complete: an abort here was a cancellation or a stall.
    const early = ended();
    if (early) throw early;
    if (content.trim() === '') throw this.noContent();
    this.trace?.(`AI streamed reply (${content.length} characters): ${redactText(content)}`);
    return { content, promptTokens: usage?.prompt_tokens ?? 0, completionTokens: usage?.completion_tokens ?? 0 };
  }

  /**
   * Sends `body` through `send`, retrying 429s, 5xx answers and dropped connections with backoff (honouring
   * `Retry-After`), and once without `response_format` when the endpoint does not know structured outputs.
   */
  private async withRetries(body: ChatRequestBody, signal: AbortSignal | undefined, send: (sent: ChatRequestBody) => Promise<OneReply>): Promise<ChatReply> {
    const started = this.now();
    let requests = 0;
    let sent = this.schemaUnsupported ? withoutSchema(body) : body;
    for (let retry = 0; ; retry += 1) {
      if (signal?.aborted) throw cancelled();
      requests += 1;
      // The body holds only redacted text (see prompt.ts); the log redacts once more in case a setting added some.
      this.trace?.(`AI request ${requests} to ${this.endpoint}/chat/completions: ${redactText(JSON.stringify(sent))}`);
      try {
        const reply = await send(sent);
        this.trace?.(`AI reply (${reply.promptTokens || '?'} prompt and ${reply.completionTokens || '?'} completion tokens): ${redactText(reply.content)}`);
        return { ...reply, requests, latencyMs: this.now() - started };
      } catch (error) {
        if (error instanceof AiRequestError) throw error;
        if (signal?.aborted || error instanceof APIUserAbortError) throw cancelled();
        // A server without structured outputs rejects the schema: ask again without it (the reply is then read tolerantly).
        if (error instanceof APIError && error.status === 400 && sent.response_format && /response_format|json_schema|schema/i.test(error.message)) {
          this.schemaUnsupported = true;
          sent = withoutSchema(body);
          continue;
        }
        const wait = this.retryWait(error, retry);
        if (wait === undefined) throw this.describe(error, retry);
        if (wait > this.config.maxRetryAfterMs) {
          throw new AiRequestError('rate-limit', `the endpoint asked to wait ${Math.ceil(wait / 1000)} s before retrying (HTTP ${(error as APIError).status}), longer than aisec.ai.maxRetryAfterMs (${Math.ceil(this.config.maxRetryAfterMs / 1000)} s); try again later`);
        }
        this.trace?.(`AI request ${requests} failed (${this.describe(error, retry).message}); retrying in ${wait} ms`);
        await sleep(wait, signal);
      }
    }
  }

  private noContent(): AiRequestError {
    return new AiRequestError('bad-response', `the endpoint answered without any message content (model ${this.config.model})`);
  }

  /** How long to wait before retrying after `error`, or undefined when it is not retried. */
  private retryWait(error: unknown, retry: number): number | undefined {
    if (retry >= this.config.maxRetries) return undefined;
    if (error instanceof APIConnectionTimeoutError) return undefined;
    const backoff = Math.min(500 * 2 ** retry, 8_000);
    if (error instanceof APIError && error.status !== undefined) {
      if (error.status !== 429 && error.status < 500) return undefined;
      return retryAfterMs(error.headers) ?? backoff;
    }
    // A connection refused or dropped mid-answer.
    return backoff;
  }

  private describe(error: unknown, retries: number): AiRequestError {
    const after = retries > 0 ? ` (after ${retries} ${retries === 1 ? 'retry' : 'retries'})` : '';
    if (error instanceof APIConnectionTimeoutError) {
      return new AiRequestError('timeout', `the endpoint ${this.endpoint} did not answer within ${formatSeconds(this.config.timeoutMs)} (aisec.ai.timeoutMs)`);
    }
    if (error instanceof APIError && error.status !== undefined) {
      const detail = serverDetail(error);
      if (error.status === 401 || error.status === 403) {
        return new AiRequestError('auth', `the endpoint refused the API key (HTTP ${error.status}${detail}); set it with "AISec: Set AI API Key" or OPENAI_API_KEY`);
      }
      if (error.status === 429) return new AiRequestError('rate-limit', `the endpoint is rate-limiting requests (HTTP 429${detail})${after}; try again later`);
      if (error.status >= 500) return new AiRequestError('server', `the endpoint failed (HTTP ${error.status}${detail})${after}`);
      return new AiRequestError('bad-request', `the endpoint rejected the request (HTTP ${error.status}${detail}); check aisec.ai.model and aisec.ai.baseUrl`);
    }
    return new AiRequestError('connection', `the connection to ${this.endpoint} failed (${redactText(errorText(error))})${after}`);
  }
}

/** An error's message with its cause's (fetch failures put the reason there). */
function errorText(error: unknown): string {
  return error instanceof Error ? (error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message) : String(error);
}

function withoutSchema(body: ChatRequestBody): ChatRequestBody {
  const { response_format: _dropped, ...rest } = body;
  return rest;
}

function cancelled(): AiRequestError {
  return new AiRequestError('cancelled', 'the request was cancelled');
}

/** `Retry-After` in seconds or as an HTTP date, or `retry-after-ms`; undefined when absent or unreadable. */
export function retryAfterMs(headers: Headers | undefined): number | undefined {
  const ms = headers?.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** The server's own error text, short and redacted (it may echo part of the request). */
function serverDetail(error: APIError): string {
  const inner = (error.error as { message?: unknown } | undefined)?.message;
  const text = typeof inner === 'string' ? inner : '';
  return text ? `: ${redactText(text.length > 200 ? `${text.slice(0, 200)}…` : text)}` : '';
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
