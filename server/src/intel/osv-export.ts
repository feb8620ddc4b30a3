/**
 * `aisec intel update`, advisories: OSV's per-ecosystem export (`<base>/PyPI/all.zip`, `<base>/npm/all.zip`,
 * one JSON record per file) read whole, so that after one update every known advisory and malicious-package
 * record of both ecosystems answers offline, not only those of the names that were queried.
 */
import type { Ecosystem } from '../engine/ports';
import type { OsvVuln } from './cache';
import { httpRequest } from './http';
import { forPackage, parseOsvRecord } from './registries';
import type { OsvRecord } from './registries';
import { zipEntries } from './zip';

/** The export's folder name per ecosystem. */
export const OSV_EXPORT_NAMES: Record<Ecosystem, string> = { pypi: 'PyPI', npm: 'npm' };

/** npm's export is the larger (several hundred MB once its malicious-package records are counted). */
const MAX_EXPORT_BYTES = 1024 * 1024 * 1024;

export interface ExportAnswers {
  /** Package name → its records. */
  answers: Map<string, OsvVuln[]>;
  records: number;
  /** Records that could not be read, as "file: reason" (at most a few, for the message). */
  skipped: string[];
}

export async function fetchOsvExport(ecosystem: Ecosystem, base: string, options: { timeoutMs: number; env?: NodeJS.ProcessEnv }): Promise<ExportAnswers> {
  const url = `${base.replace(/\/+$/, '')}/${OSV_EXPORT_NAMES[ecosystem]}/all.zip`;
  const res = await httpRequest(url, { timeoutMs: options.timeoutMs, env: options.env, maxBytes: MAX_EXPORT_BYTES, headers: { accept: 'application/zip' } });
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  return readOsvExport(res.bytes, ecosystem, url);
}

/** Every record of an export archive, grouped by the package names of `ecosystem` it affects. */
export function readOsvExport(zip: Buffer, ecosystem: Ecosystem, where: string): ExportAnswers {
  const out: ExportAnswers = { answers: new Map(), records: 0, skipped: [] };
  for (const entry of zipEntries(zip, where)) {
    if (!entry.name.endsWith('.json')) continue;
    let parsed: ReturnType<typeof parseOsvRecord>;
    try {
      parsed = parseOsvRecord(JSON.parse(entry.read().toString('utf8')) as OsvRecord, ecosystem);
    } catch (error) {
      if (out.skipped.length < 5) out.skipped.push(`${entry.name}: ${(error as Error).message}`);
      continue;
    }
    if (!parsed) continue;
    out.records++;
    for (const name of parsed.perPackage.keys()) {
      const list = out.answers.get(name);
      const vuln = forPackage(parsed, ecosystem, name);
      if (list) list.push(vuln);
      else out.answers.set(name, [vuln]);
    }
  }
  return out;
}
