/**
 * The "AI Inventory" view in AISec's activity-bar container: what the workspace's AI is made of (models,
 * datasets, model files, AI services and SDKs, agent tools, AI-related dependencies), grouped by kind, each
 * with its licence (and the licence policy's verdict) and the places it was found; a place opens the file
 * there. The server builds the inventory (`aisec/inventory`, the code behind `aisec bom`); the view asks for it
 * when it is first shown and on "Show AI Inventory" or refresh.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { InventoryRequest } from '../../../server/src/shared/protocol';

type Item = InventoryRequest.Item;
type Node = { kind: 'group'; label: string; items: Item[] } | { kind: 'item'; item: Item } | { kind: 'occurrence'; occurrence: InventoryRequest.Occurrence };

const GROUPS: ReadonlyArray<{ kind: Item['kind']; label: string; icon: string }> = [
  { kind: 'model', label: 'Models', icon: 'hubot' },
  { kind: 'dataset', label: 'Datasets', icon: 'database' },
  { kind: 'model-file', label: 'Model files', icon: 'file-binary' },
  { kind: 'service', label: 'AI services and SDKs', icon: 'cloud' },
  { kind: 'tool', label: 'Agent tools', icon: 'tools' },
  { kind: 'mcp-server', label: 'MCP servers', icon: 'plug' },
  { kind: 'dependency', label: 'AI-related dependencies', icon: 'package' },
];

const POLICY_COLOURS = { denied: 'problemsErrorIcon.foreground', 'not-allowed': 'problemsWarningIcon.foreground', unknown: 'problemsWarningIcon.foreground' } as const;

export class InventoryView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  static readonly viewId = 'aisec.inventory';
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly tree: vscode.TreeView<Node>;
  private readonly disposables: vscode.Disposable[] = [];
  private items: Promise<Item[]> | undefined;

  constructor(
    private readonly client: LanguageClient,
    private readonly ready: () => Promise<void>,
  ) {
    this.tree = vscode.window.createTreeView(InventoryView.viewId, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.tree,
      this.changed,
      vscode.commands.registerCommand('aisec.showInventory', () => this.show()),
      vscode.commands.registerCommand('aisec.inventory.refresh', () => this.refresh()),
      vscode.commands.registerCommand('aisec.inventory.open', (occurrence?: InventoryRequest.Occurrence) => this.open(occurrence)),
    );
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) {
      const items = await this.load();
      return GROUPS.map((group) => ({ kind: 'group' as const, label: group.label, items: items.filter((item) => item.kind === group.kind) })).filter((group) => group.items.length > 0);
    }
    if (node.kind === 'group') return node.items.map((item) => ({ kind: 'item' as const, item }));
    if (node.kind === 'item') return node.item.occurrences.map((occurrence) => ({ kind: 'occurrence' as const, occurrence }));
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'group') {
      const group = GROUPS.find((g) => g.label === node.label);
      const item = new vscode.TreeItem(node.label, node.items.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
      item.id = `inventory:${node.label}`;
      item.description = String(node.items.length);
      item.iconPath = new vscode.ThemeIcon(group?.icon ?? 'symbol-misc');
      return item;
    }
    if (node.kind === 'item') {
      const entry = node.item;
      const item = new vscode.TreeItem(entry.name, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `inventory:${entry.kind}:${entry.name}:${entry.description}`;
      const licence = entry.licence ? `licence ${entry.licence}${entry.licencePolicy ? ` (${entry.licencePolicy})` : ''}` : entry.licencePolicy === 'unknown' ? 'licence unknown' : undefined;
      item.description = [entry.description, licence].filter((part) => part !== undefined && part !== '').join(' · ');
      item.tooltip = new vscode.MarkdownString([`**${entry.name}**`, entry.description, licence, `${entry.occurrences.length} place${entry.occurrences.length === 1 ? '' : 's'}`].filter(Boolean).join('\n\n'));
      const colour = entry.licencePolicy && entry.licencePolicy !== 'allowed' ? POLICY_COLOURS[entry.licencePolicy] : undefined;
      item.iconPath = new vscode.ThemeIcon(GROUPS.find((g) => g.kind === entry.kind)?.icon ?? 'symbol-misc', colour ? new vscode.ThemeColor(colour) : undefined);
      item.contextValue = 'aisecInventoryItem';
      return item;
    }
    const occurrence = node.occurrence;
    const uri = vscode.Uri.parse(occurrence.uri);
    const item = new vscode.TreeItem(`${vscode.workspace.asRelativePath(uri)}:${occurrence.line + 1}`, vscode.TreeItemCollapsibleState.None);
    item.description = occurrence.evidence;
    item.resourceUri = uri;
    item.command = { command: 'aisec.inventory.open', title: 'Open', arguments: [occurrence] };
    return item;
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }

  private load(): Promise<Item[]> {
    this.items ??= this.ready()
      .then(() => this.client.sendRequest(InventoryRequest.type))
      .then(
        (result) => {
          const count = result.items.length;
          this.tree.message = count === 0 ? 'No models, datasets, AI services or agent tools found in the workspace.' : undefined;
          return result.items;
        },
        (error: unknown) => {
          this.tree.message = `The AI inventory could not be built: ${error instanceof Error ? error.message : String(error)}`;
          return [];
        },
      );
    return this.items;
  }

  private refresh(): void {
    this.items = undefined;
    this.changed.fire(undefined);
  }

  private async show(): Promise<void> {
    this.refresh();
    await vscode.commands.executeCommand(`${InventoryView.viewId}.focus`);
  }

  private async open(occurrence: InventoryRequest.Occurrence | undefined): Promise<void> {
    if (!occurrence) return;
    const position = new vscode.Position(occurrence.line, occurrence.character);
    await vscode.window.showTextDocument(vscode.Uri.parse(occurrence.uri), { selection: new vscode.Range(position, position), preview: true });
  }
}
