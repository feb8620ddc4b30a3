/**
 * AIS806 mcp-docker-privileged: an MCP server run as a container with host privileges or host mounts
 * (`--privileged`, host network/PID/IPC, dangerous capabilities, unconfined security profiles, the Docker
 * socket, `/`, the home folder or credential folders mounted).
 */
import type { Fix } from '../../../engine/finding';
import { defineRule, type RuleMeta } from '../../../engine/rule';
import type { LauncherOption, Token } from '../../../engine/agent-config/launcher';
import { AGENT_CONFIG_KINDS, agentFileOf, disabledNote, serverSeverity, startedBy } from '../shared/agent-file';
import { serverLaunches } from '../shared/launches';
import { removeArgsEdit } from '../shared/args-edits';

const META: RuleMeta = {
  id: 'AIS806',
  name: 'mcp-docker-privileged',
  title: 'MCP server container with host privileges or host mounts',
  category: 'agent-config',
  fileKinds: AGENT_CONFIG_KINDS,
  severity: 'error',
  confidence: 'high',
  cwe: ['CWE-250', 'CWE-668'],
  message: '{{detail}}',
  fixAvailability: 'sometimes',
  docs: {
    whatItDoes: 'Flags MCP servers started with `docker run` or `podman run` and `--privileged`, `--network host` (`--net=host`), `--pid host`, `--ipc host`, `--userns host`, `--cap-add` of `ALL`, `SYS_ADMIN`, `SYS_PTRACE`, `SYS_MODULE` or `DAC_READ_SEARCH`, `--security-opt` with `seccomp=unconfined`, `apparmor=unconfined` or `label=disable`, and `-v`/`--volume`/`--mount` of `/`, the home folder (`~`, `$HOME`, `${userHome}`, `%USERPROFILE%`), `/etc`, `/root`, `/home`, the Docker socket, or `.ssh`, `.aws`, `.kube`, `.docker`, `.gnupg` and `.config/gcloud` folders.',
    whyIsThisBad: 'A container is the one thing that keeps an MCP server, which acts on text an attacker can write, away from the developer\'s machine. A privileged container, the host\'s namespaces or the Docker socket give it root on the host; a mounted home folder gives it SSH keys, cloud credentials and every `.env`.',
    example: '{\n  "servers": {\n    "github": {\n      "command": "docker",\n      "args": ["run", "-i", "--rm", "--privileged", "-v", "/var/run/docker.sock:/var/run/docker.sock", "ghcr.io/github/github-mcp-server@sha256:…"]\n    }\n  }\n}\n',
    useInstead: '{\n  "servers": {\n    "github": {\n      "command": "docker",\n      "args": ["run", "-i", "--rm", "-v", "${workspaceFolder}:/workspace:ro", "ghcr.io/github/github-mcp-server@sha256:…"]\n    }\n  }\n}\n',
    fixSafety: 'For a flag (`--privileged`, `--network host`, `--cap-add ALL`, ...), the fix removes it with its value. It is unsafe: a server that really needs the privilege stops working. Mounts are not changed automatically: narrow them to the folder the server needs, read-only where possible.',
    references: ['https://cwe.mitre.org/data/definitions/250.html', 'https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities', 'https://docs.docker.com/engine/security/#docker-daemon-attack-surface'],
  },
};

const HOST_NAMESPACE_FLAGS = new Set(['--network', '--net', '--pid', '--ipc', '--userns', '--uts']);
const DANGEROUS_CAPABILITIES = new Set(['ALL', 'SYS_ADMIN', 'SYS_PTRACE', 'SYS_MODULE', 'DAC_READ_SEARCH']);
const MOUNT_FLAGS = new Set(['-v', '--volume', '--mount']);

export default defineRule(META, {
  kind: 'text',
  check(ctx) {
    const agentFile = agentFileOf(ctx);
    if (!agentFile) return;
    for (const { server, launch } of serverLaunches(agentFile)) {
      if (launch.ecosystem !== 'container') continue;
      for (const option of launch.options) {
        const problem = problemOf(option);
        if (!problem) continue;
        const edit = problem.removable ? removeArgsEdit(ctx, server, optionTokens(option)) : undefined;
        const fixes: Fix[] = edit ? [{ title: `Remove ${problem.shown}`, applicability: 'unsafe', edits: [edit] }] : [];
        const start = option.flagToken.start;
        const end = Math.max(option.flagToken.start + option.flagToken.text.length, option.value ? option.value.start + option.value.text.length : 0);
        ctx.report({
          ruleId: META.id,
          range: ctx.rangeOf(start, end),
          severity: serverSeverity(server, META.severity),
          data: { detail: `\`${problem.shown}\` ${problem.why} ${startedBy(server, agentFile.file)}.${disabledNote(server)}` },
          fixes,
          fingerprintSeed: `${META.id}:${server.keyPath}:${problem.shown}`,
        });
      }
    }
  },
});

