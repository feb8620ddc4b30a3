#!/usr/bin/env bash
# Exports the pipeline and package-index files (workflows, composite actions, GitLab CI, Dockerfiles,
# dev containers, pip/npm/yarn/uv settings, .pth files) of every mirrored repository into one tree,
# so `aisec scan` can be run over them: bench/pipeline/extract.sh [mirror-root] [out-dir]
set -euo pipefail
mirror=${1:-/work/.mirror}
out=${2:-/tmp/aisec-pipeline-bench}
pattern='(^|/)\.github/workflows/.*\.ya?ml$|(^|/)action\.ya?ml$|gitlab-ci[^/]*\.ya?ml$|(^|/)(Dockerfile|Containerfile)[^/]*$|\.dockerfile$|devcontainer\.json$|(^|/)(pip\.conf|pip\.ini|\.npmrc|\.yarnrc\.yml|uv\.toml|pyproject\.toml)$|\.pth$'
rm -rf "$out"
for repo in "$mirror"/*/repo; do
  name=$(basename "$(dirname "$repo")")
  { git --git-dir="$repo" ls-tree -r --name-only HEAD 2>/dev/null | grep -E "$pattern" || true; } | while IFS= read -r path; do
    mkdir -p "$out/$name/$(dirname "$path")"
    git --git-dir="$repo" show "HEAD:$path" > "$out/$name/$path" 2>/dev/null || true
  done
done
find "$out" -type f | wc -l
