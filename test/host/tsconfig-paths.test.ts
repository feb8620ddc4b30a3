import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { aliasesKeepFileNames, nearestConfig, readPathAliases, resolveAlias, type AliasFiles } from '../../server/src/host/tsconfig-paths';

const ROOT = join('/', 'project');

/** An in-memory project: configuration texts by path, and the source files that exist. */
function filesOf(configs: Record<string, string>, sources: string[]): AliasFiles {
  const texts = new Map(Object.entries(configs).map(([path, text]) => [join(ROOT, path), text]));
  const existing = new Set([...texts.keys(), ...sources.map((s) => join(ROOT, s))]);
  return { isFile: (path) => existing.has(path), read: (path) => texts.get(path) };
}

const exists = (files: AliasFiles) => (target: string) => [target, `${target}.ts`].find((t) => files.isFile(t));

test('tsconfig paths: the nearest configuration above the importing file is the one that applies', () => {
  const files = filesOf({ 'tsconfig.json': '{}', 'apps/web/tsconfig.json': '{}' }, []);
  assert.equal(nearestConfig(join(ROOT, 'apps/web/src/a.ts'), ROOT, files), join(ROOT, 'apps/web/tsconfig.json'));
  assert.equal(nearestConfig(join(ROOT, 'lib/b.ts'), ROOT, files), join(ROOT, 'tsconfig.json'));
  assert.equal(nearestConfig(join('/', 'elsewhere/c.ts'), ROOT, files), undefined);
});

test('tsconfig paths: comments, trailing commas, a relative extends and baseUrl are read as TypeScript reads them', () => {
  const files = filesOf(
    {
      'tsconfig.base.json': '{ "compilerOptions": { "baseUrl": "./packages", "paths": { "@core/*": ["core/src/*"] } } }',
      'tsconfig.json': '{\n  // shared settings\n  "extends": "./tsconfig.base",\n  "compilerOptions": { "strict": true, },\n}',
    },
    ['packages/core/src/git.ts'],
  );
  const aliases = readPathAliases(join(ROOT, 'tsconfig.json'), files);
  assert.ok(aliases);
  assert.deepEqual(resolveAlias(aliases, '@core/git', exists(files)), { found: join(ROOT, 'packages/core/src/git.ts') });
  // A specifier no pattern matches is not an alias; one that matches a pattern without a file is `none`.
  assert.equal(resolveAlias(aliases, 'lodash', exists(files)), undefined);
  assert.equal(resolveAlias(aliases, '@core/missing', exists(files)), 'none');
});

test('tsconfig paths: the longest matching prefix wins, and without baseUrl targets are relative to the file declaring paths', () => {
  const files = filesOf(
    { 'app/tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["./src/*"], "@/utils/*": ["./lib/utils/*"], "config": ["./src/config/index"] } } }' },
    ['app/src/utils/git.ts', 'app/lib/utils/git.ts', 'app/src/config/index.ts'],
  );
  const aliases = readPathAliases(join(ROOT, 'app/tsconfig.json'), files);
  assert.ok(aliases);
  assert.deepEqual(resolveAlias(aliases, '@/utils/git', exists(files)), { found: join(ROOT, 'app/lib/utils/git.ts') });
  assert.deepEqual(resolveAlias(aliases, 'config', exists(files)), { found: join(ROOT, 'app/src/config/index.ts') });
  assert.equal(readPathAliases(join(ROOT, 'missing/tsconfig.json'), files), undefined);
});

test('tsconfig paths: only wildcard targets ending in the captured name keep a file name in every specifier', () => {
  const read = (paths: string): ReturnType<typeof readPathAliases> =>
    readPathAliases(join(ROOT, 'tsconfig.json'), filesOf({ 'tsconfig.json': `{ "compilerOptions": { "paths": ${paths} } }` }, []));
  assert.equal(aliasesKeepFileNames(undefined), true);
  assert.equal(aliasesKeepFileNames(read('{ "@/*": ["./src/*"], "~/*": ["./*"] }')), true);
  assert.equal(aliasesKeepFileNames(read('{ "@vcs": ["./src/utils/git.ts"] }')), false);
  assert.equal(aliasesKeepFileNames(read('{ "#cfg/*": ["./src/*/config.ts"] }')), false);
});
