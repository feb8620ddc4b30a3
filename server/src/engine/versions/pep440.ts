/**
 * A PEP 440 implementation: parsing (with the normalisations pip applies), total ordering including
 * epochs, pre/post/dev releases and local versions, and specifier matching (`==`, `!=`, `<=`, `>=`, `<`,
 * `>`, `~=`, `===`, prefix `==1.2.*`). Advisory ranges and pinned requirements are compared with it, so
 * it follows the specification's exclusion rules for pre-releases and post-releases precisely.
 */

export interface Pep440Version {
  epoch: number;
  release: readonly number[];
  pre?: { label: 'a' | 'b' | 'rc'; n: number };
  post?: number;
  dev?: number;
  /** Local segments, numbers kept as numbers so they compare numerically. */
  local?: readonly (string | number)[];
  /** The input text, for messages. */
  text: string;
}

const VERSION_RE =
  /^\s*v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?(\d+)?)?(?:(?:-(\d+))|(?:[-_.]?(post|rev|r)[-_.]?(\d+)?))?(?:[-_.]?(dev)[-_.]?(\d+)?)?(?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?\s*$/i;

/** Parsed versions by text: advisory ranges are compared again and again, and parsing dominates that. */
const parsed = new Map<string, Pep440Version | null>();

/** Parses a version, or returns undefined when it is not valid PEP 440 (legacy versions are not ordered). */
export function parseVersion(text: string): Pep440Version | undefined {
  const cached = parsed.get(text);
  if (cached !== undefined) return cached ?? undefined;
  const version = parseUncached(text);
  if (parsed.size > 50_000) parsed.clear();
  parsed.set(text, version ?? null);
  return version;
}

function parseUncached(text: string): Pep440Version | undefined {
  const m = VERSION_RE.exec(text);
  if (!m) return undefined;
  const version: Pep440Version = {
    epoch: m[1] ? Number(m[1]) : 0,
    release: m[2]!.split('.').map(Number),
    text: text.trim(),
  };
  if (m[3]) {
    const raw = m[3].toLowerCase();
    const label = raw === 'alpha' ? 'a' : raw === 'beta' ? 'b' : raw === 'a' || raw === 'b' ? raw : 'rc';
    version.pre = { label, n: m[4] ? Number(m[4]) : 0 };
  }
  if (m[5] !== undefined) version.post = Number(m[5]);
  else if (m[6]) version.post = m[7] ? Number(m[7]) : 0;
  if (m[8]) version.dev = m[9] ? Number(m[9]) : 0;
  if (m[10]) version.local = m[10].toLowerCase().split(/[-_.]/).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  return version;
}

/** Negative, zero or positive as `a` sorts before, equal to or after `b`. */
export function compareVersions(a: Pep440Version, b: Pep440Version): number {
  if (a.epoch !== b.epoch) return a.epoch - b.epoch;
  const release = compareRelease(a.release, b.release);
  if (release !== 0) return release;
  const pre = comparePreKey(a, b);
  if (pre !== 0) return pre;
  const post = (a.post ?? -1) - (b.post ?? -1);
  if (post !== 0) return post;
  const dev = (a.dev ?? Infinity) - (b.dev ?? Infinity);
  if (dev !== 0 && !Number.isNaN(dev)) return dev;
  return compareLocal(a.local, b.local);
}

/** Compares two version strings; invalid versions sort first, in string order. */
export function compareVersionStrings(a: string, b: string): number {
  const va = parseVersion(a);
  const vb = parseVersion(b);
  if (va && vb) return compareVersions(va, vb);
  if (!va && !vb) return a < b ? -1 : a > b ? 1 : 0;
  return va ? 1 : -1;
}

/** The canonical string form (`1.0a1.post2.dev3+local`). */
export function canonicalVersion(v: Pep440Version): string {
  let s = v.epoch ? `${v.epoch}!` : '';
  s += v.release.join('.');
  if (v.pre) s += `${v.pre.label}${v.pre.n}`;
  if (v.post !== undefined) s += `.post${v.post}`;
  if (v.dev !== undefined) s += `.dev${v.dev}`;
  if (v.local) s += `+${v.local.join('.')}`;
  return s;
}

export function isPrerelease(v: Pep440Version): boolean {
  return v.pre !== undefined || v.dev !== undefined;
}

export type SpecifierOperator = '~=' | '==' | '!=' | '<=' | '>=' | '<' | '>' | '===';

export interface Specifier {
  operator: SpecifierOperator;
  /** The version text after the operator (may end with `.*` for `==`/`!=`). */
  version: string;
}

/** Parses a comma-separated specifier set (`>=1.0,<2,!=1.5.*`); undefined when any clause is invalid. */
export function parseSpecifierSet(text: string): Specifier[] | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  const out: Specifier[] = [];
  for (const clause of trimmed.split(',')) {
    const m = /^\s*(~=|===|==|!=|<=|>=|<|>)\s*([^\s,;]+)\s*$/.exec(clause);
    if (!m) return undefined;
    const operator = m[1] as SpecifierOperator;
    const version = m[2]!;
    if (operator !== '===') {
      const wildcard = version.endsWith('.*');
      if (wildcard && operator !== '==' && operator !== '!=') return undefined;
      if (!parseVersion(wildcard ? version.slice(0, -2) : version)) return undefined;
      if (operator === '~=' && parseVersion(version)!.release.length < 2) return undefined;
    }
    out.push({ operator, version });
  }
  return out;
}

