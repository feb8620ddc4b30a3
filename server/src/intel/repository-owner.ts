/**
 * The GitHub owner (user or organisation) of the repository a file belongs to, for `ProjectFacts.repositoryOwner`:
 * the `origin` remote of its git checkout (`.git/config`, or a worktree's common git folder), else the repository
 * URL its manifest declares (`package.json` `repository`, `pyproject.toml` `[project.urls]` or Poetry's
 * `repository`/`homepage`, `Cargo.toml` `repository` or `homepage` (also under `[workspace.package]`), `setup.cfg`/`setup.py` `url`). AIS856 uses it to tell the
 * owner's own actions (`huggingface/hf-workflows` in `huggingface/trl`) from third-party ones.
 */
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { readDiskText } from '../host/safe-read';
import { parseJsonTree } from '../engine/manifests/json-tree';
import { parseTomlTree } from '../engine/manifests/toml-tree';
import { asObject, asString, stringAt, valueAt } from '../engine/manifests/tree';

const GITHUB_OWNER = /github\.com[/:]([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/[A-Za-z0-9_.-]+/i;

/** The owner in a GitHub repository URL (`https://github.com/o/r`, `git@github.com:o/r.git`, `github:o/r`). */
export function githubOwnerOf(url: string): string | undefined {
  const shorthand = /^github:([A-Za-z0-9-]+)\//.exec(url.trim());
  if (shorthand) return shorthand[1]!.toLowerCase();
  return GITHUB_OWNER.exec(url)?.[1]?.toLowerCase();
}

/** The owner of the `origin` remote in a git `config` text (else of the first GitHub remote). */
export function ownerFromGitConfig(text: string): string | undefined {
  const remotes: { name: string; owner: string }[] = [];
  let remote: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const section = /^\s*\[\s*([^\]\s]+)(?:\s+"([^"]*)")?\s*\]/.exec(line);
    if (section) {
      remote = section[1]!.toLowerCase() === 'remote' ? (section[2] ?? '') : undefined;
      continue;
    }
    const url = /^\s*url\s*=\s*(.+?)\s*$/i.exec(line);
    const owner = remote !== undefined && url ? githubOwnerOf(url[1]!) : undefined;
    if (owner) remotes.push({ name: remote!, owner });
  }
  return (remotes.find((r) => r.name === 'origin') ?? remotes[0])?.owner;
}

/** The owner of the repository URL a manifest declares (by its file name), if it names one on GitHub. */
export function ownerFromManifest(fileName: string, text: string): string | undefined {
  if (fileName === 'package.json') {
    const root = parseJsonTree(text).root;
    return firstOwner([stringAt(root, 'repository'), stringAt(root, 'repository', 'url')]);
  }
  if (fileName === 'pyproject.toml' || fileName === 'Cargo.toml') {
    const root = parseTomlTree(text).root;
    const urls = asObject(valueAt(root, 'project', 'urls'))?.entries.map((e) => asString(e.value)?.value) ?? [];
    return firstOwner([...urls, stringAt(root, 'tool', 'poetry', 'repository'), stringAt(root, 'tool', 'poetry', 'homepage'), ...['repository', 'homepage'].flatMap((key) => [stringAt(root, 'package', key), stringAt(root, 'workspace', 'package', key)])]);
  }
  if (fileName === 'setup.cfg' || fileName === 'setup.py') {
    const url = /(?:^|[\s(,])url\s*=\s*["']?([^"'\s,)]+)/m.exec(text);
    return url ? githubOwnerOf(url[1]!) : undefined;
  }
  return undefined;
}

function firstOwner(urls: readonly (string | undefined)[]): string | undefined {
  for (const url of urls) {
    const owner = url === undefined ? undefined : githubOwnerOf(url);
    if (owner) return owner;
  }
  return undefined;
}

const MANIFESTS = ['package.json', 'pyproject.toml', 'Cargo.toml', 'setup.cfg', 'setup.py'];

/** The owner named by the git checkout or the manifests in one folder (undefined when none names one). */
export function ownerInFolder(dir: string): string | undefined {
  const fromGit = gitConfigText(dir);
  const gitOwner = fromGit === undefined ? undefined : ownerFromGitConfig(fromGit);
  if (gitOwner) return gitOwner;
  for (const name of MANIFESTS) {
    const read = readDiskText(join(dir, name), { kind: 'manifest' });
    const owner = read.ok ? ownerFromManifest(name, read.text) : undefined;
    if (owner) return owner;
  }
  return undefined;
}

/** The text of a checkout's git `config`: `.git/config`, or through a worktree's `.git` file and `commondir`. */
function gitConfigText(dir: string): string | undefined {
  const direct = readDiskText(join(dir, '.git', 'config'), { kind: 'manifest' });
  if (direct.ok) return direct.text;
  const pointer = readDiskText(join(dir, '.git'), { kind: 'manifest' });
  const gitDir = pointer.ok ? /^gitdir:\s*(.+?)\s*$/m.exec(pointer.text)?.[1] : undefined;
  if (!gitDir) return undefined;
  const worktreeDir = isAbsolute(gitDir) ? gitDir : resolve(dir, gitDir);
  const common = readDiskText(join(worktreeDir, 'commondir'), { kind: 'manifest' });
  const commonDir = common.ok ? resolve(worktreeDir, common.text.trim()) : dirname(worktreeDir);
  const config = readDiskText(join(commonDir, 'config'), { kind: 'manifest' });
  return config.ok ? config.text : undefined;
}
