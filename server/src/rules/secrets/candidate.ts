/** What the text scanner hands to the checker: a possible secret with its offsets and what surrounds it. */
import type { Severity } from '../../engine/finding';

export interface Candidate {
  ruleId: string;
  /** Offsets of the secret itself (the token, the password, the key body) in the scanned text. */
  start: number;
  end: number;
  value: string;
  /** 1 distinctive format, 2 format plus context, 3 generic assignment; 0 for browser exposure (no value). */
  tier: 0 | 1 | 2 | 3;
  label?: string;
  severity?: Severity;
  /** The name the value is bound or passed to (`api_key`, `OPENAI_API_KEY`, `Authorization`). */
  bindingName?: string;
  /** For generic matches: offsets of the quote that opens the literal (checked against the syntax tree). */
  quoteStart?: number;
  /** Higher wins when two candidates overlap. */
  priority: number;
  /** For browser exposure: what was found (`dangerouslyAllowBrowser`, the public env var name). */
  exposure?: { kind: 'allow-browser' | 'public-env'; name: string };
  /** The identifier this secret works with, when it is in the same file (see `pairs.ts`). */
  pair?: PairedValue;
  /** A third value of the same credential that this finding also names (an AWS session token; see `pairs.ts`). */
  companion?: PairedValue;
  /** Why the key is public by design, when its provider says so (see `TokenPattern.publicByDesign`). */
  publicByDesign?: string;
  /** How the value was hidden, when it was found by decoding a container (see `containers.ts`), for the message. */
  container?: string;
}

/** The identifier half of a credential pair (an AWS access key id, a client id), with its offsets. */
export interface PairedValue {
  /** What it is ("access key id"). */
  label: string;
  start: number;
  end: number;
  value: string;
}
