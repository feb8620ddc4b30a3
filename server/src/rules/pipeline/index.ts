/** The pipeline family (CI workflows, Dockerfiles, dev containers, package-index settings, `.pth` files): every rule module, in code order. */
import type { RuleModule } from '../../engine/rule';
import ghaPwnRequest from './gha-pwn-request/rule';

export const modules: readonly RuleModule[] = [ghaPwnRequest];
