/** AIS900 denied-licence: a model, dataset or package is under a licence the policy denies. */
import type { RuleMeta } from '../../../engine/rule';
import { LICENCE_REFERENCES, LICENCE_SOURCES, POLICY_EXAMPLE } from '../shared-docs';

export const meta: RuleMeta = {
  id: 'AIS900',
  name: 'denied-licence',
  title: 'Licence denied by the licence policy',
  category: 'licence',
  fileKinds: ['markdown', 'model', 'package-lock'],
  severity: 'error',
  confidence: 'high',
  cwe: ['CWE-1357'],
  message: '{{what}} is licensed under `{{licence}}`, which the licence policy denies (`{{pattern}}`).',
  fixAvailability: 'none',
  docs: {
    whatItDoes: `Runs only when a licence policy is configured (\`[licenses]\` in \`.aisec.toml\` or \`[tool.aisec.licenses]\`). Flags a model, dataset or locked package whose licence matches a \`deny\` pattern: an SPDX id (\`GPL-2.0-or-later\` covers \`GPL-3.0-only\`), a name with \`*\` wildcards (\`cc-by-nc-*\`), or a model licence name (\`llama2\`). An SPDX expression is denied when every choice it offers needs a denied licence: \`MIT OR CC-BY-NC-4.0\` passes, \`MIT AND CC-BY-NC-4.0\` does not. ${LICENCE_SOURCES}`,
    whyIsThisBad: 'A model licence can forbid commercial use (CC BY-NC), cap the number of users or restrict fields of use (Llama, Gemma, OpenRAIL), or require that derived weights carry the same terms. Shipping such a model in a product the licence does not allow is a legal risk that no test catches, and it is cheapest to notice before the model is built into the system.',
    example: `${POLICY_EXAMPLE}\n# models/summariser/README.md\n---\nlicense: cc-by-nc-4.0\nlibrary_name: transformers\n---\n`,
    useInstead: '# models/summariser/README.md: a model whose licence the policy allows\n---\nlicense: apache-2.0\nlibrary_name: transformers\n---\n',
    references: LICENCE_REFERENCES,
  },
};
