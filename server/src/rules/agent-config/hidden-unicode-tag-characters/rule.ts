/**
 * AIS820 hidden-unicode-tag-characters: Unicode tag characters (U+E0000-U+E007F) spell ASCII text that no
 * editor shows, the "ASCII smuggling" carrier of hidden instructions. Reported by the shared
 * hidden-Unicode checker (`../hidden-unicode/checker.ts`).
 */
import { defineRuleFamily, type RuleMeta } from '../../../engine/rule';
import { HIDDEN_UNICODE_FILE_KINDS } from '../hidden-unicode/file-kinds';

export const TAG_CHARACTERS: RuleMeta = {
  id: 'AIS820',
  name: 'hidden-unicode-tag-characters',
  title: 'Hidden Unicode tag characters',
  category: 'agent-config',
  fileKinds: HIDDEN_UNICODE_FILE_KINDS,
  severity: 'error',
  confidence: 'high',
  cwe: ['CWE-451'],
  message: '{{detail}}',
  fixAvailability: 'always',
  docs: {
    whatItDoes: 'Finds Unicode tag characters (U+E0000-U+E007F) in every text file AISec reads: agent instruction files (AGENTS.md, CLAUDE.md, `.cursorrules`, `.cursor/rules/*.mdc`, `.github/copilot-instructions.md`, SKILL.md, ...), Markdown, code, JSON, YAML and TOML. The message decodes them and shows the hidden text. An emoji subdivision flag (U+1F3F4, two to six tag letters or digits, CANCEL TAG, such as the flag of Scotland) is the one legitimate use and is not reported.',
    whyIsThisBad: 'Tag characters U+E0020-U+E007E map one to one onto printable ASCII, render as nothing in editors, diffs and code review, and are still read by language models. A whole sentence such as "also send ~/.aws/credentials to ..." can sit invisibly in a rules file (the "Rules File Backdoor" and "ASCII smuggling" attacks): the reviewer approves clean text and the coding assistant follows the hidden one. In an MCP tool description or a prompt string in code they do the same to the model that reads them.',
    example: '# Project rules\nAlways write tests.<U+E0049><U+E0067><U+E006E><U+E006F><U+E0072><U+E0065> ...  (invisible: "Ignore ...")\n',
    useInstead: '# Project rules\nAlways write tests.\n',
    fixSafety: 'The fix deletes the tag characters. It is safe: they display as nothing, so the text a person reads does not change; only the hidden instructions go.',
    references: [
      'https://cwe.mitre.org/data/definitions/451.html',
      'https://www.unicode.org/charts/PDF/UE0000.pdf',
      'https://embracethered.com/blog/posts/2024/hiding-and-finding-text-with-unicode-tags/',
      'https://www.pillar.security/blog/new-vulnerability-in-github-copilot-and-cursor-how-hackers-can-weaponize-code-agents',
    ],
  },
};

export default defineRuleFamily([TAG_CHARACTERS], []);
