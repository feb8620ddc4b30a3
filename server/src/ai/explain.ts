/**
 * "Explain with AI": the same redacted prompt as a fix (finding, rule text, region, imports, flow), asking
 * for a short Markdown explanation instead of a patch. Nothing is applied; the answer is shown as is,
 * streamed piece by piece to `onText` when the provider can stream, and kept in the answer cache so the
 * same finding in the same code is explained again without a request.
 */
import { aiCacheKey, type AiAnswerCache } from './answer-cache';
import type { AiFixInput } from './fix-session';
import { prepareFix } from './fix-session';
import { explainRequestBody } from './prompt';
import { AiRequestError } from './provider';

export interface ExplainInput extends Omit<AiFixInput, 'cache'> {
  cache?: AiAnswerCache;
  /** Each piece of the answer as it arrives (a cached answer comes as one piece). */
  onText?: (delta: string) => void;
}

export type Explanation = { markdown: string; cached: boolean } | { problem: string };

export async function requestExplanation(input: ExplainInput): Promise<Explanation> {
  const prepared = prepareFix(input);
  if ('problem' in prepared) return prepared;
  const body = explainRequestBody(input.config.model, prepared.prompt);
  const key = aiCacheKey(input.provider.endpoint, body);
  const cached = input.cache?.get(key);
  if (cached?.kind === 'explanation') {
    input.onText?.(cached.markdown);
    return { markdown: cached.markdown, cached: true };
  }
  try {
    const { onText, provider, signal } = input;
    const reply = onText && provider.stream ? await provider.stream(body, onText, signal) : await provider.complete(body, signal);
    if (onText && !provider.stream) onText(reply.content);
    input.cache?.set(key, { kind: 'explanation', markdown: reply.content });
    return { markdown: reply.content, cached: false };
  } catch (error) {
    if (error instanceof AiRequestError) return { problem: error.message };
    throw error;
  }
}
