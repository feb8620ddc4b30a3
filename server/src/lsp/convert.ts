/**
 * Finding → Diagnostic: the only place where engine results become LSP data. Fixes travel in
 * `Diagnostic.data`, so code actions are rebuilt from the diagnostic itself and no fix cache exists.
 */
import { posix, win32 } from 'node:path';
import { URI } from 'vscode-uri';
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { Diagnostic, DiagnosticRelatedInformation, Range } from 'vscode-languageserver';
import { redactForOutput } from '../rules/secrets/redact-output';
import type { AnalysisNote, Finding, Fix, RuleMeta, Severity } from '../engine/index';
import { DIAGNOSTIC_SOURCE, SHOW_RULE_DOCUMENTATION_COMMAND } from '../shared/protocol';
import { archiveMemberUri } from '../shared/archive-member-uri';
import type { DiagnosticData, DiagnosticFix } from '../shared/protocol';

export interface ConvertContext {
  /** The URI of the analysed document; edits without a `file` address it. */
  uri: string;
  docsBaseUrl: string;
  rules: ReadonlyMap<string, RuleMeta>;
  /**
   * Where an edit of the analysed text lands, when that text is not the document's (a notebook's joined
   * cells: the edit goes to its cell); undefined drops the fix (an edit across cells).
   */
  placeEdit?: (range: Finding['range']) => { uri: string; range: Range } | undefined;
}

export function toDiagnostic(unredacted: Finding, context: ConvertContext): Diagnostic {
  // Secrets never travel to the client in clear text (messages, related information, fix edits); a fix
  // whose edit had to be masked (the `.env` one) is rebuilt on the server when chosen.
  const finding = redactForOutput(unredacted);
  const meta = context.rules.get(finding.ruleId);
  const data: DiagnosticData = {
    ruleId: finding.ruleId,
    ruleName: finding.ruleName,
    label: labelOf(meta?.title ?? finding.ruleName),
    fingerprint: finding.fingerprint,
    fixes: orderFixes(placeableFixes(finding.fixes, context)).map((fix, index) => toDiagnosticFix(fix, index === 0, context)),
  };
  const diagnostic: Diagnostic = {
    range: toRange(finding.range),
    // Advisory findings kept for the editor are hints: a dotted underline in the editor, never in the Problems panel.
    severity: finding.advisory === 'hint' ? DiagnosticSeverity.Hint : toSeverity(finding.severity),
    code: finding.ruleId,
    codeDescription: { href: ruleDocsUrl(context.docsBaseUrl, finding.ruleName) },
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
    data,
  };
  const related = relatedInformation(finding, context.uri);
  if (related.length > 0) diagnostic.relatedInformation = related;
  return diagnostic;
}

/** The one information diagnostic that explains why a file was not analysed (size, binary content). */
export function skippedDiagnostic(note: AnalysisNote): Diagnostic {
  const incomplete = note.kind === 'incomplete';
  const data: DiagnosticData = { ruleId: '', ruleName: '', label: incomplete ? 'file partly analysed' : 'file skipped', fingerprint: '', fixes: [], skipped: true };
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: DIAGNOSTIC_SOURCE,
    message: incomplete ? `AISec analysed this file only in part: ${note.message.replace(/^not analysed:\s*/, '')}` : `AISec did not analyse this file: ${note.message.replace(/^skipped:\s*/, '')}.`,
    data,
  };
}

/**
 * The documentation link of a rule, derived from its name (typescript-eslint's RuleCreator idea). Without a
 * base (`aisec.docsBaseUrl` unset) it is a command link to the client's "Show Rule Documentation", which
 * renders the documentation AISec ships in VS Code: the published address may not exist, and the shipped
 * text always matches the installed rules.
 */
export function ruleDocsUrl(base: string, ruleName: string): string {
  if (base === '') return `command:${SHOW_RULE_DOCUMENTATION_COMMAND}?${encodeURIComponent(JSON.stringify([ruleName]))}`;
  return `${base.endsWith('/') ? base : `${base}/`}${encodeURIComponent(ruleName)}.md`;
}

export function toSeverity(severity: Severity): DiagnosticSeverity {
  switch (severity) {
    case 'error':
      return DiagnosticSeverity.Error;
    case 'warning':
      return DiagnosticSeverity.Warning;
    case 'info':
      return DiagnosticSeverity.Information;
  }
}

/** "Unsafe torch.load" → "unsafe torch.load"; acronyms such as "OpenAI key…" keep their case. */
export function labelOf(title: string): string {
  if (title.length > 1 && /[A-Z]/.test(title[0] ?? '') && /[a-z ]/.test(title[1] ?? '')) return title[0]!.toLowerCase() + title.slice(1);
  return title;
}

