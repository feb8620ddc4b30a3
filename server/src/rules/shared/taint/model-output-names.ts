/**
 * The names and texts by which the model-output analysis recognises model output without an SDK call: helpers
 * named after asking a model, model objects named `llm`, agent-framework fields, and a text test that tells
 * whether a module could be a source at all (`MODEL_OUTPUT_SOURCE_TEXT`), for files whose walk could only meet
 * model output coming from the modules they import.
 */
import type { ImportClosureTest } from '../../../engine/ports';
import { FRAMEWORK_IMPORTS, LLM_URL } from './sources';

/** Helpers defined elsewhere whose names say they return a model's answer. */
const LLM_HELPER_NAME = /^(?:ask|query|call|invoke|prompt|get|fetch|run|chat_?with|talk_?to)_?(?:the_?)?(?:llm|gpt\d*|model|openai|claude|gemini|chatgpt|assistant|ai|agent|ollama|mistral|llama)(?:_?(?:response|answer|reply|output|completion))?$|^(?:llm|gpt\d*|chatgpt|claude|gemini|openai|ollama)_?(?:call|query|response|complete|completion|generate|chat|ask|answer|reply)$|^get_?(?:chat_?)?completion$|^(?:generate|write)_?(?:code|script|command|shell_?command|python|js|javascript)(?:_?with_?(?:llm|gpt|ai))?$|^(?:complete|completion)_?with_?(?:llm|gpt|ai)$|^(?:submit|send)_?(?:the_?)?prompt(?:_?to_?(?:the_?)?(?:llm|model))?$/i;
/**
 * The letters (lower case) a name `LLM_HELPER_NAME` accepts starts with: the first letters of its leading words
 * (`ask`, `call`, `fetch`, `get`, `invoke`, `llm`, `openai`, `prompt`, `query`, `run`, `submit`, `talk`, `write`, ...),
 * so the text test passes other names by without asking it (`test/host/import-closure.test.ts` names one helper per leading word).
 */
export const HELPER_NAME_INITIALS = new Set([...'acfgiloprqstw'].map((letter) => letter.charCodeAt(0)));
const NOT_LLM_HELPER_NAME = /^(?:get_?model|run_?model|invoke_?model|call_?model)$/i;

export function isLlmHelperName(name: string): boolean {
  return LLM_HELPER_NAME.test(name) && !NOT_LLM_HELPER_NAME.test(name);
}

/** Methods of an object named `llm` whose result is taken as model output (`self.llm.invoke(p)`). */
export const LLM_OBJECT_METHODS = new Set(['run', 'arun', 'ask', 'aask', 'invoke', 'ainvoke', 'chat', 'achat', 'complete', 'acomplete', 'generate', 'agenerate', 'predict', 'apredict', 'stream', 'astream']);

/**
 * Text every field `agentChoice` reads as model output contains: `tool_input`/`toolInput`, or `arguments` right
 * after `function` (`call.function.arguments`, `call["function"]["arguments"]`, `(call.function)?.arguments`).
 */
