/**
 * The licence a package.json or pyproject.toml declares for its own package (issue 19), in every form the
 * formats allow, and how `aisec bom` takes the project's licence from it or from the LICENSE file.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectLicence } from '../../server/src/rules/shared/inventory/licence-sources';
import { runCli } from '../cli/run-cli';

test('package.json: `license`, the old `{ type }` and `licenses` forms, and SEE LICENSE IN', () => {
  const json = (value: object): string => JSON.stringify({ name: 'p', version: '1.0.0', ...value }, null, 2);
  assert.equal(projectLicence('package-json', json({ license: 'MIT OR Apache-2.0' }))?.text, 'MIT OR Apache-2.0');
  assert.equal(projectLicence('package-json', json({ license: { type: 'ISC', url: 'https://opensource.org/licenses/ISC' } }))?.text, 'ISC');
  assert.equal(projectLicence('package-json', json({ licenses: [{ type: 'MIT' }, { type: 'GPL-2.0' }] }))?.text, 'MIT OR GPL-2.0');
  assert.deepEqual(projectLicence('package-json', json({ license: 'SEE LICENSE IN LICENSE.txt' }))?.file, 'LICENSE.txt');
  assert.equal(projectLicence('package-json', json({})), undefined);
  const text = json({ license: 'MIT' });
  const found = projectLicence('package-json', text)!;
  assert.equal(text.slice(found.span.start, found.span.end), 'MIT');
});

test('pyproject.toml: PEP 639 expressions, the draft license-expression, text and file tables, Poetry', () => {
  assert.equal(projectLicence('pyproject', '[project]\nname = "p"\nlicense = "Apache-2.0 OR MIT"\n')?.text, 'Apache-2.0 OR MIT');
  assert.equal(projectLicence('pyproject', '[project]\nname = "p"\nlicense-expression = "BSD-3-Clause"\n')?.text, 'BSD-3-Clause');
  assert.equal(projectLicence('pyproject', '[project]\nname = "p"\nlicense = { text = "MIT" }\n')?.text, 'MIT');
  assert.equal(projectLicence('pyproject', '[project]\nname = "p"\nlicense = { file = "COPYING" }\n')?.file, 'COPYING');
  assert.equal(projectLicence('pyproject', '[tool.poetry]\nname = "p"\nlicense = "LGPL-3.0-or-later"\n')?.text, 'LGPL-3.0-or-later');
  assert.equal(projectLicence('pyproject', '[project]\nname = "p"\n'), undefined);
});

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function bomLicence(files: Record<string, string>, copies: Record<string, string> = {}): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'aisec-project-licence-'));
  dirs.push(dir);
  mkdirSync(join(dir, '.git'));
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
  for (const [path, from] of Object.entries(copies)) copyFileSync(join(__dirname, 'texts', from), join(dir, path));
  const run = runCli(['bom', '--format', 'cyclonedx'], dir);
  assert.equal(run.status, 0, run.stderr);
  const bom = JSON.parse(run.stdout) as { metadata: { component: { licenses?: Array<{ license?: { id?: string; name?: string }; expression?: string }> } } };
  const licence = bom.metadata.component.licenses?.[0];
  return licence?.license?.id ?? licence?.license?.name ?? licence?.expression;
}

test('aisec bom: the project licence from the file pyproject.toml points to, or from the LICENSE file alone', () => {
  assert.equal(bomLicence({ 'pyproject.toml': '[project]\nname = "app"\nversion = "1.0"\nlicense = { file = "COPYING" }\n', 'app.py': 'import openai\n' }, { COPYING: 'GPL-3.txt' }), 'GPL-3.0-only');
  assert.equal(bomLicence({ 'app.py': 'import openai\n' }, { LICENSE: 'ISC-wrappy.txt' }), 'ISC');
  // A declared licence wins over the file.
  assert.equal(bomLicence({ 'package.json': JSON.stringify({ name: 'app', version: '1.0.0', license: 'Apache-2.0' }) }, { LICENSE: 'MIT-acorn.txt' }), 'Apache-2.0');
});
