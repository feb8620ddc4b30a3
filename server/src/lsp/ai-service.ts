/**
 * AI-assisted fixes in the language server. Every AISec diagnostic of a code document gets "Fix with AI
 * (verified)" and "Explain with AI" when AI is enabled (`aisec.ai.enable`), configured, and the client
 * said the workspace is trusted. The fix action carries only the finding's identity: the request runs in
 * `codeAction/resolve`, when the user picks it, and the verified patch comes back as a `WorkspaceEdit`
 * whose change annotation needs confirmation, so the editor shows it as a refactor preview and never
 * applies it silently. Cancelling the resolve cancels the HTTP request.
 */
import { join } from 'node:path';
import type { CancellationToken, CodeAction, CodeActionParams, Connection, Diagnostic, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver';
import { CodeActionKind } from 'vscode-languageserver';
import type { AnalysisResult, Finding, RuleMeta } from '../engine/index';
import type { LineEdit, ModelPatch } from '../ai/patch';
import { aiConfigProblem, readAiConfig, type AiConfig } from '../ai/config';
import { requestExplanation } from '../ai/explain';
import { AiAnswerCache } from '../ai/answer-cache';
import { prepareFix, requestVerifiedFix } from '../ai/fix-session';
import { OpenAiCompatibleProvider, type ChatProvider } from '../ai/provider';
import { EditorModelProvider } from './editor-model-provider';
import { redactText } from '../rules/secrets/redact-text';
import { AI_FIX_TITLE, AiExplainPartial, EXPLAIN_WITH_AI_COMMAND, type AiCredentialsNotification, type AiExplainRequest, type AiFindingParams } from '../shared/ai-protocol';
import { DIAGNOSTIC_SOURCE, type DiagnosticData } from '../shared/protocol';

/**
 * What the server knows of one open document when an AI request runs: the code file the model sees and
 * AISec verifies (a file's text, or a notebook's cells joined), and how verified edits of that text become
 * edits of the editor's documents (the file, or the cells).
 */
export interface AiDocumentContext {
  path: string;
  text: string;
  rules: readonly RuleMeta[];
  /** The finding a diagnostic names (by rule and fingerprint), located in `text`. */
  find(ruleId: string, fingerprint: string): Finding | undefined;
  /** Analyses a version of `text` with the document's settings and the server's ports. */
  analyse(text: string): AnalysisResult;
  /** The host's own condition on a patch (a notebook's: each edit inside one cell). */
  acceptPatch?(patch: ModelPatch): string | undefined;
  /** Verified line edits of `text` as edits of the editor's documents, at the versions they were verified on. */
  documentChanges(edits: readonly LineEdit[]): TextDocumentEdit[];
}

interface AiFixData {
  aiFix: AiFindingParams;
}

const ANNOTATION_ID = 'aisec.aiFix';

export class AiService {
  private credentials: AiCredentialsNotification.Params = { trusted: false };
  private readonly configs = new Map<string, Promise<AiConfig>>();
  private readonly providers = new Map<string, ChatProvider>();
  private cache = new AiAnswerCache();

  constructor(
    private readonly connection: Connection,
    private readonly engineOf: () => Parameters<typeof prepareFix>[0]['engine'] | undefined,
    private readonly env: Readonly<Record<string, string | undefined>> = process.env,
  ) {}

  /** Keeps answers in `ai-answers.json` of the extension's storage folder, so they outlive the session. */
  useStorageFolder(folder: string | undefined): void {
    if (folder) this.cache = new AiAnswerCache({ file: join(folder, 'ai-answers.json'), warn: (message) => this.connection.console.warn(redactText(message)) });
  }

  setCredentials(params: AiCredentialsNotification.Params): void {
    this.credentials = { trusted: params.trusted === true, ...(typeof params.apiKey === 'string' && params.apiKey !== '' ? { apiKey: params.apiKey } : {}) };
    this.clear();
  }

  /** Forgets settings read from the client (after `workspace/didChangeConfiguration`). */
  clear(): void {
    this.configs.clear();
    this.providers.clear();
  }

  /** The configuration for a folder, or undefined when AI is off, untrusted or not configured. */
  async available(folderUri: string | undefined): Promise<AiConfig | undefined> {
    if (!this.credentials.trusted) return undefined;
    const key = folderUri ?? '';
    let pending = this.configs.get(key);
    if (!pending) {
      pending = this.pull(folderUri);
      this.configs.set(key, pending);
    }
    const config = await pending;
    return config.enabled && aiConfigProblem(config) === undefined ? config : undefined;
  }

  /** "Fix with AI (verified)" and "Explain with AI" for each AISec diagnostic (no request is made here). */
  actions(params: CodeActionParams): CodeAction[] {
    const actions: CodeAction[] = [];
    for (const diagnostic of params.context.diagnostics) {
      const data = dataOf(diagnostic);
      if (!data) continue;
      const finding: AiFindingParams = { uri: params.textDocument.uri, ruleId: data.ruleId, fingerprint: data.fingerprint };
      actions.push({ title: AI_FIX_TITLE, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], data: { aiFix: finding } satisfies AiFixData });
      actions.push({ title: 'Explain with AI', kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], command: { title: 'Explain with AI', command: EXPLAIN_WITH_AI_COMMAND, arguments: [finding.uri, finding.ruleId, finding.fingerprint] } });
    }
    return actions;
  }

  static isAiFixAction(action: CodeAction): boolean {
    return (action.data as Partial<AiFixData> | undefined)?.aiFix !== undefined;
  }

  static findingOf(action: CodeAction): AiFindingParams {
    return (action.data as AiFixData).aiFix;
  }

  /** Runs the fix request and returns the action with the verified edit, or without one (and a message) when there is none. */
  async resolveFix(action: CodeAction, context: AiDocumentContext | undefined, folderUri: string | undefined, token: CancellationToken): Promise<CodeAction> {
    const wanted = AiService.findingOf(action);
    const outcome = await this.withFinding(wanted, context, folderUri, token, (input) => requestVerifiedFix({ ...input, cache: this.cache }));
    if ('problem' in outcome) {
      void this.connection.window.showWarningMessage(`AISec: no AI fix: ${outcome.problem}`);
      return action;
    }
    if (outcome.kind !== 'verified') {
      void this.connection.window.showWarningMessage(`AISec: no verified fix for ${wanted.ruleId}: ${redactText(outcome.reason)}`);
      return action;
    }
    // The edits are the model's own line edits, verified on exactly this text.
    const edit: WorkspaceEdit = {
      documentChanges: context!.documentChanges(outcome.edits).map((change) => ({ ...change, edits: change.edits.map((e) => ({ ...e, annotationId: ANNOTATION_ID })) })),
      changeAnnotations: {
        [ANNOTATION_ID]: {
          label: `AI fix of ${wanted.ruleId}, verified by AISec`,
          needsConfirmation: true,
          description: [redactText(outcome.rationale), ...outcome.evidence].filter((s) => s !== '').join(' · '),
        },
      },
    };
    return { ...action, edit };
  }

  async preview(params: AiFindingParams, context: AiDocumentContext | undefined, folderUri: string | undefined): Promise<{ body?: string; problem?: string }> {
    const config = await this.pull(folderUri);
    const engine = this.engineOf();
    const finding = context?.find(params.ruleId, params.fingerprint);
    if (!context || !engine || !finding) return { problem: 'the finding is no longer in the document' };
    const prepared = prepareFix({ engine, config: { ...config, model: config.model || '(no model configured)' }, path: context.path, text: context.text, finding, rules: context.rules, analyse: context.analyse });
    return 'problem' in prepared ? { problem: prepared.problem } : { body: JSON.stringify(prepared.body, null, 2) };
  }

  /** The explanation, streamed as `$/progress` on the request's partial-result token when it has one. */
  async explain(params: AiExplainRequest.Params, context: AiDocumentContext | undefined, folderUri: string | undefined, token: CancellationToken): Promise<AiExplainRequest.Result> {
    const progressToken = params.partialResultToken;
    const onText = progressToken === undefined ? undefined : (delta: string): void => void this.connection.sendProgress(AiExplainPartial.type, progressToken, { delta });
    const result = await this.withFinding(params, context, folderUri, token, (input) => requestExplanation({ ...input, cache: this.cache, ...(onText ? { onText } : {}) }));
    return 'markdown' in result ? { markdown: result.markdown, cached: result.cached } : { problem: result.problem };
  }

  private async withFinding<T>(
    wanted: AiFindingParams,
    context: AiDocumentContext | undefined,
    folderUri: string | undefined,
    token: CancellationToken,
    run: (input: Parameters<typeof requestVerifiedFix>[0]) => Promise<T>,
  ): Promise<T | { problem: string }> {
    const config = await this.available(folderUri);
    if (!config) return { problem: this.credentials.trusted ? 'AI fixes are off or not configured (aisec.ai.enable, aisec.ai.model, aisec.ai.baseUrl)' : 'AI fixes are disabled in an untrusted workspace' };
    const engine = this.engineOf();
    const finding = context?.find(wanted.ruleId, wanted.fingerprint);
    if (!context || !engine || !finding) return { problem: 'the finding is no longer in the document' };
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    try {
      const accept = context.acceptPatch ? { acceptPatch: (patch: ModelPatch) => context.acceptPatch!(patch) } : {};
      return await run({ engine, provider: this.providerFor(config), config, path: context.path, text: context.text, finding, rules: context.rules, analyse: context.analyse, signal: controller.signal, ...accept });
    } finally {
      subscription.dispose();
    }
  }

  private providerFor(config: AiConfig): ChatProvider {
    const key = JSON.stringify(config);
    let provider = this.providers.get(key);
    if (!provider && config.provider === 'editor') {
      provider = new EditorModelProvider(this.connection, config.model, config.timeoutMs);
      this.providers.set(key, provider);
    }
    if (!provider) {
      // Trace-level logging (`aisec.trace.server: verbose`): request bodies are already redacted, and redacted again.
      provider = new OpenAiCompatibleProvider(config, (line) => this.connection.tracer.log(line));
      this.providers.set(key, provider);
    }
    return provider;
  }

  private async pull(folderUri: string | undefined): Promise<AiConfig> {
    let raw: unknown;
    try {
      raw = await this.connection.workspace.getConfiguration(folderUri ? { scopeUri: folderUri, section: 'aisec' } : { section: 'aisec' });
    } catch {
      raw = undefined;
    }
    const { config, problems } = readAiConfig(aiSection(raw), this.env, this.credentials.apiKey);
    for (const problem of problems) this.connection.console.warn(redactText(problem));
    return config;
  }
}

/** `aisec.ai` as a nested object, or from flat `ai.*` keys. */
function aiSection(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const record = raw as Record<string, unknown>;
  const out: Record<string, unknown> = typeof record.ai === 'object' && record.ai !== null ? { ...(record.ai as object) } : {};
  for (const [key, value] of Object.entries(record)) if (key.startsWith('ai.')) out[key.slice(3)] = value;
  return out;
}

function dataOf(diagnostic: Diagnostic): DiagnosticData | undefined {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) return undefined;
  const data = diagnostic.data as Partial<DiagnosticData> | undefined;
  if (!data || typeof data.ruleId !== 'string' || typeof data.fingerprint !== 'string' || data.skipped) return undefined;
  return data as DiagnosticData;
}
