#!/usr/bin/env bash
# Scans the pipeline files of every mirrored repository with the built CLI and prints the findings per rule
# (default profile, then audit). Run `npm run build` first. bench/pipeline/scan.sh [mirror-root] [out-dir]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${2:-/tmp/aisec-pipeline-bench}
"$here/extract.sh" "${1:-/work/.mirror}" "$out" >/dev/null
cd "$out"
node "$here/../../dist/cli.js" scan . --select pipeline --statistics || true
node "$here/../../dist/cli.js" scan . --select pipeline --profile audit --statistics || true
node "$here/../../dist/cli.js" scan . --select pipeline --format json > "$out.json" || true
echo "findings as JSON: $out.json (compare with bench/pipeline/judgements.md)"
