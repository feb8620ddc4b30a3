/**
 * Passwords in credential files whose syntax binds no name to the value with `=` or `:`, so the generic reader
 * cannot see them: PostgreSQL's password file (`~/.pgpass`, `%APPDATA%\postgresql\pgpass.conf`), one
 * `hostname:port:database:username:password` a line, and netrc files (`~/.netrc`, `_netrc`), where
 * `password <value>` follows `machine` and `login` as words separated by blanks or line breaks. Both are
 * reported under the generic rule with its placeholder filters.
 */
import type { Candidate } from './candidate';
import { GENERIC_ID, genericValueLooksReal } from './scanner';

/** Which of the two syntaxes a file uses, by its name; undefined for any other file. */
export function credentialFileSyntax(path: string): 'pgpass' | 'netrc' | undefined {
  const base = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1).toLowerCase();
  if (base === '.pgpass' || base === 'pgpass.conf') return 'pgpass';
  if (base === '.netrc' || base === '_netrc') return 'netrc';
  return undefined;
}

/** The password candidates of a `.pgpass` or netrc file (none for other files). */
export function credentialFileCandidates(path: string, text: string): Candidate[] {
  const syntax = credentialFileSyntax(path);
  if (syntax === undefined) return [];
  // A file repeats its passwords (one per database or host), so each value is judged once.
  const judged = new Map<string, boolean>();
  const looksReal = (value: string): boolean => {
    let real = judged.get(value);
    if (real === undefined) judged.set(value, (real = genericValueLooksReal(value, 'password')));
    return real;
  };
  return syntax === 'pgpass' ? pgpassPasswords(text, looksReal) : netrcPasswords(text, looksReal);
}

function candidate(value: string, start: number, label: string): Candidate {
  return { ruleId: GENERIC_ID, start, end: start + value.length, value, tier: 3, priority: 10, bindingName: 'password', label };
}

/**
 * `.pgpass` lines: five fields separated by `:`, in which `\:` and `\\` are a literal colon and backslash; a line
 * starting with `#` is a comment. The value is reported as written (escapes included), which is what the file holds.
 */
function pgpassPasswords(text: string, looksReal: (value: string) => boolean): Candidate[] {
  const found: Candidate[] = [];
  let lineStart = 0;
  while (lineStart < text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? text.length : newline;
    const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    if (!line.startsWith('#')) {
      const separators: number[] = [];
      for (let i = 0; i < line.length; i++) {
        if (line[i] === '\\') i++;
        else if (line[i] === ':') separators.push(i);
      }
      if (separators.length === 4) {
        const value = line.slice(separators[3]! + 1);
        if (value !== '*' && looksReal(value)) found.push(candidate(value, lineStart + separators[3]! + 1, '.pgpass password'));
      }
    }
    lineStart = lineEnd + 1;
  }
  return found;
}

/** netrc words are separated by blanks and line breaks; the word after `password` is the password. */
export const NETRC_PASSWORD = /(?:^|[ \t\r\n])password[ \t\r\n]+("?)([^\s"]{1,500})\1(?=\s|$)/g;

function netrcPasswords(text: string, looksReal: (value: string) => boolean): Candidate[] {
  const found: Candidate[] = [];
  NETRC_PASSWORD.lastIndex = 0;
  for (let m = NETRC_PASSWORD.exec(text); m !== null; m = NETRC_PASSWORD.exec(text)) {
    const value = m[2]!;
    if (!looksReal(value)) continue;
    const start = m.index + m[0].length - value.length - m[1]!.length;
    found.push(candidate(value, start, 'netrc password'));
  }
  return found;
}
