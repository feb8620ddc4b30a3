/**
 * The AI inventory of a tree, assembled on the host: walks the paths as `aisec scan` does, hands each file to
 * the engine's pure per-file extractors (code through `Engine.inspect`, manifests and lockfiles, model files
 * with the scanner's verdict and a SHA-256 of their bytes), and adds the licences the repository holds next
 * to its models (model cards' front matter, LICENSE files). Used by `aisec bom` and the language server's
 * inventory view.
 */
import { createHash } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import type { Engine } from '../engine/index';
import { modelFileReport } from '../engine/model-report';
import type { ConfigError } from '../engine/config-file';
import type { FileKind, RuleMeta } from '../engine/rule';
import { codeInventory } from '../rules/shared/inventory/code-inventory';
import { isInventoryManifest, manifestInventory } from '../rules/shared/inventory/manifest-inventory';
import { modelFileInventory } from '../rules/shared/inventory/model-file-inventory';
import { mcpInventory } from '../rules/shared/inventory/mcp-inventory';
import { cardLicence, projectLicence } from '../rules/shared/inventory/licence-sources';
import { identifyLicenceText } from '../rules/shared/inventory/licence-text';
import type { InventoryEntry, InventoryLicence } from '../rules/shared/inventory/types';
import { TextIndex } from '../engine/text-index';
import { ConfigLoader, type LoadedConfig } from './config-loader';
import { DEFAULT_CONFIG } from '../engine/config';
import { readDiskFile, readDiskText } from './safe-read';
import { hasNulByte } from './read-file';
import { decodeSource } from './source-encoding';
import { DEFAULT_MAX_MODEL_BYTES, display } from './scan';
import { walkFiles } from './walk';
import { fetchHubLicences, type HubLicenceOptions, type HubLicenceRequest } from '../intel/hub-licences';

export interface InventoryRequest {
  cwd: string;
  paths: readonly string[];
  engine: Engine;
  rules?: readonly RuleMeta[];
  configFile?: string;
  respectGitignore?: boolean;
}

export interface Inventory {
  entries: InventoryEntry[];
  /** The project's own licence (package.json `license`, pyproject `project.license`, else its LICENSE file), when stated. */
  projectLicence?: InventoryLicence;
  skipped: Array<{ path: string; reason: string }>;
  configErrors: ConfigError[];
  /** The configuration governing the first path (its licence policy judges the BOM's licences). */
  rootConfig?: LoadedConfig;
}

/** LICENSE file names looked for in a folder holding a model. */
const LICENCE_FILES = ['LICENSE', 'LICENSE.txt', 'LICENSE.md', 'LICENCE', 'LICENCE.txt', 'LICENCE.md', 'COPYING'];

/** Collects the inventory of every file under the request's paths; never throws on a bad file. */
export async function collectInventory(request: InventoryRequest): Promise<Inventory> {
  const cwd = resolve(request.cwd);
  const roots = request.paths.length > 0 ? request.paths.map((p) => resolve(cwd, p)) : [cwd];
  const loader = new ConfigLoader(request.rules, cwd);
  const explicit = request.configFile ? loader.loadExplicit(resolve(cwd, request.configFile)) : undefined;
  const inventory: Inventory = { entries: [], skipped: [], configErrors: [] };
  const seenConfigs = new Set<string>();
  const noteConfig = (loaded: LoadedConfig | undefined): void => {
    if (!loaded || seenConfigs.has(loaded.file)) return;
    seenConfigs.add(loaded.file);
    inventory.configErrors.push(...loaded.errors);
  };
  noteConfig(explicit);
  const rootConfig = explicit ?? loader.forPath(roots[0]!);
  noteConfig(rootConfig);
  if (rootConfig) inventory.rootConfig = rootConfig;
  /** Model cards' licences and the folders that hold model files, by absolute folder. */
  const cards = new Map<string, { licence: InventoryLicence | undefined; path: string }>();
  const modelFolders = new Map<string, InventoryEntry[]>();
  const walk = walkFiles({
    roots,
    configs: loader,
    ...(explicit ? { explicitConfig: explicit } : {}),
    maxFileBytes: (config) => config?.config.maxFileBytes ?? DEFAULT_CONFIG.maxFileBytes,
    ...(request.respectGitignore === false ? { respectGitignore: false } : {}),
  });
  for await (const entry of walk) {
    const shown = display(cwd, entry.path);
    if (entry.type === 'skipped') {
      inventory.skipped.push({ path: shown, reason: entry.reason });
      continue;
    }
    noteConfig(entry.config);
    if (entry.kind === 'model') {
      const maxBytes = explicit?.config.maxModelFileBytes ?? entry.config?.config.maxModelFileBytes ?? DEFAULT_MAX_MODEL_BYTES;
      const read = readDiskFile(entry.path, { kind: 'model', maxBytes, prefix: true });
      if (!read.ok) {
        inventory.skipped.push({ path: shown, reason: `not read: the file ${read.reason}` });
        continue;
      }
      const report = modelFileReport({ path: shown, bytes: read.bytes, fileSize: read.fileSize });
      const sha256 = read.truncated ? undefined : createHash('sha256').update(read.bytes).digest('hex');
      const item = modelFileInventory({ path: shown, bytes: read.bytes, fileSize: read.fileSize, scan: report.scan, verdict: report.verdict, sha256 });
      inventory.entries.push(item);
      const folder = dirname(entry.path);
      modelFolders.set(folder, [...(modelFolders.get(folder) ?? []), item]);
      continue;
    }
    const text = readText(entry.path, entry.size, entry.kind);
    if (text === undefined) {
      inventory.skipped.push({ path: shown, reason: 'not read as text' });
      continue;
    }
    if (entry.kind === 'python' || entry.kind === 'javascript' || entry.kind === 'typescript' || entry.kind === 'tsx') {
      inventory.entries.push(...(request.engine.inspect(shown, text, codeInventory) ?? []));
    } else if (isInventoryManifest(entry.path, entry.kind)) {
      inventory.entries.push(...manifestInventory(shown, entry.kind, text));
      if ((entry.kind === 'package-json' || entry.kind === 'pyproject') && !inventory.projectLicence && roots.includes(dirname(entry.path))) {
        const own = projectLicence(entry.kind, text);
        // `license = { file = "LICENSE" }` or `"SEE LICENSE IN LICENSE.txt"`: the file's text says which licence.
        if (own) inventory.projectLicence = own.file ? licenceFile(cwd, join(dirname(entry.path), own.file)) ?? { text: own.text, source: shown } : { text: own.text, source: shown };
      }
    } else if (entry.kind === 'mcp-config') {
      inventory.entries.push(...mcpInventory(shown, text));
    } else if (entry.kind === 'markdown' && /^readme\.md$/i.test(basename(entry.path))) {
      const card = cardLicence(text);
      if (card.isCard) {
        const at = card.licence ? new TextIndex(text).positionAt(card.licence.span.start) : undefined;
        cards.set(dirname(entry.path), { path: shown, licence: card.licence ? { text: card.licence.text, source: `${shown}:${(at?.line ?? 0) + 1} (model card)` } : undefined });
      }
    }
  }
  attachFolderLicences(cwd, cards, modelFolders, inventory);
  // A project whose manifests declare no licence states it in its LICENSE file.
  inventory.projectLicence ??= licenceFileIn(cwd, roots[0]!);
  return inventory;
}

