// Fills the real-code benchmark's cache: one folder per repository of bench/real/repos.json, holding the
// repository's files at its pinned commit (no history). The cache lives outside this repository, because
// their code must never be committed:
//   $AISEC_BENCH_REAL_CACHE, or ~/.cache/aisec/bench-real/, with folders named <owner>+<name>@<commit>/.
// A folder is complete when it holds the marker file `.aisec-bench-complete`; a half-written one is
// removed and written again.
//
// Where a missing repository comes from, in this order:
//   1. a local git directory that holds the commit (a mirror or a clone): $AISEC_BENCH_REAL_MIRRORS is a
//      list of folders separated by ':'; each is searched for <owner>+<name>/repo, <owner>+<name>,
//      <owner>/<name>/.git and <owner>/<name> (exported with `git archive <commit> | tar -x`);
//   2. the network: `git fetch --depth 1 https://github.com/<owner>/<name> <commit>` into a temporary
//      repository, then the same archive (unless --offline or AISEC_BENCH_REAL_OFFLINE=1).
// When neither works, it says exactly how to fill the folder by hand, and the benchmark skips the
// repository with that message rather than failing opaquely.
//
// Each folder also gets a `.git/config` naming its GitHub `origin` remote and nothing else, as a user's clone
// has one: rules that ask who owns the repository (AIS856 reports actions of the repository's own owner as
// advisory) read it there, and a snapshot without it would judge a clone by less than the user's scan sees.
//
//   node bench/real/prepare.mjs [--offline] [owner/name ...]
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const MANIFEST_PATH = join(here, 'repos.json');
const COMPLETE_MARKER = '.aisec-bench-complete';
/** Files of the commit that the git directory lacked (snapshots leave out blobs of 4 MiB and more). */
export const MISSING_LIST = '.aisec-bench-missing';
const NETWORK_TIMEOUT_MS = 10 * 60 * 1000;

/** The repositories of the manifest: `{ repo, commit, kind, about }`. */
export function readManifest() {
  const manifest = JSON.parse(readFileSync(MANIFEST_PATH, 'utf8'));
  for (const [index, entry] of manifest.repositories.entries()) {
    if (!/^[\w.-]+\/[\w.-]+$/.test(entry.repo ?? '')) throw new Error(`${MANIFEST_PATH}: repositories[${index}].repo must be "owner/name", got ${JSON.stringify(entry.repo)}`);
    if (!/^[0-9a-f]{40}$/.test(entry.commit ?? '')) throw new Error(`${MANIFEST_PATH}: repositories[${index}].commit must be a 40-digit commit SHA, got ${JSON.stringify(entry.commit)}`);
  }
  return manifest.repositories;
}

export function cacheRoot() {
  return process.env.AISEC_BENCH_REAL_CACHE || join(homedir(), '.cache', 'aisec', 'bench-real');
}

/** The folder that holds `entry`'s files at its commit. */
export function repoFolder(entry) {
  return join(cacheRoot(), `${entry.repo.replace('/', '+')}@${entry.commit}`);
}

