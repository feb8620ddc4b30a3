/**
 * Package intelligence for the hosts (CLI, language server): the bundled snapshot, the online registry
 * and OSV client with its cache, the file-system project facts, and `intelUpdate` for `aisec intel update`.
 * The only module that touches the network; the engine sees it through `engine/ports.ts`.
 */
export { createPackageIntel, DEFAULT_ONLINE_DEADLINE_MS, HostPackageIntel } from './package-intel';
export type { IntelOptions, PendingQuery, RefreshResult } from './package-intel';
export { FileSystemProjectFacts } from './project-facts';
export type { ProjectFactsOptions } from './project-facts';
export { intelUpdate } from './update';
export type { IntelUpdateOptions, IntelUpdateResult } from './update';
export { PUBLIC_ENDPOINTS } from './registries';
export type { RegistryEndpoints } from './registries';
export { defaultSnapshotPath } from './snapshot';
