/**
 * Where model output enters a program (catalogue §6.1/§6.2): calls to LLM SDKs whose result is the model's
 * reply. The whole response object is treated as tainted; reading `.choices[0].message.content`,
 * `.content[0].text`, `["message"]["content"]` or `[0]["generated_text"]` keeps the taint.
 *
 * Call shapes that are distinctive on their own (`*.chat.completions.create`, `*.messages.create`,
 * `generate_content`) are sources anywhere; generic method names (`invoke`, `run`, `chat`, `decode`) are
 * sources only when the file imports the SDK that gives them that meaning.
 */
import type { Node } from 'web-tree-sitter';
import type { AstContext } from '../../../engine/rule';
import { unwrapExpression } from '../../../engine/resolve/javascript-scope';
import { unparenthesize } from '../../../engine/resolve/walk';

/** Which SDK families the file imports (decided from its text once per file). */
export interface SdkEvidence {
  langchain: boolean;
  llamaIndex: boolean;
  transformers: boolean;
  ollama: boolean;
  cohere: boolean;
  /** Local inference engines whose `generate`/`chat` return text (vLLM, GPT4All, llama.cpp). */
  localEngines: boolean;
  bedrock: boolean;
  gemini: boolean;
  /** CAMEL agents (`camel.agents`, vendored by ChatDev): a `ChatAgent`'s or `RolePlaying` session's `step` is a model turn. */
  camel: boolean;
}

export function sdkEvidence(text: string): SdkEvidence {
  const has = (family: keyof SdkEvidence): boolean => FRAMEWORK_IMPORTS[family].test(text);
  return {
    langchain: has('langchain'),
    llamaIndex: has('llamaIndex'),
    transformers: has('transformers'),
    ollama: has('ollama'),
    cohere: has('cohere'),
    localEngines: has('localEngines'),
    bedrock: has('bedrock'),
    gemini: has('gemini'),
    camel: has('camel'),
  };
}

/**
 * The source kinds that need an import of their framework to count, as a text test a caller can run before any
 * parsing (a file none of these match, and that calls no distinctive SDK method, has no framework source).
 * `sdkEvidence` reads each family from here, so a pre-test and the sources stay in step.
 */
export const FRAMEWORK_IMPORTS: Readonly<Record<keyof SdkEvidence, RegExp>> = {
  langchain: /\b(?:langchain|langgraph)/,
  llamaIndex: /\b(?:llama_index|llamaindex)\b/,
  transformers: /\b(?:transformers|huggingface)\b/i,
  ollama: /\bollama\b/i,
  cohere: /\bcohere\b/,
  localEngines: /\b(?:vllm|gpt4all|llama_cpp|ctransformers|mlx_lm)\b/,
  bedrock: /bedrock/i,
  gemini: /\bgenai\b|generativeai|generative-ai|vertexai/,
  camel: /^\s*(?:from\s+camel(?:\.\w+)*\s+import|import\s+camel\b)/m,
};
/** A CAMEL agent's turn: `agent.step(msg)` returns a response whose `.msg.content` / `.msgs[0].content` the model wrote. */
const CAMEL_METHODS = new Set(['step', 'astep']);

/** Method names whose result is model output, keyed by the SDK that must be imported for them to count. */
const LANGCHAIN_METHODS = new Set(['invoke', 'ainvoke', 'predict', 'apredict', 'predict_messages', 'run', 'arun', 'stream', 'astream', 'batch', 'abatch', 'call', 'generate', 'agenerate']);
const LLAMA_INDEX_METHODS = new Set(['complete', 'acomplete', 'chat', 'achat', 'query', 'aquery', 'stream_complete', 'stream_chat']);
const HF_CLIENT_METHODS = new Set(['text_generation', 'chat_completion', 'textGeneration', 'chatCompletion', 'textGenerationStream', 'chatCompletionStream']);
const GEMINI_METHODS = new Set(['generate_content', 'generate_content_async', 'generate_content_stream', 'generateContent', 'generateContentStream']);
/** Gemini chat sessions; chat bots (Telegram, Slack) use the same names, so they need the SDK in the file. */
const GEMINI_CHAT_METHODS = new Set(['send_message', 'send_message_async', 'sendMessage', 'sendMessageStream']);
/** SDK methods whose names say what they return (older SDKs and local engines). */
const DISTINCTIVE_METHODS = new Set(['createChatCompletion', 'createCompletion', 'create_chat_completion', 'create_completion', 'invoke_model', 'invoke_model_with_response_stream', 'chat_completion_stream']);
/**
 * HTTP calls to LLM endpoints (a raw `requests.post` to Ollama or OpenAI-compatible servers): the URL
 * argument, or the constant it is bound to, names the API.
 */
