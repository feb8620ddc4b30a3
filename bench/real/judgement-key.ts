/**
 * How a finding of the real-code benchmark is matched with a judgement. The key is the repository, the
 * file, the rule, a hash of the flagged line's trimmed text and the occurrence (1 for the first finding of
 * that rule on a line with that text in the file, 2 for the second, ...), not the line number, so a
 * judgement survives small shifts of the code (and a change of how notebook lines are numbered), while
 * two identical lines (`model = AutoModelForCausalLM.from_pretrained(` in two adapters of one file) are
 * judged one by one. The line number is kept in both records for humans.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Verdict = 'tp' | 'noise' | 'fp';
export const VERDICTS: readonly Verdict[] = ['tp', 'noise', 'fp'];

/** One finding of `aisec scan --format json`, the fields the benchmark reads. */
export interface ScanFinding {
  ruleId: string;
  ruleName: string;
  severity: 'error' | 'warning' | 'info';
  confidence?: string;
  message: string;
  path: string;
  location: { line: number; column: number };
  /** Where a notebook finding is in its cell: `cellIndex` (0-based) and `cellLine`, or `cell` (1-based) and `line`. */
  notebook?: { cellIndex?: number; cellLine?: number; cell?: number; line?: number };
}

/** A finding of one repository with its key fields. */
export interface KeyedFinding {
  repo: string;
  commit: string;
  path: string;
  line: number;
  column: number;
  rule: string;
  ruleName: string;
  severity: ScanFinding['severity'];
  message: string;
  lineHash: string;
  occurrence: number;
  /** The flagged line, trimmed (printed for judging, never stored in judgements). */
  lineText: string;
}

/** One line of bench/real/judgements.jsonl. */
export interface Judgement {
  repo: string;
  commit: string;
  path: string;
  line: number;
  rule: string;
  severity: ScanFinding['severity'];
  lineHash: string;
  occurrence: number;
  verdict: Verdict;
  reason: string;
}

export function hashLine(text: string): string {
  return createHash('sha256').update(text.trim()).digest('hex').slice(0, 16);
}

export function keyOf(record: { repo: string; path: string; rule: string; lineHash: string; occurrence: number }): string {
  return `${record.repo}\u0000${record.path}\u0000${record.rule}\u0000${record.lineHash}\u0000${record.occurrence}`;
}

/** Numbers the findings that share repository, file, rule and line text, in the order of their positions. */
export function numberOccurrences<T extends { repo: string; path: string; rule: string; lineHash: string; line: number; column: number; occurrence: number }>(findings: T[]): T[] {
  const sorted = [...findings].sort((a, b) => a.line - b.line || a.column - b.column);
  const seen = new Map<string, number>();
  for (const finding of sorted) {
    const key = `${finding.repo}\u0000${finding.path}\u0000${finding.rule}\u0000${finding.lineHash}`;
    finding.occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, finding.occurrence);
  }
  return findings;
}

/** The cell (0-based, counting every cell) and the 1-based line in it, in either shape the CLI has used. */
function cellPlace(finding: ScanFinding): { index: number; line: number } | undefined {
  const notebook = finding.notebook;
  if (!notebook) return undefined;
  if (notebook.cellIndex !== undefined && notebook.cellLine !== undefined) return { index: notebook.cellIndex, line: notebook.cellLine };
  if (notebook.cell !== undefined && notebook.line !== undefined) return { index: notebook.cell - 1, line: notebook.line };
  return undefined;
}

/** Reads files of one repository once each, and gives the text of the line a finding points at. */
export class LineReader {
  private readonly files = new Map<string, string[] | undefined>();
  private readonly notebooks = new Map<string, string[][] | undefined>();

  constructor(private readonly folder: string) {}

  textOf(finding: ScanFinding): string {
    const place = cellPlace(finding);
    if (place) {
      const line = this.notebookCells(finding.path)?.[place.index]?.[place.line - 1];
      if (line !== undefined) return line.trim();
    }
    return (this.lines(finding.path)?.[finding.location.line - 1] ?? '').trim();
  }

  private lines(path: string): string[] | undefined {
    if (!this.files.has(path)) {
      let lines: string[] | undefined;
      try {
        lines = readFileSync(join(this.folder, path), 'utf8').split(/\r?\n/);
      } catch {
        lines = undefined;
      }
      this.files.set(path, lines);
    }
    return this.files.get(path);
  }

  /** The source lines of every cell (markdown cells included, so indices match the notebook's own). */
  private notebookCells(path: string): string[][] | undefined {
    if (!this.notebooks.has(path)) {
      let cells: string[][] | undefined;
      try {
        const notebook = JSON.parse(readFileSync(join(this.folder, path), 'utf8')) as { cells?: { source?: string | string[] }[] };
        cells = (notebook.cells ?? []).map((cell) => {
          const source = Array.isArray(cell.source) ? cell.source.join('') : (cell.source ?? '');
          return source.split(/\r?\n/);
        });
      } catch {
        cells = undefined;
      }
      this.notebooks.set(path, cells);
    }
    return this.notebooks.get(path);
  }
}

/** Reads a judgements file; a malformed line is an error naming the file and line, never skipped. */
export function readJudgements(file: string): Judgement[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const judgements: Judgement[] = [];
  const fields = ['repo', 'commit', 'path', 'line', 'rule', 'severity', 'lineHash', 'occurrence', 'verdict', 'reason'] as const;
  text.split('\n').forEach((raw, index) => {
    if (raw.trim() === '') return;
    let parsed: Partial<Judgement>;
    try {
      parsed = JSON.parse(raw) as Partial<Judgement>;
    } catch (error) {
      throw new Error(`${file}:${index + 1}: not JSON: ${(error as Error).message}`);
    }
    for (const field of fields) {
      if (parsed[field] === undefined || parsed[field] === '') throw new Error(`${file}:${index + 1}: the key "${field}" is missing`);
    }
    if (!VERDICTS.includes(parsed.verdict as Verdict)) throw new Error(`${file}:${index + 1}: the key "verdict" must be tp, noise or fp, got ${JSON.stringify(parsed.verdict)}`);
    judgements.push(parsed as Judgement);
  });
  return judgements;
}
