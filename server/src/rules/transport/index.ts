/** The transport family: every rule module, in code order. */
import type { RuleModule } from '../../engine/rule';
import tlsRejectUnauthorizedDisabled from './tls-reject-unauthorized-disabled/rule';
import nodeTlsRejectUnauthorizedEnv from './node-tls-reject-unauthorized-env/rule';
import requestsVerifyDisabled from './requests-verify-disabled/rule';
import unverifiedSslContext from './unverified-ssl-context/rule';
import sslVerificationOff from './ssl-verification-off/rule';
import tlsWarningsDisabled from './tls-warnings-disabled/rule';

export const modules: readonly RuleModule[] = [tlsRejectUnauthorizedDisabled, nodeTlsRejectUnauthorizedEnv, requestsVerifyDisabled, unverifiedSslContext, sslVerificationOff, tlsWarningsDisabled];
