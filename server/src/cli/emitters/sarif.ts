/**
 * SARIF 2.1.0 (`--format sarif`), for GitHub code scanning and other SARIF viewers. Rule descriptors
 * carry the category and `external/cwe/cwe-NNN` in `properties.tags` and the rule documentation as help;
 * results carry 1-based regions, `partialFingerprints`, `codeFlows` for source-to-sink findings and
 * `fixes` for fixes. Suppressed findings are included with a `suppressions` entry (counted, not dropped).
 * Notebook findings point at the line of the `.ipynb` file; the cell and the line in the cell are in the
 * message and in `properties`.
 * Every artifact URI is relative to `%SRCROOT%`: the working folder, or the nearest folder above it that
 * holds every reported file when some lie outside it (an absolute URI is never combined with a base).
 */
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { cellPosition, type CellPosition, type Finding, type Range, type RuleMeta, type Severity, type SuppressedFinding, type TextEdit } from '../../engine/index';
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
export function toSarif(report: ScanReport, given: SarifOptions): Json {
  const options = withArtifactBase(report, given);
  const ruleIndex = new Map(options.rules.map((rule, index) => [rule.id, index]));
  const results = [
    ...report.findings.map((f) => toSarifResult(f, ruleIndex, options)),
    ...report.suppressed.map((s) => toSuppressedResult(s, ruleIndex, options)),
  ];
  const notifications = [
    ...report.skipped.map((s) => notification(options, 'note', `skipped: ${s.reason}`, s.path)),
    ...report.notes.map(({ path, note }) => notification(options, note.kind === 'rule-failed' ? 'error' : note.kind === 'incomplete' || note.kind === 'unchecked' ? 'warning' : 'note', `${note.kind}: ${note.message}`, path, note.range, note.ruleId)),
  ];
  const configNotifications = report.configErrors.map((e) => ({
    level: 'error',
    message: { text: redactText(`${e.key ? `${e.key}: ` : ''}${e.message}`) },
    locations: [{ physicalLocation: { artifactLocation: options.artifact(e.file), ...(e.line > 0 ? { region: { startLine: e.line, ...(e.column ? { startColumn: e.column } : {}) } } : {}) } }],
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
        originalUriBaseIds: { '%SRCROOT%': { uri: directoryUri(options.artifactRoot) } },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: report.configErrors.length === 0,
            ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
            ...(configNotifications.length > 0 ? { toolConfigurationNotifications: configNotifications } : {}),
          },
        ],
        results,
        ...(report.scannedMembers.length > 0 ? { artifacts: memberArtifacts(report, options) } : {}),
      },
    ],
  };
}

/**
 * Model archives and their members as SARIF artifacts: each archive, then each member with `parentIndex`
 * pointing at it (members of nested archives name the nesting with `!`) and its verdict in `properties`, so a
 * viewer sees what was checked in an archive with no finding.
 */
function memberArtifacts(report: ScanReport, options: ArtifactBase): Json[] {
  const artifacts: Json[] = [];
  for (const { path, members } of report.scannedMembers) {
    const parentIndex = artifacts.length;
    artifacts.push({ location: options.artifact(path), roles: ['analysisTarget'] });
    for (const m of members) {
      artifacts.push({ location: { uri: m.member.split('/').map(encodeURIComponent).join('/') }, parentIndex, properties: { verdict: m.verdict, reason: redactText(m.reason) } });
    }
  }
  return artifacts;
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
function toSarifResult(unredacted: Finding, ruleIndex: ReadonlyMap<string, number>, options: ArtifactBase): Json {
  const finding = redactForOutput(unredacted);
  const index = ruleIndex.get(finding.ruleId);
  const properties: Json = {
    category: finding.category,
    confidence: finding.confidence,
    ruleName: finding.ruleName,
    ...(finding.cwe.length > 0 ? { cwe: finding.cwe } : {}),
    ...(finding.notebook ? notebookProperties(cellPosition(finding.notebook)) : {}),
    ...(finding.member ? { archiveMember: finding.member.member, archiveMemberLine: finding.member.range.start.line + 1, archiveMemberColumn: finding.member.range.start.column + 1 } : {}),
    ...(finding.fixes.length > 0 ? { fixApplicability: finding.fixes.map((f) => f.applicability) } : {}),
    ...(finding.properties ?? {}),
  };
  const fixes = finding.fixes.filter((fix) => !fix.redacted).map((fix) => toSarifFix(finding, fix.title, fix.edits, options)).filter((f): f is Json => f !== undefined);
  return {
    ruleId: finding.ruleId,
    ...(index !== undefined ? { ruleIndex: index } : {}),
    level: level(finding.severity),
    message: { text: finding.message },
    locations: [physicalLocation(options, finding.path, finding.range)],
    partialFingerprints: { 'aisecFingerprint/v1': finding.fingerprint },
    ...(finding.flow && finding.flow.length > 0
      ? {
          codeFlows: [
            {
              message: { text: `${finding.flow.length}-step path from source to sink` },
              threadFlows: [{ locations: finding.flow.map((step, i) => ({ location: { ...physicalLocation(options, step.path ?? finding.path, step.range), message: { text: step.message } }, nestingLevel: 0, executionOrder: i + 1 })) }],
            },
          ],
        }
      : {}),
    ...(fixes.length > 0 ? { fixes } : {}),
    properties,
  };
}

function toSuppressedResult(suppressed: SuppressedFinding, ruleIndex: ReadonlyMap<string, number>, options: ArtifactBase): Json {
  const result = toSarifResult(suppressed.finding, ruleIndex, options);
  const kind = suppressed.by === 'baseline' ? 'external' : 'inSource';
  return { ...result, suppressions: [{ kind, justification: `suppressed by ${suppressed.by}` }] };
}

function toSarifFix(finding: Finding, title: string, edits: readonly TextEdit[], options: ArtifactBase): Json | undefined {
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
    artifactChanges: [...byFile].map(([path, replacements]) => ({ artifactLocation: options.artifact(path), replacements })),
  };
}

