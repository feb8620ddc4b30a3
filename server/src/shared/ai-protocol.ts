/**
 * The custom messages of AI-assisted fixes between the AISec client and server (see `protocol.ts` for the
 * shape). The API key travels only in `AiCredentialsNotification`, from the editor's secret storage; the
 * server keeps it in memory and never writes or logs it.
 */
/* eslint-disable @typescript-eslint/no-namespace -- one namespace per custom message, as in protocol.ts. */
import { NotificationType, ProgressType, RequestType, type ProgressToken } from 'vscode-languageserver-protocol';

/** The code action that asks the model for a fix, verified before it is shown. */
export const AI_FIX_TITLE = 'Fix with AI (verified)';
/** The client command an "Explain with AI" code action runs: arguments `[uri, ruleId, fingerprint]`. */
export const EXPLAIN_WITH_AI_COMMAND = 'aisec.explainWithAi';

/** Sent by the client at start, when the key changes and when the workspace becomes trusted. */
export namespace AiCredentialsNotification {
  export const method = 'aisec/aiCredentials';
  export interface Params {
    /** From secret storage; absent when none is stored (the server's OPENAI_API_KEY then applies). */
    apiKey?: string;
    /** AI features are off in an untrusted workspace, whatever the settings say. */
    trusted: boolean;
  }
  export const type = new NotificationType<Params>(method);
}

/** Identifies one finding of an open document. */
export interface AiFindingParams {
  uri: string;
  ruleId: string;
  fingerprint: string;
}

/** The exact request body a fix of this finding would send (the preview command shows it). */
export namespace AiPreviewRequest {
  export const method = 'aisec/aiPreview';
  export type Params = AiFindingParams;
  export interface Result {
    /** The JSON body, pretty-printed; or why nothing would be sent. */
    body?: string;
    problem?: string;
  }
  export const type = new RequestType<Params, Result, void>(method);
}

/**
 * An explanation of a finding in Markdown, written by the configured model from the same redacted prompt.
 * With a `partialResultToken` the answer is streamed: each piece comes as `$/progress` on that token
 * (`AiExplainPartial`) while the model writes it; the result still holds the whole text.
 */
export namespace AiExplainRequest {
  export const method = 'aisec/aiExplain';
  export interface Params extends AiFindingParams {
    partialResultToken?: ProgressToken;
  }
  export interface Result {
    markdown?: string;
    problem?: string;
    /** True when the answer came from the cache of earlier answers, without a request. */
    cached?: boolean;
  }
  export const type = new RequestType<Params, Result, void>(method);
}

/** One piece of a streamed explanation, in order; the pieces joined are the explanation. */
export namespace AiExplainPartial {
  export interface Value {
    delta: string;
  }
  export const type = new ProgressType<Value>();
}

/**
 * Sent by the server with `aisec.ai.provider: editor`: the client runs the chat on a model of VS Code's
 * Language Model API (`vscode.lm`) and returns the whole answer. With a `partialResultToken` (an
 * explanation being streamed) the client also sends each fragment as `$/progress` on that token
 * (`EditorModelChatPartial`) as the model writes it. Cancellable like any request: cancelling it cancels
 * the model's request in the editor.
 */
export namespace EditorModelChatRequest {
  export const method = 'aisec/editorModelChat';
  export interface Params {
    /** A model family to prefer (`aisec.ai.model`); empty: the first model the editor offers. */
    family: string;
    messages: Array<{ role: 'system' | 'user' | 'assistant'; content: string }>;
    partialResultToken?: ProgressToken;
  }
  export interface Result {
    content?: string;
    /** Why no answer came (no model available, consent refused, the model failed). */
    problem?: string;
    /** The model that answered (`copilot/gpt-4o`). */
    model?: string;
  }
  export const type = new RequestType<Params, Result, void>(method);
}

/** One fragment of an editor model's answer, in order; the fragments joined are the answer. */
export namespace EditorModelChatPartial {
  export interface Value {
    delta: string;
  }
  export const type = new ProgressType<Value>();
}
