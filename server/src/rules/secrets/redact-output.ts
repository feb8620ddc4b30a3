/**
 * What every host serialises instead of a finding: `redactFindingForOutput` (the `.env` edit holds
 * `NAME=<redacted>`), then `redactText` over everything else made of text: the message, flow steps, fix
 * titles, edit texts and string properties. Rules already write redacted messages; this is the net under
 * them for text a rule quotes from the source (a URL, a callee, an assignment).
 */
import type { Finding, Fix } from '../../engine/finding';
import { redactFindingForOutput } from '../../engine/secrets/output-safety';
import { redactText } from './redact-text';

/**
 * A copy of the finding that holds no secret. A fix whose edit text had to be masked is marked `redacted`:
 * it cannot be applied from this copy (the language server rebuilds it from a fresh analysis).
 */
export function redactForOutput(finding: Finding): Finding {
  const base = redactFindingForOutput(finding);
  const message = redactText(base.message);
  const flow = base.flow?.map((step) => {
    const shown = redactText(step.message);
    return shown === step.message ? step : { ...step, message: shown };
  });
  const fixes = base.fixes.map(redactFix);
  const properties = base.properties ? redactProperties(base.properties) : undefined;
  const changed = message !== base.message || flow?.some((step, i) => step !== base.flow![i]) || fixes.some((fix, i) => fix !== base.fixes[i]) || properties !== base.properties;
  if (!changed) return base;
  return { ...base, message, fixes, ...(flow ? { flow } : {}), ...(properties ? { properties } : {}) };
}

function redactFix(fix: Fix): Fix {
  const title = redactText(fix.title);
  let masked = false;
  const edits = fix.edits.map((edit) => {
    const newText = redactText(edit.newText);
    if (newText === edit.newText) return edit;
    masked = true;
    return { ...edit, newText };
  });
  if (!masked && title === fix.title) return fix;
  return { ...fix, title, edits, ...(masked ? { redacted: true } : {}) };
}

function redactProperties(properties: NonNullable<Finding['properties']>): NonNullable<Finding['properties']> {
  let changed = false;
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(properties)) {
    const shown = typeof value === 'string' ? redactText(value) : value;
    if (shown !== value) changed = true;
    out[key] = shown;
  }
  return changed ? out : properties;
}
