/** The transport family: every rule module, in code order. */
import type { RuleModule } from '../../engine/rule';
import tlsRejectUnauthorizedDisabled from './tls-reject-unauthorized-disabled/rule';
import nodeTlsRejectUnauthorizedEnv from './node-tls-reject-unauthorized-env/rule';

export const modules: readonly RuleModule[] = [tlsRejectUnauthorizedDisabled, nodeTlsRejectUnauthorizedEnv];
