/**
 * The findings view's model, free of the VS Code API so it can be unit-tested: a finding is one AISec
 * diagnostic as the Problems panel shows it, and the view groups, filters and counts those records.
 * The view is fed by the same diagnostics as the Problems panel; hints never appear there, so they are
 * left out here too, and the two counts always agree.
 */

export type FindingSeverity = 'error' | 'warning' | 'info';

export type GroupBy = 'severity' | 'category' | 'rule' | 'file';

export const GROUP_BY_CHOICES: ReadonlyArray<{ value: GroupBy; label: string }> = [
  { value: 'severity', label: 'Severity' },
  { value: 'category', label: 'Category' },
  { value: 'rule', label: 'Rule' },
  { value: 'file', label: 'File' },
];

export interface FindingRecord {
  /** The diagnostic's document URI, as a string. */
  uri: string;
  /** The file's path relative to its workspace folder (what the user reads). */
  file: string;
  /** Zero-based line and column of the diagnostic's start. */
  line: number;
  column: number;
  severity: FindingSeverity;
  /** `AIS101`; empty for the one diagnostic that explains a skipped file. */
  code: string;
  ruleName: string;
  /** The rule's category (`deserialization`, `secrets`, ...); empty when the rule list is not known yet. */
  category: string;
  message: string;
}

export interface FindingGroup {
  /** Stable key of the group (a severity, a category, a rule code or a URI). */
  key: string;
  label: string;
  /** What the group's row shows beside its label (a rule's name, a file's folder). */
  description: string;
  findings: FindingRecord[];
}

export interface FindingCounts {
  errors: number;
  warnings: number;
  infos: number;
  files: number;
  total: number;
}

const SEVERITY_ORDER: Record<FindingSeverity, number> = { error: 0, warning: 1, info: 2 };
const SEVERITY_LABELS: Record<FindingSeverity, string> = { error: 'Errors', warning: 'Warnings', info: 'Information' };

/** Counts records per severity and the files they are in (the status items and the view title use it). */
export function countFindings(records: readonly FindingRecord[]): FindingCounts {
  const counts: FindingCounts = { errors: 0, warnings: 0, infos: 0, files: 0, total: records.length };
  const files = new Set<string>();
  for (const record of records) {
    files.add(record.uri);
    if (record.severity === 'error') counts.errors++;
    else if (record.severity === 'warning') counts.warnings++;
    else counts.infos++;
  }
  counts.files = files.size;
  return counts;
}

/**
 * Keeps the records whose rule code, rule name, category, file or message contains every word of the
 * filter (case-insensitive); a word starting with `!` excludes the records that contain it.
 */
export function filterFindings(records: readonly FindingRecord[], filter: string): FindingRecord[] {
  const words = filter.toLowerCase().split(/\s+/).filter((word) => word !== '' && word !== '!');
  if (words.length === 0) return [...records];
  return records.filter((record) => {
    const haystack = [record.code, record.ruleName, record.category, record.file, record.message, record.severity].join('\n').toLowerCase();
    return words.every((word) => (word.startsWith('!') ? !haystack.includes(word.slice(1)) : haystack.includes(word)));
  });
}

/** Sorts by severity, then file, then position: the order of the Problems panel. */
export function compareFindings(a: FindingRecord, b: FindingRecord): number {
  return SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
}

/**
 * Groups records by one key. Groups are ordered by severity (errors first), by the number of findings for
 * categories and rules (most first, then by name), or by path for files; findings inside a group keep the
 * Problems panel's order.
 */
export function groupFindings(records: readonly FindingRecord[], by: GroupBy): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const record of [...records].sort(compareFindings)) {
    const key = groupKey(record, by);
    let group = groups.get(key);
    if (!group) {
      group = { key, label: groupLabel(record, by), description: groupDescription(record, by), findings: [] };
      groups.set(key, group);
    }
    group.findings.push(record);
  }
  const list = [...groups.values()];
  switch (by) {
    case 'severity':
      return list.sort((a, b) => SEVERITY_ORDER[a.key as FindingSeverity] - SEVERITY_ORDER[b.key as FindingSeverity]);
    case 'file':
      return list.sort((a, b) => a.description.localeCompare(b.description) || a.label.localeCompare(b.label));
    default:
      return list.sort((a, b) => b.findings.length - a.findings.length || a.label.localeCompare(b.label));
  }
}

function groupKey(record: FindingRecord, by: GroupBy): string {
  switch (by) {
    case 'severity':
      return record.severity;
    case 'category':
      return record.category || 'other';
    case 'rule':
      return record.code || 'skipped';
    case 'file':
      return record.uri;
  }
}

function groupLabel(record: FindingRecord, by: GroupBy): string {
  switch (by) {
    case 'severity':
      return SEVERITY_LABELS[record.severity];
    case 'category':
      return record.category || (record.code ? 'other' : 'files not analysed');
    case 'rule':
      return record.code || 'files not analysed';
    case 'file':
      return record.file.split('/').pop() ?? record.file;
  }
}

function groupDescription(record: FindingRecord, by: GroupBy): string {
  if (by === 'rule') return record.ruleName;
  if (by === 'file') return record.file.includes('/') ? record.file.slice(0, record.file.lastIndexOf('/')) : '';
  return '';
}

/** "3 errors, 1 warning, 2 information" (zero counts left out; "no findings" when empty). */
export function describeCounts(counts: FindingCounts): string {
  const parts = [
    counts.errors > 0 ? plural(counts.errors, 'error') : '',
    counts.warnings > 0 ? plural(counts.warnings, 'warning') : '',
    counts.infos > 0 ? `${counts.infos} information` : '',
  ].filter((part) => part !== '');
  return parts.length > 0 ? parts.join(', ') : 'no findings';
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * The tree-item ids of a group's findings, one per finding and all different. VS Code's tree refuses a
 * whole group's children when two of them share an id ("element already registered"), leaving an expanded
 * group with no rows; two findings of one file with the same place, rule and message (two flows into one
 * sink whose message does not name the source) must not hide the others.
 */
export function findingIds(records: readonly FindingRecord[], by: GroupBy): string[] {
  const seen = new Map<string, number>();
  return records.map((finding) => {
    const id = `finding:${by}:${finding.uri}:${finding.line}:${finding.column}:${finding.code}:${finding.message}`;
    const count = (seen.get(id) ?? 0) + 1;
    seen.set(id, count);
    return count === 1 ? id : `${id}#${count}`;
  });
}
