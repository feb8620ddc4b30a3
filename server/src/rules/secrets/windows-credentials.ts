/**
 * Passwords that Windows administration code passes as arguments, where no credential name is bound to the value
 * with `=` or `:`: .NET's `new NetworkCredential("user", "password")` and `new DirectoryEntry(path, "user",
 * "password")` (C# and PowerShell's `New-Object`), PowerShell's `ConvertTo-SecureString "password" -AsPlainText`
 * (also with `-String`, after the switches, and as `"password" | ConvertTo-SecureString -AsPlainText`; without `-AsPlainText` the
 * input is an encrypted string, not a password), `psexec … -p password` and `net use \\server\share password`.
 * Each reader finds the value at an anchor of the scanner's walk; the scanner judges it with the generic rule's
 * placeholder filters, so `$env:PASSWORD`, `%PASSWORD%` and `<password>` stay quiet. This module only reads text.
 */

/** A password argument found at an anchor: where it is and what it is called in the finding. */
export interface CredentialArgument {
  start: number;
  end: number;
  value: string;
  label: string;
  /** The name the value is judged and reported under (`password` unless the argument is a token). */
  name?: string;
}

export interface ArgumentReader {
  /** The walk's anchor; `lead` characters after where the reader's shape starts. */
  anchor: string;
  lead: number;
  anyCase: boolean;
  read(text: string, at: number): CredentialArgument | undefined;
}

/** A literal of C# (`"…"` with escapes such as `\\`, `@"…"`) or PowerShell (`'…'`, `"…"`), or a name or member access. */
const ARGUMENT = String.raw`(?:@?(["'])(?:\\[^\n]|[^"'\\\n]){0,300}\1|[A-Za-z_$][\w$.]{0,80})`;
const SEPARATOR = String.raw`[ \t]{0,4},[ \t]{0,4}`;

const NETWORK_CREDENTIAL = new RegExp(String.raw`NetworkCredential\([ \t]{0,4}${ARGUMENT}${SEPARATOR}@?(["'])([^"'\\\n]{4,200})\2`, 'dy');
const DIRECTORY_ENTRY = new RegExp(String.raw`DirectoryEntry\([ \t]{0,4}${ARGUMENT}${SEPARATOR}${ARGUMENT.replace('\\1', '\\2')}${SEPARATOR}@?(["'])([^"'\\\n]{4,200})\3`, 'dy');

