/**
 * PEP 508 requirement strings (`name[extra]>=1; marker`, `name @ url`) and the bare URL / path forms pip
 * also accepts, parsed with offsets so every piece can be underlined and replaced.
 */
import { parseSpecifierSet, pinnedVersion } from '../versions/pep440';
import type { Dependency, DependencyRole, SourceKind, Span } from './types';

export interface RequirementParse {
  dependency?: Dependency;
  error?: { message: string; span: Span };
}

// Letters beyond ASCII are accepted here so that homoglyph names (`rеquests` with a Cyrillic е) reach the
// look-alike check instead of being reported as a syntax error.
const NAME_RE = /^[\p{L}\p{N}](?:[\p{L}\p{N}._-]*[\p{L}\p{N}])?/u;
const VCS_RE = /^(git|hg|svn|bzr)\+/i;

/**
 * Parses one requirement whose text starts at `offset` in the manifest. `entrySpan` covers the whole
 * entry for removal edits; `group` and `role` are recorded as given.
 */
export function parseRequirement(
  text: string,
  offset: number,
  group: string,
  role: DependencyRole,
  entrySpan?: Span,
): RequirementParse {
  const lead = text.length - text.trimStart().length;
  const body = text.trim();
  const start = offset + lead;
  const entry = entrySpan ?? { start, end: start + body.length };
  if (body === '') return { error: { message: 'Empty requirement.', span: { start, end: start } } };
  if (looksLikeLocation(body)) return { dependency: directReference(body, start, group, role, entry) };

  const nameMatch = NAME_RE.exec(body);
  if (!nameMatch) {
    return { error: { message: `Not a valid requirement: \`${shorten(body)}\`.`, span: { start, end: start + body.length } } };
  }
  const name = nameMatch[0];
  const dep: Dependency = {
    ecosystem: 'pypi',
    name,
    nameSpan: { start, end: start + name.length },
    source: 'registry',
    group,
    role,
    entrySpan: entry,
  };
  let i = skipSpaces(body, name.length);
  if (body[i] === '[') {
    const close = body.indexOf(']', i);
    if (close < 0) return { error: { message: 'Unclosed `[` in extras.', span: { start: start + i, end: start + body.length } } };
    i = skipSpaces(body, close + 1);
  }
  const semicolon = findMarker(body, i);
  const before = body.slice(i, semicolon);
  if (before.trimStart().startsWith('@')) {
    const at = i + before.indexOf('@');
    const urlStart = skipSpaces(body, at + 1);
    const url = body.slice(urlStart, semicolon).trim();
    if (url === '') return { error: { message: 'Missing URL after `@`.', span: { start: start + at, end: start + at + 1 } } };
    dep.url = url;
    dep.urlSpan = { start: start + urlStart, end: start + urlStart + url.length };
    dep.source = classifyUrl(url);
    if (dep.source === 'vcs') dep.vcsRef = vcsRefOf(url);
    return { dependency: dep };
  }
  let specText = before.trim();
  let specStart = i + before.indexOf(specText);
  if (specText.startsWith('(') && specText.endsWith(')')) {
    specText = specText.slice(1, -1).trim();
    specStart = body.indexOf(specText, specStart);
  }
  if (specText !== '') {
    const specs = parseSpecifierSet(specText);
    if (!specs) {
      return { error: { message: `Invalid version specifier \`${shorten(specText)}\` for ${name}.`, span: { start: start + specStart, end: start + specStart + specText.length } } };
    }
    dep.spec = specText;
    dep.specSpan = { start: start + specStart, end: start + specStart + specText.length };
    const pinned = pinnedVersion(specs);
    if (pinned) {
      dep.pinned = pinned;
      const at = specText.lastIndexOf(pinned);
      dep.pinnedSpan = { start: dep.specSpan.start + at, end: dep.specSpan.start + at + pinned.length };
    }
  }
  return { dependency: dep };
}

/** The source kind of a URL-like location. */
export function classifyUrl(url: string): SourceKind {
  if (VCS_RE.test(url)) return 'vcs';
  if (/^file:/i.test(url) || /^[./~]/.test(url) || /^[A-Za-z]:[\\/]/.test(url)) return 'path';
  if (/^https?:\/\//i.test(url)) return 'url';
  return 'path';
}

/** The ref after `@` in a VCS URL path (`git+https://h/r.git@v1.0#egg=x` → `v1.0`). */
export function vcsRefOf(url: string): string | undefined {
  const noFragment = url.split('#')[0]!;
  const afterScheme = noFragment.replace(/^[a-z+]+:\/\//i, '');
  const slash = afterScheme.indexOf('/');
  if (slash < 0) return undefined;
  const path = afterScheme.slice(slash);
  const at = path.lastIndexOf('@');
  return at >= 0 ? path.slice(at + 1) || undefined : undefined;
}

/** True for a full 40- (SHA-1) or 64-hex (SHA-256) commit id. */
export function isCommitSha(ref: string | undefined): boolean {
  return ref !== undefined && /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i.test(ref);
}

function directReference(body: string, start: number, group: string, role: DependencyRole, entry: Span): Dependency {
  const url = body.split(/\s+/)[0]!;
  const egg = /[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(url);
  const source = classifyUrl(url);
  const dep: Dependency = {
    ecosystem: 'pypi',
    name: egg ? egg[1]!.replace(/-[0-9].*$/, '') : archiveName(url),
    nameSpan: egg ? { start: start + egg.index + 5, end: start + egg.index + 5 + egg[1]!.length } : { start, end: start + url.length },
    source,
    url,
    urlSpan: { start, end: start + url.length },
    group,
    role,
    entrySpan: entry,
  };
  if (source === 'vcs') dep.vcsRef = vcsRefOf(url);
  return dep;
}

/** The project name of a wheel or sdist file name (`torch-2.1.0-cp311-...whl` → `torch`), else empty. */
function archiveName(url: string): string {
  const file = url.split(/[?#]/)[0]!.split('/').pop() ?? '';
  const wheel = /^([A-Za-z0-9][A-Za-z0-9._]*?)-\d[^-]*(-\d[^-]*)?-[^-]+-[^-]+-[^-]+\.whl$/.exec(file);
  if (wheel) return wheel[1]!;
  const sdist = /^([A-Za-z0-9][A-Za-z0-9._-]*?)-\d[\w.!+-]*\.(tar\.gz|zip|tar\.bz2|tgz)$/.exec(file);
  return sdist ? sdist[1]! : '';
}

function looksLikeLocation(body: string): boolean {
  const first = body.split(/[\s;]/)[0]!;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(body) || VCS_RE.test(body) || /^(\.{1,2}[\\/]|[\\/]|~|[A-Za-z]:[\\/]|file:)/.test(body)) return true;
  // `.`, `..` and anything with a path separator before a marker is a local directory or archive (`-e .`, `libs/core`).
  return first === '.' || first === '..' || (/[\\/]/.test(first) && !first.includes('@')) || /\.(whl|tar\.gz|zip|tgz)$/i.test(first);
}

function findMarker(body: string, from: number): number {
  const i = body.indexOf(';', from);
  return i < 0 ? body.length : i;
}

function skipSpaces(s: string, i: number): number {
  while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
  return i;
}

function shorten(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
