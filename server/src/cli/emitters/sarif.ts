/**
 * SARIF 2.1.0 (`--format sarif`), for GitHub code scanning and other SARIF viewers. Rule descriptors
 * carry the category and `external/cwe/cwe-NNN` in `properties.tags` and the rule documentation as help;
 * results carry 1-based regions, `partialFingerprints`, `codeFlows` for source-to-sink findings and
 * `fixes` for fixes. Suppressed findings are included with a `suppressions` entry (counted, not dropped).
 * Notebook findings point at the line of the `.ipynb` file; the cell and the line in the cell are in the
 * message and in `properties`.
 */
import type { Finding, Range, RuleMeta, Severity, SuppressedFinding, TextEdit } from '../../engine/index';
import type { ScanReport } from '../report';
import { ruleDocsMarkdown, ruleDocsText } from '../rule-docs';
import { holdsSecret } from './json';
import { redactForOutput } from '../../rules/secrets/redact-output';
import { redactText } from '../../rules/secrets/redact-text';

export interface SarifOptions {
  version: string;
  /** Every rule of the registry (descriptors are emitted for all of them, in code order). */
  rules: readonly RuleMeta[];
  /** Absolute folder the result paths are relative to (becomes `%SRCROOT%`). */
  sourceRoot: string;
  /** Where appended text would go: the end of `path` (1-based), for fixes that append to another file. */
  endOfFile: (path: string) => { line: number; column: number };
  /** Resolves an edit's `file` (relative to the finding's folder) to a path relative to the source root. */
  resolveEditFile: (findingPath: string, file: string) => string;
  informationUri?: string;
}

type Json = Record<string, unknown>;

/** Converts a report to a SARIF log. */
export function toSarif(report: ScanReport, options: SarifOptions): Json {
  const ruleIndex = new Map(options.rules.map((rule, index) => [rule.id, index]));
  const results = [
    ...report.findings.map((f) => toSarifResult(f, ruleIndex, options)),
    ...report.suppressed.map((s) => toSuppressedResult(s, ruleIndex, options)),
  ];
  const notifications = [
    ...report.skipped.map((s) => notification('note', `skipped: ${s.reason}`, s.path)),
    ...report.notes.map(({ path, note }) => notification(note.kind === 'rule-failed' ? 'error' : note.kind === 'incomplete' ? 'warning' : 'note', `${note.kind}: ${note.message}`, path, note.range, note.ruleId)),
  ];
  const configNotifications = report.configErrors.map((e) => ({
    level: 'error',
    message: { text: redactText(`${e.key ? `${e.key}: ` : ''}${e.message}`) },
    locations: [{ physicalLocation: { artifactLocation: { uri: encodePath(e.file), uriBaseId: '%SRCROOT%' }, ...(e.line > 0 ? { region: { startLine: e.line, ...(e.column ? { startColumn: e.column } : {}) } } : {}) } }],
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'AISec',
            version: options.version,
            semanticVersion: options.version,
            informationUri: options.informationUri ?? 'https://github.com/aisec-dev/aisec',
            rules: options.rules.map(toRuleDescriptor),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: directoryUri(options.sourceRoot) } },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: report.configErrors.length === 0,
            ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
            ...(configNotifications.length > 0 ? { toolConfigurationNotifications: configNotifications } : {}),
          },
        ],
        results,
      },
    ],
  };
}

/** A rule descriptor (`reportingDescriptor`). */
export function toRuleDescriptor(rule: RuleMeta): Json {
  const cweTags = rule.cwe.map((cwe) => `external/cwe/cwe-${cwe.replace(/^CWE-/i, '')}`);
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.docs.whatItDoes },
    help: { text: ruleDocsText(rule), markdown: ruleDocsMarkdown(rule) },
    ...(rule.docs.references[0] ? { helpUri: rule.docs.references[0] } : {}),
    defaultConfiguration: { level: level(rule.severity) },
    properties: {
      tags: ['security', rule.category, ...cweTags],
      category: rule.category,
      precision: rule.confidence === 'high' ? 'high' : rule.confidence === 'medium' ? 'medium' : 'low',
      'security-severity': SECURITY_SEVERITY[rule.severity],
      fixAvailability: rule.fixAvailability,
    },
  };
}

