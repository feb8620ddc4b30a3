/**
 * The shape of a provider entry and the helpers its patterns are written with, shared by the provider
 * tables (`providers.ts` for AI, cloud and VCS keys, `service-providers.ts` for the wider service catalogue).
 */
import type { Severity } from '../../engine/finding';
import type { AdvisoryPolicy } from '../../engine/rule';

/** A token shape that starts with a fixed literal. */
export interface TokenPattern {
  /** The literal the prefilter finds; the pattern is tried where it starts. */
  anchor: string;
  /** Sticky pattern for the whole token, tried at the anchor (minus `lead`). */
  regex: RegExp;
  /** Characters of the token that come before the anchor (Azure's `Q~` marker sits at offset 4). */
  lead?: number;
  /** Length of the fixed prefix, so filters see only the random body. */
  prefixLength: number;
  /** Lower-case words of which one must appear near the token (tier 2 prefixed formats such as DeepSeek's `sk-`). */
  requires?: readonly string[];
  /** Extra structural check (JWT header, PEM body). */
  validate?: (token: string) => boolean;
  severity?: Severity;
  /** What this shape is, for the message ("project key", "webhook URL"). */
  label?: string;
  /**
   * Why a key of this shape is public by design (a Supabase `anon` key), as the end of a sentence: such a key is
   * reported as information with this reason, never as an error.
   */
  publicByDesign?: string;
}

/** A body without a distinctive prefix, reported only near one of the provider's keywords. */
export interface ContextPattern {
  /** Lower-case keywords; any of them opens a window in which `body` is searched. */
  keywords: readonly string[];
  /** Global pattern for the body; boundaries are checked by the scanner. */
  body: RegExp;
  /** Characters searched after a keyword (before it, at most 100). */
  window: number;
  /** Bodies of this shape are something else (40-hex commit ids for AWS secrets). */
  reject?: RegExp;
}

export interface ProviderRule {
  id: string;
  /** Stable slug, also used by test fixtures (`{{secret:openai}}`). */
  slug: string;
  /** kebab-case rule name. */
  name: string;
  provider: string;
  /** "API key", "access token", ... */
  secretKind: string;
  ai: boolean;
  tier: 1 | 2;
  patterns: readonly TokenPattern[];
  context?: ContextPattern;
  /** The conventional environment variable the fixes read. */
  envVar: string;
  severity: Severity;
  /** A description of the format in words, for the rule's documentation. */
  format: string;
  /** SDK constructors that read `envVar` themselves when the key argument is dropped. */
  sdkReadsEnv?: { callees: readonly string[]; keywords: readonly string[] };
  /** A line of code (with a placeholder) used in the documentation example. */
  exampleCall: string;
  /** The documentation's "use instead" code when replacing the literal with an env read does not fit. */
  useInstead?: string;
  references: readonly string[];
  /** Example keys published in the provider's own documentation, which are placeholders wherever they appear. */
  documentedExamples?: readonly string[];
  /** The rule's information-level findings belong to the audit profile (password hashes: stored on purpose, only weak ones matter). */
  advisory?: AdvisoryPolicy;
}

export const B64URL = 'A-Za-z0-9_\\-';
/** Right boundary: the token does not continue into more token characters. */
export const END = `(?![${B64URL}])`;

export function sticky(source: string): RegExp {
  return new RegExp(source, 'y');
}

export const CWE_798 = 'https://cwe.mitre.org/data/definitions/798.html';
