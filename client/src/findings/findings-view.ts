/**
 * The findings view in AISec's activity-bar container: the workspace's AISec findings (the Problems
 * panel's, from the shared feed) grouped by severity, category, rule or file, with counts on every group
 * and in the view's title, a text filter, and the details pane following the selection.
 */
import * as vscode from 'vscode';
import { messageToPlainText } from '../message-markup';
import type { FindingGroup, GroupBy } from './finding-records';
import { countFindings, describeCounts, filterFindings, findingIds, GROUP_BY_CHOICES, groupFindings, plural } from './finding-records';
import type { FindingDetailsView } from './finding-details-view';
import { revealFinding } from './finding-details-view';
import type { Finding, FindingsFeed } from './findings-feed';

type Node = { kind: 'group'; group: FindingGroup; by: GroupBy } | { kind: 'finding'; finding: Finding; by: GroupBy; id: string };

const GROUP_BY_KEY = 'aisec.findings.groupBy';
const SEVERITY_ICONS = { error: 'error', warning: 'warning', info: 'info' } as const;
const SEVERITY_COLOURS = { error: 'problemsErrorIcon.foreground', warning: 'problemsWarningIcon.foreground', info: 'problemsInfoIcon.foreground' } as const;

export class FindingsView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  static readonly viewId = 'aisec.findings';
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly tree: vscode.TreeView<Node>;
  private readonly disposables: vscode.Disposable[] = [];
  private groupBy: GroupBy;
  private filter = '';

  constructor(
    private readonly feed: FindingsFeed,
    private readonly details: FindingDetailsView,
    private readonly state: vscode.Memento,
  ) {
    this.groupBy = state.get<GroupBy>(GROUP_BY_KEY, 'severity');
    this.tree = vscode.window.createTreeView(FindingsView.viewId, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.tree,
      this.changed,
      feed.onDidChange(() => this.refresh()),
      vscode.commands.registerCommand('aisec.findings.groupBy', () => this.pickGrouping()),
      vscode.commands.registerCommand('aisec.findings.filter', () => this.askFilter()),
      vscode.commands.registerCommand('aisec.findings.clearFilter', () => this.setFilter('')),
      vscode.commands.registerCommand('aisec.findings.open', (node?: Node) => this.open(node)),
      vscode.commands.registerCommand('aisec.findings.summary', () => this.summary()),
    );
    this.refresh();
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.group.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `group:${node.by}:${node.group.key}`;
      item.description = [String(node.group.findings.length), node.group.description].filter((part) => part !== '').join(' · ');
      item.tooltip = `${node.group.label}: ${describeCounts(countFindings(node.group.findings))}`;
      item.iconPath = groupIcon(node);
      if (node.by === 'file') item.resourceUri = vscode.Uri.parse(node.group.key);
      item.contextValue = 'aisecFindingGroup';
      return item;
    }
    const finding = node.finding;
    const item = new vscode.TreeItem(messageToPlainText(finding.message), vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.description = node.by === 'file' ? `${finding.code} [Ln ${finding.line + 1}]` : `${finding.code} · ${finding.file}:${finding.line + 1}`;
    item.iconPath = new vscode.ThemeIcon(SEVERITY_ICONS[finding.severity], new vscode.ThemeColor(SEVERITY_COLOURS[finding.severity]));
    const tooltip = new vscode.MarkdownString(`**${finding.code || 'AISec'}** ${finding.ruleName}\n\n${finding.message}\n\n${finding.file}:${finding.line + 1}:${finding.column + 1}`);
    item.tooltip = tooltip;
    item.command = { command: 'aisec.findings.open', title: 'Open', arguments: [node] };
    item.contextValue = 'aisecFinding';
    return item;
  }

  getChildren(node?: Node): Node[] {
    if (node?.kind === 'finding') return [];
    if (node?.kind === 'group') {
      const ids = findingIds(node.group.findings, node.by);
      return node.group.findings.map((finding, index) => ({ kind: 'finding', finding: finding as Finding, by: node.by, id: ids[index] }));
    }
    const visible = filterFindings(this.feed.findings(), this.filter) as Finding[];
    return groupFindings(visible, this.groupBy).map((group) => ({ kind: 'group', group, by: this.groupBy }));
  }

  /** What the view shows, for tests: its total, its per-severity counts and its groups' labels and sizes. */
  summary(): { total: number; errors: number; warnings: number; infos: number; groups: Array<{ label: string; count: number }> } {
    const visible = filterFindings(this.feed.findings(), this.filter);
    const counts = countFindings(visible);
    return { total: counts.total, errors: counts.errors, warnings: counts.warnings, infos: counts.infos, groups: groupFindings(visible, this.groupBy).map((g) => ({ label: g.label, count: g.findings.length })) };
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }

  private refresh(): void {
    const all = this.feed.findings();
    const counts = countFindings(all);
    const visible = this.filter ? filterFindings(all, this.filter) : all;
    this.tree.description = counts.total === 0 ? '' : plural(counts.total, 'finding');
    this.tree.badge = counts.total > 0 ? { value: counts.total, tooltip: `AISec: ${describeCounts(counts)}` } : undefined;
    this.tree.message = this.filter
      ? `Filter "${this.filter}": ${visible.length} of ${plural(all.length, 'finding')}. Grouped by ${this.groupBy}.`
      : counts.total > 0
        ? `${describeCounts(counts)} in ${plural(counts.files, 'file')}, grouped by ${this.groupBy}.`
        : undefined;
    void vscode.commands.executeCommand('setContext', 'aisec.findings.filtered', this.filter !== '');
    this.changed.fire(undefined);
  }

  private async pickGrouping(): Promise<void> {
    const picked = await vscode.window.showQuickPick(
      GROUP_BY_CHOICES.map((choice) => ({ label: choice.label, value: choice.value, description: choice.value === this.groupBy ? 'current' : '' })),
      { placeHolder: 'Group AISec findings by' },
    );
    if (!picked) return;
    this.groupBy = picked.value;
    await this.state.update(GROUP_BY_KEY, picked.value);
    this.refresh();
  }

  private async askFilter(): Promise<void> {
    const value = await vscode.window.showInputBox({
      prompt: 'Show findings whose rule, category, file or message contains every word (a word starting with ! excludes)',
      placeHolder: 'AIS101 secrets src/ !tests',
      value: this.filter,
    });
    if (value !== undefined) this.setFilter(value.trim());
  }

  private setFilter(filter: string): void {
    this.filter = filter;
    this.refresh();
  }

  private async open(node: Node | undefined): Promise<void> {
    const selected = node ?? this.tree.selection[0];
    if (selected?.kind !== 'finding') return;
    await this.details.show(selected.finding);
    await revealFinding(selected.finding, true);
  }
}

function groupIcon(node: { group: FindingGroup; by: GroupBy }): vscode.ThemeIcon | undefined {
  if (node.by === 'severity') {
    const severity = node.group.key as keyof typeof SEVERITY_ICONS;
    return new vscode.ThemeIcon(SEVERITY_ICONS[severity], new vscode.ThemeColor(SEVERITY_COLOURS[severity]));
  }
  if (node.by === 'category') return new vscode.ThemeIcon('symbol-namespace');
  if (node.by === 'rule') return new vscode.ThemeIcon('law');
  return vscode.ThemeIcon.File;
}