export const LLM_URL = /\/v1\/(?:chat\/)?completions|\/v1\/messages|\/v1\/responses|\/api\/(?:generate|chat)\b|:11434|api\.openai\.com|api\.anthropic\.com|generativelanguage\.googleapis|openrouter\.ai|api\.groq\.com|api\.mistral\.ai|api\.together\.(?:xyz|ai)|api-inference\.huggingface|router\.huggingface|api\.deepseek\.com|api\.cohere\.(?:ai|com)|:generateContent/;
const HTTP_METHODS = new Set(['post', 'request', 'fetch', 'stream', 'urlopen']);
/** Constructors of LLM objects that are called directly (`llm(prompt)`, legacy LangChain; llama.cpp; GPT4All). */
const LLM_CLASS = /(?:OpenAI|Anthropic|LLM|Chat\w*|Ollama|HuggingFace\w*|Bedrock\w*|Vertex\w*|Gemini\w*|Cohere|Mistral\w*|Groq|LlamaCpp|GPT4All|Llama|Together\w*|Replicate|Fireworks\w*)$/;
const QUALIFIED_SOURCES = new Set([
  'ollama.chat', 'ollama.generate',
  'litellm.completion', 'litellm.acompletion', 'litellm.text_completion',
  'ai.generateText', 'ai.streamText', 'ai.generateObject', 'ai.streamObject',
  '@huggingface/inference.textGeneration', '@huggingface/inference.chatCompletion',
]);
const PIPELINE_FACTORIES = new Set(['transformers.pipeline', '@xenova/transformers.pipeline', '@huggingface/transformers.pipeline']);

/** The property names of a callee from the last one backwards: `a.chat.completions.create` → [create, completions, chat, a]. */
export function memberChain(callee: Node): string[] {
  const out: string[] = [];
  let node: Node | null = callee;
  for (let i = 0; node && i < 12; i++) {
    node = node.type === 'parenthesized_expression' ? unparenthesize(node) : node;
    if (node.type === 'attribute') {
      out.push(node.childForFieldName('attribute')?.text ?? '');
      node = node.childForFieldName('object');
    } else if (node.type === 'member_expression') {
      out.push(node.childForFieldName('property')?.text ?? '');
      node = node.childForFieldName('object');
    } else if (node.type === 'identifier') {
      out.push(node.text);
      break;
    } else if (node.type === 'await' || node.type === 'await_expression' || node.type === 'non_null_expression' || node.type === 'as_expression') {
      node = node.namedChild(0);
    } else if (node.type === 'call' || node.type === 'call_expression') {
      // `getClient().chat.completions.create`: the chain continues through the call.
      out.push('()');
      node = node.childForFieldName('function');
    } else break;
  }
  return out;
}

function ends(chain: string[], ...tail: (string | readonly string[])[]): boolean {
  for (let i = 0; i < tail.length; i++) {
    const want = tail[tail.length - 1 - i];
    const got = chain[i];
    if (got === undefined) return false;
    if (typeof want === 'string' ? got !== want : !want.includes(got)) return false;
  }
  return true;
}