/**
 * The words that hold an option: the flag and its separate value, or one `--flag=value` word. A flag inside
 * a cluster of short flags (`-itd`) has no words of its own, so nothing is removed.
 */
function optionTokens(option: LauncherOption): Token[] {
  const word = option.flagToken.text;
  if (word === option.flag) return option.value ? [option.flagToken, option.value] : [option.flagToken];
  return word.startsWith(`${option.flag}=`) ? [option.flagToken] : [];
}

interface Problem {
  shown: string;
  why: string;
  removable: boolean;
}

function problemOf(option: LauncherOption): Problem | undefined {
  const value = option.value?.text ?? '';
  if (option.flag === '--privileged' && value !== 'false') return { shown: '--privileged', why: 'gives the server\'s container every capability and the host\'s devices: root on the host for anyone who steers the server.', removable: true };
  if (HOST_NAMESPACE_FLAGS.has(option.flag) && value === 'host') {
    return { shown: `${option.flag} host`, why: `shares the host's ${option.flag === '--net' || option.flag === '--network' ? 'network (services bound to localhost, cloud metadata endpoints)' : option.flag.slice(2).toUpperCase() + ' namespace'} with the server's container.`, removable: true };
  }
  if (option.flag === '--cap-add' && DANGEROUS_CAPABILITIES.has(value.toUpperCase().replace(/^CAP_/, ''))) return { shown: `--cap-add ${value}`, why: 'gives the server\'s container a capability that reaches the host kernel or other processes.', removable: true };
  if (option.flag === '--security-opt' && /^(seccomp[=:]unconfined|apparmor[=:]unconfined|label[=:]disable)$/i.test(value)) return { shown: `--security-opt ${value}`, why: 'switches off a kernel confinement profile of the server\'s container.', removable: true };
  if (MOUNT_FLAGS.has(option.flag) && value) {
    const source = mountSource(option.flag, value);
    const what = source ? sensitiveSource(source) : undefined;
    if (what) return { shown: `${option.flag} ${value}`, why: `mounts ${what} into the server's container, so the server can read${/:ro$|,readonly|,ro(,|$)/.test(value) ? '' : ' and change'} it.`, removable: false };
  }
  return undefined;
}

/** The host side of `-v src:dst[:opts]` (a Windows drive letter kept) or of `--mount type=bind,source=...`. */
function mountSource(flag: string, value: string): string | undefined {
  if (flag === '--mount') return /(?:^|,)(?:source|src)=([^,]+)/.exec(value)?.[1];
  const drive = /^[A-Za-z]:[\\/]/.test(value) ? 2 : 0;
  const colon = value.indexOf(':', drive);
  return colon < 0 ? undefined : value.slice(0, colon);
}

/** What a host path exposes, or undefined when it is not a sensitive location. */
function sensitiveSource(source: string): string | undefined {
  const path = source.replace(/\\/g, '/').replace(/\/+$/, '') || '/';
  if (path === '/' || /^[A-Za-z]:\/?$/.test(path)) return 'the whole host file system';
  if (/(?:^|\/)(?:var\/)?run\/docker\.sock$/.test(path) || /docker_engine$/.test(path)) return 'the Docker socket (root on the host)';
  if (/^(?:~|\$HOME|\$\{HOME\}|\$\{env:HOME\}|\$\{userHome\}|%USERPROFILE%|\$env:USERPROFILE|\/root|\/home(?:\/[^/]+)?|\/Users\/[^/]+|[A-Za-z]:\/Users\/[^/]+)$/i.test(path)) return 'the home folder (SSH keys, cloud credentials, tokens)';
  if (/(?:^|\/)\.(?:ssh|aws|kube|docker|gnupg|azure|config\/gcloud)(?:\/|$)/.test(path)) return `credentials (${path})`;
  if (/^\/etc(?:\/|$)/.test(path)) return 'the host\'s system configuration';
  return undefined;
}
