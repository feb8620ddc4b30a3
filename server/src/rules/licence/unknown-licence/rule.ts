/** AIS902 unknown-licence: a model whose licence the repository does not state, under a licence policy. */
import type { RuleMeta } from '../../../engine/rule';
import { LICENCE_REFERENCES, LICENCE_SOURCES, POLICY_EXAMPLE } from '../shared-docs';

export const meta: RuleMeta = {
  id: 'AIS902',
  name: 'unknown-licence',
  title: 'Model without a readable licence under a licence policy',
  category: 'licence',
  fileKinds: ['markdown', 'model'],
  severity: 'warning',
  confidence: 'medium',
  cwe: ['CWE-1357'],
  message: '{{what}} states no licence AISec can read{{detail}}; the licence policy cannot judge it.',
  fixAvailability: 'none',
  docs: {
    whatItDoes: `Runs only when a licence policy is configured and its \`unknown\` is not \`"ignore"\` (\`"warn"\`, the default, reports a warning; \`"error"\` an error). Flags a model card whose front matter has no \`license:\` (or \`other\` without \`license_name:\`), a model file whose metadata names no licence when no README.md or LICENSE file sits next to it, a LICENSE file whose text is no licence AISec recognises, and a package.json or pyproject.toml licence field that names none (\`UNLICENSED\`; \`SEE LICENSE IN <file>\` and \`{ file = ... }\` leave it to that file). ${LICENCE_SOURCES}`,
    whyIsThisBad: 'A model without a stated licence cannot be shown to be usable at all: by default nobody may copy or redistribute it. A licence policy that cannot see the licence cannot protect the product.',
    example: `${POLICY_EXAMPLE}\n# models/classifier/README.md\n---\nlibrary_name: transformers\npipeline_tag: text-classification\n---\n`,
    useInstead: '# models/classifier/README.md: the licence the model was published under\n---\nlicense: apache-2.0\nlibrary_name: transformers\npipeline_tag: text-classification\n---\n',
    references: LICENCE_REFERENCES,
  },
};