function git(args, options = {}) {
  return spawnSync('git', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
}

/** Local git directories that may hold `entry`'s commit. */
function localGitDirectories(entry) {
  const roots = (process.env.AISEC_BENCH_REAL_MIRRORS ?? '').split(':').filter(Boolean);
  const flat = entry.repo.replace('/', '+');
  return roots.flatMap((root) => [join(root, flat, 'repo'), join(root, flat), join(root, entry.repo, '.git'), join(root, entry.repo)]).filter((dir) => existsSync(dir));
}

function hasCommit(gitDir, commit) {
  return git(['--git-dir', gitDir, 'cat-file', '-e', `${commit}^{commit}`]).status === 0;
}

/**
 * `git archive <commit> | tar -x -C <into>`; returns an error message or undefined. A snapshot mirror may
 * lack its largest blobs (the archive then fails): the files it does hold are written one by one and the
 * absent ones are listed in MISSING_LIST, so the scan's coverage is known rather than silently smaller.
 */
function exportCommit(gitDir, commit, into) {
  mkdirSync(into, { recursive: true });
  const archive = spawnSync('bash', ['-c', 'set -o pipefail; git --git-dir="$1" archive "$2" | tar -x -C "$3"', 'export', gitDir, commit, into], { encoding: 'utf8' });
  if (archive.status === 0) return undefined;
  rmSync(into, { recursive: true, force: true });
  mkdirSync(into, { recursive: true });
  return exportBlobByBlob(gitDir, commit, into);
}

function exportBlobByBlob(gitDir, commit, into) {
  const tree = git(['--git-dir', gitDir, 'ls-tree', '-r', '-z', commit]);
  if (tree.status !== 0) return `git ls-tree ${commit} in ${gitDir} failed: ${tree.stderr.trim()}`;
  const entries = tree.stdout.split('\0').filter(Boolean).map((line) => {
    const [meta, path] = line.split('\t');
    const [mode, type, sha] = meta.split(' ');
    return { mode, type, sha, path };
  }).filter((e) => e.type === 'blob');
  const objects = spawnSync('git', ['--git-dir', gitDir, 'cat-file', '--batch'], { input: entries.map((e) => e.sha).join('\n') + '\n', maxBuffer: 2 * 1024 * 1024 * 1024 });
  if (objects.status !== 0) return `git cat-file --batch in ${gitDir} failed: ${String(objects.stderr).trim()}`;
  const out = objects.stdout;
  const missing = [];
  let offset = 0;
  for (const entry of entries) {
    const headerEnd = out.indexOf(0x0a, offset);
    const header = out.subarray(offset, headerEnd).toString('utf8');
    offset = headerEnd + 1;
    if (header.endsWith(' missing')) {
      missing.push(entry.path);
      continue;
    }
    const size = Number(header.split(' ')[2]);
    const content = out.subarray(offset, offset + size);
    offset += size + 1;
    const target = join(into, entry.path);
    mkdirSync(dirname(target), { recursive: true });
    if (entry.mode === '120000') {
      try {
        symlinkSync(content.toString('utf8'), target);
      } catch {
        missing.push(entry.path);
      }
    } else writeFileSync(target, content, { mode: entry.mode === '100755' ? 0o755 : 0o644 });
  }
  writeFileSync(join(into, MISSING_LIST), missing.map((path) => `${path}\n`).join(''));
  return undefined;
}

function fetchFromNetwork(entry, into) {
  const scratch = mkdtempSync(join(tmpdir(), 'aisec-bench-real-'));
  try {
    const init = git(['init', '--quiet', '--bare', scratch]);
    if (init.status !== 0) return `git init failed: ${init.stderr.trim()}`;
    const url = `https://github.com/${entry.repo}.git`;
    const fetched = git(['--git-dir', scratch, 'fetch', '--quiet', '--depth', '1', url, entry.commit], { timeout: NETWORK_TIMEOUT_MS, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
    if (fetched.status !== 0) return `git fetch ${url} ${entry.commit} failed: ${(fetched.stderr || fetched.error?.message || '').trim().split('\n').slice(-2).join(' ')}`;
    return exportCommit(scratch, entry.commit, into);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The exact steps that fill `entry`'s folder by hand. */
export function howToFill(entry) {
  const folder = repoFolder(entry);
  return [
    `Fill ${folder} with ${entry.repo} at ${entry.commit}, then create the marker file ${COMPLETE_MARKER} in it. Either:`,
    `  from a clone or mirror that holds the commit:  mkdir -p "${folder}" && git --git-dir=<that repository's .git> archive ${entry.commit} | tar -x -C "${folder}" && touch "${folder}/${COMPLETE_MARKER}"`,
    `  (or point AISEC_BENCH_REAL_MIRRORS at a folder holding ${entry.repo.replace('/', '+')}/repo or ${entry.repo}/.git, and run node bench/real/prepare.mjs again)`,
    `  from the network:  git clone https://github.com/${entry.repo}.git /tmp/${entry.repo.replace('/', '+')} && git -C /tmp/${entry.repo.replace('/', '+')} archive ${entry.commit} | tar -x -C "${folder}" (after mkdir -p) and the same touch`,
  ].join('\n');
}

/**
 * Makes sure `entry`'s folder is complete. Returns `{ folder }` when it is, or `{ folder, error, help }`
 * when it could not be filled (the caller reports it and goes on).
 */
export function prepareRepository(entry, { offline = process.env.AISEC_BENCH_REAL_OFFLINE === '1', log = console.log } = {}) {
  const folder = repoFolder(entry);
  if (existsSync(join(folder, COMPLETE_MARKER))) return withOriginRemote(entry, { folder });
  const partial = `${folder}.partial`;
  rmSync(partial, { recursive: true, force: true });
  const errors = [];
  for (const gitDir of localGitDirectories(entry)) {
    if (!hasCommit(gitDir, entry.commit)) {
      errors.push(`${gitDir} does not hold ${entry.commit}`);
      continue;
    }
    log(`bench:real: exporting ${entry.repo}@${entry.commit.slice(0, 12)} from ${gitDir}`);
    const error = exportCommit(gitDir, entry.commit, partial);
    if (!error) return withOriginRemote(entry, finish(partial, folder));
    errors.push(error);
    rmSync(partial, { recursive: true, force: true });
  }
  if (offline) errors.push('the network was not tried (--offline or AISEC_BENCH_REAL_OFFLINE=1)');
  else {
    log(`bench:real: fetching ${entry.repo}@${entry.commit.slice(0, 12)} from GitHub`);
    const error = fetchFromNetwork(entry, partial);
    if (!error) return withOriginRemote(entry, finish(partial, folder));
    errors.push(error);
    rmSync(partial, { recursive: true, force: true });
  }
  if (errors.length === 0) errors.push('no local mirror was configured (AISEC_BENCH_REAL_MIRRORS)');
  return { folder, error: errors.join('; '), help: howToFill(entry) };
}

/**
 * Writes `.git/config` with the repository's `origin` remote when the folder has none (caches filled before it
 * existed get it on the next run). A new file beside the exported ones, so a cache of hard links stays intact.
 */
function withOriginRemote(entry, result) {
  const config = join(result.folder, '.git', 'config');
  if (!existsSync(config)) {
    mkdirSync(dirname(config), { recursive: true });
    writeFileSync(config, `[remote "origin"]\n\turl = https://github.com/${entry.repo}.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n`);
  }
  return result;
}

function finish(partial, folder) {
  writeFileSync(join(partial, COMPLETE_MARKER), `${new Date().toISOString()}\n`);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(dirname(folder), { recursive: true });
  renameSync(partial, folder);
  return { folder };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const offline = args.includes('--offline') || process.env.AISEC_BENCH_REAL_OFFLINE === '1';
  const only = new Set(args.filter((a) => !a.startsWith('--')));
  let failed = 0;
  for (const entry of readManifest()) {
    if (only.size > 0 && !only.has(entry.repo)) continue;
    const result = prepareRepository(entry, { offline });
    if (result.error) {
      failed += 1;
      console.error(`bench:real: ${entry.repo} is missing: ${result.error}\n${result.help}`);
    } else console.log(`bench:real: ${entry.repo} ready in ${result.folder}`);
  }
  process.exitCode = failed > 0 ? 1 : 0;
}
