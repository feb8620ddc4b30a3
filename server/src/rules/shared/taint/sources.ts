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
}

export function sdkEvidence(text: string): SdkEvidence {
  return {
    langchain: /\b(?:langchain|langgraph)/.test(text),
    llamaIndex: /\b(?:llama_index|llamaindex)\b/.test(text),
    transformers: /\b(?:transformers|huggingface)\b/i.test(text),
    ollama: /\bollama\b/i.test(text),
    cohere: /\bcohere\b/.test(text),
  };
}

/** Method names whose result is model output, keyed by the SDK that must be imported for them to count. */
const LANGCHAIN_METHODS = new Set(['invoke', 'ainvoke', 'predict', 'apredict', 'predict_messages', 'run', 'arun', 'stream', 'astream', 'batch', 'abatch', 'call', 'generate', 'agenerate']);
const LLAMA_INDEX_METHODS = new Set(['complete', 'acomplete', 'chat', 'achat', 'query', 'aquery', 'stream_complete', 'stream_chat']);
const HF_CLIENT_METHODS = new Set(['text_generation', 'chat_completion', 'textGeneration', 'chatCompletion', 'textGenerationStream', 'chatCompletionStream']);
const GEMINI_METHODS = new Set(['generate_content', 'generate_content_async', 'generate_content_stream', 'generateContent', 'generateContentStream', 'send_message', 'sendMessage']);
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
  if (isMethod && HF_CLIENT_METHODS.has(last)) return last;

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
  const local = qualified === undefined || /^(?:langchain|@langchain|langgraph|@langchain\/langgraph|llama_index|ollama|cohere)/.test(qualified);
  if (!local) return undefined;
  if (evidence.langchain && LANGCHAIN_METHODS.has(last)) return last;
  if (evidence.llamaIndex && LLAMA_INDEX_METHODS.has(last)) return last;
  if (evidence.ollama && (last === 'chat' || last === 'generate') && /ollama|client|llm|model/i.test(chain[1] ?? '')) return `${chain[1]}.${last}`;
  if (evidence.cohere && (last === 'chat' || last === 'generate' || last === 'chat_stream') && /^co$|cohere|client/i.test(chain[1] ?? '')) return `${chain[1]}.${last}`;
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
