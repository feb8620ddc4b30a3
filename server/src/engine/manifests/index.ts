/**
 * One entry point per manifest kind. Every parser is pure and total: bad input produces
 * `diagnostics`, never an exception (a parser bug is caught here and reported the same way).
 */
import type { FileKind } from '../rule';
import { isCondaSpecList, parseCondaEnv, parseCondaSpecList } from './conda-env';
import { parsePackageLock, parsePnpmLock, parseYarnLock } from './lockfiles';
import { parsePackageJson } from './package-json';
import { parsePipfile } from './pipfile';
import { parsePyproject } from './pyproject';
import { parseRequirementsFile } from './requirements';
import { parseSetupCfg } from './setup-cfg';
import { emptyManifest } from './types';
import type { ParsedManifest } from './types';

export * from './types';
export { parseRequirementsFile } from './requirements';
export { parsePyproject } from './pyproject';
export { parsePipfile } from './pipfile';
export { parseSetupCfg } from './setup-cfg';
export { parseSetupPy } from './setup-py';
export { parseCondaEnv } from './conda-env';
export { parsePackageJson } from './package-json';
export { parsePackageLock, parseYarnLock, parsePnpmLock } from './lockfiles';
export { scanInstallCommands, parseCommandText, parseArgv } from './install-commands';
export { isCommitSha } from './pep508';
export { parsePythonLock, pythonLockKind } from './python-locks';
export type { PythonLockKind } from './python-locks';
export { packageNameOfSpecifier } from './npm-spec';

export type ManifestKind = 'requirements' | 'pyproject' | 'pipfile' | 'setup-cfg' | 'conda-env' | 'package-json' | 'package-lock' | 'yarn-lock' | 'pnpm-lock';

export const MANIFEST_KINDS: readonly ManifestKind[] = ['requirements', 'pyproject', 'pipfile', 'setup-cfg', 'conda-env', 'package-json', 'package-lock', 'yarn-lock', 'pnpm-lock'];

export function isManifestKind(kind: FileKind): kind is ManifestKind {
  return (MANIFEST_KINDS as readonly string[]).includes(kind);
}

/**
 * Parses a manifest of the given kind; `path` tells constraints files apart from requirements files, and
 * `directDependencies` (the names package.json declares) roots the dependency chains of a Yarn v1 lockfile,
 * which does not record them.
 */
export function parseManifest(kind: ManifestKind, text: string, path = '', directDependencies?: ReadonlySet<string>): ParsedManifest {
  try {
    switch (kind) {
      case 'requirements':
        if (isCondaSpecList(text)) return parseCondaSpecList(text);
        return parseRequirementsFile(text, { constraintsFile: /constraint[^/\\]*$/i.test(path) });
      case 'pyproject':
        return parsePyproject(text);
      case 'pipfile':
        return parsePipfile(text);
      case 'setup-cfg':
        return parseSetupCfg(text);
      case 'conda-env':
        return parseCondaEnv(text);
      case 'package-json':
        return parsePackageJson(text);
      case 'package-lock':
        return parsePackageLock(text);
      case 'yarn-lock':
        return parseYarnLock(text, directDependencies);
      case 'pnpm-lock':
        return parsePnpmLock(text);
    }
  } catch (e) {
    const out = emptyManifest();
    out.diagnostics.push({ message: `Could not read this manifest: ${e instanceof Error ? e.message : String(e)}`, span: { start: 0, end: 0 } });
    return out;
  }
}
