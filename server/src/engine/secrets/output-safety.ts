/**
 * Helpers for hosts that serialise findings. Messages and properties never hold a secret, but the fix
 * that stores a key in `.env` must carry the value to be applicable; anything written to JSON, SARIF,
 * logs or sent over LSP must go through `redactFindingForOutput` first.
 */
import type { Finding, TextEdit } from '../finding';
import { redactSecret } from './redact';

/** True for an edit that writes a secret's value into another file (the `.env` append). */
export function isSecretBearingEdit(finding: Finding, edit: TextEdit): boolean {
  return finding.category === 'secrets' && edit.file !== undefined && edit.appendToFile === true && /(?:^|[\\/])\.env(?:\.[\w.-]+)?$/.test(edit.file);
}

/**
 * A copy of the finding whose `.env` edits hold `NAME=<redacted>` instead of the value. Such a fix is
 * marked `redacted` and must not be applied from this copy (re-analyse the file to apply it).
 */
export function redactFindingForOutput(finding: Finding): Finding {
  if (finding.category !== 'secrets') return finding;
  let changed = false;
  const fixes = finding.fixes.map((fix) => {
    if (!fix.edits.some((e) => isSecretBearingEdit(finding, e))) return fix;
    changed = true;
    return {
      ...fix,
      redacted: true,
      edits: fix.edits.map((e) => (isSecretBearingEdit(finding, e) ? { ...e, newText: redactAssignment(e.newText) } : e)),
    };
  });
  return changed ? { ...finding, fixes } : finding;
}

function redactAssignment(line: string): string {
  const eq = line.indexOf('=');
  if (eq < 0) return redactSecret(line.trim());
  const value = line.slice(eq + 1).replace(/\n$/, '').replace(/^"(.*)"$/, '$1');
  return `${line.slice(0, eq + 1)}${redactSecret(value)}\n`;
}

/**
 * True when `.gitignore` text already ignores `entry` (`.env`): an exact line, `/.env`, `.env*`,
 * `*.env` or `.env.*`-style globs that match it, unless a later `!` line re-includes it. Hosts use it
 * to drop the `.gitignore` edit of the "move to .env" fix.
 */
export function gitignoreCovers(gitignoreText: string, entry: string): boolean {
  let ignored = false;
  for (const raw of gitignoreText.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    const pattern = (negated ? line.slice(1) : line).replace(/^\//, '').replace(/\/$/, '');
    if (globMatches(pattern, entry)) ignored = !negated;
  }
  return ignored;
}

function globMatches(pattern: string, name: string): boolean {
  if (pattern.includes('/') && !pattern.startsWith('**/')) return false;
  const body = pattern.replace(/^\*\*\//, '');
  const regex = new RegExp(`^${body.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
  return regex.test(name);
}
