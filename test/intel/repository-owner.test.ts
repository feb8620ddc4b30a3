/**
 * The repository owner (ProjectFacts.repositoryOwner) from a real checkout's git `origin` remote, a worktree's
 * `.git` file, or the manifest's repository URL; and AIS856 reporting the owner's own actions as audit-only
 * information (`huggingface/hf-workflows` used by `huggingface/trl`) while third-party actions stay warnings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileSystemProjectFacts } from '../../server/src/intel/index';
import { tempProject } from '../helpers/temp-project';
import { githubOwnerOf, ownerFromGitConfig, ownerFromManifest } from '../../server/src/intel/repository-owner';
import { loadEngine } from '../../server/src/host/load-engine';
import { DEFAULT_CONFIG } from '../../server/src/engine/index';

const project = (files: Record<string, string>): string => tempProject(files, 'aisec-owner-');

const WORKFLOW = [
  'on: push',
  'permissions:',
  '  contents: read',
  'jobs:',
  '  test:',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - uses: Acme-Labs/shared-workflows/.github/actions/notify@main',
  '      - uses: someone-else/notify@v2',
  '  docs:',
  '    uses: acme-labs/doc-builder/.github/workflows/build.yml@main',
  '',
].join('\n');

test('owners come from GitHub URLs in git remotes and manifests', () => {
  assert.equal(githubOwnerOf('git@github.com:Acme-Labs/app.git'), 'acme-labs');
  assert.equal(githubOwnerOf('https://github.com/acme-labs/app'), 'acme-labs');
  assert.equal(githubOwnerOf('github:acme-labs/app'), 'acme-labs');
  assert.equal(githubOwnerOf('https://gitlab.com/acme-labs/app'), undefined);
  assert.equal(ownerFromGitConfig('[core]\n\tbare = false\n[remote "upstream"]\n\turl = https://github.com/upstream-org/app\n[remote "origin"]\n\turl = git@github.com:my-fork/app.git\n'), 'my-fork');
  assert.equal(ownerFromGitConfig('[remote "upstream"]\n\turl = https://github.com/upstream-org/app\n'), 'upstream-org');
  assert.equal(ownerFromGitConfig('[core]\n\turl = https://github.com/not-a-remote/x\n'), undefined);
  assert.equal(ownerFromManifest('pyproject.toml', '[project]\nname = "trl"\n[project.urls]\nHomepage = "https://github.com/huggingface/trl"\n'), 'huggingface');
  assert.equal(ownerFromManifest('Cargo.toml', '[workspace.package]\nrepository = "https://github.com/huggingface/text-generation-inference"\n'), 'huggingface');
  assert.equal(ownerFromManifest('Cargo.toml', '[workspace.package]\nhomepage = "https://github.com/huggingface/text-generation-inference"\n'), 'huggingface');
  assert.equal(ownerFromManifest('Cargo.toml', '[dependencies]\nx = { git = "https://github.com/other/x" }\n'), undefined);
  assert.equal(ownerFromManifest('package.json', '{"repository": {"type": "git", "url": "git+https://github.com/acme-labs/app.git"}}'), 'acme-labs');
  assert.equal(ownerFromManifest('package.json', '{"dependencies": {"x": "github:other/x"}}'), undefined);
  assert.equal(ownerFromManifest('setup.py', 'setup(name="x", url="https://github.com/acme-labs/x")\n'), 'acme-labs');
});

test('the facts read the origin remote, a worktree pointer, then manifests', () => {
  const checkout = project({ '.git/config': '[remote "origin"]\n\turl = https://github.com/acme-labs/app.git\n', 'pyproject.toml': '[project.urls]\nHomepage = "https://github.com/someone/else"\n', 'src/app.py': '' });
  const worktree = project({ 'main/.git/config': '[remote "origin"]\n\turl = git@github.com:acme-labs/app.git\n', 'main/.git/worktrees/wt/commondir': '../..\n', 'wt/.git': '' });
  writeFileSync(join(worktree, 'wt', '.git'), `gitdir: ${join(worktree, 'main', '.git', 'worktrees', 'wt')}\n`);
  const exported = project({ 'pyproject.toml': '[project.urls]\nRepository = "https://github.com/acme-labs/app"\n' });
  const unknown = project({ 'README.md': 'hello' });
  try {
    assert.equal(new FileSystemProjectFacts({ root: checkout }).repositoryOwner(join(checkout, 'src', 'app.py')), 'acme-labs');
    assert.equal(new FileSystemProjectFacts({ root: join(worktree, 'wt') }).repositoryOwner(join(worktree, 'wt', 'x.yml')), 'acme-labs');
    assert.equal(new FileSystemProjectFacts({ root: exported }).repositoryOwner(join(exported, '.github', 'workflows', 'ci.yml')), 'acme-labs');
    assert.equal(new FileSystemProjectFacts({ root: unknown }).repositoryOwner(join(unknown, 'ci.yml')), undefined);
  } finally {
    for (const root of [checkout, worktree, exported, unknown]) rmSync(root, { recursive: true, force: true });
  }
});

test('AIS856: the repository owner\'s own actions are audit-only information; third-party ones stay warnings', async () => {
  const engine = await loadEngine();
  const root = project({ '.git/config': '[remote "origin"]\n\turl = https://github.com/acme-labs/app.git\n', '.github/workflows/ci.yml': WORKFLOW });
  try {
    const path = join(root, '.github', 'workflows', 'ci.yml');
    const ports = { project: new FileSystemProjectFacts({ root }) };
    const ais856 = (config = DEFAULT_CONFIG, withPorts = true) => engine.analyze({ path, text: WORKFLOW, config: { ...config, projectPath: '.github/workflows/ci.yml' }, ...(withPorts ? { ports } : {}) })
      .findings.filter((f) => f.ruleId === 'AIS856');
    const audit = ais856({ ...DEFAULT_CONFIG, profile: 'audit' });
    assert.deepEqual(audit.map((f) => `${f.range.start.line + 1} ${f.severity}`), ['8 info', '9 warning', '11 info']);
    assert.match(audit[0]!.message, /this repository's own owner \(`acme-labs`\)/);
    assert.deepEqual(ais856().map((f) => f.range.start.line + 1), [9]);
    assert.deepEqual(ais856(DEFAULT_CONFIG, false).map((f) => `${f.range.start.line + 1} ${f.severity}`), ['8 warning', '9 warning', '11 warning']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('AIS507: installing the repository owner\'s own GitHub repository (git URL or archive URL) is audit-only information', async () => {
  const engine = await loadEngine();
  const dockerfile = 'FROM python:3.12\nRUN pip install "git+https://github.com/acme-labs/app.git#egg=app"\nRUN pip install "git+https://github.com/other/lib.git"\nRUN npx https://github.com/acme-labs/app\nRUN npx https://github.com/other/tool\n';
  const root = project({ '.git/config': '[remote "origin"]\n\turl = https://github.com/acme-labs/app.git\n', 'docker/Dockerfile': dockerfile });
  try {
    const path = join(root, 'docker', 'Dockerfile');
    const ports = { project: new FileSystemProjectFacts({ root }) };
    const ais507 = (profile: 'audit' | 'default') => engine.analyze({ path, text: dockerfile, config: { ...DEFAULT_CONFIG, profile, projectPath: 'docker/Dockerfile' }, ports })
      .findings.filter((f) => f.ruleId === 'AIS507').map((f) => `${f.range.start.line + 1} ${f.severity}`);
    assert.deepEqual(ais507('audit'), ['2 info', '3 warning', '4 info', '5 warning']);
    assert.deepEqual(ais507('default'), ['3 warning', '5 warning']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
