/**
 * The ports the fixture runner gives the engine: project facts read from the fixture's folder, the bundled
 * package-intelligence snapshot (offline: no registry is ever asked), and the real clock.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { EnginePorts, PackageIntel } from '../../server/src/engine/index';
import { createPackageIntel } from '../../server/src/intel/index';

let intel: PackageIntel | undefined;

export function fixturePorts(): EnginePorts {
  intel ??= createPackageIntel({ online: false });
  return {
    intel,
    project: {
      fileExists: (fromPath, relativePath) => existsSync(resolve(dirname(fromPath), relativePath)),
    },
    clock: { now: () => Date.now() },
  };
}
