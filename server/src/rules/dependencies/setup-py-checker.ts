/** setup.py, read statically (never executed): its `setup(...)` requirements get the dependency checks. */
import type { Checker } from '../../engine/rule';
import { parseSetupPy } from '../../engine/manifests/setup-py';
import { checkParsed } from './manifest-checker';

export const setupPyChecker: Checker = {
  kind: 'ast',
  name: 'setup-py-requirements',
  ruleIds: ['AIS501', 'AIS502', 'AIS503', 'AIS504', 'AIS505', 'AIS507', 'AIS508', 'AIS509', 'AIS513', 'AIS514'],
  fileKinds: ['python'],
  keywords: ['setup('],
  onFile(ctx) {
    if (!/(^|[\\/])setup\.py$/.test(ctx.path)) return;
    checkParsed(ctx, parseSetupPy(ctx.root), 'manifest');
  },
};
