/**
 * A TOML 1.0 reader that keeps spans (pyproject.toml, Pipfile). It builds the same value tree as the JSON
 * reader: tables, arrays of tables, dotted keys, inline tables, all string forms, numbers, booleans and
 * dates. It stops at the first syntax error and returns what it read so far plus the error offset.
 */
import type { ArrayNode, ObjectNode, TreeParse, ValueNode } from './tree';

class TomlError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

export function parseTomlTree(text: string): TreeParse {
  const parser = new TomlParser(text);
  try {
    parser.document();
    return { root: parser.root };
  } catch (e) {
    if (e instanceof TomlError) return { root: parser.root, error: { message: e.message, offset: e.offset } };
    throw e;
  }
}

const BARE_KEY = /[A-Za-z0-9_-]/;

/** Arrays and inline tables are parsed by descent, so their nesting is bounded like JSON's (`MAX_JSON_NESTING`). */
export const MAX_TOML_NESTING = 256;

class TomlParser {
  pos = 0;
  readonly root: ObjectNode;
  private current: ObjectNode;
  /** Tables created implicitly by a dotted header (`[a.b]` creates `a`), which may still be defined later. */
  private readonly implicit = new Set<ObjectNode>();
  private readonly defined = new Set<ObjectNode>();
  private depth = 0;

  constructor(private readonly text: string) {
    this.root = { type: 'object', span: { start: 0, end: text.length }, entries: [] };
    this.current = this.root;
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1;
  }

  document(): void {
    const t = this.text;
    while (this.pos < t.length) {
      this.skipWhitespace();
      const c = t[this.pos];
      if (c === undefined) break;
      if (c === '\n' || c === '\r') {
        this.pos++;
        continue;
      }
      if (c === '#') {
        this.skipComment();
        continue;
      }
      if (c === '[') this.header();
      else this.keyValue(this.current, true);
      this.endOfLine();
    }
  }

  private header(): void {
    const start = this.pos;
    const isArray = this.text[this.pos + 1] === '[';
    this.pos += isArray ? 2 : 1;
    this.skipWhitespace();
    const keys = this.key();
    this.skipWhitespace();
    if (isArray ? !this.text.startsWith(']]', this.pos) : this.text[this.pos] !== ']') {
      throw new TomlError(`Expected \`${isArray ? ']]' : ']'}\` to close the table header.`, this.pos);
    }
    this.pos += isArray ? 2 : 1;
    const headerSpan = { start, end: this.pos };
    let table = this.root;
    for (let i = 0; i < keys.length - 1; i++) table = this.descend(table, keys[i]!, headerSpan, true);
    const last = keys[keys.length - 1]!;
    const existing = table.entries.find((e) => e.key === last.name);
    if (isArray) {
      let array: ArrayNode;
      if (!existing) {
        array = { type: 'array', span: { ...headerSpan }, items: [] };
        table.entries.push({ key: last.name, keySpan: last.span, value: array, span: { ...headerSpan } });
      } else if (existing.value.type === 'array') {
        array = existing.value;
      } else {
        throw new TomlError(`\`${last.name}\` is already defined and is not an array of tables.`, last.span.start);
      }
      const element: ObjectNode = { type: 'object', span: { start, end: this.lineEnd() }, entries: [] };
      array.items.push(element);
      this.current = element;
      return;
    }
    if (existing) {
      if (existing.value.type !== 'object' || this.defined.has(existing.value) || !this.implicit.has(existing.value)) {
        throw new TomlError(`Table \`${keys.map((k) => k.name).join('.')}\` is defined twice.`, start);
      }
      this.implicit.delete(existing.value);
      this.defined.add(existing.value);
      existing.value.span = { start, end: this.lineEnd() };
      this.current = existing.value;
      return;
    }
    const node: ObjectNode = { type: 'object', span: { start, end: this.lineEnd() }, entries: [] };
    this.defined.add(node);
    table.entries.push({ key: last.name, keySpan: last.span, value: node, span: { start, end: this.lineEnd() } });
    this.current = node;
  }

