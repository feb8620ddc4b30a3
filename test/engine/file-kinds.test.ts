import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileKindOf, isLockfile } from '../../server/src/engine/file-kinds';
import { MODEL_FILE_EXTENSIONS } from '../../client/src/model-files';

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
    ['models/encoder.onnx', 'model'],
    ['image.png', undefined],
  ];
  for (const [path, kind] of cases) assert.equal(fileKindOf(path), kind, path);
  assert.equal(isLockfile('a/poetry.lock', fileKindOf('a/poetry.lock')), true);
  assert.equal(isLockfile('a/pyproject.toml', fileKindOf('a/pyproject.toml')), false);
});

test('the editor opens the model report for every extension the server scans as a model file', () => {
  for (const ext of MODEL_FILE_EXTENSIONS) assert.equal(fileKindOf(`m.${ext}`), 'model', ext);
  for (const ext of ['onnx', 'gguf', 'safetensors', 'pb', 'mar']) assert.ok((MODEL_FILE_EXTENSIONS as readonly string[]).includes(ext), ext);
});
