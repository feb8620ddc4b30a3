/**
 * The ports the fixture runner gives the engine: project facts read from the fixture's folder, and the
 * package intelligence snapshot when it is available. Families that need more extend this file.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { EnginePorts } from '../../server/src/engine/index';

export function fixturePorts(): EnginePorts {
  return {
    project: {
      fileExists: (fromPath, relativePath) => existsSync(resolve(dirname(fromPath), relativePath)),
    },
    clock: { now: () => Date.now() },
  };
}
