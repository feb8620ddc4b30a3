// A minimal OpenAI-compatible endpoint on 127.0.0.1 for the e2e suites: it records every request and
// answers each with the next scripted reply (then with HTTP 500): a string is a chat completion's content,
// and `{ stream: [pieces], gate, end }` a streamed answer as the OpenAI API writes it (server-sent
// `chat.completion.chunk` events; `gate(i)` is awaited before piece i; `end: 'stall'` never finishes).
// `abandoned` counts answers whose connection the client closed first (a cancellation). The unit tests use
// the fuller TypeScript fake (test/ai/fake-openai-server.ts); this one runs inside the extension host too.
'use strict';
const http = require('node:http');

async function startFakeEndpoint() {
  const requests = [];
  const script = [];
  const state = { abandoned: 0, closing: false };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      requests.push({ url: req.url, raw });
      const content = script.shift();
      res.on('close', () => {
        if (!res.writableFinished && !state.closing) state.abandoned += 1;
      });
      if (content !== undefined && typeof content === 'object') {
        void streamAnswer(content, res);
        return;
      }
      if (content === undefined) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'no scripted reply' } }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'e2e', object: 'chat.completion', created: 0, model: 'fake', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${server.address().port}/v1`,
    requests,
    script,
    get abandoned() {
      return state.abandoned;
    },
    close: () => new Promise((resolve) => { state.closing = true; server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

async function streamAnswer({ stream, gate, end }, res) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const event = (delta, finish) => `data: ${JSON.stringify({ id: 'e2e', object: 'chat.completion.chunk', created: 0, model: 'fake', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  res.write(event({ role: 'assistant', content: '' }, null));
  for (const [index, piece] of stream.entries()) {
    if (gate) await gate(index);
    if (res.destroyed) return;
    res.write(event({ content: piece }, null));
  }
  if (end === 'stall') return;
  res.write(event({}, 'stop'));
  res.end('data: [DONE]\n\n');
}

/** The file both suites fix, and the patch the fake endpoint answers with (a pickle load becomes a JSON load). */
const AI_FIX_FILE_TEXT = 'import pickle\n\n\ndef load_cache(path):\n    with open(path, "rb") as handle:\n        return pickle.load(handle)\n';
const AI_FIX_PATCH = JSON.stringify({
  edits: [
    { startLine: 2, endLine: 1, newText: 'import json' },
    { startLine: 6, endLine: 6, newText: '        return json.load(handle)' },
  ],
  rationale: 'JSON cannot run code when it is read',
});

module.exports = { startFakeEndpoint, AI_FIX_FILE_TEXT, AI_FIX_PATCH };
