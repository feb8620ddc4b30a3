/**
 * FileSystemProjectFacts on a real temporary project: declared dependencies from every manifest up to the
 * workspace root, first-party modules (local, src layout, workspace-wide, workspace packages, tsconfig
 * path aliases, the project's own name), the manifest that receives a missing dependency, and invalidation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileSystemProjectFacts } from '../../server/src/intel/index';
import { tempProject } from '../helpers/temp-project';

const project = (files: Record<string, string>): string => tempProject(files, 'aisec-facts-');

test('declared dependencies, first-party modules and the target manifest', () => {
  const root = project({
    '.git/HEAD': 'ref: refs/heads/main\n',
    'requirements.txt': 'requests==2.32.3\n-c constraints.txt\n',
    'requirements/dev.txt': 'pytest>=8\n',
    'pyproject.toml': '[project]\nname = "my-service"\ndependencies = ["PyYAML>=6"]\n[dependency-groups]\nlint = ["ruff"]\n',
    'environment.yml': 'dependencies:\n  - pytorch\n  - pip:\n    - transformers==4.48.0\n',
    'setup.py': 'from setuptools import setup\nsetup(name="legacy-name", install_requires=["click>=8", "rich"])\n',
    'src/my_service/__init__.py': '',
    'app/main.py': 'import requests\n',
    'tools/scripts/helper_module.py': '',
    'web/package.json': JSON.stringify({ name: 'web', workspaces: ['packages/*'], dependencies: { react: '18.3.1' }, overrides: { semver: '7.5.4' } }),
    'web/packages/ui/package.json': JSON.stringify({ name: '@web/ui' }),
    'web/tsconfig.json': '{ "compilerOptions": { "paths": { "@app/*": ["src/*"] } } }',
    'web/src/index.ts': '',
  });
  try {
    const facts = new FileSystemProjectFacts({ root });
    const py = join(root, 'app', 'main.py');
    assert.deepEqual([...facts.declaredDependencies(py, 'pypi')!].sort(), ['click', 'pytest', 'pyyaml', 'requests', 'rich', 'ruff', 'transformers']);
    for (const local of ['my_service', 'my-service', 'helper_module', 'legacy_name', 'main']) assert.ok(facts.isFirstParty(py, 'pypi', local), local);
    assert.ok(!facts.isFirstParty(py, 'pypi', 'numpy'));
    assert.deepEqual(facts.manifestFor(py, 'pypi')?.file, '../requirements.txt');
    const ts = join(root, 'web', 'src', 'index.ts');
    assert.deepEqual([...facts.declaredDependencies(ts, 'npm')!], ['react'], 'overrides do not declare a dependency');
    for (const local of ['@web/ui', 'web', '@app/components']) assert.ok(facts.isFirstParty(ts, 'npm', local), local);
    assert.ok(!facts.isFirstParty(ts, 'npm', 'lodash'));
    assert.equal(facts.manifestFor(ts, 'npm')?.file, '../package.json');
    assert.equal(facts.manifestFor(ts, 'npm')?.kind, 'package-json');

    writeFileSync(join(root, 'requirements.txt'), 'requests==2.32.3\nnumpy\n');
    assert.ok(!facts.declaredDependencies(py, 'pypi')!.has('numpy'), 'manifests are cached until invalidated');
    facts.invalidate();
    assert.ok(facts.declaredDependencies(py, 'pypi')!.has('numpy'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('no manifest means no declared-dependency facts', () => {
  const root = project({ 'script.py': 'import requests\n' });
  try {
    const facts = new FileSystemProjectFacts({ root });
    assert.equal(facts.declaredDependencies(join(root, 'script.py'), 'pypi'), undefined);
    assert.equal(facts.manifestFor(join(root, 'script.py'), 'pypi'), undefined);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