/** One finding as a SARIF `result`. */
export function toSarifResult(unredacted: Finding, ruleIndex: ReadonlyMap<string, number>, options: SarifOptions): Json {
  const finding = redactForOutput(unredacted);
  const index = ruleIndex.get(finding.ruleId);
  const properties: Json = {
    category: finding.category,
    confidence: finding.confidence,
    ruleName: finding.ruleName,
    ...(finding.cwe.length > 0 ? { cwe: finding.cwe } : {}),
    ...(finding.notebook ? { notebookCellIndex: finding.notebook.cellIndex, notebookCellLine: finding.notebook.cellLine + 1 } : {}),
    ...(finding.fixes.length > 0 ? { fixApplicability: finding.fixes.map((f) => f.applicability) } : {}),
    ...(finding.properties ?? {}),
  };
  const fixes = finding.fixes.filter((fix) => !fix.redacted).map((fix) => toSarifFix(finding, fix.title, fix.edits, options)).filter((f): f is Json => f !== undefined);
  return {
    ruleId: finding.ruleId,
    ...(index !== undefined ? { ruleIndex: index } : {}),
    level: level(finding.severity),
    message: { text: finding.message },
    locations: [physicalLocation(finding.path, finding.range)],
    partialFingerprints: { 'aisecFingerprint/v1': finding.fingerprint },
    ...(finding.flow && finding.flow.length > 0
      ? {
          codeFlows: [
            {
              message: { text: `${finding.flow.length}-step path from source to sink` },
              threadFlows: [{ locations: finding.flow.map((step, i) => ({ location: { ...physicalLocation(finding.path, step.range), message: { text: step.message } }, nestingLevel: 0, executionOrder: i + 1 })) }],
            },
          ],
        }
      : {}),
    ...(fixes.length > 0 ? { fixes } : {}),
    properties,
  };
}

function toSuppressedResult(suppressed: SuppressedFinding, ruleIndex: ReadonlyMap<string, number>, options: SarifOptions): Json {
  const result = toSarifResult(suppressed.finding, ruleIndex, options);
  const kind = suppressed.by === 'baseline' ? 'external' : 'inSource';
  return { ...result, suppressions: [{ kind, justification: `suppressed by ${suppressed.by}` }] };
}

function toSarifFix(finding: Finding, title: string, edits: readonly TextEdit[], options: SarifOptions): Json | undefined {
  // A fix that writes the secret into another file would put the secret into the report: leave it out.
  if (edits.some((e) => holdsSecret(e, finding))) return undefined;
  const byFile = new Map<string, Json[]>();
  for (const edit of edits) {
    const target = edit.file !== undefined ? options.resolveEditFile(finding.path, edit.file) : finding.path;
    let region: Json;
    if (edit.appendToFile) {
      const end = options.endOfFile(target);
      region = { startLine: end.line, startColumn: end.column, endLine: end.line, endColumn: end.column };
    } else {
      region = sarifRegion(edit.range);
    }
    const list = byFile.get(target) ?? [];
    list.push({ deletedRegion: region, insertedContent: { text: edit.newText } });
    byFile.set(target, list);
  }
  if (byFile.size === 0) return undefined;
  return {
    description: { text: title },
    artifactChanges: [...byFile].map(([path, replacements]) => ({ artifactLocation: { uri: encodePath(path), uriBaseId: '%SRCROOT%' }, replacements })),
  };
}

function physicalLocation(path: string, range: Range): Json {
  return { physicalLocation: { artifactLocation: { uri: encodePath(path), uriBaseId: '%SRCROOT%' }, region: sarifRegion(range) } };
}

/** SARIF regions are 1-based; an empty range still spans one column so viewers can show it. */
function sarifRegion(range: Range): Json {
  return { startLine: range.start.line + 1, startColumn: range.start.column + 1, endLine: range.end.line + 1, endColumn: range.end.column + 1 };
}

function notification(levelName: string, text: string, path: string, range?: Range, ruleId?: string): Json {
  return {
    level: levelName,
    message: { text: redactText(text) },
    locations: [{ physicalLocation: { artifactLocation: { uri: encodePath(path), uriBaseId: '%SRCROOT%' }, ...(range ? { region: sarifRegion(range) } : {}) } }],
    ...(ruleId ? { associatedRule: { id: ruleId } } : {}),
  };
}

function level(severity: Severity): 'error' | 'warning' | 'note' {
  return severity === 'info' ? 'note' : severity;
}

/** GitHub code scanning's numeric severity (critical ≥ 9, high ≥ 7, medium ≥ 4, low > 0). */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.0', info: '2.0' };

/** A relative path as a URI reference (each segment percent-encoded). */
function encodePath(path: string): string {
  if (/^[a-z]+:/i.test(path) || path.startsWith('/')) return fileUri(path);
  return path.split('/').map(encodeURIComponent).join('/');
}

function fileUri(path: string): string {
  const posix = path.replace(/\\/g, '/');
  return `file://${posix.startsWith('/') ? '' : '/'}${posix.split('/').map(encodeURIComponent).join('/')}`;
}

function directoryUri(path: string): string {
  const uri = fileUri(path);
  return uri.endsWith('/') ? uri : `${uri}/`;
}
