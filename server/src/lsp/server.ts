/**
 * Wires the AISec language server onto a connection: document sync, live diagnostics, code actions, the
 * custom requests of `shared/protocol.ts`, configuration and file-watcher events. Separate from `main.ts`
 * so tests can run the server in process over a stream pair with their own engine.
 */
import { existsSync } from 'node:fs';
import { parse } from 'node:path';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import type { CodeAction, Connection, InitializeResult } from 'vscode-languageserver';
import type { Engine, EnginePorts, FileKind } from '../engine/index';
import { fileKindOf } from '../engine/index';
import { AnalyzeTextRequest, FIX_ALL_KIND, ModelFileReportRequest, RuleDocumentationRequest, RuleListRequest, ScanWorkspaceRequest } from '../shared/protocol';
import { Analysis } from './analysis';
import { fixAllAction, isRedactedFixAction, quickFixActions, resolveRedactedFix, wantsFixAll, wantsQuickFixes } from './code-actions';
import type { RedactedFixData } from './code-actions';
import { LiveDiagnostics } from './live-diagnostics';
import { modelFileReport } from './model-file-report';
import { OpenDocuments } from './open-documents';
import { NoteLog } from './rule-failures';
import { findRule, ruleMarkdown } from './rule-docs';
import { ruleDocsUrl } from './convert';
import { SettingsStore } from './settings-store';
import type { ResolvedSettings } from './settings-store';
import { filePathOf, WorkspaceFolders } from './workspace-folders';
import { WorkspaceScanner } from './workspace-scan';
import { analyzeTextRequest } from './analyze-text';
import { createHostPorts, endpointsFromEnv, userIntelCachePath } from '../host/engine-ports';
import { createPackageIntel } from '../intel/index';
import { DEFAULT_MAX_MODEL_BYTES } from '../host/scan';
import { appendAll } from '../engine/collections';

export interface AisecServerOptions {
  /** The engine (tests pass one built from their own rule modules). */
  engine: Engine | Promise<Engine>;
  /** Extra engine ports (package intelligence); project facts and the clock are provided here. */
  ports?: EnginePorts;
}

const CONFIG_FILE_NAMES = new Set(['.aisec.toml', 'pyproject.toml']);
/** Kinds of file the project facts read (declared dependencies, model-file verdicts). */
const READ_BY_FACTS = new Set<FileKind>(['requirements', 'pyproject', 'pipfile', 'setup-cfg', 'conda-env', 'package-json', 'package-lock', 'yarn-lock', 'pnpm-lock', 'model']);

interface State {
  analysis: Analysis;
  documents: OpenDocuments;
  live: LiveDiagnostics;
  scanner: WorkspaceScanner;
}

