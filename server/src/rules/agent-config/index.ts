/** The agent-config family: assistant configuration, instruction files and hidden Unicode, in code order. */
import type { RuleModule } from '../../engine/rule';
import { defineRuleFamily } from '../../engine/rule';
import hiddenUnicodeTagCharacters from './hidden-unicode-tag-characters/rule';
import hiddenUnicodeBidiControl from './hidden-unicode-bidi-control/rule';
import hiddenUnicodeZeroWidth from './hidden-unicode-zero-width/rule';
import { hiddenUnicodeChecker } from './hidden-unicode/checker';

export const modules: readonly RuleModule[] = [
  hiddenUnicodeTagCharacters,
  hiddenUnicodeBidiControl,
  hiddenUnicodeZeroWidth,
  defineRuleFamily([], [hiddenUnicodeChecker]),
];
