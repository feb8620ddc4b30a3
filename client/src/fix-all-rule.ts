/**
 * A quick fix "Fix all AIS102 in this file" beside each AISec diagnostic whose rule has two or more
 * fixable diagnostics in the file, as ESLint offers "Fix all <rule> problems". The edits come from the
 * diagnostics' data (see fix-all-rule-plan.ts); nothing is asked of the server.
 */
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from '../../server/src/shared/protocol';
import { codeOf, dataOf } from './findings/findings-feed';
import { planFixAll } from './fix-all-rule-plan';

export class FixAllRuleProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const rules = new Set(context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && codeOf(d) !== '').map(codeOf));
    if (rules.size === 0) return [];
    const all = vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === DIAGNOSTIC_SOURCE);
    const actions: vscode.CodeAction[] = [];
    for (const rule of rules) {
      const ofRule = all.filter((d) => codeOf(d) === rule);
      const plan = planFixAll(document.uri.toString(), ofRule.map((d) => ({ data: dataOf(d) })));
      if (plan.fixed < 2) continue;
      const action = new vscode.CodeAction(`Fix all ${rule} in this file (${plan.fixed})${plan.needsReview ? ' (review: changes behaviour)' : ''}`, vscode.CodeActionKind.QuickFix);
      action.edit = new vscode.WorkspaceEdit();
      for (const edit of plan.edits) {
        action.edit.replace(document.uri, new vscode.Range(edit.range.start.line, edit.range.start.character, edit.range.end.line, edit.range.end.character), edit.newText);
      }
      action.diagnostics = ofRule;
      actions.push(action);
    }
    return actions;
  }
}
