/**
 * `aisec/inventory`: the AI inventory of every workspace folder, built by the host's `collectInventory` (the
 * code `aisec bom` runs) and sent as tree items with each occurrence as a URI and a zero-based position.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Engine } from '../engine/index';
import { collectInventory } from '../host/inventory';
import { groupInventory, type InventoryItem } from '../rules/shared/inventory/group';
import { judgeLicence, licencePolicyOf, type LicencePolicy } from '../rules/licence/policy';
import { redactText } from '../rules/secrets/redact-text';
import type { InventoryRequest } from '../shared/protocol';
import type { Folder } from './workspace-folders';

export async function inventoryOfFolders(engine: Engine, folders: readonly Folder[]): Promise<InventoryRequest.Result> {
  const result: InventoryRequest.Result = { items: [], skipped: 0 };
  for (const folder of folders) {
    const inventory = await collectInventory({ cwd: folder.path, paths: [], engine, rules: engine.rules });
    const policy = inventory.rootConfig ? licencePolicyOf(inventory.rootConfig.config) : undefined;
    result.skipped += inventory.skipped.length;
    for (const item of groupInventory(inventory.entries)) result.items.push(toItem(item, folder.path, policy));
  }
  return result;
}

function toItem(item: InventoryItem, root: string, policy: LicencePolicy | undefined): InventoryRequest.Item {
  const licence = item.licence?.text;
  return {
    kind: item.kind,
    name: redactText(item.name),
    description: describe(item),
    ...(licence ? { licence } : {}),
    ...(policy && (licence || item.kind === 'model' || item.kind === 'model-file') ? { licencePolicy: judgeLicence(licence, policy).status } : {}),
    occurrences: item.occurrences.map((o) => ({
      uri: pathToFileURL(join(root, o.location.path)).toString(),
      line: o.location.line - 1,
      character: o.location.column - 1,
      evidence: redactText(o.evidence),
    })),
  };
}

/** The facts shown beside an item's name. */
function describe(item: InventoryItem): string {
  switch (item.kind) {
    case 'model':
    case 'dataset':
      return [item.provider, item.revision ? `revision ${item.revision}` : undefined, item.pinned === false ? 'not pinned' : item.pinned ? 'pinned' : undefined].filter(Boolean).join(' · ');
    case 'model-file':
      return [item.formatLabel, item.verdict, item.sha256 ? `sha256 ${item.sha256.slice(0, 12)}…` : undefined].filter(Boolean).join(' · ');
    case 'dependency':
      return [item.ecosystem, item.version].filter(Boolean).join(' ');
    case 'service':
      return item.serviceKind ?? '';
    case 'mcp-server':
      return [item.launch ? redactText(item.launch) : undefined, item.pinned === false ? 'not pinned' : undefined].filter(Boolean).join(' · ');
    default:
      return item.framework ?? '';
  }
}
