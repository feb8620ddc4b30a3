/**
 * AIS856 gha-action-not-sha-pinned: a workflow or composite action uses another repository's action (or
 * reusable workflow) by a tag or branch, which its owner, or whoever takes over the owner's account, can
 * move to other code at any time.
 */
import { defineRule } from '../../../engine/rule';
import type { TextContext } from '../../../engine/rule';
import type { Fix } from '../../../engine/finding';
import { parseActionReference } from '../../../engine/pipeline/github-workflow';
import type { SourceScalar } from '../../../engine/pipeline/yaml-source';
import { workflowOf } from '../shared/workflow-file';
import { COMPROMISED_ACTIONS } from '../shared/compromised-actions';

const FULL_SHA = /^[0-9a-f]{40}$/i;
/** GitHub's own actions: maintained by the platform that runs the workflow (see the docs for why they are advisory). */
const FIRST_PARTY = /^(actions|github)\//;

export default defineRule(
  {
    id: 'AIS856',
    name: 'gha-action-not-sha-pinned',
    title: 'Action referenced by a tag or branch, not a commit SHA',
    category: 'pipeline',
    fileKinds: ['yaml'],
    severity: 'warning',
    confidence: 'medium',
    cwe: ['CWE-829'],
    message: '{{detail}}',
    fixAvailability: 'sometimes',
    docs: {
      whatItDoes: 'Flags `uses: owner/repo@ref` (steps, composite actions and reusable-workflow jobs) whose ref is not a full 40-character commit SHA, and `docker://` images without a `@sha256:` digest. Refs of an action whose tags were re-pointed to malicious code (tj-actions/changed-files up to v45.0.7, CVE-2025-30066; reviewdog/action-setup@v1, CVE-2025-30154; and tj-actions\' malicious commit itself) are errors, third-party actions by tag or branch are warnings, and GitHub\'s own `actions/*` and `github/*`, and actions published by the owner of the scanned repository (its git `origin` remote, else the repository URL in its manifest: `huggingface/hf-workflows` in `huggingface/trl`), are information in the audit profile only (the same people control the workflow and the action). GitHub\'s own actions: they are published by the platform that already runs the workflow, none has been re-pointed, and across the real-code benchmark they make up about 60 % of all `uses:` lines (600 of 1,014), so reporting them by default would bury the third-party refs that matter. OpenSSF Scorecard and zizmor (since v1.20) ask for SHA pins for those too; select the rule with `--profile audit` to see them.',
      whyIsThisBad: 'A tag or branch is a pointer the action\'s owner can move. When tj-actions/changed-files was compromised in March 2025, every tag from v1 to v45.0.7 was re-pointed to a commit that printed the runner\'s secrets into public logs, so every workflow that used it by tag ran that code. Only a full commit SHA always names the same code.',
      example: '      - uses: tj-actions/changed-files@v45\n      - uses: softprops/action-gh-release@v2\n',
      useInstead: '      - uses: tj-actions/changed-files@ed68ef82c095e0d48ec87eccea555d944a631a4c # v46.0.5\n      - uses: softprops/action-gh-release@c95fe1489396fe8a9eb87c0abf8aa5b2ef267fda # v2.2.1\n',
      fixSafety: 'When the same file already pins this action to a full SHA with a `# <ref>` comment naming the same ref, the fix uses that SHA and keeps the comment. It is unsafe: it assumes the other line\'s SHA is the commit the tag names today. AISec never invents a SHA offline; otherwise resolve it with `git ls-remote https://github.com/<owner>/<repo> <ref>` (or a tool such as pinact or ratchet).',
      references: ['https://cwe.mitre.org/data/definitions/829.html', 'https://docs.github.com/en/actions/reference/security/secure-use#using-third-party-actions', 'https://nvd.nist.gov/vuln/detail/CVE-2025-30066', 'https://nvd.nist.gov/vuln/detail/CVE-2025-30154', 'https://docs.zizmor.sh/audits/#unpinned-uses'],
    },
  },
  {
    kind: 'text',
    keywords: ['uses:', '"uses":', "'uses':"],
    check(ctx) {
      const workflow = workflowOf(ctx);
      if (!workflow) return;
      const usesScalars: SourceScalar[] = [];
      for (const job of workflow.jobs) {
        if (job.uses) usesScalars.push(job.uses);
        for (const step of job.steps) if (step.uses) usesScalars.push(step.uses);
      }
      const knownPins = pinsByComment(ctx.text, usesScalars);
      for (const uses of usesScalars) checkUses(ctx, uses, knownPins);
    },
  },
);

