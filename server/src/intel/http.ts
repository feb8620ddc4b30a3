/**
 * A small HTTP client for the registry lookups: timeouts, a response-size cap, and the standard proxy
 * variables (HTTPS_PROXY / HTTP_PROXY / NO_PROXY, either case). HTTPS through a proxy uses CONNECT; plain
 * HTTP through a proxy sends the absolute URL. Only `intel/` talks to the network.
 */
import type * as Http from 'node:http';
import type * as Https from 'node:https';
import type * as Tls from 'node:tls';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';

/**
 * `node:http`, `node:https` and `node:tls`, loaded on the first request: most runs (an offline scan, the language
 * server without `--online`) never send one, and loading the three with what they pull in (`net`, streams) took
 * 10-50 ms of every CLI start-up on the 2-core machine.
 */
const loadBuiltin = createRequire(__filename);
let loaded: { http: typeof Http; https: typeof Https; tls: typeof Tls } | undefined;
function network(): { http: typeof Http; https: typeof Https; tls: typeof Tls } {
  loaded ??= { http: loadBuiltin('node:http') as typeof Http, https: loadBuiltin('node:https') as typeof Https, tls: loadBuiltin('node:tls') as typeof Tls };
  return loaded;
}

export interface HttpResponse {
  status: number;
  headers: Http.IncomingHttpHeaders;
  body: string;
  /** The body as received (archives). */
  bytes: Buffer;
}

export interface HttpOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** Responses larger than this are abandoned (the OSV API can answer up to 32 MiB). */
  maxBytes?: number;
  /** Environment to read proxy settings from (defaults to `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Aborts the request early (an overall deadline shared by many requests). */
  signal?: AbortSignal;
}

const USER_AGENT = 'aisec-package-intel (+https://github.com/aisec/aisec)';

export async function httpRequest(url: string, options: HttpOptions): Promise<HttpResponse> {
  const target = new URL(url);
  const proxy = proxyFor(target, options.env ?? process.env);
  const headers: Record<string, string> = { 'user-agent': USER_AGENT, accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-length'] = String(Buffer.byteLength(options.body));
  const { http, https, tls } = network();
  const deadline = options.signal ? AbortSignal.any([AbortSignal.timeout(options.timeoutMs), options.signal]) : AbortSignal.timeout(options.timeoutMs);
  if (proxy && target.protocol === 'https:') {
    const socket = await connectTunnel(proxy, target, options.timeoutMs);
    return send(https, { host: target.hostname, port: target.port || 443, path: target.pathname + target.search, method: options.method ?? 'GET', headers, createConnection: () => tls.connect({ socket, servername: target.hostname }), agent: false, signal: deadline }, options);
  }
  if (proxy) {
    return send(proxy.protocol === 'https:' ? https : http, { host: proxy.hostname, port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80), path: target.href, method: options.method ?? 'GET', headers: { ...headers, host: target.host, ...proxyAuth(proxy) }, signal: deadline }, options);
  }
  const lib = target.protocol === 'https:' ? https : http;
  return send(lib, { host: target.hostname, port: target.port || (target.protocol === 'https:' ? 443 : 80), path: target.pathname + target.search, method: options.method ?? 'GET', headers, signal: deadline }, options);
}

/** The proxy URL for a target, honouring NO_PROXY (host suffixes, `*`, optional ports). */
export function proxyFor(target: URL, env: NodeJS.ProcessEnv): URL | undefined {
  const noProxy = env.NO_PROXY ?? env.no_proxy ?? '';
  const host = target.hostname.toLowerCase();
  for (const raw of noProxy.split(/[\s,]+/).filter(Boolean)) {
    if (raw === '*') return undefined;
    const [pattern, port] = raw.toLowerCase().replace(/^\*?\.?/, '').split(':');
    if (port && port !== (target.port || (target.protocol === 'https:' ? '443' : '80'))) continue;
    if (host === pattern || host.endsWith(`.${pattern}`)) return undefined;
  }
  const value = target.protocol === 'https:' ? env.HTTPS_PROXY ?? env.https_proxy ?? env.HTTP_PROXY ?? env.http_proxy : env.HTTP_PROXY ?? env.http_proxy;
  if (!value) return undefined;
  try {
    return new URL(/^[a-z]+:\/\//i.test(value) ? value : `http://${value}`);
  } catch {
    return undefined;
  }
}

function send(lib: typeof Http | typeof Https, request: Https.RequestOptions, options: HttpOptions): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const req = lib.request(request, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (options.maxBytes !== undefined && size > options.maxBytes) {
          req.destroy(new Error(`response larger than ${options.maxBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: bytes.toString('utf8'), bytes });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(options.timeoutMs, () => req.destroy(new Error(`timed out after ${options.timeoutMs} ms`)));
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

function connectTunnel(proxy: URL, target: URL, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const { http, https } = network();
    const lib = proxy.protocol === 'https:' ? https : http;
    const authority = `${target.hostname}:${target.port || 443}`;
    const req = lib.request({ host: proxy.hostname, port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80), method: 'CONNECT', path: authority, headers: { host: authority, ...proxyAuth(proxy) } });
    req.on('connect', (res, socket) => {
      if (res.statusCode === 200) resolve(socket);
      else {
        socket.destroy();
        reject(new Error(`proxy CONNECT answered ${res.statusCode}`));
      }
    });
    req.on('error', reject);
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`proxy CONNECT timed out after ${timeoutMs} ms`)));
    req.end();
  });
}

function proxyAuth(proxy: URL): Record<string, string> {
  if (!proxy.username) return {};
  const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return { 'proxy-authorization': `Basic ${Buffer.from(credentials).toString('base64')}` };
}
