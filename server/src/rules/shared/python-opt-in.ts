/**
 * Rules for library opt-ins that switch a safety check off by keyword (`allow_dangerous_code=True`,
 * `allow_dangerous_requests=True`, `allow_dangerous_deserialization=True`): any call passing the keyword
 * with a truthy value is reported, with an unsafe fix that removes the keyword.
 */
import type { AstChecker, AstContext } from '../../engine/rule';
import type { Severity } from '../../engine/finding';
import { literalTruthiness } from './python-calls';
import { keywordArgumentNode, removeArgumentEdit } from './python-edits';

export interface OptInCheck {
  ruleId: string;
  /** The keyword argument that opts in. */
  keyword: string;
  /** Severity when the value is not a literal (it may be false at run time). */
  unknownSeverity: Extract<Severity, 'warning' | 'info'>;
}

/** The checker part of `defineRule` for an opt-in keyword. */
export function optInKeywordChecker(check: OptInCheck): Pick<AstChecker, 'kind' | 'keywords' | 'onFile'> {
  return {
    kind: 'ast',
    keywords: [check.keyword],
    onFile(ctx: AstContext) {
      for (const call of ctx.calls()) {
        const keyword = keywordArgumentNode(call, check.keyword);
        const value = keyword?.childForFieldName('value');
        if (!keyword || !value) continue;
        const truth = literalTruthiness(ctx, value);
        if (truth === false) continue;
        const edit = removeArgumentEdit(ctx, call, keyword);
        ctx.report({
          ruleId: check.ruleId,
          range: ctx.rangeOfNode(call),
          data: { callee: call.childForFieldName('function')?.text ?? 'call' },
          ...(truth === undefined ? { severity: check.unknownSeverity, confidence: 'low' as const } : {}),
          fixes: edit ? [{ title: `Remove \`${check.keyword}\``, applicability: 'unsafe', preferred: true, edits: [edit] }] : [],
        });
      }
    },
  };
}
