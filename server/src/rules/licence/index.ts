/**
 * The licence family (AIS900-AIS919): the licences of models, datasets and packages against the policy in
 * `[licenses]`. Five checkers (model cards, model files, package-lock.json, package.json and pyproject.toml
 * licence fields, LICENSE files) report under every rule.
 */
import { defineRuleFamily, type RuleModule } from '../../engine/rule';
import { meta as deniedLicence } from './denied-licence/rule';
import { meta as licenceNotAllowed } from './licence-not-allowed/rule';
import { meta as unknownLicence } from './unknown-licence/rule';
import { licenceFileChecker, manifestLicenceChecker, modelCardChecker, modelFileLicenceChecker, packageLockLicenceChecker } from './licence-checker';

export const modules: readonly RuleModule[] = [defineRuleFamily([deniedLicence, licenceNotAllowed, unknownLicence], [modelCardChecker, modelFileLicenceChecker, packageLockLicenceChecker, manifestLicenceChecker, licenceFileChecker])];
