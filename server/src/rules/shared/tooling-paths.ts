/**
 * Developer tooling: build, release and maintenance scripts (`scripts/`, `tools/`, `.github/`, bundler and
 * test-runner configuration files). They run on the developers' own machines and CI with the project's
 * own inputs (its constants, command-line arguments, environment and git or registry output), so a shell
 * command built at run time there is rarely something a reviewer acts on: on 11 real repositories none of
 * 70 such findings was. Rules report them as advisory (the audit profile) unless the command visibly
 * reads outside input.
 *
 * Like test code, the path is judged relative to its project (`EngineConfig.projectPath`); of an absolute
 * path only the file name counts, so a checkout under `/home/me/scripts/` is not tooling.
 */
import { projectPathParts } from '../../engine/test-code';

const TOOLING_FOLDERS = new Set(['scripts', 'script', 'tools', 'tooling', '.github', '.husky', 'build-scripts']);
const TOOLING_FILE = /^(?:[\w.-]+\.config\.[cm]?[jt]s|gulpfile\.[cm]?[jt]s|gruntfile\.[cm]?[jt]s|jakefile\.[cm]?js)$/i;

/** True when a path (either separator) is a tooling file or lies in a tooling folder (folders only in a relative path). */
export function isDeveloperToolingPath(path: string): boolean {
  const { name, folders } = projectPathParts(path);
  return TOOLING_FILE.test(name) || folders.some((part) => TOOLING_FOLDERS.has(part.toLowerCase()));
}
