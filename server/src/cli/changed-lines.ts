/**
 * `--diff-base REF` reports what the change brought: a finding in a changed file is kept when its range, or a
 * step of its flow in the same file, touches a line the change added or edited. A finding that only lies on
 * lines the change left alone was there before it, and is counted instead of reported.
 */
import { resolve } from 'node:path';
import type { Finding, Range } from '../engine/index';
import { touchesSpans, type LineSpan } from '../host/git-patch';
import type { ScanReport } from './report';

/** Removes the findings that touch no changed line, counting them in `report.outsideChange`. */
export function keepFindingsOnChangedLines(report: ScanReport, changedLines: ReadonlyMap<string, readonly LineSpan[]>, cwd: string): void {
  const kept: Finding[] = [];
  for (const finding of report.findings) {
    if (touchesChange(finding, changedLines.get(resolve(cwd, finding.path)) ?? [])) kept.push(finding);
    else report.outsideChange += 1;
  }
  report.findings = kept;
}

/** Whether a finding's range or one of its same-file flow steps touches `spans`. */
export function touchesChange(finding: Finding, spans: readonly LineSpan[]): boolean {
  if (spans.length === 0) return false;
  if (touchesRange(spans, finding.range)) return true;
  return (finding.flow ?? []).some((step) => step.path === undefined && touchesRange(spans, step.range));
}

/** A range's lines, 1-based; a range ending at column 0 of a line does not include that line. */
export function touchesRange(spans: readonly LineSpan[], range: Range): boolean {
  const first = range.start.line + 1;
  const last = range.end.line > range.start.line && range.end.column === 0 ? range.end.line : range.end.line + 1;
  return touchesSpans(spans, first, last);
}
