/**
 * The custom messages between the AISec client and server. Each message is one namespace with its
 * `method` name, its parameter and result types and a typed `type` for `sendRequest`/`onRequest`.
 * Standard LSP covers everything else (diagnostics, code actions, work-done progress, file watching).
 */
/* eslint-disable @typescript-eslint/no-namespace -- one namespace per custom message (method, params, result, type) is the documented protocol shape, as in vscode-eslint. */
import { RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import type { Diagnostic, Range, WorkDoneProgressParams } from 'vscode-languageserver-protocol';

/** The diagnostic `source` of every AISec diagnostic. */
export const DIAGNOSTIC_SOURCE = 'aisec';

/** The code-action kind that applies every safe fix of a file (usable in `editor.codeActionsOnSave`). */
export const FIX_ALL_KIND = 'source.fixAll.aisec';

/** The client command a "Show documentation for AIS101" code action runs; its one argument is the rule id. */
export const SHOW_RULE_DOCUMENTATION_COMMAND = 'aisec.showRuleDocumentation';
/** Client command behind "Check whether this key is active": asks the user, then sends `VerifySecretRequest`. */
export const CHECK_SECRET_COMMAND = 'aisec.checkSecretActive';

/** One fix as it travels in `Diagnostic.data` (the server keeps no fix cache). */
export interface DiagnosticFix {
  title: string;
  applicability: 'safe' | 'unsafe' | 'display-only';
  preferred: boolean;
  /** Edits keyed by document URI; edits in other files (for example a `.env` file) carry their own URI. */
  edits: Array<{ uri: string; range: Range; newText: string; createFile?: boolean }>;
  /** The edits hold a redacted secret; the server rebuilds this fix from a fresh analysis when it is chosen. */
  redacted?: boolean;
}

/** What every AISec diagnostic carries in `data`. */
export interface DiagnosticData {
  ruleId: string;
  ruleName: string;
  /** A short, lower-case label for summaries, e.g. "unsafe torch.load". */
  label: string;
  fingerprint: string;
  fixes: DiagnosticFix[];
  /** True for the one information diagnostic that explains a skipped file. */
  skipped?: boolean;
}

/**
 * Scans every file of the workspace folders (or the given ones) with the CLI's walker and excludes,
 * publishing diagnostics for files that are not open. Reports work-done progress and honours cancellation;
 * a cancelled scan resolves with `cancelled: true` and keeps what it already published.
 */
export namespace ScanWorkspaceRequest {
  export const method = 'aisec/scanWorkspace';
  export interface Params extends WorkDoneProgressParams {
    /** Folder URIs; all workspace folders when omitted. */
    folders?: string[];
  }
  export interface Result {
    filesScanned: number;
    filesWithFindings: number;
    findings: number;
    /** Files skipped for size, binary content or a read error. */
    filesSkipped: number;
    /** How many of the skipped files were skipped for each reason ("the file is larger than the 1024 KB limit"). */
    skippedReasons: Record<string, number>;
    /** Files (and notebooks) open in the editor, counted from their live analysis; included in the other counts. */
    openFiles: number;
    /** Files whose content and settings were unchanged since the last scan: their stored results were published. */
    filesFromCache: number;
    cancelled: boolean;
    durationMs: number;
  }
  export const type = new RequestType<Params, Result, void>(method);
}

/**
 * Analyses text that is not (or not yet) a document of its own: a selection, the clipboard, or code an
 * assistant just inserted. With `range`, only findings that intersect it are returned, so inserted code is
 * analysed in the context of its whole file but judged on its own lines.
 */
export namespace AnalyzeTextRequest {
  export const method = 'aisec/analyzeText';
  export interface Params {
    text: string;
    /** A VS Code language id (`python`, `javascript`, `typescript`, `typescriptreact`); detected from the text when omitted. */
    languageId?: string;
    /** The document the text belongs to; its folder's settings apply. Also used for file-kind detection. */
    uri?: string;
    range?: Range;
  }
  export interface Result {
    /** The language the text was analysed as. */
    languageId: string;
    /** Diagnostics in the coordinates of `text`, with fixes in `data` (edits address `uri`, or `untitled:snippet` without one). */
    diagnostics: Diagnostic[];
  }
  export const type = new RequestType<Params, Result, void>(method);
}

/** Returns a rule's documentation as Markdown (the same text as `aisec explain`), or null for an unknown rule. */
export namespace RuleDocumentationRequest {
  export const method = 'aisec/ruleDocumentation';
  export interface Params {
    /** A rule code (`AIS101`) or name (`unsafe-pickle-load`). */
    rule: string;
  }
  export interface Result {
    id: string;
    name: string;
    title: string;
    markdown: string;
    url: string;
  }
  export const type = new RequestType<Params, Result | null, void>(method);
}

/**
 * Returns a Markdown report for a model file (pickle, PyTorch, ONNX...) in the workspace: what it contains
 * and why it was flagged. Null when the file is not a model file.
 */
export namespace ModelFileReportRequest {
  export const method = 'aisec/modelFileReport';
  export interface Params {
    uri: string;
  }
  export interface Result {
    markdown: string;
  }
  export const type = new RequestType<Params, Result | null, void>(method);
}

/**
 * `aisec/inventory`: the AI inventory of the workspace folders (models, datasets, model files, AI services
 * and SDKs, agent tools, AI-related dependencies, each with its licence and every place it was found), for
 * the client's "AI Inventory" view. The server builds it with the same code as `aisec bom`.
 */
export namespace InventoryRequest {
  export const method = 'aisec/inventory';
  export interface Occurrence {
    uri: string;
    /** Zero-based, as LSP positions. */
    line: number;
    character: number;
    evidence: string;
  }
  export interface Item {
    kind: 'model' | 'dataset' | 'model-file' | 'service' | 'tool' | 'mcp-server' | 'dependency';
    name: string;
    /** One line of facts for the tree (provider, revision and whether pinned, version, verdict, framework). */
    description: string;
    /** The licence as written, and its verdict under the folder's licence policy when one is configured. */
    licence?: string;
    licencePolicy?: 'denied' | 'not-allowed' | 'allowed' | 'unknown';
    occurrences: Occurrence[];
  }
  export interface Result {
    items: Item[];
    /** Files not read, with the reason. */
    skipped: number;
  }
  export const type = new RequestType0<Result, void>(method);
}

/** Every rule the server knows, for the rule picker (code, name and title) and the findings view's categories. */
export namespace RuleListRequest {
  export const method = 'aisec/rules';
  export interface RuleSummary {
    id: string;
    name: string;
    title: string;
    category: string;
  }
  export const type = new RequestType0<RuleSummary[], void>(method);
}

/**
 * `aisec/verifySecret`: asks the provider of the key reported at `range` whether the key is active (the
 * user chose "Check whether this key is active" and confirmed). The key is read from the open document by
 * the server and never travels to the client or into a log.
 */
export namespace VerifySecretRequest {
  export const method = 'aisec/verifySecret';
  export interface Params {
    uri: string;
    ruleId: string;
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
  }
  export interface Result {
    verdict: 'active' | 'inactive' | 'unknown';
    /** One sentence for the user, naming the provider and the verdict (never the key). */
    message: string;
  }
  export const type = new RequestType<Params, Result, void>(method);
}

/**
 * `aisec/archiveMemberText`: the text of a Python member of a model archive (a TorchServe handler) that the
 * code rules read, so that the client can show it read-only where a finding inside it points
 * (`shared/archive-member-uri.ts`); null when the archive holds no such member.
 */
export namespace ArchiveMemberTextRequest {
  export const method = 'aisec/archiveMemberText';
  export interface Params {
    /** The archive file's URI. */
    uri: string;
    member: string;
  }
  export interface Result {
    text: string;
  }
  export const type = new RequestType<Params, Result | null, void>(method);
}
