/**
 * The status-bar text, icons first and compact like ESLint's and Ruff's: `$(shield) $(error) 2 $(warning) 1
 * $(info) 3`, a spinner while scanning, and "not scanned" while only open files are counted. Free of the
 * VS Code API for unit tests.
 */
import type { FindingCounts } from './findings/finding-records';

export function statusText(counts: FindingCounts, state: { scanning: boolean; scanned: boolean }): string {
  const icon = state.scanning ? '$(sync~spin)' : '$(shield)';
  const numbers = `$(error) ${counts.errors} $(warning) ${counts.warnings} $(info) ${counts.infos}`;
  if (state.scanning) return `${icon} ${numbers}`;
  if (!state.scanned) return counts.total === 0 ? `${icon} not scanned` : `${icon} ${numbers} (not scanned)`;
  return counts.total === 0 ? `${icon} $(check) 0` : `${icon} ${numbers}`;
}
