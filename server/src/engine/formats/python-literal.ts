/**
 * A small parser for the Python literals found in `.npy` headers: strings, numbers, `True`/`False`/`None`,
 * tuples, lists and dicts. It never evaluates anything and gives up (returns undefined) on anything else,
 * on nesting deeper than a few levels, or on trailing text.
 */
export type PyLiteral = string | number | boolean | null | PyLiteral[] | { [key: string]: PyLiteral };

const MAX_DEPTH = 16;

export function parsePythonLiteral(text: string): PyLiteral | undefined {
  const p = new LiteralParser(text);
  try {
    const v = p.value(0);
    p.space();
    return p.atEnd() ? v : undefined;
  } catch {
    return undefined;
  }
}

class LiteralParser {
  private i = 0;
  constructor(private readonly s: string) {}

  atEnd(): boolean {
    return this.i >= this.s.length;
  }

  space(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i]!)) this.i++;
  }

  value(depth: number): PyLiteral {
    if (depth > MAX_DEPTH) throw new Error('too deep');
    this.space();
    const c = this.s[this.i];
    if (c === "'" || c === '"') return this.string(c);
    if (c === '(' ) return this.sequence(')', depth);
    if (c === '[') return this.sequence(']', depth);
    if (c === '{') return this.dict(depth);
    const word = /^(True|False|None|[-+]?\d+(\.\d*)?([eE][-+]?\d+)?L?)/.exec(this.s.slice(this.i, this.i + 64));
    if (!word) throw new Error('unexpected');
    this.i += word[0].length;
    if (word[0] === 'True') return true;
    if (word[0] === 'False') return false;
    if (word[0] === 'None') return null;
    return Number(word[0].replace(/L$/, ''));
  }

  private string(q: string): string {
    let out = '';
    this.i++;
    while (this.i < this.s.length) {
      const c = this.s[this.i++]!;
      if (c === q) return out;
      if (c === '\\' && this.i < this.s.length) out += this.s[this.i++]!;
      else out += c;
    }
    throw new Error('unterminated string');
  }

  private sequence(close: string, depth: number): PyLiteral[] {
    this.i++;
    const items: PyLiteral[] = [];
    for (;;) {
      this.space();
      if (this.s[this.i] === close) {
        this.i++;
        return items;
      }
      items.push(this.value(depth + 1));
      this.space();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== close) throw new Error('expected comma');
    }
  }

  private dict(depth: number): { [key: string]: PyLiteral } {
    this.i++;
    const out: { [key: string]: PyLiteral } = {};
    for (;;) {
      this.space();
      if (this.s[this.i] === '}') {
        this.i++;
        return out;
      }
      const key = this.value(depth + 1);
      this.space();
      if (this.s[this.i++] !== ':') throw new Error('expected colon');
      out[String(key)] = this.value(depth + 1);
      this.space();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== '}') throw new Error('expected comma');
    }
  }
}
