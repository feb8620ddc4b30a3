/**
 * The licence policy (`[licenses]` in `.aisec.toml`: `deny`, `allow`, `unknown`) and its verdict on one
 * licence. Licences are SPDX expressions (parsed with spdx-expression-parse; `MIT OR Apache-2.0` passes
 * when either side passes, `AND` needs both); patterns are SPDX ids, matched with spdx-satisfies so that
 * `GPL-2.0-or-later` covers `GPL-3.0-only`, or names with `*` wildcards (`cc-by-nc-*`, `llama*`), matched
 * without case and with or without the `LicenseRef-` prefix that model licences SPDX does not list carry.
 */
import parseSpdx from 'spdx-expression-parse';
import satisfies from 'spdx-satisfies';
import type { EngineConfig } from '../../engine/config';
import { UNKNOWN_LICENCE_POLICIES, type UnknownLicencePolicy } from '../../engine/config-file';
import { isSpdxLicenceId, spdxExpressionOf } from '../shared/inventory/licence-names';


export interface LicencePolicy {
  deny: readonly string[];
  allow: readonly string[];
  unknown: UnknownLicencePolicy;
}

/** The key of the policy in `EngineConfig.options` (the category's options table, validated by the configuration reader). */
export const LICENCE_POLICY_OPTION = 'licence';

export type LicenceVerdict =
  | { status: 'denied'; pattern: string; expression: string }
  | { status: 'not-allowed'; expression: string }
  | { status: 'allowed'; expression: string }
  | { status: 'unknown' };

/** The policy of a file's configuration; undefined when none is configured (the licence rules then stay quiet). */
export function licencePolicyOf(config: Pick<EngineConfig, 'options'>): LicencePolicy | undefined {
  const table = config.options[LICENCE_POLICY_OPTION];
  if (!table || typeof table !== 'object') return undefined;
  const raw = table as Record<string, unknown>;
  const list = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
  const deny = list(raw.deny);
  const allow = list(raw.allow);
  const unknown: UnknownLicencePolicy = UNKNOWN_LICENCE_POLICIES.find((p) => p === raw.unknown) ?? 'warn';
  if (deny.length === 0 && allow.length === 0 && raw.unknown === undefined) return undefined;
  return { deny, allow, unknown };
}

/** The policy's verdict on a licence as written (undefined when none is stated). */
export function judgeLicence(written: string | undefined, policy: LicencePolicy): LicenceVerdict {
  const expression = written === undefined ? undefined : spdxExpressionOf(written);
  if (expression === undefined) return { status: 'unknown' };
  let tree: SpdxNode;
  try {
    tree = parseSpdx(expression) as SpdxNode;
  } catch {
    return { status: 'unknown' };
  }
  if (policy.deny.length > 0 && !satisfiable(tree, (leaf) => !matchesAny(policy.deny, leaf))) {
    const pattern = policy.deny.find((p) => leaves(tree).some((leaf) => matches(p, leaf))) ?? policy.deny[0]!;
    return { status: 'denied', pattern, expression };
  }
  if (policy.allow.length > 0 && !satisfiable(tree, (leaf) => matchesAny(policy.allow, leaf) && !matchesAny(policy.deny, leaf))) return { status: 'not-allowed', expression };
  return { status: 'allowed', expression };
}

type SpdxNode = { license: string; plus?: boolean; exception?: string } | { left: SpdxNode; conjunction: 'and' | 'or'; right: SpdxNode };

/** True when some choice among the expression's `OR`s uses only licences that `ok` accepts (an explicit stack: expressions can nest deeply). */
function satisfiable(root: SpdxNode, ok: (leaf: string) => boolean): boolean {
  const results = new Map<SpdxNode, boolean>();
  const stack: Array<{ node: SpdxNode; expanded: boolean }> = [{ node: root, expanded: false }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    const node = top.node;
    if ('license' in node) {
      results.set(node, ok(leafText(node)));
    } else if (!top.expanded) {
      stack.push({ node, expanded: true }, { node: node.left, expanded: false }, { node: node.right, expanded: false });
    } else {
      const left = results.get(node.left) ?? false;
      const right = results.get(node.right) ?? false;
      results.set(node, node.conjunction === 'and' ? left && right : left || right);
    }
  }
  return results.get(root) ?? false;
}

function leaves(root: SpdxNode): string[] {
  const out: string[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if ('license' in node) out.push(leafText(node));
    else stack.push(node.right, node.left);
  }
  return out;
}

function leafText(leaf: { license: string; plus?: boolean; exception?: string }): string {
  return `${leaf.license}${leaf.plus ? '+' : ''}${leaf.exception ? ` WITH ${leaf.exception}` : ''}`;
}

function matchesAny(patterns: readonly string[], leaf: string): boolean {
  return patterns.some((pattern) => matches(pattern, leaf));
}

/** One pattern against one licence of an expression. */
export function matches(pattern: string, leaf: string): boolean {
  const bare = leaf.replace(/^LicenseRef-/i, '');
  if (pattern.includes('*')) {
    const regex = new RegExp(`^(?:LicenseRef-)?${pattern.replace(/^LicenseRef-/i, '').split('*').map(escapeRegExp).join('.*')}$`, 'i');
    return regex.test(leaf) || regex.test(bare);
  }
  const wanted = spdxExpressionOf(pattern) ?? pattern;
  const leafId = leaf.split(' WITH ')[0]!.replace(/\+$/, '');
  if (isSpdxLicenceId(wanted.replace(/\+$/, '')) && isSpdxLicenceId(leafId)) {
    try {
      return satisfies(leaf, [wanted]);
    } catch {
      return false;
    }
  }
  return wanted.toLowerCase() === leaf.toLowerCase() || wanted.replace(/^LicenseRef-/i, '').toLowerCase() === bare.toLowerCase();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
