/**
 * An in-process LSP harness: the real server (`startServer`) on one end of a stream pair, a JSON-RPC
 * client on the other. The client answers `workspace/configuration` from a settings object the test
 * controls, accepts registrations and progress tokens, and records every notification it receives.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { createConnection } from 'vscode-languageserver/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import { createEngine } from '../../server/src/engine/index';
import type { Engine } from '../../server/src/engine/index';
import type { RuleModule } from '../../server/src/engine/rule';
import { startServer } from '../../server/src/lsp/server';
import { engineOptions } from '../../server/src/host/load-engine';
import { TEST_MODULES } from './test-rules';

let sharedEngine: Promise<Engine> | undefined;

/** One engine per test process: loading grammars takes a few hundred milliseconds. */
export function testEngine(modules: readonly RuleModule[] = TEST_MODULES): Promise<Engine> {
  if (modules !== TEST_MODULES) return createEngine(engineOptions(modules));
  sharedEngine ??= createEngine(engineOptions(modules));
  return sharedEngine;
}

export interface Harness {
  client: MessageConnection;
  /** The settings returned for `workspace/configuration` (mutable by the test). */
  settings: { value: unknown };
  diagnostics: PublishDiagnosticsParams[];
  progress: unknown[];
  logs: string[];
  shownMessages: string[];
  /** Waits for the next publish for `uri` matching `predicate`. */
  waitForDiagnostics(uri: string, predicate?: (d: Diagnostic[]) => boolean, timeoutMs?: number): Promise<Diagnostic[]>;
  open(uri: string, languageId: string, text: string, version?: number): void;
  change(uri: string, version: number, changes: Array<{ range?: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }>): void;
  close(uri: string): void;
  dispose(): Promise<void>;
}

export interface HarnessOptions {
  settings?: unknown;
  workspaceFolders?: Array<{ uri: string; name: string }>;
  modules?: readonly RuleModule[];
  /** Client capabilities: whether it supports window/workDoneProgress (server-created progress). */
  workDoneProgress?: boolean;
  /**
   * Run the built server (`dist/server.js --stdio`, every rule) in a child process instead of in this
   * one: a server stuck in a blocking call then cannot stall the test, whose timeouts still fire.
   */
  childProcess?: boolean;
  /** The server's engine in this process (default: `testEngine(modules)`). */
  engine?: Promise<Engine>;
  /** What the client passes at start-up (`storageFolder` for the scan cache). */
  initializationOptions?: Record<string, unknown>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const server = options.childProcess ? serverInChildProcess() : serverInThisProcess(options.engine ?? testEngine(options.modules));
  const client = createMessageConnection(new StreamMessageReader(server.toClient), new StreamMessageWriter(server.toServer));
  const settings = { value: options.settings ?? { debounceMs: 0 } };
  const diagnostics: PublishDiagnosticsParams[] = [];
  const progress: unknown[] = [];
  const logs: string[] = [];
  const shownMessages: string[] = [];
  const waiters: Array<() => void> = [];

  client.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => settings.value));
  client.onRequest('client/registerCapability', () => null);
  client.onRequest('window/workDoneProgress/create', () => null);
  client.onNotification('$/progress', (params: unknown) => progress.push(params));
  client.onNotification('window/logMessage', (params: { message: string }) => logs.push(params.message));
  client.onNotification('window/showMessage', (params: { message: string }) => shownMessages.push(params.message));
  client.onRequest('window/showMessageRequest', (params: { message: string }) => {
    shownMessages.push(params.message);
    return null;
  });
  client.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
    diagnostics.push(params);
    for (const wake of waiters.splice(0)) wake();
  });
  client.listen();

  await client.sendRequest('initialize', {
    // No process id: the node server would otherwise poll it on an interval that keeps the test process alive.
    processId: null,
    rootUri: null,
    workspaceFolders: options.workspaceFolders ?? null,
    ...(options.initializationOptions ? { initializationOptions: options.initializationOptions } : {}),
    capabilities: {
      workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, didChangeConfiguration: { dynamicRegistration: true }, workspaceFolders: true },
      window: { workDoneProgress: options.workDoneProgress ?? true },
      textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true } },
    },
  });
  client.sendNotification('initialized', {});

  const harness: Harness = {
    client,
    settings,
    diagnostics,
    progress,
    logs,
    shownMessages,
    waitForDiagnostics(uri, predicate = () => true, timeoutMs = 5000) {
      const seen = diagnostics.length;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; got ${JSON.stringify(diagnostics.slice(seen))}`)), timeoutMs);
        let index = seen;
        const check = (): void => {
          for (; index < diagnostics.length; index++) {
            const publish = diagnostics[index]!;
            if (publish.uri === uri && predicate(publish.diagnostics)) {
              clearTimeout(timer);
              resolve(publish.diagnostics);
              return;
            }
          }
          waiters.push(check);
        };
        check();
      });
    },
    open(uri, languageId, text, version = 1) {
      client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
    },
    change(uri, version, changes) {
      client.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    },
    close(uri) {
      client.sendNotification('textDocument/didClose', { textDocument: { uri } });
    },
    async dispose() {
      // A child server is killed without a shutdown request, which a stuck server would never answer.
      if (!options.childProcess) await client.sendRequest('shutdown');
      client.dispose();
      server.dispose();
    },
  };
  return harness;
}

interface ServerEnd {
  toServer: NodeJS.WritableStream;
  toClient: NodeJS.ReadableStream;
  dispose(): void;
}

function serverInThisProcess(engine: Promise<Engine>): ServerEnd {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const serverConnection = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  startServer(serverConnection, { engine });
  serverConnection.listen();
  return {
    toServer,
    toClient,
    dispose: () => {
      serverConnection.dispose();
      toServer.destroy();
      toClient.destroy();
    },
  };
}

function serverInChildProcess(): ServerEnd {
  const child = spawn(process.execPath, [join(__dirname, '..', '..', 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  return {
    toServer: child.stdin,
    toClient: child.stdout,
    // Killed rather than waited for: a server that hangs never exits by itself.
    dispose: () => {
      child.kill('SIGKILL');
    },
  };
}
