/**
 * A JSON parser that keeps source offsets for every value, key and string, so findings in JSON
 * files (package.json, notebooks, lockfiles) point at the exact place. It never throws: a syntax error
 * is returned with its offset.
 */

export type JsonNode =
  | { type: 'object'; start: number; end: number; entries: JsonEntry[] }
  | { type: 'array'; start: number; end: number; items: JsonNode[] }
  | { type: 'string'; start: number; end: number; value: string }
  | { type: 'number'; start: number; end: number; value: number }
  | { type: 'bool'; start: number; end: number; value: boolean }
  | { type: 'null'; start: number; end: number };

export interface JsonEntry {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: JsonNode;
}

export type JsonParseResult = { ok: true; value: JsonNode } | { ok: false; error: string; offset: number };

const MAX_DEPTH = 512;

class JsonSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

/** Parses `text` as JSON (a leading BOM and, with `allowComments`, `//` and block comments are accepted). */
export function parseJsonWithLocations(text: string, allowComments = false): JsonParseResult {
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  const fail = (message: string): never => {
    throw new JsonSyntaxError(message, pos);
  };

  const skipSpace = (): void => {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) pos++;
      else if (allowComments && c === 47 && text.charCodeAt(pos + 1) === 47) {
        while (pos < text.length && text.charCodeAt(pos) !== 10) pos++;
      } else if (allowComments && c === 47 && text.charCodeAt(pos + 1) === 42) {
        const end = text.indexOf('*/', pos + 2);
        pos = end < 0 ? text.length : end + 2;
      } else return;
    }
  };

  const parseString = (): { value: string; start: number; end: number } => {
    const start = pos;
    pos++;
    let value = '';
    let chunkStart = pos;
    for (;;) {
      if (pos >= text.length) fail('unterminated string');
      const c = text.charCodeAt(pos);
      if (c === 34) {
        value += text.slice(chunkStart, pos);
        pos++;
        return { value, start, end: pos };
      }
      if (c === 92) {
        value += text.slice(chunkStart, pos);
        const e = text[pos + 1];
        switch (e) {
          case '"': value += '"'; break;
          case '\\': value += '\\'; break;
          case '/': value += '/'; break;
          case 'b': value += '\b'; break;
          case 'f': value += '\f'; break;
          case 'n': value += '\n'; break;
          case 'r': value += '\r'; break;
          case 't': value += '\t'; break;
          case 'u': {
            const hex = text.slice(pos + 2, pos + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad unicode escape');
            value += String.fromCharCode(parseInt(hex, 16));
            pos += 4;
            break;
          }
          default:
            fail('bad escape');
        }
        pos += 2;
        chunkStart = pos;
        continue;
      }
      if (c < 32) fail('control character in string');
      pos++;
    }
  };

  const parseValue = (depth: number): JsonNode => {
    if (depth > MAX_DEPTH) fail('nesting too deep');
    skipSpace();
    const start = pos;
    const c = text[pos];
    if (c === '{') {
      pos++;
      const entries: JsonEntry[] = [];
      skipSpace();
      if (text[pos] === '}') {
        pos++;
        return { type: 'object', start, end: pos, entries };
      }
      for (;;) {
        skipSpace();
        if (text[pos] !== '"') fail('expected a property name');
        const key = parseString();
        skipSpace();
        if (text[pos] !== ':') fail("expected ':'");
        pos++;
        const value = parseValue(depth + 1);
        entries.push({ key: key.value, keyStart: key.start, keyEnd: key.end, value });
        skipSpace();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === '}') {
          pos++;
          return { type: 'object', start, end: pos, entries };
        }
        fail("expected ',' or '}'");
      }
    }
    if (c === '[') {
      pos++;
      const items: JsonNode[] = [];
      skipSpace();
      if (text[pos] === ']') {
        pos++;
        return { type: 'array', start, end: pos, items };
      }
      for (;;) {
        items.push(parseValue(depth + 1));
        skipSpace();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === ']') {
          pos++;
          return { type: 'array', start, end: pos, items };
        }
        fail("expected ',' or ']'");
      }
    }
    if (c === '"') {
      const s = parseString();
      return { type: 'string', start: s.start, end: s.end, value: s.value };
    }
    if (text.startsWith('true', pos)) {
      pos += 4;
      return { type: 'bool', start, end: pos, value: true };
    }
    if (text.startsWith('false', pos)) {
      pos += 5;
      return { type: 'bool', start, end: pos, value: false };
    }
    if (text.startsWith('null', pos)) {
      pos += 4;
      return { type: 'null', start, end: pos };
    }
    const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    m.lastIndex = pos;
    const match = m.exec(text);
    if (match && match[0].length > 0) {
      pos += match[0].length;
      return { type: 'number', start, end: pos, value: Number(match[0]) };
    }
    return fail(pos >= text.length ? 'unexpected end of input' : `unexpected character '${text[pos]}'`);
  };

  try {
    const value = parseValue(0);
    skipSpace();
    if (pos < text.length) fail('unexpected content after the JSON value');
    return { ok: true, value };
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { ok: false, error: error.message, offset: error.offset };
    return { ok: false, error: String(error), offset: pos };
  }
}

/** The value at `key` of an object node, or undefined. */
export function jsonGet(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (!node || node.type !== 'object') return undefined;
  for (let i = node.entries.length - 1; i >= 0; i--) if (node.entries[i].key === key) return node.entries[i].value;
  return undefined;
}

/**
 * Maps each character of a decoded JSON string back to its offset in the source, for a string token
 * starting at `tokenStart` (the opening quote). Entry i is the source offset of decoded char i; one
 * extra entry marks the closing quote.
 */
export function decodedOffsets(text: string, tokenStart: number): number[] {
  const offsets: number[] = [];
  let pos = tokenStart + 1;
  while (pos < text.length && text.charCodeAt(pos) !== 34) {
    offsets.push(pos);
    if (text.charCodeAt(pos) === 92) pos += text[pos + 1] === 'u' ? 6 : 2;
    else pos++;
  }
  offsets.push(pos);
  return offsets;
}
