/**
 * A file whose only sinks deserialize is walked only when it holds a source the walk knows
 * (`TaintAnalysis.mayMeetModelOutput`): each kind of source must still lead to AIS282 there, and a file with
 * none reports nothing. Each case would be lost if the pre-test forgot that kind of source.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';

const CASES: { name: string; lines: string[] }[] = [
  {
    name: 'an SDK call',
    lines: ['import pickle', 'from openai import OpenAI', 'client = OpenAI()', 'def load(q):', '    r = client.chat.completions.create(model="m", messages=[q])', '    return pickle.loads(r.choices[0].message.content)'],
  },
  {
    name: 'a helper named after asking a model',
    lines: ['import pickle', 'from .llm import get_completion', 'def load(q):', '    blob = get_completion(q)', '    return pickle.loads(blob)'],
  },
  {
    name: 'the arguments of a tool call the model requested',
    lines: ['import pickle', 'import openai', 'def handle(tool_call):', '    data = tool_call.function.arguments', '    return pickle.loads(data)'],
  },
  {
    name: 'a LangChain tool input',
    lines: ['import pickle', 'from langchain.schema import AgentAction', 'def handle(action: AgentAction):', '    return pickle.loads(action.tool_input)'],
  },
  {
    name: 'a tool argument',
    lines: ['import pickle', 'from langchain.tools import tool', '@tool', 'def restore(blob: str) -> str:', '    """Restores a state."""', '    return str(pickle.loads(blob))'],
  },
  {
    name: 'a model factory whose calls return text',
    lines: ['import pickle', 'from transformers import pipeline', 'generator = pipeline("text-generation")', 'def load(q):', '    out = generator(q)', '    return pickle.loads(out[0]["generated_text"])'],
  },
];

for (const c of CASES) {
  test(`a file that only deserializes is still analysed when its source is ${c.name}`, async () => {
    const engine = await loadEngine();
    const result = engine.analyze({ path: '/w/app/agent.py', text: `${c.lines.join('\n')}\n` });
    assert.ok(
      result.findings.some((f) => f.ruleId === 'AIS282'),
      `AIS282 expected: ${JSON.stringify(result.findings.map((f) => [f.ruleId, f.message]))}`,
    );
  });
}

test('a file that only deserializes and holds no source reports no model-output flow', async () => {
  const engine = await loadEngine();
  const text = ['import pickle', 'def load(path):', '    with open(path, "rb") as f:', '        data = f.read()', '    return pickle.loads(data)', ''].join('\n');
  const result = engine.analyze({ path: '/w/app/store.py', text });
  assert.equal(result.findings.filter((f) => /^AIS28/.test(f.ruleId)).length, 0);
  assert.ok(result.findings.some((f) => f.ruleId !== undefined), 'the pickle load itself is still reported by its own rule');
});
