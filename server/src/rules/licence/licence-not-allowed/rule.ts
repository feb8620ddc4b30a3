/** AIS901 licence-not-allowed: a licence outside the policy's allow list. */
import type { RuleMeta } from '../../../engine/rule';
import { LICENCE_REFERENCES, LICENCE_SOURCES, POLICY_EXAMPLE } from '../shared-docs';

export const meta: RuleMeta = {
  id: 'AIS901',
  name: 'licence-not-allowed',
  title: 'Licence not on the licence policy\'s allow list',
  category: 'licence',
  fileKinds: ['markdown', 'model', 'package-lock'],
  severity: 'warning',
  confidence: 'high',
  cwe: ['CWE-1357'],
  message: '{{what}} is licensed under `{{licence}}`, which is not on the licence policy\'s allow list.',
  fixAvailability: 'none',
  docs: {
    whatItDoes: `Runs only when the licence policy has an \`allow\` list. Flags a model, dataset or locked package whose licence no choice of its SPDX expression satisfies with allowed licences (and is not denied, which AIS900 reports). ${LICENCE_SOURCES}`,
    whyIsThisBad: 'An allow list is how a legal team says which licences it has reviewed. A licence outside it has not been reviewed for this product: it may carry use restrictions, attribution or share-alike duties nobody has agreed to.',
    example: `${POLICY_EXAMPLE}\n# models/detector/README.md\n---\nlicense: openrail\npipeline_tag: object-detection\n---\n`,
    useInstead: 'Review the licence and add it to `allow` when it fits, or pick a model under a licence already allowed.',
    references: LICENCE_REFERENCES,
  },
};
