/**
 * The rule list (asked of the server once per server start) and the rule picker of "Show Rule
 * Documentation": every rule with its code, name and title, the rules of the current file first.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DIAGNOSTIC_SOURCE, RuleListRequest } from '../../server/src/shared/protocol';
import { codeOf } from './findings/findings-feed';

export class RuleCatalog {
  private rules: Promise<RuleListRequest.RuleSummary[]> | undefined;

  constructor(private readonly client: LanguageClient) {}

  list(): Promise<RuleListRequest.RuleSummary[]> {
    this.rules ??= this.client.sendRequest(RuleListRequest.type).catch((error: unknown) => {
      this.rules = undefined;
      throw error;
    });
    return this.rules;
  }

  /** Forgets the list (after a restart the server may have other rules). */
  reset(): void {
    this.rules = undefined;
  }
}

interface RuleItem extends vscode.QuickPickItem {
  rule?: string;
}

/** Lets the user pick a rule: those reported in the active editor first, then every rule AISec has. */
export async function pickRule(catalog: RuleCatalog): Promise<string | undefined> {
  const rules = await catalog.list();
  const editor = vscode.window.activeTextEditor;
  const inFile = new Set<string>();
  if (editor) {
    const diagnostics = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === DIAGNOSTIC_SOURCE);
    const here = diagnostics.filter((d) => d.range.contains(editor.selection.active));
    for (const diagnostic of [...here, ...diagnostics]) inFile.add(codeOf(diagnostic));
  }
  const toItem = (rule: RuleListRequest.RuleSummary): RuleItem => ({ label: rule.id, description: rule.name, detail: rule.title, rule: rule.id });
  const items: RuleItem[] = [];
  const fileRules = rules.filter((rule) => inFile.has(rule.id));
  if (fileRules.length > 0) items.push({ label: 'In this file', kind: vscode.QuickPickItemKind.Separator }, ...fileRules.map(toItem));
  items.push({ label: 'All rules', kind: vscode.QuickPickItemKind.Separator }, ...rules.filter((rule) => !inFile.has(rule.id)).map(toItem));
  const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Rule to document (type a code, name or words of the title)', matchOnDescription: true, matchOnDetail: true });
  return picked?.rule;
}