/** Names the SDK call when `call` returns model output, or undefined. */
export function sourceOf(ctx: AstContext, call: Node, evidence: SdkEvidence): string | undefined {
  const isPython = ctx.language === 'python';
  if (call.type === 'new_expression') return undefined;
  const rawCallee = call.childForFieldName('function');
  if (!rawCallee) return undefined;
  const callee = isPython ? unparenthesize(rawCallee) : unwrapExpression(rawCallee);
  const chain = memberChain(callee);
  const last = chain[0] ?? '';
  const isMethod = callee.type === 'attribute' || callee.type === 'member_expression';

  if (ends(chain, 'chat', 'completions', ['create', 'parse', 'stream', 'acreate'])) return 'chat.completions';
  if (isMethod && ends(chain, 'completions', ['create', 'acreate'])) return 'completions';
  if (ends(chain, ['ChatCompletion', 'Completion'], ['create', 'acreate'])) return 'openai';
  if (isMethod && ends(chain, 'responses', ['create', 'parse', 'stream'])) return 'responses';
  if (isMethod && ends(chain, 'messages', ['create', 'stream'])) return 'messages';
  if (isMethod && ends(chain, 'chat', ['complete', 'complete_async', 'stream', 'stream_async'])) return 'chat';
  if (isMethod && GEMINI_METHODS.has(last)) return last;
  if (isMethod && GEMINI_CHAT_METHODS.has(last) && evidence.gemini) return last;
  if (isMethod && HF_CLIENT_METHODS.has(last)) return last;
  if (isMethod && DISTINCTIVE_METHODS.has(last)) return last;
  if (evidence.bedrock && isMethod && (last === 'converse' || last === 'converse_stream')) return last;
  if ((HTTP_METHODS.has(last) || (!isMethod && (last === 'fetch' || last === 'axios'))) && callsLlmUrl(ctx, call)) return 'an LLM HTTP endpoint';

  const qualified = isPython ? ctx.python().qualifiedName(callee) : ctx.js().qualifiedName(callee);
  if (qualified && QUALIFIED_SOURCES.has(qualified)) return qualified;
  // `pipeline("text-generation", ...)(prompt)`.
  if (callee.type === 'call' || callee.type === 'call_expression') {
    const inner = callee.childForFieldName('function');
    const innerName = inner ? (isPython ? ctx.python().qualifiedName(inner) : ctx.js().qualifiedName(inner)) : undefined;
    if (innerName && PIPELINE_FACTORIES.has(innerName)) return 'pipeline(...)';
  }
  if (!isMethod) return undefined;
  // Generic method names count only on local objects (not `asyncio.run`, `subprocess.run`) of an imported SDK.
  const local = qualified === undefined || /^(?:langchain|@langchain|langgraph|@langchain\/langgraph|llama_index|ollama|cohere|camel)/.test(qualified);
  if (!local) return undefined;
  if (evidence.langchain && LANGCHAIN_METHODS.has(last)) return last;
  if (evidence.llamaIndex && LLAMA_INDEX_METHODS.has(last)) return last;
  if (evidence.camel && CAMEL_METHODS.has(last) && /agent|session|role_?play|assistant|user|critic|chat/i.test(chain[1] ?? '')) return `${chain[1]}.${last}`;
  if (evidence.ollama && (last === 'chat' || last === 'generate') && /ollama|client|llm|model/i.test(chain[1] ?? '')) return `${chain[1]}.${last}`;
  if (evidence.cohere && (last === 'chat' || last === 'generate' || last === 'chat_stream') && /^co$|cohere|client/i.test(chain[1] ?? '')) return `${chain[1]}.${last}`;
  if (evidence.localEngines && (last === 'generate' || last === 'chat' || last === 'create_chat_completion')) return `${chain[1]}.${last}`;
  if (evidence.transformers && (last === 'decode' || last === 'batch_decode' || last === 'batchDecode') && /tok|processor/i.test(chain[1] ?? '')) return `${chain[1]}.${last}`;
  // `model.generate(...)` returns token ids; decoding them (a propagating method call) gives the text.
  if (evidence.transformers && last === 'generate' && /model|llm|lm\b/i.test(chain[1] ?? '')) return `${chain[1]}.${last}`;
  return undefined;
}

/** True when `call` creates a Hugging Face pipeline, whose calls return generated text. */
export function isPipelineFactory(ctx: AstContext, call: Node): boolean {
  if (call.type !== 'call' && call.type !== 'call_expression') return false;
  const fn = call.childForFieldName('function');
  if (!fn) return false;
  const q = ctx.language === 'python' ? ctx.python().qualifiedName(fn) : ctx.js().qualifiedName(fn);
  return q !== undefined && PIPELINE_FACTORIES.has(q);
}

/** True when `call` creates an LLM object whose direct calls return model output (`llm = OpenAI(); llm(prompt)`). */
export function isLlmFactory(ctx: AstContext, call: Node): boolean {
  if (call.type !== 'call' && call.type !== 'new_expression') return false;
  const fn = call.childForFieldName(call.type === 'call' ? 'function' : 'constructor');
  if (!fn || ctx.language !== 'python') return false;
  const q = ctx.python().qualifiedName(fn);
  if (!q) return false;
  if (q === 'llama_cpp.Llama' || q === 'gpt4all.GPT4All' || q === 'vllm.LLM' || q.startsWith('ctransformers.')) return true;
  return /^(?:langchain|llama_index)/.test(q) && LLM_CLASS.test(q);
}

/** The URL argument of an HTTP call (first positional or `url=`), or the literal it is bound to, names an LLM API. */
function callsLlmUrl(ctx: AstContext, call: Node): boolean {
  const args = call.childForFieldName('arguments');
  if (!args) return false;
  let url: Node | undefined;
  for (const child of args.namedChildren) {
    if (!child || child.type === 'comment') continue;
    if (child.type === 'keyword_argument') {
      if (child.childForFieldName('name')?.text === 'url') url = child.childForFieldName('value') ?? undefined;
      continue;
    }
    url ??= child;
  }
  if (!url) return false;
  if (LLM_URL.test(url.text)) return true;
  const bound = ctx.language === 'python' ? ctx.python().boundValue(url) : ctx.js().boundValue(url);
  if (bound && LLM_URL.test(bound.text)) return true;
  // `f"{BASE}/api/generate"`, `` `${base}/v1/chat/completions` ``: the parts may be constants.
  for (const id of url.descendantsOfType('identifier')) {
    if (!id) continue;
    const value = ctx.language === 'python' ? ctx.python().boundValue(id) : ctx.js().boundValue(id);
    if (value && LLM_URL.test(value.text)) return true;
  }
  return false;
}
