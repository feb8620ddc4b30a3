/**
 * A stand-in model for the fake endpoint: it reads the prompt as a model would (the finding's line, the
 * numbered region, where a new import goes) and answers with a patch from a few fixed rewrites
 * (`pickle.loads` → `json.loads`, `eval` → `ast.literal_eval`, `yaml.load` → `yaml.safe_load`), or, when it
 * knows none, the finding's line unchanged (which AISec rejects because the finding stays). It exists to
 * drive the verification loop and the benchmark end to end; it is no measure of any real model.
 */
import type { RecordedRequest, ScriptedReply } from './fake-openai-server';
import { completion } from './fake-openai-server';

const REWRITES: Array<{ from: RegExp; to: string; importLine?: string }> = [
  { from: /\b(?:pickle|cPickle|dill)\.loads?\(/, to: 'json.loads(', importLine: 'import json' },
  { from: /\beval\(/, to: 'ast.literal_eval(', importLine: 'import ast' },
  { from: /\byaml\.load\(/, to: 'yaml.safe_load(' },
];

export function rewritingModel(request: RecordedRequest): ScriptedReply {
  const prompt = request.body.messages?.find((m) => m.role === 'user')?.content ?? '';
  const line = Number(/ at line (\d+):/.exec(prompt)?.[1] ?? '0');
  const importAt = Number(/A new import goes before line (\d+)\./.exec(prompt)?.[1] ?? '1');
  const numbered = new RegExp(`^\\s*${line}\\| (.*)$`, 'm').exec(prompt);
  if (!numbered) return completion('I cannot find the line.');
  const original = numbered[1]!;
  const rewrite = REWRITES.find((r) => r.from.test(original));
  const edits = [{ startLine: line, endLine: line, newText: rewrite ? original.replace(rewrite.from, rewrite.to) : original }];
  if (rewrite?.importLine && !new RegExp(`\\| ${rewrite.importLine}$`, 'm').test(prompt)) edits.push({ startLine: importAt, endLine: importAt - 1, newText: rewrite.importLine });
  return completion(JSON.stringify({ edits, rationale: rewrite ? `replaced ${rewrite.from.source} with ${rewrite.to}` : 'no known rewrite' }));
}
