/** The secrets family: every rule module, in code order. */
import type { RuleModule } from '../../engine/rule';
import { defineRuleFamily } from '../../engine/rule';
import { KEYSTORE_RULE, keystoreChecker } from './keystore';
import { RAILS_MASTER_KEY_RULE, railsMasterKeyChecker } from './rails-master-key';
import { SECRET_RULES } from './rules';
import { secretsChecker } from './checker';

export const modules: readonly RuleModule[] = [defineRuleFamily(SECRET_RULES, [secretsChecker]), defineRuleFamily([KEYSTORE_RULE], [keystoreChecker]),
  defineRuleFamily([RAILS_MASTER_KEY_RULE], [railsMasterKeyChecker]),
];
