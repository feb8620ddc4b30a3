/**
 * AIS862 devcontainer-host-or-privileged: a dev container runs a command on the host when the repository
 * is opened (`initializeCommand`), or gets the host's privileges (privileged mode, host network or PID
 * namespace, the Docker socket, unconfined seccomp, SYS_ADMIN).
 */
import { defineRule } from '../../../engine/rule';
import type { TextContext } from '../../../engine/rule';
import { findNodeAtLocation } from 'jsonc-parser';
import type { Node as JsonNode } from 'jsonc-parser';
import { readDevcontainer, jsonString } from '../../../engine/pipeline/devcontainer';
import { pipelineFileOf } from '../../../engine/pipeline/files';
import { findDownloadExecutions } from '../../../engine/shell/download-exec';

const HOST_RUN_ARG = /^--(privileged|network[= ]host|net[= ]host|pid[= ]host|ipc[= ]host|userns[= ]host|cap-add[= ](SYS_ADMIN|ALL)|security-opt[= ](seccomp|apparmor)[=:]unconfined)$/i;
const DOCKER_SOCKET = /\/var\/run\/docker\.sock|\/run\/docker\.sock/;

export default defineRule(
  {
    id: 'AIS862',
    name: 'devcontainer-host-or-privileged',
    title: 'Dev container runs on the host or with host privileges',
    category: 'pipeline',
    fileKinds: ['json'],
    severity: 'warning',
    confidence: 'high',
    cwe: ['CWE-250'],
    message: '{{detail}}',
    fixAvailability: 'none',
    docs: {
      whatItDoes: 'Flags, in `devcontainer.json` (and `.devcontainer/**/devcontainer.json`, `.devcontainer.json`): `initializeCommand` (an error when it downloads and runs a script), `"privileged": true`, `runArgs` with `--privileged`, `--network=host`, `--pid=host`, `--ipc=host`, `--userns=host`, `--cap-add=SYS_ADMIN|ALL` or `--security-opt seccomp=unconfined`, `capAdd` with `SYS_ADMIN` or `ALL`, `securityOpt` with `seccomp=unconfined`/`apparmor=unconfined`, and `mounts` or `runArgs` that bind the Docker socket.',
      whyIsThisBad: '`initializeCommand` runs on the developer\'s own machine (or the Codespaces host) every time the repository is opened in a container, before any container isolates it: a cloned repository gets to run a command as the developer. The other settings remove the isolation the container was for: a privileged container, the host\'s network or PID namespace, or the Docker socket (root on the host) let code in the container, including dependencies\' install scripts and AI agents, take over the machine.',
      example: '{\n  "image": "mcr.microsoft.com/devcontainers/python:3.12",\n  "initializeCommand": "./scripts/prepare-host.sh",\n  "privileged": true,\n  "mounts": ["source=/var/run/docker.sock,target=/var/run/docker.sock,type=bind"]\n}\n',
      useInstead: '{\n  "image": "mcr.microsoft.com/devcontainers/python:3.12",\n  "postCreateCommand": "./scripts/prepare.sh",\n  "features": { "ghcr.io/devcontainers/features/docker-in-docker:2": {} }\n}\n',
      references: ['https://cwe.mitre.org/data/definitions/250.html', 'https://containers.dev/implementors/json_reference/#lifecycle-scripts', 'https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities'],
    },
  },
  {
    kind: 'text',
    keywords: ['initializeCommand', 'privileged', 'runArgs', 'capAdd', 'securityOpt', 'docker.sock'],
    check(ctx) {
      if (pipelineFileOf(ctx.path) !== 'devcontainer') return;
      const devcontainer = readDevcontainer(ctx.text);
      const root = devcontainer.root;
      if (!root) return;
      for (const command of devcontainer.commands) {
        if (!command.onHost) continue;
        const downloads = findDownloadExecutions(command.script, ctx.text).length > 0;
        ctx.report({
          ruleId: 'AIS862',
          range: ctx.rangeOf(command.start, command.end),
          severity: downloads ? 'error' : 'warning',
          data: { detail: `\`${command.key}\` runs on the developer's machine, not in the container, whenever this repository is opened in a dev container${downloads ? ', and it downloads and runs a script' : ''}; move the work to \`onCreateCommand\`/\`postCreateCommand\`, which run inside.` },
        });
      }
      const privileged = findNodeAtLocation(root, ['privileged']);
      if (privileged?.value === true) report(ctx, privileged, '`"privileged": true` gives the container every capability and the host\'s devices');
      for (const item of arrayItems(root, 'runArgs')) {
        const arg = jsonString(ctx.text, item);
        if (!arg) continue;
        if (HOST_RUN_ARG.test(arg.value)) report(ctx, item, `\`${arg.value}\` in \`runArgs\` removes the container's isolation from the host`);
        else if (DOCKER_SOCKET.test(arg.value)) report(ctx, item, 'binding the Docker socket gives the container root on the host');
      }
      for (const item of arrayItems(root, 'capAdd')) {
        const cap = jsonString(ctx.text, item)?.value ?? '';
        if (/^(CAP_)?(SYS_ADMIN|ALL)$/i.test(cap)) report(ctx, item, `\`capAdd: ${cap}\` gives the container near-root power over the host kernel`);
      }
      for (const item of arrayItems(root, 'securityOpt')) {
        const opt = jsonString(ctx.text, item)?.value ?? '';
        if (/^(seccomp|apparmor)[=:]unconfined$/i.test(opt)) report(ctx, item, `\`${opt}\` turns off the kernel filter that confines the container`);
      }
      for (const item of arrayItems(root, 'mounts')) {
        const mount = jsonString(ctx.text, item)?.value ?? String(findNodeAtLocation(item, ['source'])?.value ?? '');
        if (DOCKER_SOCKET.test(mount)) report(ctx, item, 'mounting the Docker socket gives the container root on the host');
      }
    },
  },
);

function arrayItems(root: JsonNode, key: string): JsonNode[] {
  const node = findNodeAtLocation(root, [key]);
  return node?.type === 'array' ? (node.children ?? []) : [];
}

function report(ctx: TextContext, node: JsonNode, what: string): void {
  ctx.report({ ruleId: 'AIS862', range: ctx.rangeOf(node.offset, node.offset + node.length), data: { detail: `${what}; code in the container (dependencies' install scripts, AI agents) can then reach the host.` } });
}
