/**
 * Analysis notes that deserve a log line: a rule that failed (logged once per rule and file, so a broken
 * rule does not flood the output while the user types), a run that went over its time budget, a file the
 * parser trapped on, and a check the data in use could not make (dependency versions with no advisories to
 * compare against), logged once per file however often the manifest is edited.
 */
import type { AnalysisNote } from '../engine/index';
import { redactText } from '../rules/secrets/redact-text';

export class NoteLog {
  private readonly seen = new Set<string>();

  constructor(private readonly log: (message: string) => void) {}

  report(path: string, notes: readonly AnalysisNote[]): void {
    for (const note of notes) {
      if (note.kind !== 'rule-failed' && note.kind !== 'partial' && note.kind !== 'incomplete' && note.kind !== 'unchecked' && note.kind !== 'config-error') continue;
      const key = `${note.kind}\n${note.ruleId ?? ''}\n${path}\n${note.kind === 'partial' || note.kind === 'incomplete' || note.kind === 'unchecked' ? note.message : ''}`;
      if (this.seen.has(key)) continue;
      // Bounded: a long session over many files must not grow this set without limit.
      if (this.seen.size > 10_000) this.seen.clear();
      this.seen.add(key);
      const rule = note.ruleId ? ` ${note.ruleId}` : '';
      this.log(`[${note.kind}${rule}] ${path}: ${redactText(note.message)}`);
    }
  }

  /** Logs a problem with a file the server reads besides documents (a baseline it ignores). */
  warn(message: string): void {
    this.log(message);
  }
}
