/**
 * `aisec/modelFileReport`: a Markdown report for a model file in the workspace (what was found in its
 * bytes and why it matters), shown by the client's "Show Details" on a model-file diagnostic.
 */
import { open as openFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileKindOf } from '../engine/index';
import type { ModelFileReportRequest } from '../shared/protocol';
import type { Analysis } from './analysis';
import type { SettingsStore } from './settings-store';
import { filePathOf } from './workspace-folders';

const REPORT_READ_LIMIT = 64 * 1024 * 1024;

export async function modelFileReport(uri: string, analysis: Analysis, settings: SettingsStore): Promise<ModelFileReportRequest.Result | null> {
  const path = filePathOf(uri);
  if (!path || fileKindOf(path) !== 'model') return null;
  let size: number;
  let bytes: Uint8Array;
  try {
    size = (await stat(path)).size;
    const handle = await openFile(path, 'r');
    try {
      const length = Math.min(size, REPORT_READ_LIMIT);
      const buffer = new Uint8Array(length);
      const { bytesRead } = await handle.read(buffer, 0, length, 0);
      bytes = buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    return { markdown: `# ${basename(path)}\n\nThe file could not be read: ${(error as Error).message}\n` };
  }
  const resolved = await settings.forPath(path);
  const outcome = analysis.analyzeBytes(uri, path, bytes, size, resolved);
  const lines = [`# ${basename(path)}`, '', `Size: ${size.toLocaleString('en-US')} bytes${bytes.length < size ? ` (the first ${bytes.length.toLocaleString('en-US')} bytes were read)` : ''}.`, ''];
  if (outcome.findings.length === 0) lines.push('AISec found nothing dangerous in this file.', '');
  for (const finding of outcome.findings) {
    lines.push(`## ${finding.ruleId} ${finding.ruleName} (${finding.severity})`, '', finding.message, '');
    for (const [key, value] of Object.entries(finding.properties ?? {})) lines.push(`- ${key}: ${String(value)}`);
    if (finding.properties) lines.push('');
  }
  for (const note of outcome.notes) lines.push(`> ${note.kind}: ${note.message}`, '');
  return { markdown: lines.join('\n') };
}
