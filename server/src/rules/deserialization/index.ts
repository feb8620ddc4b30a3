/** The deserialization family: every rule module, in code order. */
import type { RuleModule } from '../../engine/rule';
import unsafePickleLoad from './unsafe-pickle-load/rule';

export const modules: readonly RuleModule[] = [unsafePickleLoad];
