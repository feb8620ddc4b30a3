/**
 * Merges per-file inventory entries into items: the same model at the same revision, the same service, the
 * same package at the same version is one item with every place it was found.
 */
import type { InventoryEntry, InventoryKind, InventoryLocation } from './types';

export interface InventoryOccurrence {
  location: InventoryLocation;
  evidence: string;
}

export interface InventoryItem extends Omit<InventoryEntry, 'location' | 'evidence'> {
  /** Identifies the item among the others (kind, provider, name and version). */
  key: string;
  occurrences: InventoryOccurrence[];
}

/** The order of kinds in reports and the editor's tree. */
export const INVENTORY_KINDS: readonly InventoryKind[] = ['model', 'dataset', 'model-file', 'service', 'tool', 'mcp-server', 'dependency'];

export function groupInventory(entries: readonly InventoryEntry[]): InventoryItem[] {
  const byKey = new Map<string, InventoryItem>();
  for (const entry of entries) {
    const key = keyOf(entry);
    const { location, evidence, ...facts } = entry;
    const found = byKey.get(key);
    if (!found) {
      byKey.set(key, { ...facts, key, occurrences: [{ location, evidence }] });
      continue;
    }
    found.occurrences.push({ location, evidence });
    if (!found.licence && facts.licence) found.licence = facts.licence;
    if (!found.task && facts.task) found.task = facts.task;
  }
  const order = (kind: InventoryKind): number => INVENTORY_KINDS.indexOf(kind);
  return [...byKey.values()].sort((a, b) => order(a.kind) - order(b.kind) || a.name.localeCompare(b.name) || a.key.localeCompare(b.key));
}

function keyOf(entry: InventoryEntry): string {
  switch (entry.kind) {
    case 'model':
    case 'dataset':
      return `${entry.kind}|${entry.provider ?? ''}|${entry.name}|${entry.revision ?? ''}`;
    case 'dependency':
      return `${entry.kind}|${entry.ecosystem ?? ''}|${entry.name}|${entry.version ?? ''}`;
    case 'tool':
      return `${entry.kind}|${entry.name}|${entry.location.path}:${entry.location.line}`;
    default:
      return `${entry.kind}|${entry.name}`;
  }
}
