/**
 * A loopback registry for the intel tests: one HTTP server on 127.0.0.1 that answers like the PyPI JSON
 * API, the npm registry and OSV (`querybatch` and `/v1/vulns/{id}`) from fixture data, records every
 * request, and can delay or hang answers to test timeouts and the concurrency limit.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRegistry {
  url: string;
  requests: string[];
  maxInFlight: number;
  close(): Promise<void>;
}

export interface FakeRegistryOptions {
  /** PyPI projects: name → JSON document. */
  pypi?: Record<string, unknown>;
  /** npm packuments: name → JSON document. */
  npm?: Record<string, unknown>;
  /** OSV: "<Ecosystem>:<name>" → vulnerability ids; and id → full record. */
  osvIds?: Record<string, string[]>;
  osvRecords?: Record<string, unknown>;
  /** Raw answers by path (archives, the PyPI simple index), sent as they are. */
  files?: Record<string, { type: string; body: Buffer | string }>;
  /** Milliseconds to wait before answering each request. */
  delayMs?: number;
  /** Never answer paths matching this pattern (to exercise timeouts). */
  hang?: RegExp;
}

export async function startFakeRegistry(options: FakeRegistryOptions): Promise<FakeRegistry> {
  const state = { requests: [] as string[], inFlight: 0, maxInFlight: 0 };
  const server: Server = createServer((req, res) => {
    void handle(req, res);
  });
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const path = decodeURIComponent(req.url ?? '/');
    state.requests.push(`${req.method} ${path}${body ? ` ${body}` : ''}`);
    if (options.hang?.test(path)) return;
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
    state.inFlight--;
    const json = (status: number, value: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    const file = options.files?.[path];
    if (file) {
      res.writeHead(200, { 'content-type': file.type });
      res.end(file.body);
      return;
    }
    let m: RegExpExecArray | null;
    if ((m = /^\/pypi\/([^/]+)\/json$/.exec(path))) {
      const doc = options.pypi?.[m[1]!];
      return doc ? json(200, doc) : json(404, { message: 'Not Found' });
    }
    if (req.method === 'POST' && path === '/v1/querybatch') {
      const { queries } = JSON.parse(body) as { queries: { package: { ecosystem: string; name: string } }[] };
      return json(200, { results: queries.map((q) => ({ vulns: (options.osvIds?.[`${q.package.ecosystem}:${q.package.name}`] ?? []).map((id) => ({ id, modified: '2026-01-01T00:00:00Z' })) })) });
    }
    if ((m = /^\/v1\/vulns\/(.+)$/.exec(path))) {
      const record = options.osvRecords?.[m[1]!];
      return record ? json(200, record) : json(404, {});
    }
    const doc = options.npm?.[path.slice(1)];
    return doc ? json(200, doc) : json(404, { error: 'Not found' });
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: state.requests,
    get maxInFlight() {
      return state.maxInFlight;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A forward proxy for plain-HTTP targets (absolute-form request targets), recording what it forwards. */
export async function startProxy(): Promise<{ url: string; forwarded: string[]; close(): Promise<void> }> {
  const forwarded: string[] = [];
  const { request } = await import('node:http');
  const server = createServer((req, res) => {
    forwarded.push(req.url ?? '');
    const target = new URL(req.url ?? '/');
    const upstream = request({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    forwarded,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}
