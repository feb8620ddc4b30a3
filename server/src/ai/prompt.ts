/**
 * The request for one finding: the finding (rule, message, the rule's "Use instead" text), the sent
 * region with 1-based line numbers, the file's imports and the flow lines, every line masked by
 * `PromptRedactor` and the assembled text masked once more. The body built here is exactly what is sent
 * (the preview command shows it), so nothing else of the file can leave.
 */
import type { Finding, RuleMeta } from '../engine/index';
import type { ChatMessage, ChatRequestBody } from './provider';
import type { PromptRedactor } from './redaction';
import { SECRET_PLACEHOLDER } from './redaction';
import type { SentRegion } from './region';

export interface PromptInput {
  path: string;
  languageName: string;
  finding: Finding;
  rule: RuleMeta | undefined;
  region: SentRegion;
  redactor: PromptRedactor;
}

/** The JSON schema of a patch (structured outputs); servers without it get the same shape described in words. */
export const PATCH_SCHEMA: Record<string, unknown> = {
  type: 'object',
  properties: {
    edits: {
      type: 'array',
      items: {
        type: 'object',
        properties: { startLine: { type: 'integer' }, endLine: { type: 'integer' }, newText: { type: 'string' } },
        required: ['startLine', 'endLine', 'newText'],
        additionalProperties: false,
      },
    },
    rationale: { type: 'string' },
  },
  required: ['edits', 'rationale'],
  additionalProperties: false,
};

const FIX_INSTRUCTIONS = [
  'You fix one security finding that AISec, a static analyser, reported in one file.',
  'Reply with JSON only, in this shape: {"edits": [{"startLine": N, "endLine": M, "newText": "..."}], "rationale": "one or two sentences"}.',
  'Each edit replaces lines startLine to endLine (1-based, inclusive, numbered as in the prompt) with newText: the new lines without line numbers, indented as the file is; an empty newText deletes the lines.',
  'To insert lines without replacing any, set endLine to startLine - 1: the lines go before startLine.',
  'Only the lines of the region and the import lines may be edited; a new import goes at the line the prompt names. You see nothing else of the file and must not assume what it holds.',
  'Change as little as possible, keep the code\'s behaviour apart from the fix, and do not introduce any other security problem.',
  `${SECRET_PLACEHOLDER} stands for a secret AISec hid: never write it into code; read the secret from the environment or a secret manager instead.`,
].join('\n');

const EXPLAIN_INSTRUCTIONS = [
  'You explain one security finding that AISec, a static analyser, reported, to the developer who wrote the code.',
  'Answer in Markdown, in under 250 words: what the risk is in this code, how an attacker would use it, and how to fix it (a short code example is welcome).',
  `${SECRET_PLACEHOLDER} stands for a secret AISec hid from you.`,
].join('\n');

/** The user message: the finding and the code sent with it. */
export function findingPrompt(input: PromptInput): string {
  const { finding, rule, region, redactor } = input;
  const numbered = (line: number): string => `${String(line + 1).padStart(5)}| ${redactor.line(line)}`;
  const span = (s: { start: number; end: number }): string[] => Array.from({ length: s.end - s.start + 1 }, (_, i) => numbered(s.start + i));
  const parts = [
    `Finding: ${finding.ruleId} ${finding.ruleName} (${finding.severity}) at line ${finding.range.start.line + 1}: ${finding.message}`,
    ...(finding.flow && finding.flow.length > 0 ? [`Flow: ${finding.flow.map((s) => `${s.path !== undefined ? `${s.path} ` : ''}line ${s.range.start.line + 1}: ${s.message}`).join(' -> ')}`] : []),
    ...(rule ? [`Rule: ${rule.title}`, `What AISec recommends instead:\n${rule.docs.useInstead.trim()}`] : []),
    `File: ${input.path} (${input.languageName})`,
    region.imports.length > 0 ? `Imports:\n${region.imports.flatMap(span).join('\n')}` : 'Imports: none outside the region.',
    `A new import goes before line ${region.importInsertLine + 1}.`,
    `Region (lines ${region.region.start + 1}-${region.region.end + 1}; the lines you may change besides the imports):\n${span(region.region).join('\n')}`,
    ...(region.flowLines.length > 0 ? [`Other lines of the flow (read only):\n${region.flowLines.map(numbered).join('\n')}`] : []),
  ];
  return redactor.redact(parts.join('\n\n'));
}

/** The request body of a fix, with the conversation so far (earlier replies and why they were rejected). */
export function fixRequestBody(model: string, prompt: string, history: readonly ChatMessage[] = []): ChatRequestBody {
  return {
    model,
    temperature: 0,
    messages: [{ role: 'system', content: FIX_INSTRUCTIONS }, { role: 'user', content: prompt }, ...history],
    response_format: { type: 'json_schema', json_schema: { name: 'aisec_patch', strict: true, schema: PATCH_SCHEMA } },
  };
}

/** The request body of an explanation (Markdown, no schema). */
export function explainRequestBody(model: string, prompt: string): ChatRequestBody {
  return { model, temperature: 0.2, messages: [{ role: 'system', content: EXPLAIN_INSTRUCTIONS }, { role: 'user', content: prompt }] };
}

/** What is said back to the model after its patch was rejected. */
export function rejectionMessage(reason: string): string {
  return `AISec rejected that patch: ${reason}. Return a corrected patch as JSON, with line numbers as in the first prompt.`;
}
