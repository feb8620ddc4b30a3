/**
 * The lines a report shows around a finding, read from the redacted document (so no frame line is ever
 * shown raw), with the finding's columns mapped through the redaction. The text report draws them with a
 * caret underline, the HTML report with a marked span.
 */
import type { Finding } from '../../engine/index';
import type { RedactedDocument } from '../../rules/secrets/redact-text';

export interface FrameRow {
  /** 0-based line index. */
  line: number;
  /** The line as shown (redacted, without a trailing CR). */
  text: string;
  /** On the finding's first line: the shown columns [from, to) the finding covers. */
  mark?: { from: number; to: number };
}

/** The finding's first line with `context` lines either side. */
export function codeFrameRows(document: RedactedDocument, finding: Finding, context = 1): FrameRow[] {
  const startLine = finding.range.start.line;
  const first = Math.max(0, startLine - context);
  const last = Math.min(document.lineCount - 1, startLine + context);
  const rows: FrameRow[] = [];
  for (let i = first; i <= last; i += 1) {
    const shown = document.line(i);
    const text = shown.text.replace(/\r$/, '');
    if (i !== startLine) {
      rows.push({ line: i, text });
      continue;
    }
    const from = shown.map(finding.range.start.column);
    const to = finding.range.end.line === startLine ? shown.map(finding.range.end.column) : text.length;
    rows.push({ line: i, text, mark: { from, to } });
  }
  return rows;
}
