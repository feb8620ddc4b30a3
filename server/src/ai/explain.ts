/**
 * "Explain with AI": the same redacted prompt as a fix (finding, rule text, region, imports, flow), asking
 * for a short Markdown explanation instead of a patch. Nothing is applied; the answer is shown as is.
 */
import type { AiFixInput } from './fix-session';
import { prepareFix } from './fix-session';
import { explainRequestBody } from './prompt';
import { AiRequestError } from './provider';

export async function requestExplanation(input: Omit<AiFixInput, 'cache'>): Promise<{ markdown: string } | { problem: string }> {
  const prepared = prepareFix(input);
  if ('problem' in prepared) return prepared;
  try {
    const reply = await input.provider.complete(explainRequestBody(input.config.model, prepared.prompt), input.signal);
    return { markdown: reply.content };
  } catch (error) {
    if (error instanceof AiRequestError) return { problem: error.message };
    throw error;
  }
}