/**
 * Model files without a licence in their own metadata take their folder's: the model card's `license:`,
 * else the LICENSE file's text recognised by its key phrases. A card in a folder without model files (weights
 * not checked in) is a model of its own.
 */
function attachFolderLicences(cwd: string, cards: ReadonlyMap<string, { licence: InventoryLicence | undefined; path: string }>, modelFolders: ReadonlyMap<string, InventoryEntry[]>, inventory: Inventory): void {
  const folders = new Set([...cards.keys(), ...modelFolders.keys()]);
  for (const folder of folders) {
    const licence = cards.get(folder)?.licence ?? licenceFileIn(cwd, folder);
    const models = modelFolders.get(folder);
    if (!models) {
      const card = cards.get(folder);
      if (card) inventory.entries.push({ kind: 'model', name: display(cwd, folder), provider: 'local', location: { path: card.path, line: 1, column: 1 }, evidence: 'model card (README.md)', ...(licence ? { licence } : {}) });
      continue;
    }
    if (!licence) continue;
    for (const model of models) if (!model.licence) model.licence = licence;
  }
}

function licenceFileIn(cwd: string, folder: string): InventoryLicence | undefined {
  for (const name of LICENCE_FILES) {
    const found = licenceFile(cwd, join(folder, name));
    if (found) return found;
  }
  return undefined;
}

/** The licence of one licence file, recognised from its text; undefined when the file cannot be read. */
function licenceFile(cwd: string, path: string): InventoryLicence | undefined {
  const read = readDiskText(path, { kind: 'source', maxBytes: 1024 * 1024 });
  if (!read.ok) return undefined;
  const id = identifyLicenceText(read.text);
  return { text: id ?? 'unknown', source: `${display(cwd, path)}${id ? ' (recognised text)' : ' (text not recognised)'}` };
}

function readText(path: string, size: number, kind: FileKind): string | undefined {
  const read = readDiskFile(path, { kind: 'source', maxBytes: Math.max(size, 16 * 1024 * 1024) });
  if (!read.ok || hasNulByte(read.bytes)) return undefined;
  return decodeSource(read.bytes, kind).text;
}

/**
 * Licences from the Hugging Face Hub for the Hub models and datasets the repository gives none for
 * (`aisec bom --online`); returns why some were not answered.
 */
export async function addHubLicences(inventory: Inventory, options: HubLicenceOptions): Promise<string[]> {
  const wanted = new Map<string, HubLicenceRequest>();
  for (const entry of inventory.entries) {
    if ((entry.kind === 'model' || entry.kind === 'dataset') && entry.provider === 'huggingface' && !entry.licence) wanted.set(`${entry.kind}:${entry.name}`, { kind: entry.kind, id: entry.name });
  }
  if (wanted.size === 0) return [];
  const answers = await fetchHubLicences([...wanted.values()], options);
  for (const entry of inventory.entries) {
    const licence = entry.licence ? undefined : answers.licences.get(`${entry.kind}:${entry.name}`);
    if (licence && entry.provider === 'huggingface') entry.licence = { text: licence, source: 'Hugging Face Hub metadata (online)' };
  }
  return answers.problems;
}
