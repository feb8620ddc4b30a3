/**
 * Nothing secret leaves in a prompt. The file's lines are masked before they are quoted (every secret the
 * secrets scanner finds, URL passwords, and every value on a line that reports a secret or assigns a
 * credential-named value such as `api_key = "…"`), then the whole assembled prompt is scanned again (a
 * value the file-level pass could not see, in a message or a rule text) and the user's extra patterns
 * are applied. Masked values become one fixed placeholder, which a patch must not write back.
 */
import type { Finding, Range } from '../engine/index';
import { RedactedDocument } from '../rules/secrets/redact-text';
import { isSecretName } from '../rules/secrets/names';

export const SECRET_PLACEHOLDER = '<REDACTED_SECRET>';
export const PATTERN_PLACEHOLDER = '<REDACTED>';

/** `name = "…"`, `name: '…'`, `"name": "…"`, `name=…` (a keyword argument) with a quoted or bare value. */
const NAMED_VALUE = /([A-Za-z_$][\w$-]*)["'`]?\s*(?::|=(?!=))\s*(?:["'`]|[A-Za-z0-9+/_-]{8,})/g;

export class PromptRedactor {
  private readonly document: RedactedDocument;
  private readonly patterns: RegExp[];

  /** `findings`: the file's findings; the ranges of secrets findings are masked with everything on their lines. */
  constructor(fileText: string, findings: readonly Finding[], extraPatterns: readonly string[]) {
    const reported: Range[] = findings.filter((f) => f.category === 'secrets').map((f) => f.range);
    fileText.split('\n').forEach((line, index) => {
      for (const match of line.matchAll(NAMED_VALUE)) {
        if (isSecretName(match[1]!)) {
          reported.push({ start: { line: index, column: 0 }, end: { line: index, column: line.length } });
          break;
        }
      }
    });
    this.document = new RedactedDocument(fileText, reported, { placeholder: () => SECRET_PLACEHOLDER });
    this.patterns = extraPatterns.map((p) => new RegExp(p, 'g'));
  }

  /** Line `index` (0-based) of the file, masked. */
  line(index: number): string {
    return this.document.line(index).text.replace(/\r$/, '');
  }

  /** The final pass over an assembled prompt (or any text about to be sent). */
  redact(text: string): string {
    let out = new RedactedDocument(text, [], { placeholder: () => SECRET_PLACEHOLDER }).text;
    for (const pattern of this.patterns) out = out.replace(pattern, PATTERN_PLACEHOLDER);
    return out;
  }
}

/** How many placeholders this module writes are in `text` (a patch must never add one to the file). */
export function placeholderCount(text: string): number {
  return text.split(SECRET_PLACEHOLDER).length - 1 + text.split(PATTERN_PLACEHOLDER).length - 1;
}
