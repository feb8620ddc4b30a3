#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3 on Node 20) into .ci/e2e/code-server/node_modules for the
# end-to-end tests. See /work/shared/guide/real-vscode-e2e.md §2 for why each environment variable is needed.
# Needs: apt-get install -y chromium ripgrep libkrb5-dev build-essential python3 pkg-config
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/code-server"

# `code-server --version` writes a default config into $HOME unless it is given one.
empty_config="$(mktemp)"
trap 'rm -f "$empty_config"' EXIT
version() { node_modules/.bin/code-server --config "$empty_config" --version | head -1; }

if [ -x node_modules/.bin/code-server ]; then
  echo "code-server already installed: $(version)"
  exit 0
fi

# @vscode/ripgrep downloads rg from GitHub in its postinstall; seeding its cache with Debian's rg avoids that.
rg_bin="$(command -v rg || true)"
if [ -z "$rg_bin" ]; then echo "ripgrep is missing: apt-get install -y ripgrep" >&2; exit 1; fi
cache_dir="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-1.15.11"
tarball="$cache_dir/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -f "$tarball" ]; then
  mkdir -p "$cache_dir"
  tar -czf "$tarball" -C "$(dirname "$rg_bin")" "$(basename "$rg_bin")"
fi

# The user-level .npmrc of this machine disables install scripts; code-server needs them (native builds).
# Node headers come from the system (nodedir=/usr) so node-gyp never downloads them.
export npm_config_ignore_scripts=false npm_config_unsafe_perm=true npm_config_yes=true
export npm_config_nodedir="${npm_config_nodedir:-/usr}"
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
echo "code-server installed: $(version)"