function checkUses(ctx: TextContext, uses: SourceScalar, knownPins: ReadonlyMap<string, string>): void {
  const reference = parseActionReference(uses.value);
  if (reference.kind === 'local') return;
  const range = ctx.rangeOf(uses.start, uses.end);
  if (reference.kind === 'docker') {
    if (reference.ref?.startsWith('sha256:')) return;
    ctx.report({ ruleId: 'AIS856', range, data: { detail: `\`${uses.value}\` names a container image by a mutable tag; pin it with \`@sha256:<digest>\`.` } });
    return;
  }
  const ref = reference.ref ?? '';
  const compromised = COMPROMISED_ACTIONS.find((c) => c.action === reference.action && c.affects(ref));
  if (compromised) {
    ctx.report({ ruleId: 'AIS856', range, severity: 'error', confidence: 'high', data: { detail: `\`${reference.action}@${ref}\` was re-pointed to malicious code (${compromised.advisory}); move to a fixed release pinned by its full commit SHA.` } });
    return;
  }
  if (FULL_SHA.test(ref)) return;
  const platform = FIRST_PARTY.test(reference.action);
  // The repository's own owner publishes the action: the same people control both, so a moved tag is theirs.
  const owner = ctx.ports.project?.repositoryOwner?.(ctx.path);
  const ownOwner = !platform && owner !== undefined && reference.action.split('/')[0]!.toLowerCase() === owner;
  const firstParty = platform || ownOwner;
  const branch = ref === '' || /^(main|master|dev|develop|trunk|latest|nightly|HEAD)$/.test(ref);
  const sha = knownPins.get(`${reference.action}@${ref}`);
  const fixes: Fix[] = sha
    ? [{ title: `Pin to ${sha.slice(0, 12)}… (the SHA this file already uses for ${ref})`, applicability: 'unsafe', edits: [{ range, newText: `${uses.value.slice(0, uses.value.lastIndexOf('@'))}@${sha} # ${ref}` }] }]
    : [];
  ctx.report({
    ruleId: 'AIS856',
    range,
    fixes,
    ...(firstParty ? { severity: 'info' as const, advisory: true } : {}),
    data: {
      detail: `\`${uses.value}\` runs whatever the ${branch ? 'branch' : 'tag'} \`${ref || 'default branch'}\` points to when the workflow starts; ${platform ? 'it is GitHub\'s own action, so this is advisory, but' : ownOwner ? `it is published by this repository's own owner (\`${owner}\`), so this is advisory, but` : 'its owner (or whoever takes over the account) can move it, and'} only a full commit SHA names fixed code${sha ? '' : ' (resolve it with `git ls-remote`; AISec never guesses one offline)'}.`,
    },
  });
}

/** `action@ref` → SHA, from lines that pin the action to a SHA with a `# ref` comment (`uses: a/b@<sha> # v4`). */
function pinsByComment(text: string, usesScalars: readonly SourceScalar[]): Map<string, string> {
  const pins = new Map<string, string>();
  for (const uses of usesScalars) {
    const reference = parseActionReference(uses.value);
    if (reference.kind !== 'repository' || !FULL_SHA.test(reference.ref ?? '')) continue;
    const lineEnd = text.indexOf('\n', uses.end);
    const comment = /^\s*#\s*(\S+)/.exec(text.slice(uses.end, lineEnd < 0 ? text.length : lineEnd));
    if (comment) pins.set(`${reference.action}@${comment[1]}`, reference.ref!);
  }
  return pins;
}
