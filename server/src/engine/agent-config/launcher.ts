/**
 * The command-line model shared by MCP configurations, CI steps, Dockerfiles and dev-container commands:
 * an argv → the launcher that downloads and runs something (`npx`, `npm exec`, `pnpm dlx`, `yarn dlx`,
 * `bunx`, `deno run npm:`, `uvx`, `uv tool run`, `pipx run`, `docker run`, `podman run`) → the package or
 * image it fetches → whether that is pinned to one exact version.
 *
 * Each launcher's own option syntax is followed, because the package is not always the first word:
 * `npx -y -p pkg@1 cmd` runs `cmd` from `pkg@1`, `uvx --from 'pkg==1' cmd` and `pipx run --spec pkg==1 cmd`
 * likewise, and options that take a value (`--registry URL`, `--python 3.12`, `-e KEY=VALUE`) are skipped
 * with their value. Tokens carry the offset of their text in the analysed file, so rules can underline the
 * version and build edits.
 */
import { parseRequirement } from '../manifests/pep508';
import { npmDependencyOfToken } from '../manifests/install-commands';
import type { Token } from '../manifests/requirements';
import type { Dependency, Span } from '../manifests/types';

export type { Token } from '../manifests/requirements';

export type LauncherName =
  | 'npx'
  | 'npm exec'
  | 'pnpm dlx'
  | 'yarn dlx'
  | 'bunx'
  | 'deno run'
  | 'uvx'
  | 'uv tool run'
  | 'pipx run'
  | 'docker run'
  | 'podman run';

/** An option as written: `--package=x` is one token, `--package x` two. */
export interface LauncherOption {
  flag: string;
  flagToken: Token;
  value?: Token;
}

/** A container image reference (`ghcr.io/org/server:1.2`, `mcp/fetch@sha256:...`). */
export interface ContainerImage {
  reference: string;
  token: Token;
  /** The repository without tag or digest (`ghcr.io/org/server`). */
  repository: string;
  tag?: string;
  /** `sha256:<hex>` when the reference names a digest. */
  digest?: string;
  /** Only a digest pins an image: tags, `latest` included, can be moved to other content. */
  pinned: boolean;
}

export interface Launch {
  launcher: LauncherName;
  /** The index of the launcher's first word in the argv (after `sudo` and `env` prefixes). */
  launcherIndex: number;
  ecosystem: 'npm' | 'pypi' | 'container';
  /**
   * The registry packages the launcher installs, the package whose program runs first; empty for
   * container launches and for specs that name no registry package (a local path).
   */
  packages: Dependency[];
  /** For `docker run`/`podman run`: the image. */
  image?: ContainerImage;
  options: LauncherOption[];
  /** The index of the first argument given to the launched program (argv.length when there is none). */
  programArgsIndex: number;
  /** The launcher installs without asking (`npx -y`, `npm exec --yes`; `uvx`, `pipx run`, `dlx` never ask). */
  installsWithoutPrompt: boolean;
}

/** Whether a launched registry package is pinned to one exact version (a git source: to a full commit). */
export function isPinned(dependency: Dependency): boolean {
  if (dependency.source === 'vcs') return /^[0-9a-f]{40}$/i.test(dependency.vcsRef ?? '');
  if (dependency.source !== 'registry') return true;
  return dependency.pinned !== undefined;
}

