/**
 * Generated inputs shared by the language-server benchmark and the incremental-analysis tests: 3,000-line
 * services that load models, call LLMs and run tools, with a few findings. The files are valid code: whole
 * services only, then comment lines up to the requested length.
 */
export function pythonFile(lines) {
  const out = ['import json', 'import os', 'import subprocess', 'import pickle', '', 'import torch', 'import yaml', 'from openai import OpenAI', '', 'client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])', ''];
  let i = 0;
  for (;;) {
    const block = [
      `class Service${i}:`,
      `    """Loads model ${i}, asks the LLM and runs the tool it picks."""`,
      '',
      `    def __init__(self, path_${i}: str, threshold: float = 0.${i % 10}) -> None:`,
      `        self.path = path_${i}`,
      '        self.threshold = threshold',
      `        self.cache: dict[str, list[int]] = {}`,
      '',
      `    def load(self):`,
      i % 25 === 0 ? '        return torch.load(self.path)' : '        return torch.load(self.path, weights_only=True)',
      '',
      `    def config(self, handle):`,
      i % 40 === 0 ? '        return yaml.load(handle, Loader=yaml.Loader)' : '        return yaml.safe_load(handle)',
      '',
      `    def answer(self, question: str) -> str:`,
      '        response = client.chat.completions.create(',
      '            model="gpt-4o-mini",',
      '            messages=[{"role": "user", "content": question}],',
      '        )',
      '        text = response.choices[0].message.content or ""',
      `        values = [int(x) for x in text.split() if x.isdigit() and int(x) > ${i}]`,
      '        self.cache[question] = values',
      '        return json.dumps({"answer": text, "values": values})',
      '',
      `    def run_tool(self, name: str) -> str:`,
      '        completed = subprocess.run(["tool", name], capture_output=True, text=True, check=False)',
      '        return completed.stdout',
      '',
      '',
    ];
    if (out.length + block.length > lines) break;
    out.push(...block);
    i++;
  }
  while (out.length < lines) out.push('# (generated)');
  return out.join('\n') + '\n';
}

export function typescriptFile(lines) {
  const out = ["import { execFile } from 'node:child_process';", "import yaml from 'js-yaml';", "import OpenAI from 'openai';", '', 'const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });', ''];
  let i = 0;
  for (;;) {
    const block = [
      `export interface Options${i} {`,
      '  path: string;',
      `  threshold?: number;`,
      '}',
      '',
      `export class Service${i} {`,
      `  private readonly cache = new Map<string, number[]>();`,
      '',
      `  constructor(private readonly options: Options${i}) {}`,
      '',
      '  config(text: string): unknown {',
      i % 40 === 0 ? '    return yaml.load(text, { schema: yaml.DEFAULT_FULL_SCHEMA });' : '    return yaml.load(text);',
      '  }',
      '',
      '  async answer(question: string): Promise<string> {',
      "    const response = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] });",
      "    const text = response.choices[0]?.message.content ?? '';",
      `    const values = text.split(/\\s+/).map(Number).filter((n) => n > ${i});`,
      '    this.cache.set(question, values);',
      '    return JSON.stringify({ answer: text, values });',
      '  }',
      '',
      '  runTool(name: string): Promise<string> {',
      "    return new Promise((resolve, reject) => execFile('tool', [name], (error, stdout) => (error ? reject(error) : resolve(stdout))));",
      '  }',
      '}',
      '',
    ];
    if (out.length + block.length > lines) break;
    out.push(...block);
    i++;
  }
  while (out.length < lines) out.push('// (generated)');
  return out.join('\n') + '\n';
}


/**
 * A notebook's code cells as notebooks have them (the benchmark's and the tests' notebook): the imports of
 * `pythonFile` first, then one top-level class per cell.
 */
export function pythonNotebookCells(count) {
  const lines = pythonFile(count * 30).split('\n');
  const starts = lines.flatMap((line, i) => (line.startsWith('class ') ? [i] : []));
  const cells = [`${lines.slice(0, starts[0]).join('\n').trimEnd()}\n`];
  for (let i = 0; cells.length < count; i++) cells.push(`${lines.slice(starts[i], starts[i + 1]).join('\n').trimEnd()}\n`);
  return cells;
}
