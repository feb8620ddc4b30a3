/**
 * Every text file kind the engine reads: the hidden-Unicode scanner runs on all of them. Model files are
 * bytes, and notebooks are read through their code cells (their `.ipynb` text is JSON that escapes
 * non-ASCII characters in practice), so both are left out.
 */
import type { FileKind } from '../../../engine/rule';

export const CODE_KINDS: readonly FileKind[] = ['python', 'javascript', 'typescript', 'tsx'];

export const HIDDEN_UNICODE_FILE_KINDS: readonly FileKind[] = [
  ...CODE_KINDS, 'agent-instructions', 'mcp-config', 'agent-settings', 'markdown', 'dotenv', 'json', 'yaml', 'toml', 'shell', 'text',
  'requirements', 'pyproject', 'pipfile', 'setup-cfg', 'conda-env', 'package-json', 'package-lock', 'yarn-lock', 'pnpm-lock',
];
