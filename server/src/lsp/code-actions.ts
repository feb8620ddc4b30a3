/**
 * `textDocument/codeAction`. Every AISec diagnostic gets the same set (vscode-eslint's): its fixes
 * (rebuilt from `Diagnostic.data`, preferred first), "Ignore AIS101 on this line", "Ignore AIS101 in this
 * file" and "Show documentation for AIS101". A display-only fix (replacing one package with another) is
 * offered as a suggestion to review, one at a time. `source.fixAll.aisec` re-analyses the current text and
 * applies safe fixes only (never those of hint-level advisory findings), so it is safe in `editor.codeActionsOnSave`.
 */
import { CodeActionKind } from 'vscode-languageserver';
import type { CodeAction, CodeActionParams, Diagnostic, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { lineBreakAt, matchLineBreaks, TextIndex } from '../engine/index';
import type { Finding, Fix } from '../engine/index';
import { CHECK_SECRET_COMMAND, DIAGNOSTIC_SOURCE, FIX_ALL_KIND, SHOW_RULE_DOCUMENTATION_COMMAND } from '../shared/protocol';
import { SECRET_VERIFIERS } from '../verify/secret-verifiers';
import type { DiagnosticData, DiagnosticFix } from '../shared/protocol';
import type { OpenDocument } from './open-documents';
import { ignoreInFileEdit, ignoreOnLineEdit } from './suppress-edits';
import { diagnosticFixOf } from './convert';
import { readDiskText } from '../host/safe-read';
import { redactText } from '../rules/secrets/redact-text';
import { appendAll } from '../engine/collections';

/**
 * Rules whose keys have a read-only check with their provider (offered as an explicit action). Checks that also
 * need the paired identifier (an AWS key id) are left to `aisec scan --verify`: the editor's request carries only
 * the secret's range.
 */
const VERIFIABLE = new Map(SECRET_VERIFIERS.filter((v) => !v.needsIdentifier).map((v) => [v.ruleId, v.provider]));

/**
 * `openDocument` finds the other open documents a fix edits (a notebook's other cells: a fix in one cell may
 * add an import to the first), whose unsaved text is what the edit applies to.
 */
export function quickFixActions(params: CodeActionParams, open: OpenDocument, openDocument: (uri: string) => OpenDocument | undefined = () => undefined): CodeAction[] {
  const actions: CodeAction[] = [];
  const text = open.document.text;
  for (const diagnostic of params.context.diagnostics) {
    const data = dataOf(diagnostic);
    if (!data || data.skipped) continue;
    for (const fix of data.fixes) {
      const action: CodeAction = {
        title: fix.applicability === 'unsafe' ? `${fix.title} (review: changes behaviour)` : fix.applicability === 'display-only' ? `${fix.title} (suggestion: review the package before applying)` : fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.preferred,
      };
      // A fix that writes a secret into `.env` carries only a redacted value; its edit is computed on the
      // server when the user picks it (codeAction/resolve), so the key never sits in diagnostics or lists.
      if (fix.redacted) action.data = { redactedFix: { uri: open.uri, fingerprint: data.fingerprint, ruleId: data.ruleId, title: fix.title } } satisfies RedactedFixData;
      else action.edit = workspaceEdit(fix.edits, open, openDocument);
      actions.push(action);
    }
    const line = ignoreOnLineEdit(text, open.document.kind, diagnostic.range.start.line, data.ruleId, open.document.path);
    if (line) actions.push(suppression(`Ignore ${data.ruleId} on this line`, open.uri, line, diagnostic));
    const file = ignoreInFileEdit(text, open.document.kind, data.ruleId, open.document.path);
    if (file) actions.push(suppression(`Ignore ${data.ruleId} in this file`, open.uri, file, diagnostic));
    const provider = VERIFIABLE.get(data.ruleId);
    if (provider) {
      // Never automatic: the client asks before the key is sent, and only to the provider's own host.
      const title = `Check whether this key is active (asks ${provider})`;
      actions.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], command: { title, command: CHECK_SECRET_COMMAND, arguments: [open.uri, data.ruleId, diagnostic.range, provider] } });
    }
    actions.push({
      title: `Show documentation for ${data.ruleId}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      command: { title: `Show documentation for ${data.ruleId}`, command: SHOW_RULE_DOCUMENTATION_COMMAND, arguments: [data.ruleId] },
    });
  }
  // Fixes first (preferred ones leading), then suppressions and documentation, in diagnostic order.
  return [...actions.filter((a) => a.edit && !isSuppression(a)).sort((a, b) => Number(b.isPreferred ?? false) - Number(a.isPreferred ?? false)), ...actions.filter((a) => !a.edit || isSuppression(a))];
}

/**
 * One action applying the safe fix of every finding in the document (the preferred safe fix when a
 * finding has several), skipping fixes that overlap an earlier one and edits aimed at other files.
 * `text` is the document's text the findings were computed on (inserted line breaks follow it).
 */
export function fixAllAction(uri: string, text: string, findings: readonly Finding[]): CodeAction | undefined {
  const index = new TextIndex(text);
  const edits: TextEdit[] = [];
  const taken: Array<[number, number, number, number]> = [];
  for (const finding of findings) {
    // A hint is not in the Problems panel, so fix-all and fix-on-save never change code for it unseen.
    if (finding.advisory === 'hint') continue;
    const fix = safeFixOf(finding.fixes);
    if (!fix || fix.edits.some((e) => e.file !== undefined)) continue;
    const ranges = fix.edits.map((e) => [e.range.start.line, e.range.start.column, e.range.end.line, e.range.end.column] as [number, number, number, number]);
    if (ranges.some((r) => taken.some((t) => overlaps(r, t)))) continue;
    appendAll(taken, ranges);
    for (const e of fix.edits) {
      const newText = matchLineBreaks(e.newText, lineBreakAt(text, index.offsetAt(e.range.start)));
      edits.push({ range: { start: { line: e.range.start.line, character: e.range.start.column }, end: { line: e.range.end.line, character: e.range.end.column } }, newText });
    }
  }
  if (edits.length === 0) return undefined;
  return { title: 'Fix all safe AISec issues', kind: FIX_ALL_KIND, edit: { changes: { [uri]: edits } } };
}

/** True when the request asks for `source.fixAll.aisec` (or a kind that contains it, such as `source`). */
export function wantsFixAll(only: readonly string[] | undefined): boolean {
  if (!only) return false;
  return only.some((kind) => kind === FIX_ALL_KIND || FIX_ALL_KIND.startsWith(`${kind}.`));
}

/** True when quick fixes were requested (no filter, or a filter containing `quickfix`). */
export function wantsQuickFixes(only: readonly string[] | undefined): boolean {
  return !only || only.some((kind) => kind === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${kind}.`) || kind === '');
}

