/** An import found in code, reduced to what dependency checks need. */
import type { Span } from '../manifests/types';

export interface ImportRef {
  ecosystem: 'pypi' | 'npm';
  /** Python: the dotted module (`google.cloud.storage`); JS: the package name (`@scope/name`). */
  module: string;
  /** Python: the top-level package (`google`); JS: same as `module`. */
  topLevel: string;
  /** The module text in the source (the dotted name or the string's content). */
  span: Span;
  /** Inside `try: ... except ImportError` (Python): an optional dependency. */
  optional: boolean;
  /** `import type` / `export type` (TypeScript): needs only the types at build time. */
  typeOnly: boolean;
  /** Loaded from a CDN URL or a Deno `npm:` specifier: real packages, but never declared in package.json. */
  outsideManifests?: boolean;
}
