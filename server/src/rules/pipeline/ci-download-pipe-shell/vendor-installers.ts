/**
 * The installers that tools document as their way to install (`curl -sSL https://install.python-poetry.org | python3 -`,
 * `curl https://sh.rustup.rs | sh`), served over HTTPS from the vendor's own domain. Piping one into a shell
 * trusts the same party as the tool it installs, and CI that does so is following the tool's instructions:
 * on the real-code benchmark none of the twelve such findings was one a reviewer would act on. AIS859 reports
 * them at information level (audit profile); any other URL keeps its severity.
 *
 * Each entry is a host and, where the host serves other content too, the path of the installer on it.
 */
const VENDOR_INSTALLERS: readonly { host: string; path?: string; vendor: string }[] = [
  { host: 'install.python-poetry.org', vendor: 'Poetry' },
  { host: 'sh.rustup.rs', vendor: 'rustup' },
  { host: 'static.rust-lang.org', path: '/rustup/', vendor: 'rustup' },
  { host: 'deb.nodesource.com', vendor: 'NodeSource' },
  { host: 'rpm.nodesource.com', vendor: 'NodeSource' },
  { host: 'astral.sh', path: '/uv/', vendor: 'uv' },
  { host: 'astral.sh', path: '/ruff/', vendor: 'Ruff' },
  { host: 'bun.sh', path: '/install', vendor: 'Bun' },
  { host: 'deno.land', path: '/install', vendor: 'Deno' },
  { host: 'get.pnpm.io', vendor: 'pnpm' },
  { host: 'claude.ai', path: '/install.', vendor: 'Claude Code' },
  { host: 'get.docker.com', vendor: 'Docker' },
  { host: 'ollama.com', path: '/install.', vendor: 'Ollama' },
  { host: 'pyenv.run', vendor: 'pyenv' },
  { host: 'bootstrap.pypa.io', path: '/get-pip', vendor: 'pip' },
  { host: 'micro.mamba.pm', path: '/install.', vendor: 'micromamba' },
  { host: 'pixi.sh', path: '/install.', vendor: 'pixi' },
  { host: 'install.determinate.systems', path: '/nix', vendor: 'Determinate Nix' },
  { host: 'sdk.cloud.google.com', vendor: 'Google Cloud SDK' },
  { host: 'dot.net', path: '/v1/dotnet-install.', vendor: '.NET' },
  { host: 'get.sdkman.io', vendor: 'SDKMAN!' },
  { host: 'fnm.vercel.app', path: '/install', vendor: 'fnm' },
  { host: 'raw.githubusercontent.com', path: '/nvm-sh/nvm/', vendor: 'nvm' },
  { host: 'raw.githubusercontent.com', path: '/Homebrew/install/', vendor: 'Homebrew' },
];

/** The vendor whose documented installer the URL is (HTTPS only), or undefined. */
export function vendorInstallerOf(url: string): string | undefined {
  const match = /^https:\/\/([^/?#:]+)(\/[^?#]*)?/i.exec(url);
  if (!match) return undefined;
  const host = match[1]!.toLowerCase();
  const path = match[2] ?? '/';
  return VENDOR_INSTALLERS.find((entry) => entry.host === host && (entry.path === undefined || path.startsWith(entry.path)))?.vendor;
}