/**
 * True when `version` satisfies every specifier. Pre-releases are included only when `prereleases` is
 * set or a specifier itself names a pre-release (PEP 440's default), which is how pip resolves them.
 */
export function satisfies(version: string, specifiers: readonly Specifier[], prereleases?: boolean): boolean {
  const v = parseVersion(version);
  if (!v) return specifiers.every((s) => s.operator === '===' && s.version === version.trim());
  const allowPre = prereleases ?? specifiers.some((s) => mentionsPrerelease(s));
  if (isPrerelease(v) && !allowPre && specifiers.length > 0) return false;
  return specifiers.every((s) => matchesSpecifier(v, s));
}

/** Matches one specifier clause against a parsed version. */
export function matchesSpecifier(v: Pep440Version, s: Specifier): boolean {
  switch (s.operator) {
    case '===':
      return v.text.toLowerCase() === s.version.toLowerCase();
    case '==':
    case '!=': {
      const equal = s.version.endsWith('.*') ? prefixMatch(v, s.version.slice(0, -2)) : exactMatch(v, s.version);
      return s.operator === '==' ? equal : !equal;
    }
    case '~=': {
      const spec = parseVersion(s.version)!;
      const prefix = spec.release.slice(0, -1);
      return compareVersions(v, spec) >= 0 && prefixMatch(v, `${spec.epoch ? `${spec.epoch}!` : ''}${prefix.join('.')}`);
    }
    case '<=':
      return compareVersions(stripLocal(v), parseVersion(s.version)!) <= 0;
    case '>=':
      return compareVersions(stripLocal(v), parseVersion(s.version)!) >= 0;
    case '<': {
      const spec = parseVersion(s.version)!;
      if (compareVersions(stripLocal(v), spec) >= 0) return false;
      // `<V` excludes pre-releases of V itself unless V is a pre-release.
      if (!isPrerelease(spec) && isPrerelease(v) && sameRelease(v, spec)) return false;
      return true;
    }
    case '>': {
      const spec = parseVersion(s.version)!;
      if (compareVersions(stripLocal(v), spec) <= 0) return false;
      // `>V` excludes post-releases of V unless V is a post-release, and never matches local versions of V.
      if (spec.post === undefined && v.post !== undefined && sameRelease(v, spec) && !v.pre && !spec.pre) return false;
      if (v.local && compareVersions(stripLocal(v), spec) === 0) return false;
      return true;
    }
  }
}

/** The exact version a specifier set pins (`==1.2.3`, `===1.2.3`), or undefined. */
export function pinnedVersion(specifiers: readonly Specifier[]): string | undefined {
  if (specifiers.length !== 1) return undefined;
  const s = specifiers[0]!;
  if ((s.operator === '==' && !s.version.endsWith('.*')) || s.operator === '===') return s.version;
  return undefined;
}

function exactMatch(v: Pep440Version, specText: string): boolean {
  const spec = parseVersion(specText);
  if (!spec) return false;
  // A specifier without a local segment ignores the candidate's local segment.
  return compareVersions(spec.local ? v : stripLocal(v), spec) === 0;
}

function prefixMatch(v: Pep440Version, prefixText: string): boolean {
  const prefix = parseVersion(prefixText);
  if (!prefix) return false;
  if (v.epoch !== prefix.epoch) return false;
  if (prefix.pre || prefix.post !== undefined || prefix.dev !== undefined) {
    // `==1.0rc1.*` style prefixes compare the whole public version without trailing segments.
    return canonicalVersion(stripLocal(v)).startsWith(canonicalVersion(prefix));
  }
  for (let i = 0; i < prefix.release.length; i++) {
    if ((v.release[i] ?? 0) !== prefix.release[i]) return false;
  }
  return true;
}

function stripLocal(v: Pep440Version): Pep440Version {
  return v.local ? { ...v, local: undefined } : v;
}

function sameRelease(a: Pep440Version, b: Pep440Version): boolean {
  return a.epoch === b.epoch && compareRelease(a.release, b.release) === 0;
}

function mentionsPrerelease(s: Specifier): boolean {
  if (s.operator === '!=' || s.operator === '===') return false;
  const v = parseVersion(s.version.endsWith('.*') ? s.version.slice(0, -2) : s.version);
  return v !== undefined && isPrerelease(v);
}

function compareRelease(a: readonly number[], b: readonly number[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Orders pre-release phases: dev-only releases first, then a/b/rc, then the final and post releases. */
function comparePreKey(a: Pep440Version, b: Pep440Version): number {
  return preRank(a) - preRank(b) || preNumber(a) - preNumber(b);
}

function preRank(v: Pep440Version): number {
  if (!v.pre && v.post === undefined && v.dev !== undefined) return 0;
  if (v.pre) return v.pre.label === 'a' ? 1 : v.pre.label === 'b' ? 2 : 3;
  return 4;
}

function preNumber(v: Pep440Version): number {
  return v.pre ? v.pre.n : 0;
}

function compareLocal(a: readonly (string | number)[] | undefined, b: readonly (string | number)[] | undefined): number {
  if (!a && !b) return 0;
  if (!a) return -1;
  if (!b) return 1;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (typeof x === 'number' && typeof y === 'number') {
      if (x !== y) return x - y;
    } else if (typeof x === 'number') {
      return 1;
    } else if (typeof y === 'number') {
      return -1;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}
