/**
 * The dependencies family (AIS5xx): one rule table and the checkers that share its pipeline — manifests
 * and lockfiles, setup.py, install commands in code, notebooks, shell and Markdown, and imports.
 */
import { defineRuleFamily } from '../../engine/rule';
import type { RuleModule } from '../../engine/rule';
import { DEPENDENCY_RULES } from './meta';
import { manifestChecker } from './manifest-checker';
import { setupPyChecker } from './setup-py-checker';
import { commandCallChecker, commandTextChecker } from './command-checker';
import { importChecker } from './import-checker';

export const modules: readonly RuleModule[] = [
  defineRuleFamily(DEPENDENCY_RULES, [manifestChecker, setupPyChecker, commandTextChecker, commandCallChecker, importChecker]),
];
