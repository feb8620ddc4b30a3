/**
 * `rejectUnauthorized: false` that applies only under a switch whose name says it is insecure
 * (`process.env.ALLOW_UNAUTHORIZED_CERTS ? { rejectUnauthorized: false } : undefined`) is the operator's
 * knowing opt-in: advisory (audit profile only). A switch that only turns TLS on, a negated switch, or the
 * other branch of the condition keeps the error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import { DEFAULT_CONFIG } from '../../server/src/engine/index';

const AUDIT = { ...DEFAULT_CONFIG, profile: 'audit' as const };
const CODE = [
  "import https from 'node:https';",
  'export function agents(options: { insecure?: boolean; sslEnabled?: boolean }) {',
  '  const tls = process.env.ALLOW_UNAUTHORIZED_CERTS ? { rejectUnauthorized: false } : undefined;',
  '  const skip = process.env.SKIP_TLS_VERIFY && { rejectUnauthorized: false };',
  '  if (options.insecure) {',
  '    return new https.Agent({ rejectUnauthorized: false });',
  '  }',
  '  const redis = options.sslEnabled === true ? { tls: { rejectUnauthorized: false } } : {};',
  '  const negated = !options.insecure ? { rejectUnauthorized: false } : {};',
  '  const other = process.env.ALLOW_UNAUTHORIZED_CERTS ? {} : { rejectUnauthorized: false };',
  '  const agent = new https.Agent({ rejectUnauthorized: false });',
  '  if (process.env.NODE_INSECURE === "1") agent.options.rejectUnauthorized = false;',
  '  return [tls, skip, redis, negated, other, agent];',
  '}',
  '',
].join('\n');

test('a bypass under a switch named insecure is advisory; other conditions keep the error', async () => {
  const engine = await loadEngine();
  const audit = engine.analyze({ path: 'src/agents.ts', text: CODE, config: AUDIT }).findings.filter((f) => f.ruleId === 'AIS750');
  assert.deepEqual(audit.map((f) => `${f.range.start.line + 1} ${f.severity} ${f.advisory ?? '-'}`), [
    '3 warning reported', '4 warning reported', '6 warning reported', '8 error -', '9 error -', '10 error -', '11 error -', '12 warning reported',
  ]);
  assert.match(audit[0]?.message ?? '', /only when `process\.env\.ALLOW_UNAUTHORIZED_CERTS` is set/);
  const quiet = engine.analyze({ path: 'src/agents.ts', text: CODE }).findings.filter((f) => f.ruleId === 'AIS750');
  assert.deepEqual(quiet.map((f) => f.range.start.line + 1), [8, 9, 10, 11]);
});
