import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileKindOf, isLockfile } from '../../server/src/engine/file-kinds';

test('file kinds from names', () => {
  const cases: [string, string | undefined][] = [
    ['src/app.py', 'python'],
    ['web/App.tsx', 'tsx'],
    ['lib/x.mjs', 'javascript'],
    ['nb/explore.ipynb', 'notebook'],
    ['requirements.txt', 'requirements'],
    ['requirements-dev.txt', 'requirements'],
    ['constraints.txt', 'requirements'],
    ['requirements/base.txt', 'requirements'],
    ['docs/notes.txt', 'text'],
    ['pyproject.toml', 'pyproject'],
    ['poetry.lock', 'toml'],
    ['Pipfile.lock', 'json'],
    ['environment.yml', 'conda-env'],
    ['.env.local', 'dotenv'],
    ['package-lock.json', 'package-lock'],
    ['models/weights.safetensors', 'model'],
    ['models/model.pt', 'model'],
    ['image.png', undefined],
  ];
  for (const [path, kind] of cases) assert.equal(fileKindOf(path), kind, path);
  assert.equal(isLockfile('a/poetry.lock', fileKindOf('a/poetry.lock')), true);
  assert.equal(isLockfile('a/pyproject.toml', fileKindOf('a/pyproject.toml')), false);
});
