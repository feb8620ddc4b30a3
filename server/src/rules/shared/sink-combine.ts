/**
 * The combination key of findings on one code-execution or deserialization sink: the rule that flags the
 * sink itself (`exec` of a non-literal, `shell=True`, `pickle.loads`) and the taint rule that traces LLM
 * output into it report one finding together (see `engine/combine.ts`), led by the flow.
 */
import type { CombineKey } from '../../engine/finding';

const SINK_COMBINE_KEY = 'sink';

/** The combination of a sink finding, with the clause that names its problem in a combined message. */
export function sinkCombine(problem: string): CombineKey {
  return { key: SINK_COMBINE_KEY, problem };
}
