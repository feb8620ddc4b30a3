/**
 * Loads a bundle with V8's code cache, the way Node 22's `module.enableCompileCache()` does (Node 20 has none).
 * Compiling the 3.5 MB CLI or server bundle costs about 150 ms of CPU at every start, which is most of what a
 * pre-commit hook scanning one file waits for; with the cache V8 skips the parse and takes the functions it
 * compiled last time from the cache. The cache lives in `$XDG_CACHE_HOME/aisec/v8` (else `~/.cache/aisec/v8`),
 * one file per bundle, named by a hash of the bundle's content, the Node version, the architecture and the V8
 * flags (V8 itself only checks the source's length, so a rebuilt bundle of the same length must not match).
 * Any failure (no home folder, a read-only cache, a rejected cache) falls back to an ordinary compile.
 * This file is the launcher's only code: it imports nothing but Node's own modules, so it stays cheap.
 */
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { readDiskFile } from '../host/safe-read';

/** The server saves its cache this long after start (after the first analyses compiled their functions). */
const SERVER_SAVE_DELAY_MS = 10_000;
/** Caches of other builds (or Node versions) are removed once nothing has rewritten them for this long. */
const STALE_CACHE_MS = 7 * 24 * 60 * 60 * 1000;

interface NodeModuleInternals {
  _nodeModulePaths(from: string): string[];
}

/**
 * Runs the CommonJS bundle `filename` as a module of its own and returns its exports. `AISEC_NO_CODE_CACHE=1`
 * turns the cache off (to compare start-up with and without it).
 */
export function loadBundle(filename: string, env: NodeJS.ProcessEnv = process.env): unknown {
  const read = readDiskFile(filename, { kind: 'source' });
  if (!read.ok) throw new Error(`AISec could not load ${filename}: the file ${read.reason}`);
  const bytes = read.bytes;
  // esbuild.mjs writes the bundles in ASCII: decoded as Latin-1 (the same string) they become a one-byte string in
  // about a fifth of the time UTF-8 decoding takes, and half the memory of the two-byte string a single
  // non-ASCII character in a comment made of all 4 MB.
  const source = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
  const cacheFile = env.AISEC_NO_CODE_CACHE === '1' ? undefined : cachePath(filename, bytes, env);
  const cachedData = cacheFile ? readCache(cacheFile) : undefined;
  const script = new Script(Module.wrap(source), { filename, ...(cachedData ? { cachedData } : {}) });
  if (cacheFile && (cachedData === undefined || script.cachedDataRejected === true)) scheduleSave(script, cacheFile);
  const bundle = new Module(filename, module);
  bundle.filename = filename;
  bundle.paths = (Module as unknown as NodeModuleInternals)._nodeModulePaths(dirname(filename));
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  wrapper.call(bundle.exports, bundle.exports, createRequire(filename), bundle, filename, dirname(filename));
  bundle.loaded = true;
  return bundle.exports;
}

/** Hashing the bytes costs about 2 ms for 3.5 MB (hashing the decoded string, ten times that). */
function cachePath(filename: string, bytes: Buffer, env: NodeJS.ProcessEnv): string | undefined {
  let cacheHome = env.XDG_CACHE_HOME;
  if (!cacheHome) {
    try {
      cacheHome = join(homedir(), '.cache');
    } catch {
      return undefined;
    }
  }
  const key = createHash('sha256').update(bytes).update(`\0${process.version}\0${process.arch}\0${process.execArgv.join(' ')}`).digest('hex').slice(0, 24);
  return join(cacheHome, 'aisec', 'v8', `${basename(filename, '.js')}-${key}.cache`);
}

/** The cache's bytes when it is a regular file (not a link) within the cache cap. */
function readCache(path: string): Buffer | undefined {
  try {
    if (!lstatSync(path).isFile()) return undefined;
  } catch {
    return undefined;
  }
  const read = readDiskFile(path, { kind: 'cache' });
  return read.ok && read.bytes.length > 0 ? read.bytes : undefined;
}

/**
 * Saves the cache once the process has done its work, so that it holds the functions the run compiled lazily
 * too: at exit (the CLI), or a few seconds after start (the server, which runs until the editor closes).
 */
function scheduleSave(script: Script, path: string): void {
  let saved = false;
  const save = (): void => {
    if (saved) return;
    saved = true;
    writeCache(path, script.createCachedData());
  };
  process.once('exit', save);
  setTimeout(save, SERVER_SAVE_DELAY_MS).unref();
}

/**
 * Writes through a temporary file and a rename (a concurrent start never reads half a cache), and removes the
 * bundle's caches that no build has written for a week (several builds or Node versions may be in use at once).
 */
function writeCache(path: string, data: Buffer): void {
  try {
    const folder = dirname(path);
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, data, { mode: 0o600 });
    renameSync(temporary, path);
    const prefix = `${basename(path).replace(/-[0-9a-f]+\.cache$/, '')}-`;
    for (const name of readdirSync(folder)) {
      if (!name.startsWith(prefix) || !name.endsWith('.cache') || name === basename(path)) continue;
      const other = join(folder, name);
      if (Date.now() - statSync(other).mtimeMs > STALE_CACHE_MS) unlinkSync(other);
    }
  } catch {
    // No cache this time: the next start compiles again.
  }
}
