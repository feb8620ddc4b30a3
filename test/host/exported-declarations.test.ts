/**
 * `declarationText` finds an exported declaration without parsing: it must stop where the declaration ends (a
 * `;`, an interface's closing brace, the next statement of a file without semicolons), never at a brace or a
 * semicolon inside a nested type or a string, and never take a longer name that starts with the one asked for.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { declarationText } from '../../server/src/host/exported-declarations';

const MODULE = [
  "export const NETWORK_NAME_SUFFIX = '-proxy';",
  "export const NETWORK_NAME = 'sandbox;net'",
  'export interface SandboxConfig {',
  '  nested: { command: string };',
  "  command?: 'docker' | 'podman';",
  '}',
  'export type Runtime =',
  "  | 'docker'",
  "  | 'podman';",
  '',
].join('\n');

test('an exported declaration ends where it ends, whatever it holds', () => {
  assert.equal(declarationText(MODULE, 'NETWORK_NAME'), "export const NETWORK_NAME = 'sandbox;net'");
  assert.equal(declarationText(MODULE, 'SandboxConfig'), "export interface SandboxConfig {\n  nested: { command: string };\n  command?: 'docker' | 'podman';\n}");
  assert.equal(declarationText(MODULE, 'Runtime'), "export type Runtime =\n  | 'docker'\n  | 'podman';");
  assert.equal(declarationText(MODULE, 'Missing'), undefined);
});
