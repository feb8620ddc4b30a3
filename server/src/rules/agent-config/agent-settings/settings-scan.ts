/**
 * What every per-client settings check gets: the file's settings object, the client and scope that read
 * it, and one way to report that names them. Scope decides severity where the client is known to ignore a
 * key at that scope; the message always says who honours the key.
 */
import type { Fix, Severity } from '../../../engine/finding';
import type { TextContext } from '../../../engine/rule';
import { CLIENT_NAMES, type ClientFileReader } from '../../../engine/agent-config/client-files';
import type { ObjectNode, ValueNode } from '../../../engine/manifests/tree';

export interface SettingsScan {
  readonly ctx: TextContext;
  /** The object the client reads its settings keys from. */
  readonly settings: ObjectNode;
  readonly reader: ClientFileReader;
}

export interface SettingsReport {
  ruleId: string;
  /** The node to point at (a key's value or an array item). */
  node: ValueNode;
  detail: string;
  severity?: Severity;
  fixes?: Fix[];
  /** Reported only in the audit profile (see `ReportInput.advisory`). */
  advisory?: boolean;
}

/** Reports one finding, naming the client and scope that honour it. */
export function reportSetting(scan: SettingsScan, report: SettingsReport): void {
  const { ctx, reader } = scan;
  ctx.report({
    ruleId: report.ruleId,
    range: ctx.rangeOf(report.node.span.start, report.node.span.end),
    severity: report.severity,
    data: { detail: `${report.detail} ${scopeSentence(reader)}` },
    fixes: report.fixes,
    ...(report.advisory ? { advisory: true } : {}),
    properties: { client: reader.client, scope: reader.scope },
  });
}

/** "Read by Claude Code from workspace settings: committed, it applies to everyone who opens the repository." */
export function scopeSentence(reader: ClientFileReader): string {
  const client = CLIENT_NAMES[reader.client];
  switch (reader.scope) {
    case 'workspace': return `Read by ${client} from workspace settings: committed, it applies to everyone who opens the repository.`;
    case 'workspace-local': return `Read by ${client} from local workspace settings (normally git-ignored): it applies to this checkout.`;
    case 'user': return `Read by ${client} from user settings: it applies to every project opened on this machine.`;
    case 'machine': return `Read by ${client} from machine-wide settings: it applies to every user.`;
  }
}

/** A fix that replaces a value with `literal` (already written in the file's syntax). */
export function replaceValue(scan: SettingsScan, node: ValueNode, literal: string, title: string): Fix {
  return { title, applicability: 'unsafe', edits: [{ range: scan.ctx.rangeOf(node.span.start, node.span.end), newText: literal }] };
}

/** True for `true`, and for an object `{ "approve": true }`-style value VS Code also accepts. */
export function isEnabled(node: ValueNode | undefined): boolean {
  if (!node) return false;
  if (node.type === 'boolean') return node.value;
  if (node.type === 'object') return node.entries.some((e) => (e.key === 'approve' || e.key === 'approveRequest') && e.value.type === 'boolean' && e.value.value);
  return false;
}
