/** The code-execution family: every rule module, in code order. */
import type { RuleModule } from '../../engine/rule';

export const modules: readonly RuleModule[] = [];
