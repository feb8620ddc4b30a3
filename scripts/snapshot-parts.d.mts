// Types of scripts/snapshot-parts.mjs for the tests that split a snapshot the way the build does.
export function snapshotParts(snapshot: unknown): Map<string, unknown>;
export function writeSnapshotParts(snapshot: unknown, dir: string): void;
