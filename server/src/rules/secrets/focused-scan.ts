/**
 * The plain scan of a code file in a partial run of an open document (`TextContext.focus`): only the text around
 * the spans whose findings are kept is scanned, so a keystroke in a 3,000-line file costs a scan of some
 * kilobytes instead of the whole file. Every candidate the whole scan finds near those spans is found the same
 * way, or the caller is told to scan the whole text. Why the slices agree with the whole scan there:
 * - each span is widened by `REACH` characters to whole lines, and anchors never hold a line break, so the
 *   anchor pass is in step with the whole scan from each line's start;
 * - every handler reads at most about 1,400 characters from its anchor (a context window of 1,024, a body of at
 *   most 256, 100 after it), and a pair or a session token joins values at most 3,072 characters apart, so what
 *   the slice's edges cut or miss stays far from the spans, except for what reaches farther:
 * - a private key's block (its end marker may be anywhere) and containers (a marker seen anywhere makes the
 *   checker read the whole text) send the caller to the whole scan;
 * - a context keyword within `EDGE` characters of a slice's inner edge (its window may merge with windows of
 *   keywords outside, and merged windows chain) widens that side by `REACH` and scans again, while all slices
 *   stay under half the text;
 * - a candidate near an edge may be cut or missing, which changes only the candidates it overlaps (on its own
 *   line): one on a line longer than `LONG_LINE` there, or a candidate holding a line break anywhere, sends the
 *   caller to the whole scan.
 */
import type { Candidate } from './candidate';
import { scanSlice } from './scanner';
import { focusLines, lineEnd, lineStart } from '../../engine/text/focus-lines';

/** How far each kept span is widened before scanning. */
const REACH = 8192;
/** How close to a slice's inner edge a context keyword widens the slice, and a candidate must sit on a short line. */
const EDGE = 2560;
/** A line this long may hold a chain of overlapping candidates from a slice's edge to the kept spans. */
const LONG_LINE = 1000;
/** Markers of what the slices cannot see whole: a PEM block and the containers of `containers.ts`. */
export const WHOLE_TEXT_MARKERS = ['-----BEGIN', 'Secret', 'client-key-data', '"auth"', '-oauth"', '"bearer"', 'gitlab-token"', 'PuTTY-User-Key-File-'];

/**
 * The candidates of the plain code scan near `focus` (every one the whole scan has that starts within `REACH`
 * minus `EDGE` of a span, and possibly others), or undefined when the whole text must be scanned.
 */
export function focusedCodeScan(text: string, focus: readonly (readonly [number, number])[], mentions: (word: string) => boolean = (word) => text.includes(word)): Candidate[] | undefined {
  const slices = focusLines(text, focus, REACH);
  const scanned = slices.reduce((n, [from, to]) => n + to - from, 0);
  // Slices covering most of the text save nothing.
  if (scanned * 2 > text.length) return undefined;
  if (WHOLE_TEXT_MARKERS.some(mentions)) return undefined;
  const found: Candidate[] = [];
  let budget = text.length / 2 - scanned;
  for (const slice of slices) {
    const candidates = trustedSlice(text, slice, (more) => (budget -= more) >= 0);
    if (!candidates) return undefined;
    found.push(...candidates);
  }
  // Slices widened into each other found the same candidates where they overlap (far from both edges).
  found.sort((a, b) => a.start - b.start || a.end - b.end);
  return found.filter((c, i) => i === 0 || c.start !== found[i - 1]!.start || c.end !== found[i - 1]!.end || c.ruleId !== found[i - 1]!.ruleId);
}

/**
 * The candidates of one slice, widened (a side at a time, `REACH` further) while a context keyword or a
 * candidate lies near an inner edge, as long as `afford` agrees to the extra text; undefined when it does not or
 * a candidate holds a line break.
 */
function trustedSlice(text: string, slice: [number, number], afford: (more: number) => boolean): Candidate[] | undefined {
  for (;;) {
    const [from, to] = slice;
    const { candidates, contextHits } = scanSlice(text, from, to, 'code');
    const nearStart = (at: number): boolean => from > 0 && at - from < EDGE;
    const nearEnd = (at: number): boolean => to < text.length && to - at < EDGE;
    // A candidate near an edge may be cut or missing, which matters only to what it overlaps: its own line.
    if (candidates.some((c) => text.slice(c.start, c.end).includes('\n') || ((nearStart(c.start) || nearEnd(c.end)) && lineEnd(text, c.end) - lineStart(text, c.start) > LONG_LINE))) return undefined;
    const widenStart = contextHits.some(nearStart);
    const widenEnd = contextHits.some(nearEnd);
    if (!widenStart && !widenEnd) return candidates;
    const wider: [number, number] = [widenStart ? lineStart(text, Math.max(0, from - REACH)) : from, widenEnd ? lineEnd(text, Math.min(text.length, to + REACH)) : to];
    if (!afford(wider[1] - wider[0])) return undefined;
    slice[0] = wider[0];
    slice[1] = wider[1];
  }
}
