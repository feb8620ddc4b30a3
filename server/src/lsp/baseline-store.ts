/**
 * The editor honours `.aisec-baseline.json` like `aisec scan --baseline`: findings the project accepted
 * are not shown. The nearest baseline file above a document governs it; its paths are relative to its
 * folder. Files are re-read when their modification time changes, and a malformed one is logged once and
 * ignored (the findings then show, which is the safe side).
 */
import { statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { BASELINE_FILE_NAME, filterByBaseline, parseBaseline } from '../engine/baseline';
import type { Baseline } from '../engine/baseline';
import type { Finding } from '../engine/index';
import { readDiskText } from '../host/safe-read';

interface Loaded {
  mtimeMs: number;
  baseline: Baseline | undefined;
}

export class BaselineStore {
  private readonly files = new Map<string, Loaded>();
  private readonly reported = new Set<string>();

  constructor(private readonly log: (message: string) => void = () => undefined) {}

  /** Findings of the file at `path` (absolute) that its baseline does not record. */
  filter(path: string, findings: Finding[]): Finding[] {
    if (findings.length === 0) return findings;
    const found = this.nearest(path);
    if (!found) return findings;
    const folder = dirname(found.file);
    return filterByBaseline(findings, found.baseline, (p) => relative(folder, p).split(sep).join('/')).kept;
  }

  private nearest(path: string): { file: string; baseline: Baseline } | undefined {
    let dir = dirname(path);
    for (let depth = 0; depth < 64; depth++) {
      const file = join(dir, BASELINE_FILE_NAME);
      const baseline = this.load(file);
      if (baseline) return { file, baseline };
      const parent = dirname(dir);
      if (parent === dir) return undefined;
      dir = parent;
    }
    return undefined;
  }

  private load(file: string): Baseline | undefined {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(file).mtimeMs;
    } catch {
      this.files.delete(file);
      return undefined;
    }
    const cached = this.files.get(file);
    if (cached && cached.mtimeMs === mtimeMs) return cached.baseline;
    let baseline: Baseline | undefined;
    const read = readDiskText(file, { kind: 'baseline' });
    if (read.ok) {
      const parsed = parseBaseline(read.text);
      if (parsed.ok) baseline = parsed.baseline;
      else this.reportOnce(file, parsed.error);
    } else if (!read.missing) {
      // A FIFO or a link to a device under the baseline's name is never opened for reading; the findings show.
      this.reportOnce(file, `the file ${read.reason}`);
    }
    this.files.set(file, { mtimeMs, baseline });
    return baseline;
  }

  private reportOnce(file: string, problem: string): void {
    if (this.reported.has(file)) return;
    this.reported.add(file);
    this.log(`AISec: ignoring ${file}: ${problem}`);
  }
}
