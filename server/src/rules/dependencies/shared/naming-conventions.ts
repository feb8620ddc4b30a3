/**
 * Naming conventions that explain a name sitting next to a popular one without any typing mistake
 * (issue 16, precision on the top 15,000 names). Measured on the popular lists, these shapes are common
 * among legitimate packages and rare among the known-malicious look-alikes:
 *
 * - a major-version line: names that differ only in a trailing number (`eventemitter2` next to
 *   `eventemitter3`, `@tsconfig/node24` next to `@tsconfig/node14`), and on PyPI a popular name with a
 *   number added (`elasticsearch7`, `gitdb2`, `pypdf4`), since PyPI projects publish major lines as
 *   projects of their own (npm's malicious lists, by contrast, are full of `react-dom-16` and `fdir3`);
 * - a one-letter implementation prefix: `cchardet` (C), `rtoml` (Rust), `grequests` (gevent),
 *   `aresponses` (asyncio), `ipytest`, `vasync`: a letter added before, or dropped from, the start of
 *   a name. People rarely mistype the first letter, so a different first letter counts only when it is a
 *   neighbouring key (`dequests`, `voto3`);
 * - on PyPI, a companion project named by a suffix (`ddtrace-api`, `textual-dev`, `fastapi-utils`).
 */
import type { Ecosystem } from '../../../engine/ports';

/** True when `name` and `popular` are versions of one line rather than a misspelling. */
export function isVersionLine(ecosystem: Ecosystem, name: string, popular: string): boolean {
  const mine = withoutVersion(name);
  if (mine === name) return false;
  // PyPI: the popular name with a number added (`elasticsearch7`, `flake8-2020`, `awscliv2`).
  if (ecosystem === 'pypi' && mine === popular) return true;
  // Both numbered: `eventemitter2` and `eventemitter3`.
  const theirs = withoutVersion(popular);
  return theirs !== popular && mine === theirs;
}

/** The name without a trailing version number (`-7`, `7`, `v2`, `-2020`). */
function withoutVersion(name: string): string {
  return name.replace(/(?<=[a-z0-9])[-_.]?v?\d+$/, '');
}

/** True when one name is the other with one letter put in front (`rtoml`/`toml`, `enum`/`aenum`), not a doubled first letter. */
export function isLetterPrefix(name: string, popular: string): boolean {
  const [long, short] = name.length > popular.length ? [name, popular] : [popular, name];
  return long.length === short.length + 1 && long.slice(1) === short && long[0] !== long[1] && /[a-z]/.test(long[0]!);
}

/** True when the names start with different letters (after any scope) and neither is a letter-prefix of the other. */
export function firstLetterDiffers(name: string, popular: string): boolean {
  return name[0] !== popular[0] && !isLetterPrefix(name, popular);
}

/**
 * Affixes that name a companion project on PyPI rather than a copy (`ddtrace-api`, `textual-dev`,
 * `fastapi-utils`, `frida-tools`, `netifaces-plus`): 14 names of the PyPI top 15,000 take one of them after a
 * more popular name, against none of the 1,800 malicious PyPI names. On npm they stay evidence (`chai-dev`,
 * `uuid-utils`, `jquery-tools` and `sort-keys-plus` are on its malicious list).
 */
export const PYPI_COMPANION_AFFIXES: ReadonlySet<string> = new Set(['api', 'dev', 'utils', 'util', 'tools', 'tool', 'plus']);