  /** Finds or creates a sub-table for a dotted key segment (the last element of an array of tables). */
  private descend(table: ObjectNode, key: { name: string; span: { start: number; end: number } }, span: { start: number; end: number }, fromHeader: boolean): ObjectNode {
    const existing = table.entries.find((e) => e.key === key.name);
    if (existing) {
      if (existing.value.type === 'object') return existing.value;
      if (existing.value.type === 'array' && fromHeader && existing.value.items.at(-1)?.type === 'object') return existing.value.items.at(-1) as ObjectNode;
      throw new TomlError(`\`${key.name}\` is already defined as a value.`, key.span.start);
    }
    const node: ObjectNode = { type: 'object', span: { ...span }, entries: [] };
    if (fromHeader) this.implicit.add(node);
    table.entries.push({ key: key.name, keySpan: key.span, value: node, span: { ...span } });
    return node;
  }

  private keyValue(table: ObjectNode, extendTable: boolean): void {
    const start = this.pos;
    const keys = this.key();
    this.skipWhitespace();
    if (this.text[this.pos] !== '=') throw new TomlError('Expected `=` after the key.', this.pos);
    this.pos++;
    this.skipWhitespace();
    const value = this.value();
    let target = table;
    for (let i = 0; i < keys.length - 1; i++) target = this.descend(target, keys[i]!, { start, end: value.span.end }, false);
    const last = keys[keys.length - 1]!;
    if (target.entries.some((e) => e.key === last.name)) throw new TomlError(`Key \`${last.name}\` is defined twice.`, last.span.start);
    target.entries.push({ key: last.name, keySpan: last.span, value, span: { start, end: value.span.end } });
    if (extendTable && table !== this.root) table.span.end = Math.max(table.span.end, this.lineEnd());
  }

  private key(): { name: string; span: { start: number; end: number } }[] {
    const keys: { name: string; span: { start: number; end: number } }[] = [];
    for (;;) {
      this.skipWhitespace();
      const start = this.pos;
      const c = this.text[this.pos];
      let name: string;
      if (c === '"' || c === "'") {
        const s = this.stringValue();
        if (s.multiline) throw new TomlError('A key cannot be a multi-line string.', start);
        name = s.value;
      } else {
        while (this.pos < this.text.length && BARE_KEY.test(this.text[this.pos]!)) this.pos++;
        if (this.pos === start) throw new TomlError(c === undefined ? 'Unexpected end of file: expected a key.' : `Unexpected character \`${c}\`: expected a key.`, start);
        name = this.text.slice(start, this.pos);
      }
      keys.push({ name, span: { start, end: this.pos } });
      this.skipWhitespace();
      if (this.text[this.pos] !== '.') return keys;
      this.pos++;
    }
  }

