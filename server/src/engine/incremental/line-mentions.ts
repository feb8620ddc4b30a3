/**
 * Line numbers a finding names in its text (`code returned by an LLM (`self.submit_prompt`, line 774) reaches
 * `exec``, a `sourceLine` property), renumbered after an edit that added or removed lines before them. A kept
 * finding whose flow starts below a typed line break would otherwise be analysed again only to renumber its
 * message, with everything its flow depends on: in vanna's 2,000-line class, two thirds of the file per Enter.
 *
 * A mention is renumbered only when it is certainly a line of this file that an analysis of the new text
 * would name by its new number: the line where a step of the finding's own flow in this file starts, lying
 * after the edited lines (a mention inside them may now name other text), in a finding whose flow never
 * leaves the file and not written after a file name (`in helper.py line 12` names another file's line).
 */
import type { Finding } from '../finding';

/** Lines `from..oldEnd` (0-based) of the previous text became lines `from..oldEnd + delta` of the new one. */
export interface LineShift {
  from: number;
  oldEnd: number;
  delta: number;
}

const LINE_MENTION = /\bline (\d+)/g;
/** A file name or path right before a mention (`helper.py line 12`, `src/a line 3`). */
const AFTER_FILE_NAME = /(?:[\w-]\.[A-Za-z]\w*|\/\S*)\s$/;

/** The finding with its line mentions renumbered, or undefined when one of them cannot be (see above). */
export function withLinesRenumbered(finding: Finding, shift: LineShift): Finding | undefined {
  const flow = finding.flow ?? [];
  if (flow.some((step) => step.path !== undefined)) return undefined;
  const stepLines = new Set(flow.map((step) => step.range.start.line));
  // The new 0-based line of an old 0-based line, or undefined when it cannot be told.
  const newLine = (line: number): number | undefined => {
    if (line < shift.from) return line;
    if (line <= shift.oldEnd || !stepLines.has(line)) return undefined;
    return line + shift.delta;
  };
  let failed = false;
  const renumber = (text: string): string =>
    text.replace(LINE_MENTION, (mention: string, digits: string, at: number) => {
      const line = newLine(Number(digits) - 1);
      if (line === undefined || (line !== Number(digits) - 1 && AFTER_FILE_NAME.test(text.slice(Math.max(0, at - 200), at)))) {
        failed = true;
        return mention;
      }
      return `line ${line + 1}`;
    });
  const message = renumber(finding.message);
  const steps = finding.flow?.map((step) => ({ ...step, message: renumber(step.message) }));
  let properties = finding.properties;
  if (properties) {
    const renumbered: Record<string, string | number | boolean> = {};
    for (const [key, value] of Object.entries(properties)) {
      if (!/line/i.test(key) || typeof value !== 'number') {
        renumbered[key] = value;
        continue;
      }
      const line = newLine(value - 1);
      if (line === undefined) return undefined;
      renumbered[key] = line + 1;
    }
    properties = renumbered;
  }
  if (failed) return undefined;
  return { ...finding, message, ...(steps ? { flow: steps } : {}), ...(properties ? { properties } : {}) };
}
