/**
 * `aisec intel update`, registry names: refreshes the offline existence check from the registries.
 * PyPI: the simple index's root in its JSON form (PEP 691), which lists every project. npm: the newest
 * `all-the-package-names` (every public npm name, republished daily) from the registry, read from its
 * tarball. Each list is written next to the refreshed snapshot as `names-<ecosystem>.bin`, where
 * `createPackageIntel({ updatedSnapshotPath })` finds it; the newer of it and the bundled list answers.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Ecosystem } from '../engine/ports';
import { httpRequest } from './http';
import { encodeNameList, registryNameSets } from './name-list-file';
import type { RegistryEndpoints } from './registries';

export interface NamesUpdateOptions {
  /** The folder the lists are written to (the refreshed snapshot's). */
  outDir: string;
  endpoints: Pick<RegistryEndpoints, 'pypi' | 'npm'>;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  /** Today's date (`YYYY-MM-DD`), the PyPI list's date. */
  today: string;
}

export interface NamesUpdateResult {
  /** Names written per ecosystem, or why the ecosystem's list was not refreshed. */
  names: Partial<Record<Ecosystem, number>>;
  errors: Partial<Record<Ecosystem, string>>;
}

/** The PyPI index and the npm name package can be large (40 MB and 20 MB today). */
const MAX_BYTES = 512 * 1024 * 1024;

export async function updateRegistryNames(options: NamesUpdateOptions): Promise<NamesUpdateResult> {
  const result: NamesUpdateResult = { names: {}, errors: {} };
  for (const [ecosystem, fetchNames] of [['pypi', fetchPypiNames], ['npm', fetchNpmNames]] as const) {
    try {
      const { names, date, source } = await fetchNames(options);
      if (names.length === 0) throw new Error('the answer listed no names');
      const sets = registryNameSets(ecosystem, names);
      mkdirSync(options.outDir, { recursive: true });
      const file = join(options.outDir, `names-${ecosystem}.bin`);
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, encodeNameList(ecosystem, date, source, sets));
      renameSync(temp, file);
      result.names[ecosystem] = sets['names']!.length;
    } catch (error) {
      result.errors[ecosystem] = (error as Error).message;
    }
  }
  return result;
}

interface FetchedNames {
  names: string[];
  date: string;
  source: string;
}

async function fetchPypiNames(options: NamesUpdateOptions): Promise<FetchedNames> {
  const url = `${options.endpoints.pypi.replace(/\/+$/, '')}/simple/`;
  const res = await httpRequest(url, { headers: { accept: 'application/vnd.pypi.simple.v1+json' }, timeoutMs: options.timeoutMs, env: options.env, maxBytes: MAX_BYTES });
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  const index = parseJson(res.body, url) as { projects?: { name?: unknown }[] };
  if (!Array.isArray(index.projects)) throw new Error(`${url}: the answer has no "projects" list (not the PEP 691 JSON form)`);
  const names = index.projects.map((p) => p.name).filter((n): n is string => typeof n === 'string');
  return { names, date: options.today, source: `${url} (PEP 691)` };
}

async function fetchNpmNames(options: NamesUpdateOptions): Promise<FetchedNames> {
  const registry = options.endpoints.npm.replace(/\/+$/, '');
  const url = `${registry}/all-the-package-names`;
  const res = await httpRequest(url, { timeoutMs: options.timeoutMs, env: options.env, maxBytes: 64 * 1024 * 1024 });
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  const doc = parseJson(res.body, url) as { 'dist-tags'?: { latest?: string }; versions?: Record<string, { dist?: { tarball?: string } }>; time?: Record<string, string> };
  const latest = doc['dist-tags']?.latest;
  const tarball = latest ? doc.versions?.[latest]?.dist?.tarball : undefined;
  if (!latest || !tarball) throw new Error(`${url}: no latest version with a tarball`);
  const archive = await httpRequest(tarball, { timeoutMs: options.timeoutMs, env: options.env, maxBytes: MAX_BYTES });
  if (archive.status !== 200) throw new Error(`${tarball} answered ${archive.status}`);
  const json = tarEntry(gunzipSync(archive.bytes), 'package/names.json');
  if (!json) throw new Error(`${tarball}: the archive has no package/names.json`);
  const names = parseJson(json.toString('utf8'), `${tarball}!package/names.json`);
  if (!Array.isArray(names)) throw new Error(`${tarball}: package/names.json is not a list of names`);
  const published = doc.time?.[latest]?.slice(0, 10) ?? options.today;
  return { names: names.filter((n): n is string => typeof n === 'string'), date: published, source: `all-the-package-names ${latest}` };
}

/** One file's bytes from an (uncompressed) ustar archive, or undefined. */
export function tarEntry(tar: Buffer, wanted: string): Buffer | undefined {
  let at = 0;
  while (at + 512 <= tar.length) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) return undefined;
    const field = (start: number, length: number): string => header.subarray(start, start + length).toString('latin1').replace(/\0.*$/s, '');
    const prefix = field(345, 155);
    const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const size = parseInt(field(124, 12).trim() || '0', 8);
    if (Number.isNaN(size)) return undefined;
    const body = at + 512;
    if (name === wanted && (header[156] === 0x30 || header[156] === 0)) return tar.subarray(body, body + size);
    at = body + Math.ceil(size / 512) * 512;
  }
  return undefined;
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${where}: the answer is not JSON (${(error as Error).message})`);
  }
}
