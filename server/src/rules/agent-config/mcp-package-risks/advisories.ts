/**
 * Advisories of MCP server packages, kept offline because the bundled snapshot carries PyPI advisories only
 * up to its date and no npm advisories (`aisec intel update` adds OSV's; these are then reported from there,
 * once). Each row was read from its advisory record (catalogue §2.4 and the cited records).
 */
import type { Ecosystem } from '../../../engine/ports';
import { compareVersionStrings } from '../../../engine/versions/pep440';
import { compareNpmVersions } from '../../../engine/versions/npm-semver';
import { normalizeName } from '../../dependencies/shared/names';

export interface McpAdvisory {
  ecosystem: Ecosystem;
  name: string;
  /** The first affected version (inclusive); absent: every version before `fixed`. */
  introduced?: string;
  /** The first fixed version. */
  fixed: string;
  ids: readonly string[];
  summary: string;
}

export const MCP_ADVISORIES: readonly McpAdvisory[] = [
  // CVE record and GHSA-6xpm-ggf7-wc3p: affected 0.0.5 to 0.1.15, CVSS 9.6.
  { ecosystem: 'npm', name: 'mcp-remote', introduced: '0.0.5', fixed: '0.1.16', ids: ['CVE-2025-6514', 'GHSA-6xpm-ggf7-wc3p'], summary: 'OS command injection through a crafted authorization_endpoint when connecting to an untrusted server' },
  // CVE-2025-53110 (prefix-collision bypass of the allowed directories) and CVE-2025-53109 (symlink escape), fixed in 2025.7.1 on npm.
  { ecosystem: 'npm', name: '@modelcontextprotocol/server-filesystem', fixed: '2025.7.1', ids: ['CVE-2025-53110', 'CVE-2025-53109'], summary: 'the allowed-directory check can be bypassed (a sibling directory sharing the prefix, or a symlink), giving read and write access outside the allowed roots' },
  // CVE-2025-49596: the MCP Inspector proxy accepted unauthenticated requests (remote code execution from a web page).
  { ecosystem: 'npm', name: '@modelcontextprotocol/inspector', fixed: '0.14.1', ids: ['CVE-2025-49596'], summary: 'remote code execution through the unauthenticated inspector proxy, reachable from a malicious web page' },
  // GHSA-3q26-f695-pp76: affected >=1.2.4 <2.1.5.
  { ecosystem: 'npm', name: '@cyanheads/git-mcp-server', introduced: '1.2.4', fixed: '2.1.5', ids: ['CVE-2025-53107', 'GHSA-3q26-f695-pp76'], summary: 'command injection: tool arguments reach child_process.exec unsanitised' },
  // PYSEC-2026-1622: argument injection in git_diff and git_checkout (arbitrary file overwrite), fixed in 2025.12.18.
  { ecosystem: 'pypi', name: 'mcp-server-git', fixed: '2025.12.18', ids: ['CVE-2025-68144', 'PYSEC-2026-1622'], summary: 'argument injection in git_diff and git_checkout lets a prompt overwrite local files' },
  // PYSEC-2026-2630: path traversal in git_add (stages and leaks files outside the repository), fixed in 2026.1.14.
  { ecosystem: 'pypi', name: 'mcp-server-git', fixed: '2026.1.14', ids: ['CVE-2026-27735', 'PYSEC-2026-2630'], summary: 'path traversal in git_add stages files outside the repository, which a commit and push can leak' },
];

/** The table's advisories that affect one exact version of a package. */
export function advisoriesAffecting(ecosystem: Ecosystem, name: string, version: string): McpAdvisory[] {
  return MCP_ADVISORIES.filter((a) => a.ecosystem === ecosystem && sameName(ecosystem, a.name, name) && affects(a, version));
}

function sameName(ecosystem: Ecosystem, a: string, b: string): boolean {
  return normalizeName(ecosystem, a) === normalizeName(ecosystem, b);
}

/** The CVE of an advisory when it has one, else its first id. */
export function headlineId(advisory: McpAdvisory): string {
  return advisory.ids.find((id) => id.startsWith('CVE-')) ?? advisory.ids[0]!;
}

function affects(advisory: McpAdvisory, version: string): boolean {
  const compare = advisory.ecosystem === 'npm' ? compareNpmVersions : compareVersionStrings;
  if (advisory.introduced && compare(version, advisory.introduced) < 0) return false;
  return compare(version, advisory.fixed) < 0;
}

/** The advisories of the table for a package (any version), for messages about unpinned launches. */
export function knownAdvisoryIds(ecosystem: Ecosystem, name: string): string[] {
  return MCP_ADVISORIES.filter((a) => a.ecosystem === ecosystem && sameName(ecosystem, a.name, name)).map(headlineId);
}
