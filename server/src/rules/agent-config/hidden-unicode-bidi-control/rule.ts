/**
 * AIS821 hidden-unicode-bidi-control: bidirectional embedding, override and isolate controls (and the
 * right-to-left marks outside right-to-left text) make the displayed order of a line differ from the
 * order a compiler or a model reads (Trojan Source). Reported by `../hidden-unicode/checker.ts`.
 */
import { defineRuleFamily, type RuleMeta } from '../../../engine/rule';
import { HIDDEN_UNICODE_FILE_KINDS } from '../hidden-unicode/file-kinds';

export const BIDI_CONTROL: RuleMeta = {
  id: 'AIS821',
  name: 'hidden-unicode-bidi-control',
  title: 'Bidirectional control characters (Trojan Source)',
  category: 'agent-config',
  fileKinds: HIDDEN_UNICODE_FILE_KINDS,
  severity: 'error',
  confidence: 'high',
  cwe: ['CWE-451'],
  message: '{{detail}}',
  fixAvailability: 'always',
  docs: {
    whatItDoes: 'Finds the bidirectional controls U+202A-U+202E (embeddings, overrides, PDF) and U+2066-U+2069 (isolates) anywhere, and U+200F RIGHT-TO-LEFT MARK and U+061C ARABIC LETTER MARK on lines without right-to-left letters (on Hebrew or Arabic lines they are ordinary typography; U+200E is left alone, as Ruff does). It is an error in agent instruction files and a warning in code, Markdown and configuration files.',
    whyIsThisBad: 'These characters reorder how a line is displayed without changing the characters a compiler, an interpreter or a language model reads. In code a comment can seem to close before a statement that actually runs, or a string can seem to end early (Trojan Source, CVE-2021-42574). In an instruction file a reviewer reads one sentence while the assistant reads the characters in their stored order.',
    example: 'access_level = "user"\nif access_level != "user<U+202E> <U+2066>// Check if admin<U+2069> <U+2066>":\n    grant()\n',
    useInstead: 'access_level = "user"\nif access_level != "user":  # Check if admin\n    grant()\n',
    fixSafety: 'The fix deletes the control characters. It is unsafe: in genuine right-to-left text the display order can change, so it is offered one finding at a time.',
    references: [
      'https://cwe.mitre.org/data/definitions/451.html',
      'https://trojansource.codes/',
      'https://nvd.nist.gov/vuln/detail/CVE-2021-42574',
      'https://docs.astral.sh/ruff/rules/bidirectional-unicode/',
    ],
  },
  peers: { bandit: ['B613'], ruff: ['PLE2502'] },
};

export default defineRuleFamily([BIDI_CONTROL], []);
