/**
 * Seeded random edits for the incremental-analysis differential test (`test/engine/incremental.test.ts`):
 * the corpus (joined rule fixtures, the example project, generated services) and an edit generator that types
 * snippets one key at a time, pastes lines, helpers and methods, deletes ranges and lines, and renames words.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnalysisResult, EngineDocument } from '../../server/src/engine/index';
import { listFixtures } from './fixtures';
// @ts-expect-error the benchmark's generator is plain JavaScript
import { pythonFile, typescriptFile } from '../../bench/sources.mjs';

export type Language = 'py' | 'ts';

const SNIPPETS: Record<Language, string[]> = {
  py: [
    'data = pickle.loads(blob)',
    'exec(reply)',
    'return eval(text)',
    'import pickle as pk',
    'from subprocess import run',
    '# aisec: ignore-file',
    'x = 1  # nosec',
    'weights = torch.load(path)',
    'model = AutoModel.from_pretrained("org/model", trust_remote_code=True)',
    'OPENAI_API_KEY = "sk-proj-Zq8vR2mXk4LpT7nW1cY9bH3sD6fJ0gA5eU2iO8rK"',
    'reply = client.chat.completions.create(model="m", messages=[]).choices[0].message.content',
    'subprocess.run(reply, shell=True)',
    'exec(fetch_reply(question))',
    'os.system(helper(q))',
    '"""',
    "'",
    '(',
    ')',
    ':',
    'if True:',
    'global CONFIG',
    // Class members: a field that carries model output to other methods, a call to a method of the class.
    'self.code = fetch_reply(question)',
    'exec(self.code)',
    'os.system(self.ask(q))',
    '@staticmethod',
  ],
  ts: [
    'const value = eval(userInput);',
    "import { exec } from 'node:child_process';",
    'exec(cmd);',
    'yaml.load(text, { schema: yaml.DEFAULT_FULL_SCHEMA });',
    'const reply = (await openai.chat.completions.create({ model: "m", messages: [] })).choices[0].message.content;',
    'eval(reply);',
    'new Function(fetchReply(question))();',
    '// aisec: ignore-file',
    "const key = 'sk-proj-Zq8vR2mXk4LpT7nW1cY9bH3sD6fJ0gA5eU2iO8rK';",
    'let counter = 0;',
    'counter = reply;',
    '`',
    '{',
    '}',
    '(',
    ')',
    '/*',
  ],
};

/**
 * Python statements typed inside functions that their callers may or may not see (the early cutoff of
 * `engine/incremental/interface.ts`): a local of its own, a local or parameter the function returns, a yield,
 * an item assignment, a decorator, a class attribute. Given to `nextEdits` by the cutoff's differential test.
 */
export const CUTOFF_SNIPPETS = [
  'blob = pickle.loads(b"x")',
  'reply = fetch_reply(question)',
  'question = input()',
  'print(reply)',
  'yield reply',
  'items[0] = reply',
  '@tool',
  'trust_remote_code = True',
  'result = subprocess.run(command, shell=True)',
  'exec(fetch_reply("q"))',
];

const HELPERS: Record<Language, string[]> = {
  py: [
    '\ndef fetch_reply(question):\n    return client.chat.completions.create(model="m", messages=[{"role": "user", "content": question}]).choices[0].message.content\n',
    '\ndef helper(q):\n    return q\n',
    '\nclass Runner:\n    def go(self, code):\n        exec(code)\n',
    '\nCONFIG = yaml.load(open("c.yml"), Loader=yaml.Loader)\n',
    // Pasted after an indented line, these land in a class (or a function) as a method.
    '\n    def ask(self, q):\n        return client.chat.completions.create(model="m", messages=[q]).choices[0].message.content\n',
    '\n    def store(self, question):\n        self.code = self.ask(question)\n',
  ],
  ts: [
    '\nasync function fetchReply(question: string): Promise<string> {\n  const r = await openai.chat.completions.create({ model: "m", messages: [{ role: "user", content: question }] });\n  return r.choices[0].message.content ?? "";\n}\n',
    '\nconst helper = (q: string) => q;\n',
    '\nexport class Runner {\n  go(code: string) {\n    return eval(code);\n  }\n}\n',
  ],
};

