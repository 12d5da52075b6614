#!/usr/bin/env bash
# The oracles (go/oracles): one binary that runs kubectl's real drain filters and Go's crypto/x509
# CSR parser on JSON, for the differential tests (lib/**/*.oracle.integration.test.ts). Built into
# the folder given as $1 (build.sh chooses it and marks it complete). Shares Go's build cache with
# build-core.sh, so after a core build it compiles little more than k8s.io/kubectl's packages.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out_dir="$1"
mkdir -p "$out_dir"
export CGO_ENABLED=0
export GOFLAGS="-mod=mod -buildvcs=false -trimpath"

started=$SECONDS
echo "[build] building oracles" >&2
(cd "$here/go/oracles" && go build -ldflags "-s -w" -o "$out_dir/oracles" .)
echo "[build] built oracles in $((SECONDS - started)) s" >&2
[[ -x "$out_dir/oracles" ]] || { echo "[build] missing binary oracles after build" >&2; exit 1; }