/** `ConvertTo-SecureString [-String] "password"`, then `-AsPlainText` before the statement ends (cmdlet names and parameters ignore case). */
const SECURE_STRING = /convertto-securestring[ \t]{1,4}(?:-string[ \t]{1,4})?(["'])([^"'`\n]{4,200})\1[^\n|;]{0,200}?[ \t]-asplaintext\b/diy;
const AS_PLAIN_TEXT = /^[^\n|;]{0,200}?[ \t]-asplaintext\b/i;
/**
 * The switches first: `ConvertTo-SecureString -AsPlainText -Force [-String] "password"` (switches take no value, so
 * the literal after them is still the positional `-String`).
 */
const SECURE_STRING_SWITCHES_FIRST = /convertto-securestring(?:[ \t]{1,4}-force)?[ \t]{1,4}-asplaintext(?:[ \t]{1,4}-force)?[ \t]{1,4}(?:-string[ \t]{1,4})?(["'])([^"'`\n]{4,200})\1/diy;

/**
 * PsExec's `-p password` among the options that come before the remote command (`-u user`, `-s`, `-accepteula`,
 * `-n 5`). The gap holds no quote or `&`, so a `-p` of a later command on the line is not read.
 */
const PSEXEC = /psexec(?:64)?(?:\.exe)?[ \t][^\n"'`&|]{0,300}?[ \t]-p[ \t]{1,4}(?!-)(["']?)([^\s"'`]{4,200})\1(?![^\s"'`])/diy;

/** A value written in PowerShell's double quotes that names a variable or expression is not a literal password. */
function interpolates(quote: string, value: string): boolean {
  return quote === '"' && /\$[\w{(:]/.test(value);
}

/** The value of a sticky shape (compiled with indices) matched at `start`: group `quoteGroup` is its quote, the next group the value. */
function fromMatch(regex: RegExp, text: string, start: number, quoteGroup: number, label: string): CredentialArgument | undefined {
  regex.lastIndex = start;
  const m = regex.exec(text);
  const span = m?.indices?.[quoteGroup + 1];
  if (!m || !span) return undefined;
  const value = m[quoteGroup + 1]!;
  if (interpolates(m[quoteGroup]!, value)) return undefined;
  return { start: span[0], end: span[1], value, label };
}

/** `"password" | ConvertTo-SecureString -AsPlainText`: the literal before the pipe on the same line. */
function pipedSecureString(text: string, at: number): CredentialArgument | undefined {
  if (text.slice(at, at + 9).toLowerCase() !== 'convertto') return undefined;
  let i = at - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  if (text[i] !== '|') return undefined;
  i--;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  const quote = text[i];
  if (quote !== '"' && quote !== "'") return undefined;
  // The opening quote is looked for no farther back than the longest value, so the search stays bounded.
  let open = i - 1;
  while (open >= 0 && i - open <= 201 && text[open] !== quote) open--;
  if (open < 0 || text[open] !== quote || i - open - 1 < 4) return undefined;
  const value = text.slice(open + 1, i);
  if (value.includes('\n') || value.includes('`') || interpolates(quote, value)) return undefined;
  if (!AS_PLAIN_TEXT.test(text.slice(at + 'ConvertTo-SecureString'.length, at + 260))) return undefined;
  return { start: open + 1, end: i, value, label: 'PowerShell plain-text SecureString' };
}

/**
 * `net use [device] \\server\share [password | *] [/user:…]`: the password is the first word after the share that is
 * not a switch (`/user:x`, `/persistent:no`; scripts also write it after `/user:x`); `*` makes the command prompt.
 */
function netUsePassword(text: string, at: number): CredentialArgument | undefined {
  // The line end is looked for no farther than the command's 400 characters: `indexOf` would run on to the end of a
  // text without line breaks once per anchor.
  const limit = Math.min(text.length, at + 400);
  let lineEnd = at;
  while (lineEnd < limit && text.charCodeAt(lineEnd) !== 10) lineEnd++;
  const words = /("[^"\n]{1,300}"|[^\s"&|>]{1,300})/g;
  words.lastIndex = at + 'net use '.length;
  let afterShare = false;
  for (let m = words.exec(text); m !== null && m.index < lineEnd; m = words.exec(text)) {
    const word = m[1]!;
    const bare = word.startsWith('"') ? word.slice(1, -1) : word;
    if (afterShare) {
      if (bare.startsWith('/')) continue;
      if (bare === '*' || m.index + word.length > lineEnd) return undefined;
      const start = m.index + (word.length - bare.length) / 2;
      return { start, end: start + bare.length, value: bare, label: 'net use password' };
    }
    if (bare.startsWith('\\\\')) afterShare = true;
    else if (!bare.startsWith('/') && !/^(?:[A-Za-z]:|\*|LPT\d:)$/i.test(bare)) return undefined;
  }
  return undefined;
}

/** The shapes above, for the ReDoS test. */
export const WINDOWS_CREDENTIAL_PATTERNS: readonly { name: string; regex: RegExp }[] = [
  { name: 'NetworkCredential', regex: NETWORK_CREDENTIAL },
  { name: 'DirectoryEntry', regex: DIRECTORY_ENTRY },
  { name: 'ConvertTo-SecureString', regex: SECURE_STRING },
  { name: '-AsPlainText after a piped literal', regex: AS_PLAIN_TEXT },
  { name: 'ConvertTo-SecureString with the switches first', regex: SECURE_STRING_SWITCHES_FIRST },
  { name: 'psexec -p', regex: PSEXEC },
];

export const WINDOWS_CREDENTIAL_READERS: readonly ArgumentReader[] = [
  { anchor: 'NetworkCredential(', lead: 0, anyCase: false, read: (text, at) => fromMatch(NETWORK_CREDENTIAL, text, at, 2, '.NET NetworkCredential password') },
  { anchor: 'DirectoryEntry(', lead: 0, anyCase: false, read: (text, at) => fromMatch(DIRECTORY_ENTRY, text, at, 3, '.NET DirectoryEntry password') },
  // `con` opens countless words of code; `to-securestring` is rare, so the walk finds the cmdlet from there.
  {
    anchor: 'to-securestring', lead: 'Convert'.length, anyCase: true,
    read: (text, at) =>
      fromMatch(SECURE_STRING, text, at, 1, 'PowerShell plain-text SecureString') ??
      fromMatch(SECURE_STRING_SWITCHES_FIRST, text, at, 1, 'PowerShell plain-text SecureString') ??
      pipedSecureString(text, at),
  },
  { anchor: 'psexec', lead: 0, anyCase: true, read: (text, at) => fromMatch(PSEXEC, text, at, 1, 'PsExec password') },
  { anchor: 'net use ', lead: 0, anyCase: true, read: netUsePassword },
];