/** A small deterministic generator (mulberry32), so a failure can be replayed from its seed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Edit {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  text: string;
}

/** Produces the next batch of edits (one keystroke each, or one paste/delete) against the current text. */
export function nextEdits(text: string, language: Language, rnd: () => number, extraSnippets: readonly string[] = []): Edit[] {
  const lines = text.split('\n');
  const pick = <T>(items: T[]): T => items[Math.floor(rnd() * items.length)];
  const line = Math.floor(rnd() * lines.length);
  const indent = /^\s*/.exec(lines[line])?.[0] ?? '';
  const at = (column: number, insert: string): Edit => ({ line, column, endLine: line, endColumn: column, text: insert });
  const op = rnd();
  if (op < 0.35) {
    // Typing a snippet at the start of a new line with this line's indentation, one key at a time.
    const snippet = `\n${indent}${pick([...SNIPPETS[language], ...extraSnippets])}`;
    const edits: Edit[] = [];
    let column = lines[line].length;
    let row = line;
    for (const ch of snippet) {
      edits.push({ line: row, column, endLine: row, endColumn: column, text: ch });
      if (ch === '\n') {
        row++;
        column = 0;
      } else column++;
    }
    return edits;
  }
  if (op < 0.5) return [at(Math.floor(rnd() * (lines[line].length + 1)), pick([...SNIPPETS[language], ...extraSnippets]))];
  if (op < 0.6) return [at(lines[line].length, pick(HELPERS[language]))];
  if (op < 0.75) {
    const column = Math.floor(rnd() * (lines[line].length + 1));
    const length = 1 + Math.floor(rnd() * 40);
    const offset = lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0) + column;
    const endOffset = Math.min(text.length, offset + length);
    const before = text.slice(0, endOffset).split('\n');
    return [{ line, column, endLine: before.length - 1, endColumn: before[before.length - 1].length, text: '' }];
  }
  if (op < 0.85 && line + 1 < lines.length) return [{ line, column: 0, endLine: line + 1, endColumn: 0, text: '' }];
  // Renaming a definition (or any word) on this line.
  const word = /[A-Za-z_]\w{2,}/.exec(lines[line]);
  if (word) return [{ line, column: word.index, endLine: line, endColumn: word.index + word[0].length, text: `${word[0]}_${Math.floor(rnd() * 3)}` }];
  return [at(0, '\n')];
}

export function comparable(result: AnalysisResult): unknown {
  return { findings: result.findings, suppressed: result.suppressed };
}

export function corpus(): { name: string; language: Language; text: string }[] {
  const out: { name: string; language: Language; text: string }[] = [];
  const fixtures = listFixtures();
  for (const language of ['py', 'ts'] as const) {
    const files = fixtures.filter((f) => (language === 'py' ? f.path.endsWith('.py') : /\.(ts|js)$/.test(f.path)));
    // Groups of six fixtures joined into one file: imports, helpers and findings of several rules meet.
    for (let i = 0; i < files.length; i += 6) {
      out.push({ name: `fixtures ${language} #${i / 6}`, language, text: files.slice(i, i + 6).map((f) => readFileSync(f.path, 'utf8')).join('\n\n') });
    }
  }
  const example = join(__dirname, '..', '..', 'examples', 'ml-service');
  for (const name of ['agent.py', 'serve.py', 'train.py']) out.push({ name: `examples/${name}`, language: 'py', text: readFileSync(join(example, name), 'utf8') });
  out.push({ name: 'generated python', language: 'py', text: pythonFile(400) as string });
  out.push({ name: 'generated python classes', language: 'py', text: classHeavyPythonFile(2, 30) });
  out.push({ name: 'generated typescript', language: 'ts', text: typescriptFile(400) as string });
  return out;
}

/**
 * A file of large classes whose methods are linked the ways class members are: fields that carry model output
 * from one method to another (`self.code`, set in `__init__` or a later method), calls to other methods
 * (`self.ask(q)`), a class attribute, static methods and properties.
 */
export function classHeavyPythonFile(classes: number, methods: number): string {
  const out = ['import os', 'import pickle', 'import subprocess', 'from openai import OpenAI', '', 'client = OpenAI()', ''];
  for (let c = 0; c < classes; c++) {
    out.push(
      `class Agent${c}(Base${c}):`,
      `    """An agent with ${methods} tools."""`,
      '',
      '    retries = 3',
      '',
      '    def __init__(self, question):',
      '        self.question = question',
      '        self.code = client.chat.completions.create(model="m", messages=[question]).choices[0].message.content',
      '',
      '    def ask(self, q):',
      '        return client.chat.completions.create(model="m", messages=[q]).choices[0].message.content',
      '',
    );
    for (let m = 0; m < methods; m++) {
      const body = [
        ['exec(self.code)'],
        ['os.system(self.ask(arg))'],
        ['return pickle.loads(arg)'],
        [`self.reply_${m} = self.ask(arg)`],
        [`subprocess.run(self.reply_${m - 1}, shell=True)`],
        ['values = [x for x in arg if x]', 'return len(values) + self.retries'],
      ][m % 6];
      if (m % 7 === 3) out.push('    @staticmethod', `    def tool_${m}(arg):`, '        return str(arg)', '');
      else if (m % 11 === 5) out.push('    @property', `    def tool_${m}(self):`, '        return self.question', '');
      else out.push(`    def tool_${m}(self, arg):`, `        """Tool ${m}."""`, ...body.map((line) => `        ${line}`), '');
    }
    out.push('');
  }
  return out.join('\n');
}

export function apply(doc: EngineDocument, edit: Edit): void {
  doc.applyChanges([{ range: { start: { line: edit.line, column: edit.column }, end: { line: edit.endLine, column: edit.endColumn } }, text: edit.text }]);
}

