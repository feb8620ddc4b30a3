/**
 * The launcher model: argv → launcher → package spec → exact version or not, following each launcher's
 * own option syntax.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isPinned, launchOf } from '../../server/src/engine/agent-config/launcher';
import type { Token } from '../../server/src/engine/agent-config/launcher';

/** Splits a command line at spaces, keeping each word's offset in the line. */
function argv(line: string): Token[] {
  const out: Token[] = [];
  for (const m of line.matchAll(/\S+/g)) out.push({ text: m[0], start: m.index! });
  return out;
}

function describe(line: string): string {
  const launch = launchOf(argv(line));
  if (!launch) return 'none';
  if (launch.image) return `${launch.launcher} image=${launch.image.repository} tag=${launch.image.tag ?? '-'} pinned=${launch.image.pinned}`;
  const packages = launch.packages.map((p) => `${p.name || p.url}@${p.pinned ?? p.spec ?? '*'}${isPinned(p) ? '!' : ''}`).join(',');
  return `${launch.launcher} ${packages} args@${launch.programArgsIndex} noprompt=${launch.installsWithoutPrompt}`;
}

test('npm-family launchers', () => {
  assert.equal(describe('npx -y @modelcontextprotocol/server-filesystem /tmp'), 'npx @modelcontextprotocol/server-filesystem@* args@3 noprompt=true');
  assert.equal(describe('npx @scope/pkg@1.2.3 --flag'), 'npx @scope/pkg@1.2.3! args@2 noprompt=false');
  assert.equal(describe('npx -y pkg@latest'), 'npx pkg@latest args@3 noprompt=true');
  assert.equal(describe('npx -y pkg@^1.2.0'), 'npx pkg@^1.2.0 args@3 noprompt=true');
  assert.equal(describe('npx --yes -p mcp-remote@0.1.15 mcp-remote https://x'), 'npx mcp-remote@0.1.15! args@5 noprompt=true');
  assert.equal(describe('npx --package=a@1.0.0 --package b cmd'), 'npx a@1.0.0!,b@* args@5 noprompt=false');
  assert.equal(describe('npx --registry https://r.example -y tool'), 'npx tool@* args@5 noprompt=true');
  assert.equal(describe('npm exec --yes -- pkg@2.0.0 arg'), 'npm exec pkg@2.0.0! args@5 noprompt=true');
  assert.equal(describe('npm x pkg'), 'npm exec pkg@* args@3 noprompt=false');
  assert.equal(describe('pnpm dlx create-x@3.1.4'), 'pnpm dlx create-x@3.1.4! args@3 noprompt=true');
  assert.equal(describe('pnpm dlx --package yo@5.0.0 --package generator-webapp yo webapp'), 'pnpm dlx yo@5.0.0!,generator-webapp@* args@7 noprompt=true');
  assert.equal(describe('yarn dlx -p pkg@1.0.0 bin'), 'yarn dlx pkg@1.0.0! args@5 noprompt=true');
  assert.equal(describe('bunx --bun some-mcp@0.3.0'), 'bunx some-mcp@0.3.0! args@3 noprompt=true');
  assert.equal(describe('bun x some-mcp'), 'bunx some-mcp@* args@3 noprompt=true');
  assert.equal(describe('/usr/local/bin/npx.cmd -y github:acme/server'), 'npx github:acme/server@* args@3 noprompt=true');
  assert.equal(describe(`npx -y github:acme/server#${'a'.repeat(40)}`), `npx github:acme/server#${'a'.repeat(40)}@*! args@3 noprompt=true`);
  assert.equal(describe('deno run -A npm:@acme/mcp@1.4.0/server --port 1'), 'deno run @acme/mcp@1.4.0! args@4 noprompt=true');
  assert.equal(describe('deno run -A ./server.ts'), 'none');
  assert.equal(describe('env FOO=1 sudo npx -y x'), 'npx x@* args@6 noprompt=true');
  assert.equal(describe('npx ./local/bin.js'), 'npx  args@2 noprompt=false');
  assert.equal(describe('npm install pkg'), 'none');
  assert.equal(describe('node server.js'), 'none');
});

