/**
 * An OpenAI-compatible chat-completions server on 127.0.0.1 for tests and the benchmark's self-check.
 * It records every request (headers and parsed body) and answers from a script: a reply per request in
 * order, each a chat completion, an HTTP error with headers, a hang (never answers), a connection
 * dropped in the middle of the answer, or a streamed answer: server-sent events of `chat.completion.chunk`
 * objects as the OpenAI API writes them, ending in `data: [DONE]`, a dropped connection or a stall. When the
 * script runs out it answers 500.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  url: string;
  headers: IncomingMessage['headers'];
  raw: string;
  body: { model?: string; messages?: Array<{ role: string; content: string }>; response_format?: unknown };
  at: number;
}

export type ScriptedReply =
  | { kind: 'completion'; content: string; promptTokens?: number; completionTokens?: number }
  | { kind: 'error'; status: number; headers?: Record<string, string>; message?: string }
  | { kind: 'hang' }
  | { kind: 'drop' }
  | StreamedReply;

export interface StreamedReply {
  kind: 'stream';
  /** The answer's pieces, one event each. */
  chunks: string[];
  /** Awaited before chunk `index` is written (a test holds the rest of the answer back with it). */
  gate?: (index: number) => Promise<void> | void;
  /** After the chunks: `[DONE]` (default), the connection destroyed, or nothing more ever. */
  end?: 'done' | 'drop' | 'stall';
}

export interface FakeOpenAiServer {
  baseUrl: string;
  requests: RecordedRequest[];
  /** Responses whose connection the client closed before the answer was complete (cancellation). */
  abandoned: number;
  /** Replies still to give, in order (push more at any time). */
  script: ScriptedReply[];
  /** Answers every request for which the script is empty (the benchmark's self-check uses it). */
  fallback?: (request: RecordedRequest) => ScriptedReply;
  close(): Promise<void>;
}

export function completion(content: string): ScriptedReply {
  return { kind: 'completion', content };
}

/** A patch reply as a model would write it. */
export function patchReply(edits: Array<{ startLine: number; endLine: number; newText: string }>, rationale = 'fixes the finding'): ScriptedReply {
  return completion(JSON.stringify({ edits, rationale }));
}

export async function startFakeOpenAiServer(): Promise<FakeOpenAiServer> {
  const requests: RecordedRequest[] = [];
  const hanging = new Set<ServerResponse>();
  let closing = false;
  const fake: FakeOpenAiServer = { baseUrl: '', requests, abandoned: 0, script: [], close: async () => undefined };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: RecordedRequest['body'] = {};
      try {
        body = JSON.parse(raw) as RecordedRequest['body'];
      } catch {
        body = {};
      }
      const request: RecordedRequest = { url: req.url ?? '', headers: req.headers, raw, body, at: Date.now() };
      requests.push(request);
      const reply = fake.script.shift() ?? fake.fallback?.(request) ?? { kind: 'error', status: 500, message: 'the fake server has no scripted reply' };
      res.on('close', () => {
        if (!res.writableFinished && !closing) fake.abandoned += 1;
      });
      answer(reply, res, body.model ?? 'fake-model', hanging);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      closing = true;
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}

function answer(reply: ScriptedReply, res: ServerResponse, model: string, hanging: Set<ServerResponse>): void {
  switch (reply.kind) {
    case 'completion': {
      const json = JSON.stringify({
        id: 'chatcmpl-fake',
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model,
        choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: reply.content } }],
        usage: { prompt_tokens: reply.promptTokens ?? 100, completion_tokens: reply.completionTokens ?? 20, total_tokens: (reply.promptTokens ?? 100) + (reply.completionTokens ?? 20) },
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(json);
      return;
    }
    case 'error':
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(JSON.stringify({ error: { message: reply.message ?? `fake error ${reply.status}`, type: 'fake' } }));
      return;
    case 'hang':
      hanging.add(res);
      return;
    case 'stream':
      void stream(reply, res, model, hanging);
      return;
    case 'drop':
      // Headers and half a body, then the connection goes away.
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '400' });
      res.write('{"id":"chatcmpl-fake","choices":[{"index":0,"message":{"role":"assis');
      setTimeout(() => res.socket?.destroy(), 20);
      return;
  }
}

/** Writes a streamed answer as server-sent events, one `chat.completion.chunk` per piece. */
async function stream(reply: StreamedReply, res: ServerResponse, model: string, hanging: Set<ServerResponse>): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const event = (delta: Record<string, string>, finish: string | null): string =>
    `data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  res.write(event({ role: 'assistant', content: '' }, null));
  for (const [index, piece] of reply.chunks.entries()) {
    await reply.gate?.(index);
    if (res.destroyed) return;
    res.write(event({ content: piece }, null));
  }
  const end = reply.end ?? 'done';
  if (end === 'drop') {
    setTimeout(() => res.socket?.destroy(), 20);
    return;
  }
  if (end === 'stall') {
    hanging.add(res);
    return;
  }
  res.write(event({}, 'stop'));
  res.end('data: [DONE]\n\n');
}