/** Preferred fixes first, then safe before unsafe before display-only, keeping the rule's order otherwise. */
function orderFixes(fixes: readonly Fix[]): Fix[] {
  const rank = (fix: Fix): number => (fix.preferred ? 0 : 3) + (fix.applicability === 'safe' ? 0 : fix.applicability === 'unsafe' ? 1 : 2);
  return fixes.map((fix, index) => ({ fix, index })).sort((a, b) => rank(a.fix) - rank(b.fix) || a.index - b.index).map((x) => x.fix);
}

/** A fix as it travels in `Diagnostic.data` (edits addressed by URI). */
export function diagnosticFixOf(fix: Fix, uri: string, placeEdit?: ConvertContext['placeEdit']): DiagnosticFix {
  return toDiagnosticFix(fix, fix.preferred === true, { uri, ...(placeEdit ? { placeEdit } : {}) });
}

/** The fixes whose edits all have a place (every fix, unless `placeEdit` maps edits elsewhere). */
function placeableFixes(fixes: readonly Fix[], context: ConvertContext): readonly Fix[] {
  const place = context.placeEdit;
  if (!place) return fixes;
  return fixes.filter((fix) => fix.edits.every((edit) => edit.file !== undefined || place(edit.range) !== undefined));
}

function toDiagnosticFix(fix: Fix, first: boolean, context: Pick<ConvertContext, 'uri' | 'placeEdit'>): DiagnosticFix {
  const { uri, placeEdit } = context;
  return {
    title: fix.title,
    applicability: fix.applicability,
    // A safe fix is preferred when the rule says so, or when it is the first (best) of the list.
    preferred: fix.applicability === 'safe' && (fix.preferred === true || first),
    edits: fix.edits.map((edit) => ({
      ...(edit.file ? { uri: siblingUri(uri, edit.file), range: toRange(edit.range) } : (placeEdit?.(edit.range) ?? { uri, range: toRange(edit.range) })),
      newText: edit.newText,
      ...(edit.appendToFile ? { createFile: true } : {}),
    })),
    ...(fix.redacted ? { redacted: true } : {}),
  };
}

/**
 * The flow's steps, and for a finding inside an archive member (which sits on the archive's first line) its
 * real place in the member, shown read-only through an `aisec-member` document.
 */
function relatedInformation(finding: Finding, uri: string): DiagnosticRelatedInformation[] {
  const related: DiagnosticRelatedInformation[] = [];
  const member = finding.member;
  const memberUri = member ? archiveMemberUri({ archive: uri, member: member.member }) : undefined;
  if (member && memberUri) related.push({ location: { uri: memberUri, range: toRange(member.range) }, message: `here in the archive member ${member.member}, line ${member.range.start.line + 1}` });
  if (!finding.flow || finding.flow.length === 0) return related;
  const last = finding.flow.length - 1;
  // The engine names a member's flow steps by the path the code rules read it under (`model.mar!/handler.py`).
  const memberStepPath = member ? `${finding.path}!/${member.member}` : undefined;
  for (const [index, step] of finding.flow.entries()) {
    const stepLocation = memberUri && step.path === memberStepPath ? memberUri : step.path === undefined ? uri : stepUri(uri, finding.path, step.path);
    related.push({ location: { uri: stepLocation, range: toRange(step.range) }, message: `${index === 0 ? 'source' : index === last ? 'sink' : `step ${index}`}: ${step.message}` });
  }
  return related;
}

/**
 * The URI of a flow step in another file: hosts name it as they name `Finding.path` (absolute in the
 * language server, else relative to the same folder), so it is resolved from the analysed file's path.
 */
function stepUri(uri: string, findingPath: string, stepPath: string): string {
  if (win32.isAbsolute(stepPath) || posix.isAbsolute(stepPath)) return siblingUri(uri, stepPath);
  const from = posix.dirname(findingPath.replace(/\\/g, '/'));
  return siblingUri(uri, posix.relative(from, stepPath.replace(/\\/g, '/')));
}

function toRange(range: Finding['range']): Diagnostic['range'] {
  return {
    start: { line: range.start.line, character: range.start.column },
    end: { line: range.end.line, character: range.end.column },
  };
}

/** The URI of `relative` resolved against the folder of the document at `uri`. */
export function siblingUri(uri: string, relative: string): string {
  const cellOrFile = URI.parse(uri);
  // A notebook cell's URI carries the notebook's path: its siblings are files, addressed without the cell.
  const parsed = cellOrFile.scheme === 'vscode-notebook-cell' ? URI.file(cellOrFile.path) : cellOrFile;
  const path = win32.isAbsolute(relative) || posix.isAbsolute(relative) ? relative : posix.join(posix.dirname(parsed.path), relative.replace(/\\/g, '/'));
  return parsed.with({ path: posix.normalize(path) }).toString();
}
