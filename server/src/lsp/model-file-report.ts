/**
 * `aisec/modelFileReport`: the Markdown report of a model file in the workspace (format, pickles, the
 * globals they import, the verdict), rendered by the engine's pure `modelFileReport` over the file's
 * bytes; shown by the client's "Show Model File Report".
 */
import { open as openFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileKindOf, modelFileReport as renderReport } from '../engine/index';
import type { ModelFileReportRequest } from '../shared/protocol';
import type { SettingsStore } from './settings-store';
import { filePathOf } from './workspace-folders';
import { DEFAULT_MAX_MODEL_BYTES } from '../host/scan';
import { ALLOW_GLOBALS_OPTION } from '../rules/model-files/model-file-checker';

export async function modelFileReport(uri: string, settings: SettingsStore): Promise<ModelFileReportRequest.Result | null> {
  const path = filePathOf(uri);
  if (!path || fileKindOf(path) !== 'model') return null;
  let size: number;
  let bytes: Uint8Array;
  try {
    size = (await stat(path)).size;
    const handle = await openFile(path, 'r');
    try {
      const length = Math.min(size, DEFAULT_MAX_MODEL_BYTES);
      const buffer = new Uint8Array(length);
      let offset = 0;
      while (offset < length) {
        const { bytesRead } = await handle.read(buffer, offset, length - offset, offset);
        if (bytesRead === 0) break;
        offset += bytesRead;
      }
      bytes = buffer.subarray(0, offset);
    } finally {
      await handle.close();
    }
  } catch (error) {
    return { markdown: `# ${basename(path)}\n\nThe file could not be read: ${(error as Error).message}\n` };
  }
  const resolved = await settings.forPath(path);
  // The same option the model-file rules read, so the report and the diagnostics agree.
  const allowGlobals = allowedGlobals(resolved.config.options[ALLOW_GLOBALS_OPTION]);
  return { markdown: renderReport({ path, bytes, fileSize: size, ...(allowGlobals ? { allowGlobals } : {}) }).markdown };
}

/** The user's allow list of pickle globals, when well-formed. */
function allowedGlobals(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}
