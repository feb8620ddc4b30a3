/**
 * The one registry of every rule, grouped by family. Adding a rule means adding it to its family's
 * `index.ts`; `.ci/check-rules.ts` fails when a rule folder is not registered or lacks docs or fixtures.
 */
import type { Checker, RuleMeta, RuleModule } from '../engine/rule';
import { compareRuleCodes } from '../engine/rule-codes';
import { modules as deserialization } from './deserialization/index';
import { modules as codeExecution } from './code-execution/index';
import { modules as modelProvenance } from './model-provenance/index';
import { modules as transport } from './transport/index';
import { modules as secrets } from './secrets/index';
import { modules as dependencies } from './dependencies/index';
import { modules as modelFiles } from './model-files/index';
import { modules as agentConfig } from './agent-config/index';
import { modules as pipeline } from './pipeline/index';
import { modules as licence } from './licence/index';

export const ALL_MODULES: readonly RuleModule[] = [
  ...deserialization,
  ...codeExecution,
  ...modelProvenance,
  ...transport,
  ...secrets,
  ...dependencies,
  ...modelFiles,
  ...agentConfig,
  ...pipeline,
  ...licence,
];

/** Every rule, sorted by code. */
export const ALL_RULES: readonly RuleMeta[] = ALL_MODULES.flatMap((m) => m.rules).sort((a, b) => compareRuleCodes(a.id, b.id));

export const ALL_CHECKERS: readonly Checker[] = ALL_MODULES.flatMap((m) => m.checkers);