export const AGENT_FIELD_TEXT = /tool_input|toolInput|function[\s"'`\][().?!]*arguments/;

/**
 * Text that each SDK call `sourceOf` recognises without its framework's import contains, as a call
 * (`chat.completions.create`, `messages.create`, Gemini's and Hugging Face's client methods, the names of older
 * SDKs, LiteLLM, the AI SDK's functions). Chains may break across lines and use `?.`.
 */
const SDK_CALL_TEXT = /completions[\s\\]*\??\.[\s\\]*(?:create|acreate|parse|stream)\b|Completion[\s\\]*\??\.[\s\\]*(?:create|acreate)\b|\b(?:createChatCompletion|createCompletion|create_chat_completion|create_completion|invoke_model\w*|chat_completion\w*|chatCompletion\w*|text_generation\w*|textGeneration\w*|generate_content\w*|generateContent\w*)\b|responses[\s\\]*\??\.[\s\\]*(?:create|parse|stream)\b|messages[\s\\]*\??\.[\s\\]*(?:create|stream)\b|chat[\s\\]*\??\.[\s\\]*(?:complete|complete_async|stream|stream_async)\b|litellm|\b(?:generateText|streamText|generateObject|streamObject)\b/;
/** A model object's call (`isLlmObjectCall`): `llm.invoke(`, `self._llm.run(`. */
const LLM_OBJECT_TEXT = new RegExp(`(?<![\\w$])_?llm\\s*\\??\\.\\s*(?:${[...LLM_OBJECT_METHODS].join('|')})(?![\\w$])`, 'i');
/**
 * The fields `agentChoice` reads, written as code: `tool_input`, `toolInput`, and `arguments` of `function`
 * reached by `.`, `?.` or a subscript (`call.function.arguments`, `call["function"]["arguments"]`,
 * `(call.function)?.arguments`); prose such as "function arguments" is not one.
 */
const AGENT_FIELD_CODE = /tool_input|toolInput|function(?:["'`]\s*\])?\s*\)?\s*(?:\?\.\s*\[|\?\.|\.|\[)\s*["'`]?arguments/;
/**
 * Hugging Face sources need a call besides the word (scikit-learn's "transformers" are estimators): a tokenizer's
 * or processor's `decode`, a model's `generate` (the receivers `sourceOf` accepts), or `pipeline` imported from
 * `transformers`.
 */
const TRANSFORMERS_CALL = [
  /(?:tok|processor)\w*[\s\\]*\??\.[\s\\]*(?:decode|batch_decode|batchDecode)\b/i,
  /(?:model|llm|lm)\w*[\s\\]*\??\.[\s\\]*generate\b/i,
  /(?:from|import)[\s\\]+transformers\b[^\n]*|transformers[\s\\]*\.[\s\\]*pipeline|['"`]@(?:xenova|huggingface)\/transformers/,
];

/**
 * False only when no source of model output the analysis knows can be in this text: no SDK call or framework
 * import (every source that needs one: LangChain's `invoke`, pipelines, local engines, CAMEL agents), no LLM
 * endpoint URL, no helper named after asking a model, no `llm` object call and no agent-framework field. A
 * registered tool's parameters are sources only in the file that registers it, so tools are not looked for.
 * Over-approximate by design: a true answer only means the walk may find something.
 */
export function mayOriginateModelOutput(text: string): boolean {
  if (SDK_CALL_TEXT.test(text) || LLM_URL.test(text) || AGENT_FIELD_CODE.test(text) || LLM_OBJECT_TEXT.test(text)) return true;
  for (const [family, framework] of Object.entries(FRAMEWORK_IMPORTS)) {
    if (framework.test(text) && (family !== 'transformers' || TRANSFORMERS_CALL.some((call) => call.test(text)))) return true;
  }
  const seen = new Set<string>();
  // The identifiers a global search of `[A-Za-z_$][\w$]*` finds, read by character codes: only the few that could
  // be a helper's name are cut out of the text (matching every identifier of every module cost most of the test).
  for (let at = 0; at < text.length; ) {
    if (!IDENTIFIER_START[text.charCodeAt(at)]) {
      at += 1;
      continue;
    }
    const start = at;
    for (at += 1; at < text.length && IDENTIFIER_PART[text.charCodeAt(at)]; at += 1);
    if (at - start < 5 || !HELPER_NAME_INITIALS.has(text.charCodeAt(start) | 0x20)) continue;
    const name = text.slice(start, at);
    if (seen.has(name)) continue;
    seen.add(name);
    if (isLlmHelperName(name)) return true;
  }
  return false;
}

/** By character code below 128: `[A-Za-z_$]` and `[\w$]` (every other character is neither). */
const IDENTIFIER_START = asciiTable(/[A-Za-z_$]/);
const IDENTIFIER_PART = asciiTable(/[\w$]/);

function asciiTable(pattern: RegExp): Uint8Array {
  const table = new Uint8Array(65_536);
  for (let code = 0; code < 128; code += 1) table[code] = pattern.test(String.fromCharCode(code)) ? 1 : 0;
  return table;
}

/** `mayOriginateModelOutput` as the host's import-closure question asks it. */
export const MODEL_OUTPUT_SOURCE_TEXT: ImportClosureTest = { key: 'model-output-source', matches: mayOriginateModelOutput };