/** The launch an argv starts, or undefined when its program is not a known download-and-run launcher. */
export function launchOf(argv: readonly Token[]): Launch | undefined {
  const i = skipPrefixes(argv);
  const tool = programName(argv[i]?.text ?? '');
  const sub = argv[i + 1]?.text;
  const start = i;
  switch (tool) {
    case 'npx':
      return npmLaunch('npx', argv, start, i + 1, NPX_VALUE_FLAGS);
    case 'bunx':
      return npmLaunch('bunx', argv, start, i + 1, BUNX_VALUE_FLAGS);
    case 'pnpx':
      return npmLaunch('pnpm dlx', argv, start, i + 1, PNPM_DLX_VALUE_FLAGS);
    case 'npm':
      if (sub === 'exec' || sub === 'x') return npmLaunch('npm exec', argv, start, i + 2, NPX_VALUE_FLAGS);
      return undefined;
    case 'pnpm':
      return sub === 'dlx' ? npmLaunch('pnpm dlx', argv, start, i + 2, PNPM_DLX_VALUE_FLAGS) : undefined;
    case 'yarn':
      return sub === 'dlx' ? npmLaunch('yarn dlx', argv, start, i + 2, YARN_DLX_VALUE_FLAGS) : undefined;
    case 'bun':
      return sub === 'x' ? npmLaunch('bunx', argv, start, i + 2, BUNX_VALUE_FLAGS) : undefined;
    case 'deno':
      return sub === 'run' || sub === 'x' ? denoLaunch(argv, start, i + 2) : undefined;
    case 'uvx':
      return pythonLaunch('uvx', argv, start, i + 1);
    case 'uv':
      if (sub === 'tool' && argv[i + 2]?.text === 'run') return pythonLaunch('uv tool run', argv, start, i + 3);
      return undefined;
    case 'pipx':
      return sub === 'run' ? pythonLaunch('pipx run', argv, start, i + 2) : undefined;
    case 'docker':
    case 'podman': {
      const name = tool === 'docker' ? 'docker run' : 'podman run';
      if (sub === 'run') return containerLaunch(name, argv, start, i + 2);
      if (sub === 'container' && argv[i + 2]?.text === 'run') return containerLaunch(name, argv, start, i + 3);
      return undefined;
    }
    default:
      return undefined;
  }
}

/** `/usr/local/bin/npx.cmd` → `npx`. */
export function programName(word: string): string {
  return word.replace(/^.*[\\/]/, '').replace(/\.(exe|cmd|bat|ps1)$/i, '').toLowerCase();
}

/** Skips `sudo`, `exec`, `env [-i] NAME=value ...` and leading `NAME=value` assignments. */
function skipPrefixes(argv: readonly Token[]): number {
  let i = 0;
  for (;;) {
    const word = argv[i]?.text;
    if (word === undefined) return i;
    if (word === 'sudo' || word === 'exec' || word === 'command') i++;
    else if (programName(word) === 'env') {
      i++;
      while (argv[i] && (argv[i]!.text.startsWith('-') || /^[A-Za-z_]\w*=/.test(argv[i]!.text))) i++;
    } else if (/^[A-Za-z_]\w*=/.test(word)) i++;
    else return i;
  }
}

/** The options that take a value (as a separate word when written without `=`). */
const NPX_VALUE_FLAGS = new Set(['-p', '--package', '-c', '--call', '--registry', '--cache', '--prefix', '--userconfig', '--globalconfig', '--loglevel', '-w', '--workspace', '--node-options', '--script-shell', '--shell']);
const PNPM_DLX_VALUE_FLAGS = new Set(['--package', '--allow-build', '--registry', '--dir', '-C', '--reporter', '--loglevel', '--config-dir']);
const YARN_DLX_VALUE_FLAGS = new Set(['-p', '--package', '--registry']);
const BUNX_VALUE_FLAGS = new Set(['-p', '--package', '--registry', '--cwd', '--config', '-c']);
/** The options that mean "install without asking". */
const NPM_YES = new Set(['-y', '--yes']);

/**
 * npm-family launchers: options before the first positional word; `-p`/`--package` name the packages (then
 * the positional word is the program), otherwise the positional word is the package spec itself.
 */
