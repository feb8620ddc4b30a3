/**
 * The ports the fixture runner gives the engine: project facts read from the fixture's folder, the bundled
 * package-intelligence snapshot (offline: no registry is ever asked), and the real clock.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Engine, EnginePorts, PackageIntel } from '../../server/src/engine/index';
import { createPackageIntel } from '../../server/src/intel/index';
import { taintSummaryFacts } from '../../server/src/host/taint-summaries';
import { fileWriterFacts } from '../../server/src/host/file-writers';
import { callerOriginFacts } from '../../server/src/host/command-callers';
import { importClosureFacts } from '../../server/src/host/import-closure';
import { returnOriginFacts } from '../../server/src/host/command-returns';
import { memberOriginFacts } from '../../server/src/host/member-origins';
import { exportedDeclarationFacts } from '../../server/src/host/exported-declarations';
import { subclassModuleFacts } from '../../server/src/host/subclass-modules';

let intel: PackageIntel | undefined;

/** A folder under `fixtures/projects/`, or a `bad-*`/`good-*` fixture folder (see `test/rules.test.ts`). */
const MULTI_FILE_FIXTURE = /[\\/]fixtures[\\/](?:projects[\\/][^\\/]+|(?:bad|good)[^\\/]*)$/;

/**
 * With an engine, the ports also summarise the other modules a fixture imports (multi-file fixtures: a folder
 * per case, its own project root), as the CLI and the language server do.
 */
export function fixturePorts(engine?: Engine, projectRoot?: string): EnginePorts {
  intel ??= createPackageIntel({ online: false });
  const project: NonNullable<EnginePorts['project']> = {
    fileExists: (fromPath, relativePath) => existsSync(resolve(dirname(fromPath), relativePath)),
    ...(engine && projectRoot ? taintSummaryFacts({ engine, baseFolder: '/', projectRoot }) : {}),
    ...(engine && projectRoot ? importClosureFacts({ baseFolder: '/', projectRoot }) : {}),
    // Only a multi-file fixture is a project: the single-file fixtures of a folder do not write each other's files.
    ...(engine && projectRoot && MULTI_FILE_FIXTURE.test(projectRoot) ? fileWriterFacts({ engine, baseFolder: '/', projectRoot }) : {}),
    // Nor do they call each other's functions: callers are graded across the files of a multi-file fixture only.
    ...(engine && projectRoot && MULTI_FILE_FIXTURE.test(projectRoot) ? callerOriginFacts({ engine, baseFolder: '/', projectRoot }) : {}),
    // Or import each other's helpers: what another module's function returns is graded in multi-file fixtures only.
    ...(engine && projectRoot && MULTI_FILE_FIXTURE.test(projectRoot) ? returnOriginFacts({ engine, baseFolder: '/', projectRoot, projectFacts: () => project }) : {}),
    // Or write each other's attributes and call each other's methods.
    ...(engine && projectRoot && MULTI_FILE_FIXTURE.test(projectRoot) ? memberOriginFacts({ engine, baseFolder: '/', projectRoot, projectFacts: () => project }) : {}),
    // Another module's exported constants and types, read across the files of a multi-file fixture.
    ...(projectRoot && MULTI_FILE_FIXTURE.test(projectRoot) ? exportedDeclarationFacts({ baseFolder: '/', projectRoot }) : {}),
    // Or subclass each other's abstract classes.
    ...(engine && projectRoot && MULTI_FILE_FIXTURE.test(projectRoot) ? subclassModuleFacts({ engine, baseFolder: '/', projectRoot, taintSummary: (fromPath, module, analysedPath) => project.taintSummary?.(fromPath, module, analysedPath) }) : {}),
  };
  return { intel, project, clock: { now: () => Date.now() } };
}