  private value(): ValueNode {
    const t = this.text;
    const start = this.pos;
    const c = t[this.pos];
    if (c === '"' || c === "'") {
      const s = this.stringValue();
      const quote = s.multiline ? 3 : 1;
      return { type: 'string', span: { start, end: this.pos }, value: s.value, contentSpan: { start: start + quote, end: this.pos - quote } };
    }
    if (c === '[' || c === '{') {
      if (this.depth >= MAX_TOML_NESTING) throw new TomlError(`Nested more than ${MAX_TOML_NESTING} levels deep.`, start);
      this.depth++;
      const node = c === '[' ? this.array() : this.inlineTable();
      this.depth--;
      return node;
    }
    const rest = t.slice(this.pos, this.pos + 80);
    const bool = /^(true|false)(?![A-Za-z0-9_-])/.exec(rest);
    if (bool) {
      this.pos += bool[0].length;
      return { type: 'boolean', span: { start, end: this.pos }, value: bool[1] === 'true' };
    }
    const date = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})?)?|^\d{2}:\d{2}:\d{2}(?:\.\d+)?/.exec(rest);
    if (date) {
      this.pos += date[0].length;
      return { type: 'datetime', span: { start, end: this.pos }, value: date[0] };
    }
    const num = /^(?:[+-]?(?:inf|nan)|0x[0-9A-Fa-f_]+|0o[0-7_]+|0b[01_]+|[+-]?\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][+-]?\d[\d_]*)?)(?![A-Za-z0-9_.])/.exec(rest);
    if (num) {
      this.pos += num[0].length;
      const raw = num[0].replace(/_/g, '');
      const value = /^0[xob]/.test(raw) ? parseInt(raw.slice(2), raw[1] === 'x' ? 16 : raw[1] === 'o' ? 8 : 2) : Number(raw.replace(/inf/, 'Infinity'));
      return { type: 'number', span: { start, end: this.pos }, value };
    }
    if (c === undefined || c === '\n' || c === '\r') throw new TomlError('Expected a value after `=`.', start);
    throw new TomlError(`Invalid value starting with \`${c}\` (strings need quotes).`, start);
  }

  private array(): ValueNode {
    const start = this.pos++;
    const items: ValueNode[] = [];
    for (;;) {
      this.skipBlank();
      if (this.text[this.pos] === ']') break;
      if (this.pos >= this.text.length) throw new TomlError('Unexpected end of file: missing `]`.', start);
      items.push(this.value());
      this.skipBlank();
      if (this.text[this.pos] === ',') {
        this.pos++;
        continue;
      }
      if (this.text[this.pos] !== ']') throw new TomlError('Expected `,` or `]` in the array.', this.pos);
    }
    this.pos++;
    return { type: 'array', span: { start, end: this.pos }, items };
  }

  private inlineTable(): ValueNode {
    const start = this.pos++;
    const node: ObjectNode = { type: 'object', span: { start, end: start }, entries: [] };
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      node.span.end = this.pos;
      return node;
    }
    for (;;) {
      this.skipWhitespace();
      this.keyValue(node, false);
      this.skipWhitespace();
      const c = this.text[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === '}') break;
      throw new TomlError('Expected `,` or `}` in the inline table.', this.pos);
    }
    this.pos++;
    node.span.end = this.pos;
    return node;
  }

  private stringValue(): { value: string; multiline: boolean } {
    const t = this.text;
    const quote = t[this.pos]!;
    const start = this.pos;
    const triple = t.startsWith(quote.repeat(3), this.pos);
    if (triple) {
      this.pos += 3;
      if (t[this.pos] === '\n') this.pos++;
      else if (t.startsWith('\r\n', this.pos)) this.pos += 2;
      let close = t.indexOf(quote.repeat(3), this.pos);
      if (close < 0) throw new TomlError('Unterminated multi-line string.', start);
      // Up to two quotes may directly precede the closing delimiter.
      while (t[close + 3] === quote && close + 3 < t.length) close++;
      const raw = t.slice(this.pos, close);
      this.pos = close + 3;
      return { value: quote === '"' ? unescapeBasic(raw.replace(/\\\r?\n\s*/g, ''), start) : raw, multiline: true };
    }
    this.pos++;
    let end = this.pos;
    for (;;) {
      const c = t[end];
      if (c === undefined || c === '\n') throw new TomlError('Unterminated string.', start);
      if (c === '\\' && quote === '"') {
        end += 2;
        continue;
      }
      if (c === quote) break;
      end++;
    }
    const raw = t.slice(this.pos, end);
    this.pos = end + 1;
    return { value: quote === '"' ? unescapeBasic(raw, start) : raw, multiline: false };
  }

  private skipWhitespace(): void {
    while (this.text[this.pos] === ' ' || this.text[this.pos] === '\t') this.pos++;
  }

  /** Whitespace, newlines and comments (inside arrays). */
  private skipBlank(): void {
    for (;;) {
      const c = this.text[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.pos++;
      else if (c === '#') this.skipComment();
      else return;
    }
  }

  private skipComment(): void {
    const eol = this.text.indexOf('\n', this.pos);
    this.pos = eol < 0 ? this.text.length : eol;
  }

  private endOfLine(): void {
    this.skipWhitespace();
    const c = this.text[this.pos];
    if (c === '#') this.skipComment();
    else if (c !== undefined && c !== '\n' && c !== '\r') throw new TomlError(`Unexpected \`${c}\` after the value (one key = value per line).`, this.pos);
  }

  private lineEnd(): number {
    const eol = this.text.indexOf('\n', this.pos);
    return eol < 0 ? this.text.length : eol;
  }
}

function unescapeBasic(raw: string, offset: number): string {
  return raw.replace(/\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)/g, (_m, e: string) => {
    switch (e[0]) {
      case 'b': return '\b';
      case 't': return '\t';
      case 'n': return '\n';
      case 'f': return '\f';
      case 'r': return '\r';
      case 'e': return '\x1b';
      case '"': return '"';
      case '\\': return '\\';
      case 'u':
      case 'U': return String.fromCodePoint(parseInt(e.slice(1), 16));
      default: throw new TomlError(`Invalid escape \`\\${e}\` in a string.`, offset);
    }
  });
}