function npmLaunch(launcher: LauncherName, argv: readonly Token[], launcherIndex: number, from: number, valueFlags: ReadonlySet<string>): Launch {
  const { options, positional } = readOptions(argv, from, valueFlags);
  const entrySpan = spanOfArgv(argv, launcherIndex);
  const packages: Dependency[] = [];
  for (const option of options) {
    if ((option.flag === '-p' || option.flag === '--package') && option.value) {
      const dep = npmDependencyOfToken(option.value, entrySpan, launcher);
      if (dep) packages.push(dep);
    }
  }
  const named = packages.length > 0;
  const call = options.some((o) => o.flag === '-c' || o.flag === '--call' || o.flag === '--shell-mode');
  if (!named && !call && positional < argv.length) {
    const dep = npmDependencyOfToken(argv[positional]!, entrySpan, launcher);
    if (dep) packages.push(dep);
  }
  // `npx` asks before installing a missing package unless `-y`; `npm exec` likewise. The dlx commands and bunx never ask.
  const asks = launcher === 'npx' || launcher === 'npm exec';
  const yes = options.some((o) => NPM_YES.has(o.flag) && o.value?.text !== 'false');
  return { launcher, launcherIndex, ecosystem: 'npm', packages, options, programArgsIndex: Math.min(argv.length, positional + 1), installsWithoutPrompt: !asks || yes };
}

/** `deno run [flags] npm:pkg@1.2.3 args`: only `npm:` specifiers name a registry package. */
function denoLaunch(argv: readonly Token[], launcherIndex: number, from: number): Launch | undefined {
  const { options, positional } = readOptions(argv, from, DENO_VALUE_FLAGS);
  const script = argv[positional];
  if (!script?.text.startsWith('npm:')) return undefined;
  // `npm:@scope/name@1.2.3/bin/path` and `npm:name@1/path`: the package spec ends before the sub-path.
  const body = /^(?:@[^@/]+\/)?[^@/]+(?:@[^/]*)?/.exec(script.text.slice(4))?.[0] ?? '';
  const dep = npmDependencyOfToken({ text: body, start: script.start + 4 }, spanOfArgv(argv, launcherIndex), 'deno run');
  return { launcher: 'deno run', launcherIndex, ecosystem: 'npm', packages: dep ? [dep] : [], options, programArgsIndex: Math.min(argv.length, positional + 1), installsWithoutPrompt: true };
}

const DENO_VALUE_FLAGS = new Set(['-c', '--config', '--import-map', '--lock', '--cert', '--location', '--seed', '--reload', '-r', '--env-file']);

/** Options of `uvx`/`uv tool run` and `pipx run` that take a value. */
const UV_VALUE_FLAGS = new Set([
  '--from', '--with', '--with-editable', '--with-requirements', '--with-executables-from', '-p', '--python', '--index', '--default-index', '-i', '--index-url',
  '--extra-index-url', '-f', '--find-links', '--directory', '--project', '--config-file', '--cache-dir', '-c', '--constraints', '--overrides', '--build-constraints',
  '--index-strategy', '--keyring-provider', '--resolution', '--prerelease', '--exclude-newer', '--reinstall-package', '--refresh-package', '-P', '--upgrade-package',
  '--python-preference', '--color', '--env-file', '--link-mode', '--torch-backend', '--allow-insecure-host', '--spec', '--pip-args', '--backend',
]);

/**
 * `uvx tool@1.2.3`, `uvx --from 'pkg==1.2.3' tool`, `pipx run --spec pkg==1.2.3 app`, `pipx run pkg==1.2.3`.
 * `tool@version` accepts exact versions only (uv); `@latest` is the explicit "newest" request.
 */
function pythonLaunch(launcher: LauncherName, argv: readonly Token[], launcherIndex: number, from: number): Launch {
  const { options, positional } = readOptions(argv, from, UV_VALUE_FLAGS);
  const entrySpan = spanOfArgv(argv, launcherIndex);
  const packages: Dependency[] = [];
  const fromOption = options.find((o) => (o.flag === '--from' || o.flag === '--spec') && o.value);
  const specToken = fromOption?.value ?? argv[positional];
  if (specToken) {
    const dep = pythonDependencyOfToken(specToken, entrySpan, launcher);
    if (dep) packages.push(dep);
  }
  for (const option of options) {
    if (option.flag !== '--with' || !option.value) continue;
    for (const part of splitCommaList(option.value)) {
      const dep = pythonDependencyOfToken(part, entrySpan, launcher);
      if (dep) packages.push(dep);
    }
  }
  return { launcher, launcherIndex, ecosystem: 'pypi', packages, options, programArgsIndex: Math.min(argv.length, positional + 1), installsWithoutPrompt: true };
}

