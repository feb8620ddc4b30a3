/**
 * GitHub Actions expressions (`${{ … }}`) inside a scalar, located in the document, and the contexts an
 * attacker controls.
 */
import type { SourceScalar } from './yaml-source';

export interface ExpressionSpan {
  /** The expression's inner text, trimmed (`github.event.issue.title`). */
  text: string;
  /** Document range of the whole `${{ … }}`. */
  start: number;
  end: number;
}

/** Every `${{ … }}` in the scalar. */
export function expressionsIn(scalar: SourceScalar): ExpressionSpan[] {
  const out: ExpressionSpan[] = [];
  const value = scalar.value;
  let from = 0;
  for (;;) {
    const open = value.indexOf('${{', from);
    if (open < 0) break;
    const close = value.indexOf('}}', open + 3);
    const end = close < 0 ? value.length : close + 2;
    out.push({ text: value.slice(open + 3, close < 0 ? value.length : close).trim(), start: scalar.positionOf(open), end: scalar.positionOf(end - 1) + 1 });
    from = end;
  }
  return out;
}

/**
 * Contexts whose text anyone who can open an issue, a pull request, a discussion or a comment (or name a
 * branch in a fork) chooses. GitHub's list (ending in body, title, message, name, email, ref, label,
 * head_ref, default_branch, page_name), actionlint's untrusted inputs, plus discussion and workflow_run fields.
 */
const UNTRUSTED = [
  /\bgithub\.event\.(issue|pull_request|discussion)\.(title|body)\b/,
  /\bgithub\.event\.(comment|review|review_comment)\.body\b/,
  /\bgithub\.event\.pages\b[^\s)]*\.page_name\b/,
  /\bgithub\.event\.(commits|head_commit)\b[^\s)]*\.(message|author\.(email|name)|committer\.(email|name))\b/,
  /\bgithub\.event\.pull_request\.head\.(ref|label|repo\.default_branch)\b/,
  /\bgithub\.head_ref\b/,
  /\bgithub\.event\.workflow_run\.(head_branch|display_title|head_commit\.(message|author\.(email|name)))\b/,
  /\bgithub\.event\.workflow_run\.pull_requests\b[^\s)]*\.head\.ref\b/,
  /\bgithub\.event\.\*\.(body|title)\b/,
];

/** The untrusted context the expression reads, or undefined. */
export function untrustedContextIn(expression: string): string | undefined {
  for (const pattern of UNTRUSTED) {
    const match = pattern.exec(expression);
    if (match) return match[0];
  }
  return undefined;
}

/** Contexts that name the pull request's own code (its head commit or branch). */
export const PULL_REQUEST_HEAD = /\bgithub\.event\.pull_request\.(head\.(sha|ref)|merge_commit_sha|number)\b|\bgithub\.head_ref\b|\bgithub\.event\.workflow_run\.(head_sha|head_branch|pull_requests)\b|\bgithub\.event\.(number|issue\.number)\b|refs\/pull\//;
