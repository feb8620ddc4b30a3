/**
 * How a "does not exist" answer is worded: an online lookup is today's truth, while the offline name lists
 * are as old as their date, so the message names the list and says when it has gone stale.
 */
import type { Ecosystem, EnginePorts } from '../../../engine/ports';

/** A name list older than this is called stale in messages (the registries gain thousands of names a day). */
const STALE_AFTER_DAYS = 90;

/** `" (not in the PyPI name list of 2026-11)"`, with staleness, or `""` when an online lookup answered. */
export function absenceEvidence(ports: EnginePorts, ecosystem: Ecosystem, name: string): string {
  const date = ports.intel?.nameListDate?.(ecosystem, name);
  if (!date) return '';
  const list = `not in the ${ecosystem === 'pypi' ? 'PyPI' : 'npm'} name list of ${date}`;
  const now = ports.clock?.now();
  const listed = Date.parse(date.length === 7 ? `${date}-01T00:00:00Z` : `${date}T00:00:00Z`);
  const ageDays = now === undefined || Number.isNaN(listed) ? 0 : Math.floor((now - listed) / 86_400_000);
  return ageDays > STALE_AFTER_DAYS ? ` (${list}, which is ${ageDays} days old: run \`aisec intel update\`, or check the registry, before trusting this)` : ` (${list})`;
}