/** A PyPI spec as these launchers write it: `tool@1.2.3` (uv's exact form), `tool@latest`, or PEP 508. */
function pythonDependencyOfToken(token: Token, entrySpan: Span, group: string): Dependency | undefined {
  const text = token.text;
  if (text === '' || text.startsWith('-') || /^[.~/]|^[A-Za-z]:\\/.test(text) || /\.py$/.test(text)) return undefined;
  const at = /^([A-Za-z0-9][\w.-]*(?:\[[^\]]*\])?)@([^@/:]+)$/.exec(text);
  if (at) {
    const name = at[1]!;
    const version = at[2]!;
    const parsed = parseRequirement(name, token.start, group, 'install', entrySpan).dependency;
    if (!parsed) return undefined;
    const versionSpan = { start: token.start + name.length + 1, end: token.start + text.length };
    parsed.spec = `@${version}`;
    parsed.specSpan = { start: token.start + name.length, end: versionSpan.end };
    if (version !== 'latest' && /^\d[\w.!+-]*$/.test(version)) {
      parsed.pinned = version;
      parsed.pinnedSpan = versionSpan;
    }
    return parsed;
  }
  return parseRequirement(text, token.start, group, 'install', entrySpan).dependency;
}

/** `--with a,b` installs both. */
function splitCommaList(token: Token): Token[] {
  const out: Token[] = [];
  let start = 0;
  for (const part of token.text.split(',')) {
    if (part.trim() !== '') out.push({ text: part.trim(), start: token.start + start + (part.length - part.trimStart().length) });
    start += part.length + 1;
  }
  return out;
}

/** Options of `docker run` / `podman run` that take a value. */
const CONTAINER_VALUE_FLAGS = new Set([
  '-a', '--attach', '--add-host', '--annotation', '--blkio-weight', '--blkio-weight-device', '--cap-add', '--cap-drop', '--cgroup-parent', '--cgroupns', '--cidfile',
  '--cpu-period', '--cpu-quota', '--cpu-rt-period', '--cpu-rt-runtime', '-c', '--cpu-shares', '--cpus', '--cpuset-cpus', '--cpuset-mems', '--detach-keys', '--device',
  '--device-cgroup-rule', '--device-read-bps', '--device-read-iops', '--device-write-bps', '--device-write-iops', '--dns', '--dns-option', '--dns-search', '--domainname',
  '--entrypoint', '-e', '--env', '--env-file', '--expose', '--gpus', '--group-add', '--health-cmd', '--health-interval', '--health-retries', '--health-start-interval',
  '--health-start-period', '--health-timeout', '-h', '--hostname', '--ip', '--ip6', '--ipc', '--isolation', '--kernel-memory', '-l', '--label', '--label-file', '--link',
  '--link-local-ip', '--log-driver', '--log-opt', '--mac-address', '-m', '--memory', '--memory-reservation', '--memory-swap', '--memory-swappiness', '--mount', '--name',
  '--network', '--net', '--network-alias', '--oom-score-adj', '--pid', '--pids-limit', '--platform', '-p', '--publish', '--pull', '--restart', '--runtime',
  '--security-opt', '--shm-size', '--stop-signal', '--stop-timeout', '--storage-opt', '--sysctl', '--tmpfs', '--ulimit', '-u', '--user', '--userns', '--uts', '-v',
  '--volume', '--volume-driver', '--volumes-from', '-w', '--workdir', '--arch', '--os', '--variant', '--pod', '--secret', '--uidmap', '--gidmap', '--userns-uid-map',
]);

