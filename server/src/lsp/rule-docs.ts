/**
 * A rule's documentation as Markdown, built from its metadata: the same sections as `aisec explain`
 * (What it does / Why is this bad? / Example / Use instead / Fix safety / References).
 */
import { profileDescription, type RuleMeta } from '../engine/index';
import { ruleDocsUrl } from './convert';

export function findRule(rules: readonly RuleMeta[], query: string): RuleMeta | undefined {
  const wanted = query.trim().toLowerCase();
  return rules.find((rule) => rule.id.toLowerCase() === wanted || rule.name.toLowerCase() === wanted);
}

export function ruleMarkdown(rule: RuleMeta, docsBaseUrl: string): string {
  const fence = codeFence(rule);
  const sections = [
    `# ${rule.id} ${rule.name}`,
    '',
    `**${rule.title}**`,
    '',
    `Category: ${rule.category} · Severity: ${rule.severity} · Confidence: ${rule.confidence}${rule.cwe.length > 0 ? ` · ${rule.cwe.join(', ')}` : ''}`,
    '',
    profileDescription(rule),
    '',
    '## What it does',
    '',
    rule.docs.whatItDoes,
    '',
    '## Why is this bad?',
    '',
    rule.docs.whyIsThisBad,
    '',
    '## Example',
    '',
    '```' + fence,
    rule.docs.example.trimEnd(),
    '```',
    '',
    '## Use instead',
    '',
    '```' + fence,
    rule.docs.useInstead.trimEnd(),
    '```',
    '',
  ];
  if (rule.docs.fixSafety) sections.push('## Fix safety', '', rule.docs.fixSafety, '');
  if (rule.docs.references.length > 0) sections.push('## References', '', ...rule.docs.references.map((r) => `- ${r}`), '');
  // Without a base the reader is looking at the shipped documentation already; there is no address to give.
  if (docsBaseUrl !== '') sections.push(`Online: ${ruleDocsUrl(docsBaseUrl, rule.name)}`, '');
  sections.push(`Suppress on one line with \`aisec: ignore[${rule.id}]\`, or in a whole file with \`aisec: ignore-file[${rule.id}]\`.`, '');
  return sections.join('\n');
}

function codeFence(rule: RuleMeta): string {
  const kind = rule.fileKinds[0];
  switch (kind) {
    case 'python':
    case 'notebook':
      return 'python';
    case 'javascript':
      return 'js';
    case 'typescript':
      return 'ts';
    case 'tsx':
      return 'tsx';
    // Assistant configuration examples are JSON with comments (VS Code's mcp.json is JSONC).
    case 'mcp-config':
    case 'agent-settings':
      return 'jsonc';
    case 'package-json':
    case 'package-lock':
    case 'json':
      return 'json';
    case 'pyproject':
    case 'toml':
    case 'pipfile':
      return 'toml';
    case 'yaml':
    case 'conda-env':
    case 'pnpm-lock':
      return 'yaml';
    default:
      return '';
  }
}