test('Python launchers', () => {
  assert.equal(describe('uvx mcp-server-git'), 'uvx mcp-server-git@* args@2 noprompt=true');
  assert.equal(describe('uvx mcp-server-git@0.6.2 --repository .'), 'uvx mcp-server-git@0.6.2! args@2 noprompt=true');
  assert.equal(describe('uvx mcp-server-git@latest'), 'uvx mcp-server-git@@latest args@2 noprompt=true');
  assert.equal(describe('uvx --from mcp-server-git==0.6.2 mcp-server-git'), 'uvx mcp-server-git@0.6.2! args@4 noprompt=true');
  assert.equal(describe('uvx --from mcp-server-git>=0.6 mcp-server-git'), 'uvx mcp-server-git@>=0.6 args@4 noprompt=true');
  assert.equal(describe('uvx --python 3.12 --with httpx==0.27.0 tool==1.0'), 'uvx tool@1.0!,httpx@0.27.0! args@6 noprompt=true');
  assert.equal(describe('uv tool run --from=ruff==0.6.0 ruff check'), 'uv tool run ruff@0.6.0! args@5 noprompt=true');
  assert.equal(describe('pipx run --spec black==24.1.0 black .'), 'pipx run black@24.1.0! args@5 noprompt=true');
  assert.equal(describe('pipx run pycowsay'), 'pipx run pycowsay@* args@3 noprompt=true');
  assert.equal(describe('uvx --from git+https://github.com/acme/srv@main srv'), 'uvx git+https://github.com/acme/srv@main@* args@4 noprompt=true');
});

test('container launchers', () => {
  assert.equal(describe('docker run -i --rm -e TOKEN ghcr.io/github/github-mcp-server'), 'docker run image=ghcr.io/github/github-mcp-server tag=- pinned=false');
  assert.equal(describe('docker run -it --rm mcp/fetch:latest'), 'docker run image=mcp/fetch tag=latest pinned=false');
  assert.equal(describe(`docker run -i --rm -v /:/host mcp/fs@sha256:${'0'.repeat(64)}`), 'docker run image=mcp/fs tag=- pinned=true');
  assert.equal(describe('docker container run --network=host -eKEY=v localhost:5000/srv:1.2 serve'), 'docker run image=localhost:5000/srv tag=1.2 pinned=false');
  assert.equal(describe('podman run -i registry.io/x:2'), 'podman run image=registry.io/x tag=2 pinned=false');
  const launch = launchOf(argv('docker run -i --rm --privileged -v /var/run/docker.sock:/var/run/docker.sock --cap-add=SYS_ADMIN img arg1'))!;
  assert.deepEqual(launch.options.map((o) => `${o.flag}${o.value ? `=${o.value.text}` : ''}`), ['-i', '--rm', '--privileged', '-v=/var/run/docker.sock:/var/run/docker.sock', '--cap-add=SYS_ADMIN']);
  assert.equal(launch.programArgsIndex, 9);
});

test('package spans point at the name and the version in the file text', () => {
  const line = 'npx -y @acme/srv@1.2.3 --x';
  const launch = launchOf(argv(line))!;
  const dep = launch.packages[0]!;
  assert.equal(line.slice(dep.nameSpan.start, dep.nameSpan.end), '@acme/srv');
  assert.equal(line.slice(dep.pinnedSpan!.start, dep.pinnedSpan!.end), '1.2.3');
  const uv = 'uvx tool@0.6.2';
  const uvDep = launchOf(argv(uv))!.packages[0]!;
  assert.equal(uv.slice(uvDep.nameSpan.start, uvDep.nameSpan.end), 'tool');
  assert.equal(uv.slice(uvDep.pinnedSpan!.start, uvDep.pinnedSpan!.end), '0.6.2');
});
