/**
 * The body of the finding details pane: what was found and where, a taint finding's flow step by step,
 * the fixes and "ignore" as buttons, then the rule's rendered documentation (and a model file's report).
 * Free of the VS Code API for unit tests; the buttons and links post `{ type, index }` messages back.
 */
import { escapeHtml, messageToHtml } from '../message-markup';
import type { FindingSeverity } from './finding-records';

export interface DetailsAction {
  title: string;
  /** `fix` buttons are primary, `ignore` ones secondary. */
  kind: 'fix' | 'ignore';
}

export interface DetailsFlowStep {
  message: string;
  /** "app.py:12" */
  location: string;
}

export interface FindingDetails {
  severity: FindingSeverity;
  code: string;
  ruleName: string;
  message: string;
  /** "src/app.py:12:5" */
  location: string;
  flow: DetailsFlowStep[];
  actions: DetailsAction[];
  /** Rendered documentation of the rule (HTML), or empty. */
  documentationHtml: string;
  /** Rendered report of a model file (HTML), or empty. */
  modelReportHtml: string;
}

const SEVERITY_WORDS: Record<FindingSeverity, string> = { error: 'Error', warning: 'Warning', info: 'Information' };

export function findingDetailsHtml(details: FindingDetails): string {
  const parts = [
    '<div>',
    `<h2><span class="severity-${details.severity}">${SEVERITY_WORDS[details.severity]}</span> ${escapeHtml(details.code)} <span class="muted">${escapeHtml(details.ruleName)}</span></h2>`,
    `<p>${messageToHtml(details.message)}</p>`,
    `<p><a class="location" data-type="open" data-index="0">${escapeHtml(details.location)}</a></p>`,
  ];
  if (details.flow.length > 0) {
    parts.push(
      '<h3>Flow</h3>',
      `<ol class="flow">${details.flow
        .map((step, index) => `<li>${messageToHtml(step.message)} <a class="location" data-type="step" data-index="${index}">${escapeHtml(step.location)}</a></li>`)
        .join('')}</ol>`,
    );
  }
  parts.push(
    '<div id="actions">',
    ...details.actions.map((action, index) => `<button class="${action.kind === 'fix' ? '' : 'secondary'}" data-type="action" data-index="${index}">${escapeHtml(action.title)}</button>`),
    '</div>',
    '</div>',
  );
  if (details.modelReportHtml) parts.push('<hr>', details.modelReportHtml);
  if (details.documentationHtml) parts.push('<hr>', details.documentationHtml);
  return parts.join('\n');
}

/**
 * The page script: every button and location link posts its type and index to the extension. Only the
 * page's first element (built here, never from rendered Markdown) is wired, so text from a model file or a
 * rule cannot add a working button.
 */
export const DETAILS_SCRIPT = `
const vscode = acquireVsCodeApi();
for (const element of document.body.firstElementChild.querySelectorAll('[data-type]')) {
  element.addEventListener('click', () => vscode.postMessage({ type: element.dataset.type, index: Number(element.dataset.index) }));
}
`;
