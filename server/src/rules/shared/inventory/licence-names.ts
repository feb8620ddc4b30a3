/**
 * Licence names as model hubs and manifests write them, turned into SPDX: SPDX ids in any case
 * (`apache-2.0` → `Apache-2.0`), Hugging Face's names for SPDX licences (`gpl-3.0` → `GPL-3.0-only`), and
 * model licences SPDX does not list (`llama3`, `gemma`, `creativeml-openrail-m`) as `LicenseRef-<name>`.
 */
import parseSpdx from 'spdx-expression-parse';
import spdxIds from 'spdx-license-ids/index.json';
import deprecatedIds from 'spdx-license-ids/deprecated.json';

const BY_LOWER_CASE = new Map<string, string>([...spdxIds, ...deprecatedIds].map((id: string) => [id.toLowerCase(), id]));

/** Hugging Face's licence names whose SPDX id is spelled otherwise. */
const HUB_ALIASES: Readonly<Record<string, string>> = {
  'gpl-3.0': 'GPL-3.0-only', 'gpl-2.0': 'GPL-2.0-only', 'gpl': 'GPL-3.0-or-later',
  'lgpl-3.0': 'LGPL-3.0-only', 'lgpl-2.1': 'LGPL-2.1-only', 'lgpl-lr': 'LicenseRef-lgpl-lr',
  'agpl-3.0': 'AGPL-3.0-only', 'cc': 'LicenseRef-cc', 'bsd': 'BSD-3-Clause', 'apache': 'Apache-2.0',
};

/** Common ways of writing an SPDX licence in words. */
const SPELLED_OUT: Readonly<Record<string, string>> = {
  'apache 2.0': 'Apache-2.0', 'apache 2': 'Apache-2.0', 'apache license 2.0': 'Apache-2.0', 'apache license, version 2.0': 'Apache-2.0', 'apache-2': 'Apache-2.0',
  'mit license': 'MIT', 'the mit license': 'MIT', 'bsd 3-clause': 'BSD-3-Clause', 'bsd-3': 'BSD-3-Clause', 'bsd 2-clause': 'BSD-2-Clause',
};

/** Values that say the licence is not known. */
const UNKNOWN = new Set(['', 'unknown', 'other', 'none', 'unlicensed', 'see license', 'see license file', 'proprietary', 'noassertion']);

/**
 * The SPDX expression of a licence as written, or undefined when it says nothing (`other`, `unknown`).
 * An SPDX expression stays as it is; a single name SPDX does not know becomes `LicenseRef-<name>`.
 */
export function spdxExpressionOf(raw: string): string | undefined {
  const trimmed = raw.trim().replace(/^\(([^()]*)\)$/, '$1');
  if (UNKNOWN.has(trimmed.toLowerCase())) return undefined;
  const spelled = SPELLED_OUT[trimmed.toLowerCase()];
  if (spelled) return spelled;
  if (isSpdxExpression(trimmed)) return trimmed;
  // The same expression with each id in SPDX's case (`mit OR apache-2.0`).
  const recased = trimmed.replace(/[A-Za-z0-9.+-]+/g, (word) => (/^(?:and|or|with)$/i.test(word) ? word.toUpperCase() : singleId(word) ?? word));
  if (isSpdxExpression(recased)) return recased;
  if (/\s/.test(trimmed)) return undefined;
  return singleId(trimmed) ?? `LicenseRef-${trimmed.replace(/[^A-Za-z0-9.-]+/g, '-')}`;
}

function singleId(word: string): string | undefined {
  const lower = word.toLowerCase();
  const plus = lower.endsWith('+') ? '+' : '';
  const base = plus ? lower.slice(0, -1) : lower;
  const found = HUB_ALIASES[base] ?? BY_LOWER_CASE.get(base);
  return found ? `${found}${plus}` : undefined;
}

/** True when `text` parses as an SPDX expression. */
export function isSpdxExpression(text: string): boolean {
  try {
    parseSpdx(text);
    return true;
  } catch {
    return false;
  }
}

/** True when `id` is an id of SPDX's licence list (not a `LicenseRef-`). */
export function isSpdxLicenceId(id: string): boolean {
  return BY_LOWER_CASE.get(id.toLowerCase()) === id;
}
