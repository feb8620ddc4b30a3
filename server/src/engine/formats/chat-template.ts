/**
 * Checks a Jinja chat template (GGUF `tokenizer.chat_template`, Hugging Face `tokenizer_config.json`
 * `chat_template`, `chat_template.jinja`) for the shapes of server-side template injection. Chat
 * templates only loop over messages, compare roles and join strings; reaching Python objects needs
 * dunder attributes, `|attr`, `format`/`format_map` or one of Jinja's global helpers (`cycler`,
 * `joiner`, `lipsum`, `namespace`) walked to `__init__.__globals__`. llama-cpp-python rendered such
 * templates outside the sandbox (CVE-2024-34359), and the sandbox itself was escaped through
 * `str.format` (CVE-2024-56326) and `|attr` (CVE-2025-27516).
 *
 * Only what sits inside `{{ … }}` and `{% … %}` is code; the text between them is printed as it is.
 */

export interface TemplateIssue {
  level: 'dangerous' | 'suspicious';
  reason: string;
  /** The offending code, shortened. */
  excerpt: string;
  /** Character offset in the template. */
  index: number;
}

interface Pattern {
  level: TemplateIssue['level'];
  regex: RegExp;
  reason: string;
  /** Match against the code with string literals blanked (names) or as written (dunders in subscripts). */
  on: 'code' | 'names';
}

const PATTERNS: readonly Pattern[] = [
  { level: 'dangerous', on: 'code', regex: /__[A-Za-z]\w*__/, reason: 'reaches a dunder attribute (`__class__`, `__globals__`, `__init__`, …), the first step of every Jinja sandbox escape' },
  { level: 'dangerous', on: 'code', regex: /\|\s*attr\b/, reason: 'uses the `|attr` filter, which fetches attributes by computed name (CVE-2025-27516)' },
  { level: 'dangerous', on: 'names', regex: /\.\s*format(?:_map)?\s*\(/, reason: 'calls `str.format`/`format_map`, which reads attributes through its format string (CVE-2024-56326)' },
  { level: 'dangerous', on: 'names', regex: /\|\s*format\b[^}%]*\{[^}]*[.[]/, reason: 'passes a format string with attribute access to the `|format` filter' },
  { level: 'dangerous', on: 'names', regex: /\b(?:lipsum|cycler|joiner|self|config|request|url_for|get_flashed_messages)\b\s*[.[|]/, reason: 'walks from a Jinja global helper object, the usual handle to `__init__.__globals__`' },
  {
    level: 'dangerous',
    on: 'names',
    regex: /\b(?:popen|subprocess|import_module|eval|exec|getattr|compile)\s*\(|\.\s*(?:popen|environ|modules|builtins)\b|\.\s*system\s*\(|\bos\s*\./,
    reason: 'names a process, import or evaluation function that no chat template needs',
  },
  { level: 'dangerous', on: 'code', regex: /\\x5f|\\u005f|\\137|['"]_['"]\s*\*|\bchr\s*\(/, reason: 'builds underscores or characters at run time, a way to spell dunder names past filters' },
  { level: 'suspicious', on: 'names', regex: /\brange\s*\(\s*\d{6,}/, reason: 'loops over a range of a million or more items (a rendering denial of service)' },
];

const CODE_BLOCK = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g;
const STRING_LITERAL = /'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g;
const MAX_ISSUES = 20;

export function checkChatTemplate(template: string): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  const seen = new Set<string>();
  for (const block of template.matchAll(CODE_BLOCK)) {
    const code = block[0];
    const names = code.replace(STRING_LITERAL, (s) => `'${' '.repeat(Math.max(0, s.length - 2))}'`);
    for (const p of PATTERNS) {
      if (seen.has(p.reason)) continue;
      const hit = p.regex.exec(p.on === 'code' ? code : names);
      if (!hit) continue;
      seen.add(p.reason);
      issues.push({ level: p.level, reason: p.reason, excerpt: excerptAround(code, hit.index), index: (block.index ?? 0) + hit.index });
      if (issues.length >= MAX_ISSUES) return issues;
    }
  }
  return issues.sort((a, b) => (a.level === b.level ? a.index - b.index : a.level === 'dangerous' ? -1 : 1));
}

function excerptAround(code: string, at: number): string {
  const start = Math.max(0, at - 30);
  const text = code.slice(start, at + 50).replace(/\s+/g, ' ');
  return `${start > 0 ? '…' : ''}${text}${at + 50 < code.length ? '…' : ''}`;
}
