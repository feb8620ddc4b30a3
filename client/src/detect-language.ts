/**
 * Guesses whether a snippet with no editor language (the clipboard) is Python, TypeScript or JavaScript.
 * A few strong markers are counted per language; ties go to Python, the language most AI snippets are in.
 */
export type SnippetLanguage = 'python' | 'typescript' | 'javascript';

const PYTHON_MARKERS: readonly RegExp[] = [
  /^\s*def \w+\s*\(.*\)\s*(->\s*[^:]+)?:\s*$/m,
  /^\s*(from [\w.]+ )?import [\w.]+(\s+as \w+)?(,\s*[\w.]+)*\s*$/m,
  /^\s*(if|elif|for|while|with|try|except|class)\b.*:\s*$/m,
  /^\s*print\(/m,
  /\bself\./,
  /^\s*#(?!!)/m,
  /\bNone\b|\bTrue\b|\bFalse\b/,
];

const SCRIPT_MARKERS: readonly RegExp[] = [
  /\b(const|let|var)\s+\w+\s*=/,
  /\bfunction\s*\w*\s*\(/,
  /=>/,
  /\brequire\(\s*['"]/,
  /^\s*import\s+.+\s+from\s+['"]/m,
  /;\s*$/m,
  /^\s*\/\//m,
  /\bawait\s+\w+/,
];

const TYPESCRIPT_MARKERS: readonly RegExp[] = [
  /\b(interface|type)\s+\w+\s*[={<]/,
  /:\s*(string|number|boolean|unknown|any|void)\b/,
  /\bas\s+(const|string|number|unknown)\b/,
  /<\w+(\[\])?>\(/,
  /\b(private|public|readonly)\s+\w+/,
];

export function detectSnippetLanguage(text: string): SnippetLanguage {
  const python = score(text, PYTHON_MARKERS);
  const script = score(text, SCRIPT_MARKERS);
  if (python >= script) return 'python';
  return score(text, TYPESCRIPT_MARKERS) > 0 ? 'typescript' : 'javascript';
}

function score(text: string, markers: readonly RegExp[]): number {
  return markers.reduce((sum, marker) => sum + (marker.test(text) ? 1 : 0), 0);
}
