/** The AI inventory as Markdown tables, one per kind, for people (`aisec bom --format markdown`). */
import { INVENTORY_KINDS, type InventoryItem } from '../../rules/shared/inventory/group';
import type { InventoryKind, InventoryLicence } from '../../rules/shared/inventory/types';
import { judgeLicence, type LicencePolicy } from '../../rules/licence/policy';

const HEADINGS: Record<InventoryKind, string> = {
  'model': 'Models',
  'dataset': 'Datasets',
  'model-file': 'Model files',
  'service': 'AI services, SDKs and frameworks',
  'tool': 'Agent tools',
  'mcp-server': 'MCP servers',
  'dependency': 'AI-related dependencies',
};

export interface BomMarkdownOptions {
  projectName: string;
  projectLicence?: InventoryLicence;
  policy?: LicencePolicy;
}

export function toBomMarkdown(items: readonly InventoryItem[], options: BomMarkdownOptions): string {
  const lines = [`# AI bill of materials: ${cell(options.projectName)}`, ''];
  if (options.projectLicence) lines.push(`Project licence: \`${cell(options.projectLicence.text)}\` (${cell(options.projectLicence.source)})`, '');
  const licence = (item: InventoryItem): string => {
    if (!item.licence) return options.policy ? 'unknown (policy: unknown)' : '';
    return `\`${cell(item.licence.text)}\`${options.policy ? ` (policy: ${judgeLicence(item.licence.text, options.policy).status})` : ''}`;
  };
  for (const kind of INVENTORY_KINDS) {
    const ofKind = items.filter((item) => item.kind === kind);
    lines.push(`## ${HEADINGS[kind]} (${ofKind.length})`, '');
    if (ofKind.length === 0) {
      lines.push('None found.', '');
      continue;
    }
    const [header, row] = columns(kind, licence);
    lines.push(`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`);
    for (const item of ofKind) lines.push(`| ${row(item).map(cell).join(' | ')} |`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

function columns(kind: InventoryKind, licence: (item: InventoryItem) => string): [string[], (item: InventoryItem) => string[]] {
  const where = (item: InventoryItem): string => item.occurrences.slice(0, 3).map((o) => `${o.location.path}:${o.location.line}`).join(', ') + (item.occurrences.length > 3 ? ` and ${item.occurrences.length - 3} more` : '');
  switch (kind) {
    case 'model':
    case 'dataset':
      return [['Name', 'Provider', 'Revision', 'Pinned', 'Licence', 'Found at'], (i) => [i.name, i.provider ?? '', i.revision ?? '', i.pinned === undefined ? '' : i.pinned ? 'yes' : 'no', licence(i), where(i)]];
    case 'model-file':
      return [['File', 'Format', 'Size', 'SHA-256', 'Verdict', 'Licence'], (i) => [i.name, i.formatLabel ?? '', String(i.fileSize ?? ''), i.sha256 ? `\`${i.sha256.slice(0, 16)}…\`` : 'not computed', `${i.verdict ?? ''}: ${i.verdictSummary ?? ''}`, licence(i)]];
    case 'service':
      return [['Name', 'Kind', 'Found at'], (i) => [i.name, i.serviceKind ?? '', where(i)]];
    case 'tool':
      return [['Name', 'Framework', 'Found at'], (i) => [i.name, i.framework ?? '', where(i)]];
    case 'mcp-server':
      return [['Name', 'Runs', 'Pinned', 'Configured in'], (i) => [i.name, i.launch ?? '', i.pinned === undefined ? '' : i.pinned ? 'yes' : 'no', `${where(i)} (${i.occurrences[0]?.evidence ?? ''})`]];
    case 'dependency':
      return [['Package', 'Ecosystem', 'Version', 'Licence', 'Declared in'], (i) => [i.name, i.ecosystem ?? '', i.version ?? '', licence(i), where(i)]];
  }
}

/** Text safe inside a table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
