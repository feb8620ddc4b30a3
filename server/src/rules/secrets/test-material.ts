/** Test material by path: shared by the text checker (test servers' PEM keys) and the key-store checker. */
import { projectPathParts } from '../../engine/test-code';

/**
 * A folder of the project's test material: a test folder (`tests/`, `__tests__/`, `fixtures/`, `testdata/`) or one
 * named for a test setup (`pebble-test`, `test-certs`, `test_server`, `testserver`). Only folders of a
 * project-relative path count, so a checkout under `/home/me/tests/` is not test material.
 */
export function isTestMaterialPath(path: string): boolean {
  return projectPathParts(path).folders.some((folder) => /^(?:tests?|testing|__tests__|spec|fixtures?|__fixtures__|testdata)$|^(?:tests?|testing)[-_]|[-_](?:tests?|testing)$|^test(?:server|certs?|keys?)$/i.test(folder));
}
