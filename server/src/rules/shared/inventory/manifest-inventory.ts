/**
 * The AI inventory of a manifest or lockfile: its AI-related dependencies with their versions (exact for
 * pins and lockfile entries), the AI services and SDKs they bring, and the licences lockfiles record.
 */
import { isManifestKind, parseManifest, parsePythonLock, pythonLockKind } from '../../../engine/manifests/index';
import type { Dependency, ParsedManifest } from '../../../engine/manifests/types';
import type { FileKind } from '../../../engine/rule';
import { TextIndex } from '../../../engine/text-index';
import { aiPackageOfDependency } from './ai-packages';
import { packageLockLicences } from './licence-sources';
import type { InventoryEntry } from './types';

/** True when the file is a manifest or lockfile the inventory reads. */
export function isInventoryManifest(path: string, kind: FileKind | undefined): boolean {
  return (kind !== undefined && isManifestKind(kind)) || pythonLockKind(path) !== undefined;
}

/** The AI-related dependencies of a manifest or lockfile, and one service entry per AI package they bring. */
export function manifestInventory(path: string, kind: FileKind | undefined, text: string): InventoryEntry[] {
  const parsed = parsedManifest(path, kind, text);
  if (!parsed) return [];
  const index = new TextIndex(text);
  const location = (offset: number): InventoryEntry['location'] => {
    const position = index.positionAt(offset);
    return { path, line: position.line + 1, column: position.column + 1 };
  };
  const licences = kind === 'package-lock' ? new Map(packageLockLicences(text).map((l) => [`${l.name}@${l.version ?? ''}`, l])) : undefined;
  const file = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const out: InventoryEntry[] = [];
  const services = new Set<string>();
  for (const dependency of parsed.dependencies) {
    if (dependency.role === 'constraint' || dependency.name === '') continue;
    const ai = aiPackageOfDependency(dependency.ecosystem, dependency.name);
    if (!ai) continue;
    const version = dependency.pinned ?? dependency.spec;
    const licence = licences?.get(`${dependency.name}@${dependency.pinned ?? ''}`);
    out.push({
      kind: 'dependency',
      name: dependency.name,
      ecosystem: dependency.ecosystem,
      ...(version ? { version } : {}),
      exactVersion: dependency.pinned !== undefined,
      location: location(dependency.nameSpan.start),
      evidence: `${file} ${groupLabel(dependency)}`,
      ...(licence ? { licence: { text: licence.text, source: file } } : {}),
    });
    if (!services.has(ai.label)) {
      services.add(ai.label);
      out.push({ kind: 'service', name: ai.label, serviceKind: ai.kind, location: location(dependency.nameSpan.start), evidence: `${file} declares ${dependency.name}` });
    }
  }
  return out;
}

function parsedManifest(path: string, kind: FileKind | undefined, text: string): ParsedManifest | undefined {
  const lock = pythonLockKind(path);
  if (lock) return parsePythonLock(lock, text);
  return kind !== undefined && isManifestKind(kind) ? parseManifest(kind, text, path) : undefined;
}

function groupLabel(dependency: Dependency): string {
  return dependency.role === 'lock' ? '(locked)' : `(${dependency.group})`;
}