export function safeFixOf(fixes: readonly Fix[]): Fix | undefined {
  return fixes.find((f) => f.applicability === 'safe' && f.preferred) ?? fixes.find((f) => f.applicability === 'safe');
}

function dataOf(diagnostic: Diagnostic): DiagnosticData | undefined {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) return undefined;
  const data = diagnostic.data as Partial<DiagnosticData> | undefined;
  if (!data || typeof data.ruleId !== 'string' || !Array.isArray(data.fixes)) return undefined;
  return data as DiagnosticData;
}

function suppression(title: string, uri: string, edit: TextEdit, diagnostic: Diagnostic): CodeAction {
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: { changes: { [uri]: [edit] } }, data: { suppression: true } };
}

function isSuppression(action: CodeAction): boolean {
  return (action.data as { suppression?: boolean } | undefined)?.suppression === true;
}

/** What a code action for a redacted fix carries until it is resolved. */
export interface RedactedFixData {
  redactedFix: { uri: string; fingerprint: string; ruleId: string; title: string };
}

/**
 * Resolves a redacted fix: `freshFix` finds the same fix in a fresh analysis (of the open document, or of the
 * notebook a cell belongs to, with its edits placed in the cells) and the action gets its real edits, or no
 * edit when it is gone. `openDocument` finds the other open documents it edits (a notebook's first cell).
 */
export function resolveRedactedFix(action: CodeAction, open: OpenDocument, freshFix: (wanted: RedactedFixData['redactedFix']) => DiagnosticFix | undefined, openDocument?: (uri: string) => OpenDocument | undefined): CodeAction {
  const wanted = (action.data as Partial<RedactedFixData> | undefined)?.redactedFix;
  if (!wanted) return action;
  const fix = freshFix(wanted);
  if (!fix) return action;
  return { ...action, edit: workspaceEdit(fix.edits, open, openDocument) };
}

