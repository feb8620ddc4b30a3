/**
 * One AI fix, start to finish: build the redacted request for a finding, ask the model, verify its patch
 * in memory, and on a rejection ask again (at most twice) with the reason; then either a verified fix with
 * its evidence, or "no verified fix" with the reasons. A verified patch is cached under the key of the
 * first request (answer-cache.ts), so asking again for the same code sends nothing (the patch is verified
 * again first).
 */
import type { AnalysisResult, Engine, Finding, RuleMeta } from '../engine/index';
import { aiCacheKey, type AiAnswerCache } from './answer-cache';
import type { AiConfig } from './config';
import type { LineEdit, ModelPatch } from './patch';
import { parsePatch } from './patch';
import { findingPrompt, fixRequestBody, rejectionMessage } from './prompt';
import type { ChatMessage, ChatProvider, ChatRequestBody } from './provider';
import { AiRequestError } from './provider';
import { PromptRedactor } from './redaction';
import { sentRegionOf, type SentRegion } from './region';
import { verifyPatch } from './verify';

/** The first request and two retries with the reason. */
export const MAX_ATTEMPTS = 3;

export interface AiFixInput {
  engine: Engine;
  provider: ChatProvider;
  config: AiConfig;
  path: string;
  text: string;
  finding: Finding;
  rules: readonly RuleMeta[];
  /** Analyses a text of this file with the host's configuration and ports. */
  analyse: (text: string) => AnalysisResult;
  signal?: AbortSignal;
  cache?: AiAnswerCache;
  /** The host's own condition on a patch (a notebook's: each edit inside one cell), checked before the rest. */
  acceptPatch?: (patch: ModelPatch) => string | undefined;
}

export interface AiFixUsage {
  attempts: number;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
}

export type AiFixOutcome =
  | { kind: 'verified'; text: string; edits: LineEdit[]; rationale: string; evidence: string[]; usage: AiFixUsage; cached: boolean }
  | { kind: 'no-fix'; reason: string; rejections: string[]; usage: AiFixUsage }
  | { kind: 'failed'; reason: string; errorKind: AiRequestError['kind'] | 'not-applicable'; usage: AiFixUsage };

export interface PreparedFix {
  body: ChatRequestBody;
  prompt: string;
  region: SentRegion;
  findingsBefore: Finding[];
  /** Masks any further text sent in this conversation (the reasons a patch was rejected). */
  redact: (text: string) => string;
}

/** The exact first request for a finding (what the preview command shows), or why there is none. */
export function prepareFix(input: Omit<AiFixInput, 'provider' | 'signal' | 'cache' | 'acceptPatch'>): PreparedFix | { problem: string } {
  const region = sentRegionOf(input.engine, input.path, input.text, input.finding);
  if (typeof region === 'string') return { problem: region };
  const before = input.analyse(input.text);
  const redactor = new PromptRedactor(input.text, before.findings, input.config.redactPatterns);
  const kind = input.engine.kindOf(input.path) ?? 'text';
  const prompt = findingPrompt({
    path: input.path.split(/[\\/]/).pop() ?? input.path,
    languageName: kind === 'python' ? 'Python' : kind === 'javascript' ? 'JavaScript' : 'TypeScript',
    finding: input.finding,
    rule: input.rules.find((r) => r.id === input.finding.ruleId),
    region,
    redactor,
  });
  const body = fixRequestBody(input.config.model, prompt);
  return { body, prompt, region, findingsBefore: before.findings, redact: (text) => redactor.redact(text) };
}

export async function requestVerifiedFix(input: AiFixInput): Promise<AiFixOutcome> {
  const usage: AiFixUsage = { attempts: 0, requests: 0, promptTokens: 0, completionTokens: 0, latencyMs: 0 };
  const prepared = prepareFix(input);
  if ('problem' in prepared) return { kind: 'failed', reason: prepared.problem, errorKind: 'not-applicable', usage };
  const verify = (patch: ModelPatch): ReturnType<typeof verifyPatch> => {
    const refused = input.acceptPatch?.(patch);
    if (refused) return { ok: false, reason: refused };
    return verifyPatch({ engine: input.engine, path: input.path, text: input.text, finding: input.finding, findingsBefore: prepared.findingsBefore, region: prepared.region, patch, analyse: input.analyse });
  };

  const key = aiCacheKey(input.provider.endpoint, prepared.body);
  const cached = input.cache?.get(key);
  if (cached?.kind === 'patch') {
    const check = verify(cached.patch);
    if (check.ok) return { kind: 'verified', text: check.text, edits: cached.patch.edits, rationale: cached.patch.rationale, evidence: [...check.evidence, 'from the cache of earlier answers, verified again'], usage, cached: true };
    input.cache?.delete(key);
  }

  const history: ChatMessage[] = [];
  const rejections: string[] = [];
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    usage.attempts = attempt;
    let content: string;
    try {
      const reply = await input.provider.complete(fixRequestBody(input.config.model, prepared.prompt, history), input.signal);
      usage.requests += reply.requests;
      usage.promptTokens += reply.promptTokens;
      usage.completionTokens += reply.completionTokens;
      usage.latencyMs += reply.latencyMs;
      content = reply.content;
    } catch (error) {
      if (error instanceof AiRequestError) return { kind: 'failed', reason: error.message, errorKind: error.kind, usage };
      throw error;
    }
    const patch = parsePatch(content);
    const check = 'problem' in patch ? { ok: false as const, reason: patch.problem } : verify(patch);
    if (check.ok && !('problem' in patch)) {
      input.cache?.set(key, { kind: 'patch', patch });
      return { kind: 'verified', text: check.text, edits: patch.edits, rationale: patch.rationale, evidence: [...check.evidence, `attempt ${attempt} of ${MAX_ATTEMPTS}`], usage, cached: false };
    }
    const reason = check.ok ? 'the reply was not a patch' : check.reason;
    rejections.push(`attempt ${attempt}: ${reason}`);
    // The model's own reply goes back as it was (it only ever saw redacted text), followed by why it was rejected.
    history.push({ role: 'assistant', content }, { role: 'user', content: prepared.redact(rejectionMessage(reason)) });
  }
  return { kind: 'no-fix', reason: `no verified fix after ${MAX_ATTEMPTS} attempts: ${rejections[rejections.length - 1]!.replace(/^attempt \d+: /, '')}`, rejections, usage };
}
