/**
 * AISec messages mark code with backticks (`torch.load(path)`). Where VS Code renders Markdown (hover
 * tooltips, webviews) the spans become code; where it shows plain text (tree rows, the status bar) the
 * backticks are dropped, so no surface shows them literally. Free of the VS Code API for unit tests.
 */

export interface MessageSegment {
  text: string;
  code: boolean;
}

const CODE_SPAN = /`([^`\n]+)`/g;

/** Splits a message into plain text and code spans; an unpaired backtick stays plain text. */
export function messageSegments(message: string): MessageSegment[] {
  const segments: MessageSegment[] = [];
  let last = 0;
  for (const match of message.matchAll(CODE_SPAN)) {
    const start = match.index;
    if (start > last) segments.push({ text: message.slice(last, start), code: false });
    segments.push({ text: match[1] ?? '', code: true });
    last = start + match[0].length;
  }
  if (last < message.length) segments.push({ text: message.slice(last), code: false });
  return segments;
}

/** The message as HTML: text escaped, code spans as `<code>`. */
export function messageToHtml(message: string): string {
  return messageSegments(message)
    .map((segment) => (segment.code ? `<code>${escapeHtml(segment.text)}</code>` : escapeHtml(segment.text)))
    .join('');
}

/** The message for surfaces without Markdown: the code spans' text without their backticks. */
export function messageToPlainText(message: string): string {
  return messageSegments(message)
    .map((segment) => segment.text)
    .join('');
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
