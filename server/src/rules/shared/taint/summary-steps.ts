/**
 * Steps of a path between the two forms they take across modules: a summary ships its steps as plain data
 * (message, file and range), and an importer's trace keeps them as steps that lie elsewhere, anchored at
 * its own call into that module, so a finding shows every file the flow passed through.
 */
import type { Node } from 'web-tree-sitter';
import type { AstContext } from '../../../engine/rule';
import type { TaintSummaryStep } from '../../../engine/ports';
import type { TaintStep } from './types';

/** A trace's steps as summary data: steps of this module get its path and ranges, steps from further modules keep theirs. */
export function exportSteps(ctx: AstContext, steps: readonly TaintStep[]): TaintSummaryStep[] {
  return steps.map((step) => (step.elsewhere ? { message: step.message, path: step.elsewhere.path, range: step.elsewhere.range } : { message: step.message, path: ctx.path, range: ctx.rangeOfNode(step.node) }));
}

/** A summary's steps in the importer's trace, each anchored at `call` (the importer's call into that module). */
export function stepsElsewhere(call: Node, steps: readonly TaintSummaryStep[]): TaintStep[] {
  return steps.map((step) => ({ node: call, message: step.message, elsewhere: { path: step.path, range: step.range } }));
}