export function startServer(connection: Connection, options: AisecServerOptions): void {
  const folders = new WorkspaceFolders();
  const settings = new SettingsStore(connection, folders);
  const notes = new NoteLog((message) => connection.console.warn(message));
  let state: State | undefined;
  let watchersDynamic = false;
  let configurationDynamic = false;
  let workDoneProgress = false;

  connection.onInitialize(async (params): Promise<InitializeResult> => {
    const engine = await options.engine;
    settings.setRules(engine.rules);
    folders.set(params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []));
    const capabilities = params.capabilities;
    settings.canPull = capabilities.workspace?.configuration === true;
    watchersDynamic = capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    configurationDynamic = capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    workDoneProgress = capabilities.window?.workDoneProgress === true;
    // Project facts cache what they learn from disk, so they are rebuilt when files appear or disappear.
    // One package-intelligence instance for the session: it records what the snapshot cannot answer, and
    // only when `aisec.dependencies.online` is on are those names (never private ones) sent to the registries.
    const intel = createPackageIntel({ online: true, cacheFile: userIntelCachePath(), endpoints: endpointsFromEnv() });
    const makePorts = (): EnginePorts => ({
      ...createHostPorts(engine, {
        baseFolder: parse(process.cwd()).root,
        roots: folders.all().map((f) => f.path),
        projectRoot: folders.all()[0]?.path ?? parse(process.cwd()).root,
        maxModelBytes: DEFAULT_MAX_MODEL_BYTES,
        intel,
      }),
      ...options.ports,
    });
    const onAnalysed = (resolved: ResolvedSettings): void => {
      // Private names are also kept out of the offline existence check, so new patterns change findings.
      if (intel.setPrivateNames(resolved.settings.dependencies.privateNames)) state?.live.scheduleAll();
      if (!resolved.settings.dependencies.online) return;
      intel.scheduleRefresh(() => state?.live.scheduleAll());
    };
    const analysis = new Analysis(engine, makePorts, notes, onAnalysed);
    const documents = new OpenDocuments(engine);
    state = {
      analysis,
      documents,
      live: new LiveDiagnostics(connection, documents, settings, analysis),
      scanner: new WorkspaceScanner(connection, documents, settings, analysis, folders),
    };
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: true },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'aisec', version: String((params.initializationOptions as { extensionVersion?: string } | undefined)?.extensionVersion ?? '0.0.0') },
    };
  });

  connection.onInitialized(() => {
    if (configurationDynamic) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'aisec' });
    if (watchersDynamic) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }] });
    connection.workspace.onDidChangeWorkspaceFolders((event) => {
      folders.change(event.added, event.removed);
      settings.clear();
    });
  });

  connection.onDidOpenTextDocument((params) => {
    if (!state) return;
    state.documents.open(params);
    state.live.schedule(params.textDocument.uri, true);
  });

  connection.onDidChangeTextDocument((params) => {
    if (!state?.documents.change(params)) return;
    state.live.schedule(params.textDocument.uri);
  });

  connection.onDidCloseTextDocument((params) => {
    if (!state) return;
    const uri = params.textDocument.uri;
    state.documents.close(uri);
    state.live.cancel(uri);
    const path = filePathOf(uri);
    // After a workspace scan the file keeps its on-disk diagnostics; otherwise they go with the editor.
    if (path && state.scanner.scanned && existsSync(path)) void state.scanner.scanFile(path);
    else void connection.sendDiagnostics({ uri, diagnostics: [] });
  });

  connection.onDidChangeConfiguration(() => {
    settings.clear();
    state?.live.scheduleAll();
  });

  connection.onDidChangeWatchedFiles((params) => {
    if (!state) return;
    let configChanged = false;
    // Project facts cache what they read on disk (manifests, model files, the folder layout): a file that
    // appears or goes, or a manifest or model file that changes, rebuilds them and re-runs open documents.
    const factsChanged = params.changes.some((c) => c.type !== FileChangeType.Changed || READ_BY_FACTS.has(fileKindOf(filePathOf(c.uri) ?? '') ?? 'text'));
    if (factsChanged) state.analysis.resetPorts();
    for (const change of params.changes) {
      const path = filePathOf(change.uri);
      if (!path) continue;
      if (CONFIG_FILE_NAMES.has(path.split(/[\\/]/).pop() ?? '')) configChanged = true;
      if (change.type === FileChangeType.Deleted) state.scanner.deleted(path);
      else if (state.scanner.owns(path) || state.scanner.covers(folders.folderOf(path))) void state.scanner.scanFile(path);
    }
    if (configChanged) settings.clearFiles();
    if (configChanged || factsChanged) state.live.scheduleAll();
  });

  connection.onCodeAction(async (params): Promise<CodeAction[]> => {
    const open = state?.documents.get(params.textDocument.uri);
    if (!state || !open) return [];
    const actions: CodeAction[] = [];
    if (wantsQuickFixes(params.context.only)) appendAll(actions, quickFixActions(params, open));
    if (wantsFixAll(params.context.only)) {
      const resolved = await settings.forPath(filePathOf(open.uri));
      const current = state.documents.get(open.uri);
      if (current) {
        const fixAll = fixAllAction(current.uri, current.document.text, state.analysis.analyzeOpen(current, resolved).findings);
        if (fixAll) actions.push(fixAll);
      }
    }
    return actions;
  });

  connection.onCodeActionResolve(async (action): Promise<CodeAction> => {
    if (!state || !isRedactedFixAction(action)) return action;
    const uri = (action.data as RedactedFixData).redactedFix.uri;
    const open = state.documents.get(uri);
    if (!open) return action;
    const resolved = await settings.forPath(filePathOf(uri));
    return resolveRedactedFix(action, open, () => state?.analysis.analyzeOpen(open, resolved).findings ?? []);
  });

  connection.onRequest(ScanWorkspaceRequest.type, async (params, token) => {
    if (!state) throw new Error('the server is not initialised');
    // Progress on the client's token when it sent one; otherwise a server-created, cancellable notification.
    if (params?.workDoneToken !== undefined) return state.scanner.scan(params, [token], connection.window.attachWorkDoneProgress(params.workDoneToken));
    if (workDoneProgress) {
      const progress = await connection.window.createWorkDoneProgress();
      return state.scanner.scan(params ?? {}, [token, progress.token], progress);
    }
    return state.scanner.scan(params ?? {}, [token], connection.window.attachWorkDoneProgress(undefined));
  });

  connection.onRequest(AnalyzeTextRequest.type, async (params) => {
    if (!state) throw new Error('the server is not initialised');
    return analyzeTextRequest(params, state.analysis, settings);
  });

  connection.onRequest(RuleDocumentationRequest.type, async (params) => {
    if (!state) return null;
    const rule = findRule(state.analysis.ruleMetas(), params.rule);
    if (!rule) return null;
    const { settings: current } = await settings.forPath(undefined);
    return { id: rule.id, name: rule.name, title: rule.title, markdown: ruleMarkdown(rule, current.docsBaseUrl), url: ruleDocsUrl(current.docsBaseUrl, rule.name) };
  });

  connection.onRequest(RuleListRequest.type, () =>
    (state?.analysis.ruleMetas() ?? []).map((rule) => ({ id: rule.id, name: rule.name, title: rule.title, category: rule.category })),
  );

  connection.onRequest(ModelFileReportRequest.type, async (params) => {
    if (!state) return null;
    return modelFileReport(params.uri, settings);
  });

  connection.onShutdown(() => {
    state?.live.dispose();
    state?.documents.dispose();
  });
}
