/**
 * The parsed shape shared by every manifest parser. Parsers are pure and keep exact source offsets
 * (UTF-16 indices into the text they were given) so rules can underline precisely and build edits;
 * a malformed manifest yields `diagnostics` with the offset where it broke, never an exception.
 */

/** A half-open range of UTF-16 offsets in the parsed text. */
export interface Span {
  start: number;
  end: number;
}

/** `conda` names are never looked up on PyPI: the two namespaces differ (`pytorch` vs `torch`). */
export type ManifestEcosystem = 'pypi' | 'npm' | 'conda';

/** Where a dependency comes from. */
export type SourceKind =
  | 'registry'
  /** An http(s) archive URL. */
  | 'url'
  /** A git/hg/svn/bzr URL or a hosted shorthand (`github:user/repo`). */
  | 'vcs'
  /** A local path, `file:` or `link:`. */
  | 'path'
  /** `workspace:` / `catalog:` (pnpm, yarn): internal by construction. */
  | 'workspace';

/** Why the dependency is listed: installed, only constraining versions, locked, or forcing a version. */
export type DependencyRole = 'install' | 'constraint' | 'lock' | 'override' | 'build';

export interface Dependency {
  ecosystem: ManifestEcosystem;
  /** The registry name that gets installed (for npm aliases, the alias target). Empty for unnamed URLs. */
  name: string;
  /** Where the name is written (for aliases, the target name inside the `npm:` specifier). */
  nameSpan: Span;
  /** For npm aliases: the name the package is installed under (the key). */
  alias?: { name: string; span: Span };
  /** The version specifier as written (`>=1.0,<2`, `^1.2.3`), without the name. */
  spec?: string;
  specSpan?: Span;
  /** The exact version when the specifier pins one (`==1.2.3`, `1.2.3`, a lockfile entry). */
  pinned?: string;
  pinnedSpan?: Span;
  source: SourceKind;
  /** For `url`/`vcs`/`path` sources: the location as written. */
  url?: string;
  urlSpan?: Span;
  /** For VCS sources: the ref (`#commit-ish`, `@rev`, Poetry `rev`/`branch`/`tag`), when given. */
  vcsRef?: string;
  /** The manifest section (`dependencies`, `project.optional-dependencies.dev`, `pip`, `packages`). */
  group: string;
  role: DependencyRole;
  /** The whole entry (a line, a key/value pair, an array element), for removal edits. */
  entrySpan: Span;
  /** Requirements mode: the line carries `--hash` options. */
  hasHashes?: boolean;
  /** Lockfiles: the integrity hash, when present. */
  integrity?: string;
  /** Lockfiles: the package declares install scripts (`hasInstallScript`, `requiresBuild`). */
  hasInstallScript?: boolean;
  /** Pipfile `index` / Poetry `source`: the named package source this dependency is pinned to. */
  index?: string;
  /**
   * Lockfiles: the packages that pull this one in, from the project's direct dependency down to its
   * parent, each with where it is locked; empty or absent for a direct dependency.
   */
  via?: readonly { name: string; span: Span }[];
}

/** An index, registry or channel the manifest points the installer at. */
export interface PackageSource {
  kind:
    | 'index-url'
    | 'extra-index-url'
    | 'find-links'
    | 'poetry-source'
    | 'uv-index'
    | 'pipfile-source'
    | 'conda-channel'
    | 'npm-registry'
    | 'dependency-links';
  url: string;
  span: Span;
  /** The whole line or table, for removal edits. */
  entrySpan: Span;
  name?: string;
  /** Poetry `priority`, uv `default`/`explicit`. */
  priority?: string;
  /** `verify_ssl = false` (Pipfile). */
  tlsVerificationDisabled?: boolean;
}

/** A setting that weakens how packages are fetched. */
export interface RiskySetting {
  kind: 'trusted-host' | 'index-strategy' | 'verify-ssl-disabled';
  value: string;
  span: Span;
  entrySpan: Span;
}

/** `-r other.txt` / `-c constraints.txt`: the host resolves these relative to the containing file. */
export interface Include {
  kind: 'requirements' | 'constraints';
  path: string;
  span: Span;
}

/** A lifecycle script in a project's own package.json. */
export interface InstallScript {
  name: string;
  command: string;
  span: Span;
  entrySpan: Span;
}

export interface ManifestDiagnostic {
  message: string;
  span: Span;
}

export interface ParsedManifest {
  dependencies: Dependency[];
  sources: PackageSource[];
  settings: RiskySetting[];
  includes: Include[];
  scripts: InstallScript[];
  diagnostics: ManifestDiagnostic[];
  /** Python: the manifest declares the project's own name (first-party). */
  projectName?: string;
}

export function emptyManifest(): ParsedManifest {
  return { dependencies: [], sources: [], settings: [], includes: [], scripts: [], diagnostics: [] };
}
