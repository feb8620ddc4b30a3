/**
 * Classifies npm dependency specifiers: semver ranges and tags, `npm:` aliases, git and hosted-git
 * shorthands, tarball URLs, local paths and `workspace:`/`catalog:` protocols (npm package-spec rules).
 */
import { npmPinnedVersion } from '../versions/npm-semver';
import type { SourceKind } from './types';

export interface NpmSpec {
  source: SourceKind;
  /** For aliases: the package that is really installed, and the range given for it. */
  aliasTarget?: { name: string; offset: number; range: string; rangeOffset: number };
  /** The exact version when the spec pins one. */
  pinned?: string;
  /** For git specs: the commit-ish after `#` (with `semver:` ranges kept as written). */
  vcsRef?: string;
}

export function classifyNpmSpec(spec: string): NpmSpec {
  const s = spec.trim();
  if (s.startsWith('npm:')) {
    const body = s.slice(4);
    const at = body.indexOf('@', body.startsWith('@') ? 1 : 0);
    const name = at < 0 ? body : body.slice(0, at);
    const range = at < 0 ? '' : body.slice(at + 1);
    return { source: 'registry', aliasTarget: { name, offset: 4, range, rangeOffset: at < 0 ? s.length : 4 + at + 1 }, pinned: npmPinnedVersion(range) };
  }
  if (/^(workspace|catalog|portal):/.test(s)) return { source: 'workspace' };
  if (/^(file|link):/.test(s) || /^(\.{1,2}\/|\/|~\/)/.test(s)) return { source: 'path' };
  if (/^git(\+[a-z]+)?:\/\//i.test(s) || /^git\+/.test(s) || /^(github|gitlab|bitbucket|gist):/.test(s) || /^git@[^:]+:/.test(s)) {
    return { source: 'vcs', vcsRef: refOf(s) };
  }
  if (/^https?:\/\//i.test(s)) {
    if (/\.git(#.*)?$/.test(s)) return { source: 'vcs', vcsRef: refOf(s) };
    return { source: 'url' };
  }
  // `user/repo` is a GitHub shorthand (a scoped name always starts with `@`).
  if (/^[A-Za-z0-9][\w.-]*\/[\w.-]+(#.*)?$/.test(s)) return { source: 'vcs', vcsRef: refOf(s) };
  return { source: 'registry', pinned: npmPinnedVersion(s) };
}

function refOf(s: string): string | undefined {
  const hash = s.indexOf('#');
  return hash < 0 ? undefined : s.slice(hash + 1) || undefined;
}

/** The package name of an import or require specifier (`@scope/name/sub` → `@scope/name`), or undefined for relative/URL specifiers. */
export function packageNameOfSpecifier(specifier: string): string | undefined {
  if (specifier === '' || specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(specifier)) return undefined;
  const parts = specifier.split('/');
  if (specifier.startsWith('@')) return parts.length >= 2 && parts[1] ? `${parts[0]}/${parts[1]}` : undefined;
  return parts[0];
}