/** The fix a redacted action names: the finding of the same rule and fingerprint, the fix of the same title. */
export function redactedFixAmong(findings: readonly Finding[], wanted: RedactedFixData['redactedFix']): Fix | undefined {
  const finding = findings.find((f) => f.ruleId === wanted.ruleId && f.fingerprint === wanted.fingerprint);
  // The title travelled through the same redaction as the edits, so compare it in its shown form too.
  return finding?.fixes.find((f) => f.title === wanted.title || redactText(f.title) === wanted.title);
}

/** The fix of an open document's finding that a redacted action names, with its real edits. */
export function redactedFixOf(findings: readonly Finding[], wanted: RedactedFixData['redactedFix']): DiagnosticFix | undefined {
  const fix = redactedFixAmong(findings, wanted);
  return fix && diagnosticFixOf(fix, wanted.uri);
}

/** True when a code action still needs `resolveRedactedFix`. */
export function isRedactedFixAction(action: CodeAction): boolean {
  return (action.data as Partial<RedactedFixData> | undefined)?.redactedFix !== undefined;
}

/**
 * Builds the edit; fixes that create or append to another file (a `.env`) become document changes.
 * Inserted line breaks follow the file's own (`\r\n` in a CRLF file): the open document's text for its
 * own edits, the file on disk for the others.
 */
function workspaceEdit(edits: DiagnosticFix['edits'], open: OpenDocument, openDocument: (uri: string) => OpenDocument | undefined = () => undefined): WorkspaceEdit {
  const texts = new Map<string, { text: string; index: TextIndex } | undefined>([[open.uri, { text: open.document.text, index: open.document.textIndex }]]);
  const textOf = (uri: string): { text: string; index: TextIndex } | undefined => {
    if (!texts.has(uri)) {
      const text = openDocument(uri)?.document.text ?? readIfExists(uri);
      texts.set(uri, text === undefined ? undefined : { text, index: new TextIndex(text) });
    }
    return texts.get(uri);
  };
  const matched = (e: DiagnosticFix['edits'][number]): string => {
    const file = textOf(e.uri);
    return file ? matchLineBreaks(e.newText, lineBreakAt(file.text, file.index.offsetAt({ line: e.range.start.line, column: e.range.start.character }))) : e.newText;
  };
  if (!edits.some((e) => e.createFile)) {
    const changes: Record<string, TextEdit[]> = {};
    for (const e of edits) (changes[e.uri] ??= []).push({ range: e.range, newText: matched(e) });
    return { changes };
  }
  const documentChanges: NonNullable<WorkspaceEdit['documentChanges']> = [];
  for (const e of edits) {
    if (!e.createFile) {
      documentChanges.push({ textDocument: { uri: e.uri, version: null }, edits: [{ range: e.range, newText: matched(e) }] });
      continue;
    }
    const existing = textOf(e.uri);
    if (existing === undefined) documentChanges.push({ kind: 'create', uri: e.uri, options: { ignoreIfExists: true } });
    const text = existing?.text ?? '';
    const end = (existing?.index ?? new TextIndex('')).positionAt(text.length);
    const lineBreak = lineBreakAt(text, text.length);
    const separator = text !== '' && !/[\r\n]$/.test(text) ? lineBreak : '';
    documentChanges.push({
      textDocument: { uri: e.uri, version: null },
      edits: [{ range: { start: { line: end.line, character: end.column }, end: { line: end.line, character: end.column } }, newText: separator + matchLineBreaks(e.newText, lineBreak) }],
    });
  }
  return { documentChanges };
}

/** The text of a file an edit targets (`.env`, a manifest), read safely so a FIFO under that name cannot stall the server. */
function readIfExists(uri: string): string | undefined {
  const read = readDiskText(URI.parse(uri).fsPath, { kind: 'config' });
  return read.ok ? read.text : undefined;
}

function overlaps(a: [number, number, number, number], b: [number, number, number, number]): boolean {
  const before = (l1: number, c1: number, l2: number, c2: number): boolean => l1 < l2 || (l1 === l2 && c1 <= c2);
  // Two ranges overlap unless one ends before the other starts (touching ranges are allowed).
  return !(before(a[2], a[3], b[0], b[1]) || before(b[2], b[3], a[0], a[1]));
}
