/**
 * Renders a rule's documentation (the fixed headings of `RuleDocs`) as plain text for the terminal
 * (`aisec explain`, SARIF `help.text`) and as Markdown (SARIF `help.markdown`).
 */
import { profileDescription, type RuleMeta } from '../engine/index';

/** The rule's documentation as Markdown. */
export function ruleDocsMarkdown(rule: RuleMeta): string {
  const d = rule.docs;
  const parts = [
    `# ${rule.id} ${rule.name}`,
    `${rule.title}. Category: ${rule.category}; default severity: ${rule.severity}; confidence: ${rule.confidence}${rule.cwe.length > 0 ? `; ${rule.cwe.join(', ')}` : ''}.`,
    profileDescription(rule),
    '## What it does', d.whatItDoes,
    '## Why is this bad?', d.whyIsThisBad,
    '## Example', fence(d.example, rule),
    '## Use instead', fence(d.useInstead, rule),
    ...(d.fixSafety ? ['## Fix safety', d.fixSafety] : []),
    '## References', d.references.map((r) => `- ${r}`).join('\n'),
  ];
  return `${parts.join('\n\n')}\n`;
}

/** The rule's documentation as plain text, headings underlined, code indented. */
export function ruleDocsText(rule: RuleMeta, bold: (s: string) => string = (s) => s): string {
  const d = rule.docs;
  const section = (title: string, body: string): string => `${bold(title)}\n${body.replace(/^\n+/, '').trimEnd()}\n`;
  const code = (text: string): string => text.replace(/\s+$/, '').split('\n').map((line) => `    ${line}`).join('\n');
  const header = [
    `${bold(`${rule.id} ${rule.name}`)}: ${rule.title}`,
    `Category: ${rule.category}   Severity: ${rule.severity}   Confidence: ${rule.confidence}   CWE: ${rule.cwe.join(', ') || 'none'}   Fix: ${rule.fixAvailability}`,
    `Applies to: ${rule.fileKinds.join(', ')}`,
    profileDescription(rule),
  ].join('\n');
  const peers = rule.peers ? Object.entries(rule.peers).filter(([, ids]) => ids && ids.length > 0).map(([tool, ids]) => `${tool} ${(ids ?? []).join(', ')}`) : [];
  return [
    `${header}\n`,
    section('What it does', d.whatItDoes),
    section('Why is this bad?', d.whyIsThisBad),
    section('Example', code(d.example)),
    section('Use instead', code(d.useInstead)),
    ...(d.fixSafety ? [section('Fix safety', d.fixSafety)] : []),
    section('References', d.references.map((r) => `  - ${r}`).join('\n')),
    ...(peers.length > 0 ? [section('Same pattern in other tools', peers.map((p) => `  - ${p}`).join('\n'))] : []),
    section('Suppress', `  # aisec: ignore[${rule.id}]   (on the line or the line above; // in JS/TS)`),
  ].join('\n');
}

function fence(code: string, rule: RuleMeta): string {
  const language = rule.fileKinds.includes('python') ? 'python' : rule.fileKinds.some((k) => k === 'javascript' || k === 'typescript' || k === 'tsx') ? 'ts' : '';
  return `\`\`\`${language}\n${code.replace(/\s+$/, '')}\n\`\`\``;
}
