/**
 * Rules for library opt-ins that switch a safety check off by keyword (`allow_dangerous_code=True`,
 * `allow_dangerous_requests=True`, `allow_dangerous_deserialization=True`): any call passing the keyword
 * with a truthy value is reported, with an unsafe fix that removes the keyword. A value forwarded from a
 * parameter, a command-line argument or a settings field is followed to its default (`python-settings.ts`):
 * on by default counts as enabled; otherwise it is information that the switch is configurable.
 */
import type { AstChecker, AstContext } from '../../engine/rule';
import { keywordArgumentNode, removeArgumentEdit } from './python-edits';
import { configurableSource, switchState } from './python-settings';

export interface OptInCheck {
  ruleId: string;
  /** The keyword argument that opts in. */
  keyword: string;
  /** What happens when the switch is on, as a clause ("the saved index is unpickled, so a tampered file runs code"). */
  consequence: string;
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
        const state = switchState(ctx, value, check.keyword);
        if (state.state === 'off') continue;
        const callee = call.childForFieldName('function')?.text ?? 'call';
        if (state.state === 'configurable') {
          ctx.report({
            ruleId: check.ruleId,
            range: ctx.rangeOfNode(call),
            message: `\`${callee}\` takes \`${check.keyword}\` ${configurableSource(state)}; when it is turned on, ${check.consequence}.`,
            severity: 'info',
            confidence: 'low',
          });
          continue;
        }
        const edit = removeArgumentEdit(ctx, call, keyword);
        ctx.report({
          ruleId: check.ruleId,
          range: ctx.rangeOfNode(call),
          data: { callee },
          ...(state.state === 'on-by-default'
            ? { message: `\`${callee}\` is called with \`${check.keyword}\` on by default (${state.source}): ${check.consequence}.`, confidence: 'medium' as const }
            : {}),
          fixes: edit ? [{ title: `Remove \`${check.keyword}\``, applicability: 'unsafe', preferred: true, edits: [edit] }] : [],
        });
      }
    },
  };
}
