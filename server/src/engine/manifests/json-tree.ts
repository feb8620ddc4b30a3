/**
 * A JSON parser that keeps spans (package.json, package-lock.json, Pipfile.lock). It accepts comments
 * and trailing commas (JSONC), which npm tolerates in neither but editors show, and reports the first
 * syntax error with its offset instead of throwing.
 */
import type { ObjectEntry, ObjectNode, TreeParse, ValueNode } from './tree';

class JsonError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

export function parseJsonTree(text: string): TreeParse {
  const parser = new JsonParser(text);
  try {
    parser.skip();
    const value = parser.value();
    parser.skip();
    if (parser.pos < text.length) throw new JsonError('Unexpected text after the JSON value.', parser.pos);
    if (value.type !== 'object') return { error: { message: 'The file must contain a JSON object.', offset: value.span.start } };
    return { root: value };
  } catch (e) {
    if (e instanceof JsonError) return { root: parser.partialRoot, error: { message: e.message, offset: e.offset } };
    throw e;
  }
}

/**
 * The parser descends once per nested array or object, so nesting is bounded: a crafted file of a few
 * thousand brackets would otherwise overflow the stack and the file's dependencies would go unread.
 * Real manifests and lockfiles nest fewer than ten levels.
 */
export const MAX_JSON_NESTING = 256;

class JsonParser {
  pos = 0;
  partialRoot: ObjectNode | undefined;
  private depth = 0;

  constructor(private readonly text: string) {
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1;
  }

  skip(): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.pos++;
      else if (c === 47 && t[this.pos + 1] === '/') {
        const eol = t.indexOf('\n', this.pos);
        this.pos = eol < 0 ? t.length : eol;
      } else if (c === 47 && t[this.pos + 1] === '*') {
        const close = t.indexOf('*/', this.pos + 2);
        if (close < 0) throw new JsonError('Unclosed comment.', this.pos);
        this.pos = close + 2;
      } else return;
    }
  }

  value(): ValueNode {
    const t = this.text;
    const start = this.pos;
    const c = t[this.pos];
    if (c === '{' || c === '[') {
      if (this.depth >= MAX_JSON_NESTING) throw new JsonError(`Nested more than ${MAX_JSON_NESTING} levels deep.`, this.pos);
      this.depth++;
      const node = c === '{' ? this.object() : this.array();
      this.depth--;
      return node;
    }
    if (c === '"') return this.string();
    if (c === undefined) throw new JsonError('Unexpected end of file.', this.pos);
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(t.slice(this.pos, this.pos + 64));
    if (!m) throw new JsonError(`Unexpected character \`${c}\`.`, this.pos);
    this.pos += m[0].length;
    const span = { start, end: this.pos };
    if (m[0] === 'true' || m[0] === 'false') return { type: 'boolean', span, value: m[0] === 'true' };
    if (m[0] === 'null') return { type: 'null', span };
    return { type: 'number', span, value: Number(m[0]) };
  }

  private object(): ObjectNode {
    const start = this.pos++;
    const node: ObjectNode = { type: 'object', span: { start, end: start }, entries: [] };
    if (!this.partialRoot) this.partialRoot = node;
    this.skip();
    while (this.text[this.pos] !== '}') {
      if (this.text[this.pos] !== '"') throw new JsonError(this.pos >= this.text.length ? 'Unexpected end of file: missing `}`.' : 'Expected a quoted property name.', this.pos);
      const key = this.string();
      this.skip();
      if (this.text[this.pos] !== ':') throw new JsonError('Expected `:` after the property name.', this.pos);
      this.pos++;
      this.skip();
      const value = this.value();
      const entry: ObjectEntry = { key: key.value, keySpan: key.span, value, span: { start: key.span.start, end: value.span.end } };
      node.entries.push(entry);
      this.skip();
      if (this.text[this.pos] === ',') {
        this.pos++;
        this.skip();
        continue;
      }
      if (this.text[this.pos] !== '}') throw new JsonError(this.pos >= this.text.length ? 'Unexpected end of file: missing `}`.' : 'Expected `,` or `}`.', this.pos);
    }
    this.pos++;
    node.span.end = this.pos;
    return node;
  }

  private array(): ValueNode {
    const start = this.pos++;
    const items: ValueNode[] = [];
    this.skip();
    while (this.text[this.pos] !== ']') {
      if (this.pos >= this.text.length) throw new JsonError('Unexpected end of file: missing `]`.', this.pos);
      items.push(this.value());
      this.skip();
      if (this.text[this.pos] === ',') {
        this.pos++;
        this.skip();
        continue;
      }
      if (this.text[this.pos] !== ']') throw new JsonError('Expected `,` or `]`.', this.pos);
    }
    this.pos++;
    return { type: 'array', span: { start, end: this.pos }, items };
  }

  private string(): Extract<ValueNode, { type: 'string' }> {
    const t = this.text;
    const start = this.pos++;
    let value = '';
    let chunk = this.pos;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (Number.isNaN(c) || c === 10) throw new JsonError('Unterminated string.', start);
      if (c === 34) break;
      if (c === 92) {
        value += t.slice(chunk, this.pos);
        const e = t[this.pos + 1];
        if (e === 'u') {
          const hex = t.slice(this.pos + 2, this.pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new JsonError('Invalid \\u escape.', this.pos);
          value += String.fromCharCode(parseInt(hex, 16));
          this.pos += 6;
        } else {
          const map: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
          if (e === undefined || map[e] === undefined) throw new JsonError('Invalid escape in string.', this.pos);
          value += map[e];
          this.pos += 2;
        }
        chunk = this.pos;
        continue;
      }
      this.pos++;
    }
    value += t.slice(chunk, this.pos);
    this.pos++;
    return { type: 'string', span: { start, end: this.pos }, value, contentSpan: { start: start + 1, end: this.pos - 1 } };
  }
}
