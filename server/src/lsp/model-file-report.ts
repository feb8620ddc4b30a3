/**
 * `aisec/modelFileReport`: the Markdown report of a model file in the workspace (format, pickles, the
 * globals they import, the verdict), rendered by the engine's pure `modelFileReport` over the file's
 * bytes; shown by the client's "Show Model File Report". Also the text of an archive's Python member, where
 * the findings of the code rules inside it point.
 */
import { basename } from 'node:path';
import { fileKindOf, modelFileReport as renderReport, scanModelFile } from '../engine/index';
import type { ArchiveMemberTextRequest, ModelFileReportRequest } from '../shared/protocol';
import type { SettingsStore } from './settings-store';
import { filePathOf } from './workspace-folders';
import { DEFAULT_MAX_MODEL_BYTES } from '../host/scan';
import { readDiskFile } from '../host/safe-read';
import { symlinkEscape } from '../host/link-escape';
import { ALLOW_GLOBALS_OPTION } from '../rules/model-files/model-file-checker';

export async function modelFileReport(uri: string, settings: SettingsStore): Promise<ModelFileReportRequest.Result | null> {
  const path = filePathOf(uri);
  if (!path || fileKindOf(path) !== 'model') return null;
  // A FIFO or a link to /dev/zero under a model file's name is refused, so the request always answers.
  const read = readDiskFile(path, { kind: 'model', maxBytes: DEFAULT_MAX_MODEL_BYTES, prefix: true });
  if (!read.ok) return { markdown: `# ${basename(path)}\n\nThe file was not read: it ${read.reason}.\n` };
  const resolved = await settings.forPath(path);
  // The same option the model-file rules read, so the report and the diagnostics agree.
  const allowGlobals = allowedGlobals(resolved.config.options[ALLOW_GLOBALS_OPTION]);
  const linkEscape = (relativePath: string): string | undefined => symlinkEscape(path, relativePath);
  return { markdown: renderReport({ path, bytes: read.bytes, fileSize: read.fileSize, linkEscape, ...(allowGlobals ? { allowGlobals } : {}) }).markdown };
}

/**
 * `aisec/archiveMemberText`: the text of an archive's Python member exactly as the code rules read it (the
 * scan's `codeMembers`), so a finding's line in it is the line shown.
 */
export function archiveMemberText(params: ArchiveMemberTextRequest.Params): ArchiveMemberTextRequest.Result | null {
  const path = filePathOf(params.uri);
  if (!path || fileKindOf(path) !== 'model') return null;
  const read = readDiskFile(path, { kind: 'model', maxBytes: DEFAULT_MAX_MODEL_BYTES, prefix: true });
  if (!read.ok) return null;
  const code = scanModelFile({ path, bytes: read.bytes, fileSize: read.fileSize }).codeMembers.find((m) => m.member === params.member);
  return code ? { text: code.text } : null;
}

/** The user's allow list of pickle globals, when well-formed. */
function allowedGlobals(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}
