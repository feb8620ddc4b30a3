/**
 * The only way a secret is ever shown: a short prefix (the provider prefix when the value has one) and
 * the last characters. Everything the engine emits about a secret goes through `redactSecret`.
 */

/** Provider prefixes that identify a key without revealing it; longest first so `sk-proj-` wins over `sk-`. */
const KNOWN_PREFIXES = [
  'sk-ant-admin01-', 'sk-ant-api03-', 'sk-svcacct-', 'sk-service-', 'sk-admin-', 'sk-proj-', 'sk-or-v1-',
  'github_pat_', 'bedrock-api-key-', 'tgp_v1_', 'lsv2_pt_', 'lsv2_sk_', 'api_org_', 'sk_live_', 'sk_test_',
  'rk_live_', 'rk_test_', 'nvapi-', 'sk-lf-', 'glpat-', 'pcsk_', 'pplx-', 'xoxb-', 'xoxp-', 'xoxe-', 'xapp-',
  'pypi-', 'sk-', 'hf_', 'gsk_', 'r8_', 'xai-', 'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'npm_', 'dapi', 'AIza',
  'ABSK', 'AKIA', 'ASIA', 'SG.', 'slk_', 'sk_', 'eyJ',
];

/**
 * `sk-proj-…Xy7Q` for long values, `ab…yz` for medium ones and only the length for short ones, so that
 * at most a quarter of a value (and never more than 4 trailing characters) is revealed.
 */
export function redactSecret(value: string): string {
  const length = value.length;
  if (length < 12) return `<${length} chars>`;
  if (length < 20) return `${value.slice(0, 2)}…${value.slice(-2)}`;
  const prefix = KNOWN_PREFIXES.find((p) => value.startsWith(p) && p.length <= length / 3) ?? value.slice(0, 4);
  return `${prefix}…${value.slice(-4)}`;
}