/** `docker run [options] IMAGE [command]`; short flags may be clustered (`-it`, `-eKEY=v`). */
function containerLaunch(launcher: LauncherName, argv: readonly Token[], launcherIndex: number, from: number): Launch {
  const { options, positional } = readOptions(argv, from, CONTAINER_VALUE_FLAGS, true);
  const token = argv[positional];
  const image = token ? containerImageOf(token) : undefined;
  return { launcher, launcherIndex, ecosystem: 'container', packages: [], image, options, programArgsIndex: Math.min(argv.length, positional + 1), installsWithoutPrompt: true };
}

/** Parses an image reference: `[registry[:port]/]path[:tag][@sha256:digest]`. */
export function containerImageOf(token: Token): ContainerImage | undefined {
  const reference = token.text;
  if (reference === '' || /\s/.test(reference) || reference.startsWith('-')) return undefined;
  const at = reference.indexOf('@');
  const digest = at >= 0 ? reference.slice(at + 1) : undefined;
  const named = at >= 0 ? reference.slice(0, at) : reference;
  const slash = named.lastIndexOf('/');
  const colon = named.lastIndexOf(':');
  const tag = colon > slash ? named.slice(colon + 1) : undefined;
  const repository = colon > slash ? named.slice(0, colon) : named;
  const pinned = digest !== undefined && /^sha256:[0-9a-f]{64}$/.test(digest);
  return { reference, token, repository, tag, digest, pinned };
}

/**
 * Reads options up to the first positional word (or `--`), keeping each with its value. Unknown options
 * are taken to be switches, unless written `--flag=value`.
 */
function readOptions(argv: readonly Token[], from: number, valueFlags: ReadonlySet<string>, shortClusters = false): { options: LauncherOption[]; positional: number } {
  const options: LauncherOption[] = [];
  let i = from;
  while (i < argv.length) {
    const token = argv[i]!;
    const text = token.text;
    if (text === '--') return { options, positional: i + 1 };
    if (!text.startsWith('-') || text === '-') break;
    const eq = text.indexOf('=');
    if (text.startsWith('--') && eq > 0) {
      options.push({ flag: text.slice(0, eq), flagToken: token, value: { text: text.slice(eq + 1), start: token.start + eq + 1 } });
      i++;
      continue;
    }
    if (shortClusters && !text.startsWith('--') && text.length > 2) {
      i = readShortCluster(argv, i, valueFlags, options);
      continue;
    }
    if (valueFlags.has(text) && i + 1 < argv.length) {
      options.push({ flag: text, flagToken: token, value: argv[i + 1] });
      i += 2;
      continue;
    }
    options.push({ flag: text, flagToken: token });
    i++;
  }
  return { options, positional: i };
}

/** `-it` is `-i -t`; `-eKEY=v` is `-e KEY=v`; `-ite KEY=v` gives `-e` the next word. */
function readShortCluster(argv: readonly Token[], i: number, valueFlags: ReadonlySet<string>, options: LauncherOption[]): number {
  const token = argv[i]!;
  const letters = token.text.slice(1);
  for (let k = 0; k < letters.length; k++) {
    const flag = `-${letters[k]}`;
    if (!valueFlags.has(flag)) {
      options.push({ flag, flagToken: token });
      continue;
    }
    const rest = letters.slice(k + 1);
    if (rest !== '') {
      options.push({ flag, flagToken: token, value: { text: rest.replace(/^=/, ''), start: token.start + 2 + k + (rest.startsWith('=') ? 1 : 0) } });
      return i + 1;
    }
    options.push({ flag, flagToken: token, value: argv[i + 1] });
    return i + 2;
  }
  return i + 1;
}

/** The span from the launcher's word to the end of the argv, as the dependency's entry. */
function spanOfArgv(argv: readonly Token[], from: number): Span {
  const first = argv[from];
  const last = argv[argv.length - 1];
  if (!first || !last) return { start: 0, end: 0 };
  return { start: first.start, end: last.start + last.text.length };
}
