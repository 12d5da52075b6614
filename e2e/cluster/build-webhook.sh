#!/usr/bin/env bash
# BMO's own ValidatingWebhookConfiguration, copied from the pinned BMO module (the one the core
# builds the controller from) into the folder given as $1; testbed.ts points it at the local
# webhook server. Never committed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

out_dir="$1"
mkdir -p "$out_dir"
export GOFLAGS="-mod=mod -buildvcs=false"
# See build-core.sh: go.sum pins this module's hash, the checksum database has no entry for it.
export GONOSUMDB=github.com/metal3-io/ironic-standalone-operator

bmo_dir="$(cd "$here/go/bmo" && go list -m -f '{{.Dir}}' github.com/metal3-io/baremetal-operator)"
cp "$bmo_dir/config/base/webhook/manifests.yaml" "$out_dir/manifests.yaml"
chmod u+w "$out_dir/manifests.yaml"
echo "[build] copied BMO's webhook configuration" >&2