function physicalLocation(options: ArtifactBase, path: string, range: Range): Json {
  return { physicalLocation: { artifactLocation: options.artifact(path), region: sarifRegion(range) } };
}

/** The options with the folder `%SRCROOT%` stands for and the artifact location of a report path. */
interface ArtifactBase extends SarifOptions {
  artifactRoot: string;
  artifact(path: string): Json;
}

/**
 * `%SRCROOT%` is the source root (the working folder) unless a reported path lies outside it; then it is the
 * nearest folder above that holds every reported path, so each URI stays relative to it.
 */
function withArtifactBase(report: ScanReport, options: SarifOptions): ArtifactBase {
  const paths = [
    ...report.findings.map((f) => f.path),
    ...report.suppressed.map((s) => s.finding.path),
    ...report.skipped.map((s) => s.path),
    ...report.notes.map((n) => n.path),
    ...report.configErrors.map((e) => e.file),
    ...report.findings.flatMap((f) => f.fixes.flatMap((fix) => fix.edits.flatMap((e) => (e.file !== undefined ? [options.resolveEditFile(f.path, e.file)] : [])))),
  ].map((path) => resolve(options.sourceRoot, path));
  let root = resolve(options.sourceRoot);
  for (const path of paths) {
    while (isOutside(root, path) && dirname(root) !== root) root = dirname(root);
  }
  return {
    ...options,
    artifactRoot: root,
    artifact(path: string): Json {
      const rel = relative(root, resolve(options.sourceRoot, path));
      // Only another drive (Windows) cannot be reached from the root: that file keeps an absolute URI, without a base.
      if (isAbsolute(rel)) return { uri: fileUri(rel) };
      return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
    },
  };
}

function isOutside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
}

/** The place in the cell, numbered as the message names it (cell 3, line 2). */
function notebookProperties(position: CellPosition): Json {
  return { notebookCell: position.cell, notebookCellLine: position.line, notebookCellColumn: position.column };
}

/** SARIF regions are 1-based; an empty range still spans one column so viewers can show it. */
function sarifRegion(range: Range): Json {
  return { startLine: range.start.line + 1, startColumn: range.start.column + 1, endLine: range.end.line + 1, endColumn: range.end.column + 1 };
}

function notification(options: ArtifactBase, levelName: string, text: string, path: string, range?: Range, ruleId?: string): Json {
  return {
    level: levelName,
    message: { text: redactText(text) },
    locations: [{ physicalLocation: { artifactLocation: options.artifact(path), ...(range ? { region: sarifRegion(range) } : {}) } }],
    ...(ruleId ? { associatedRule: { id: ruleId } } : {}),
  };
}

function level(severity: Severity): 'error' | 'warning' | 'note' {
  return severity === 'info' ? 'note' : severity;
}

/** GitHub code scanning's numeric severity (critical ≥ 9, high ≥ 7, medium ≥ 4, low > 0). */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.0', info: '2.0' };

function fileUri(path: string): string {
  const posix = path.replace(/\\/g, '/');
  return `file://${posix.startsWith('/') ? '' : '/'}${posix.split('/').map(encodeURIComponent).join('/')}`;
}

function directoryUri(path: string): string {
  const uri = fileUri(path);
  return uri.endsWith('/') ? uri : `${uri}/`;
}
