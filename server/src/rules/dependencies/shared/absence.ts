/**
 * How answers from offline data are worded: an online lookup is today's truth, while the offline name lists
 * and advisories are as old as their date, so messages name the date and say when the data has gone stale.
 */
import type { Ecosystem, EnginePorts } from '../../../engine/ports';

/** A name list older than this is called stale in messages (the registries gain thousands of names a day). */
const STALE_AFTER_DAYS = 90;

/** `" (not in the PyPI name list of 2026-11)"`, with staleness, or `""` when an online lookup answered. */
export function absenceEvidence(ports: EnginePorts, ecosystem: Ecosystem, name: string): string {
  const date = ports.intel?.nameListDate?.(ecosystem, name);
  if (!date) return '';
  const list = `not in the ${ecosystem === 'pypi' ? 'PyPI' : 'npm'} name list of ${date}`;
  const ageDays = staleDays(ports, date);
  return ageDays !== undefined ? ` (${list}, which is ${ageDays} days old: run \`aisec intel update\`, or check the registry, before trusting this)` : ` (${list})`;
}

/** How many days old data of `date` (`2026-11`, `2026-11-30`) is, when that is more than the stale limit. */
export function staleDays(ports: EnginePorts, date: string): number | undefined {
  const now = ports.clock?.now();
  const listed = Date.parse(date.length === 7 ? `${date}-01T00:00:00Z` : `${date.slice(0, 10)}T00:00:00Z`);
  const ageDays = now === undefined || Number.isNaN(listed) ? 0 : Math.floor((now - listed) / 86_400_000);
  return ageDays > STALE_AFTER_DAYS ? ageDays : undefined;
}
