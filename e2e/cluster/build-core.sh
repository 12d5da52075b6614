#!/usr/bin/env bash
# The core of the test bed (etcd, Kubernetes, kwok, baremetal-operator and the CRDs), built from
# their Go modules into the folder given as $1 (build.sh chooses it and marks it complete).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.sh
source "$here/versions.sh"

bin_dir="$1"
mkdir -p "$bin_dir"
export CGO_ENABLED=0
export GOFLAGS="-mod=mod -buildvcs=false -trimpath"
# The checksum database has no entry for the ironic-standalone-operator/api release pinned in
# go/bmo; its hash is pinned by the committed go.sum instead.
export GONOSUMDB=github.com/metal3-io/ironic-standalone-operator

log() { echo "[build] $*" >&2; }

# Without these stamps the Kubernetes binaries report v0.0.0-master and kwokctl's version
# checks pick the wrong flags.
k8s_ldflags=""
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  k8s_ldflags+=" -X $pkg.gitVersion=v${KUBE_VERSION}"
  k8s_ldflags+=" -X $pkg.gitMajor=${KUBE_VERSION%%.*}"
  minor="${KUBE_VERSION#*.}"
  k8s_ldflags+=" -X $pkg.gitMinor=${minor%%.*}"
  k8s_ldflags+=" -X $pkg.gitTreeState=clean"
  k8s_ldflags+=" -X $pkg.buildDate=1970-01-01T00:00:00Z"
done

build_tools() {
  local module="$1" ldflags="$2"
  log "building $module"
  local started=$SECONDS
  (cd "$here/go/$module" && go build -ldflags "-s -w $ldflags" -o "$bin_dir/" tool)
  log "built $module in $((SECONDS - started)) s"
}

build_tools etcd ""
# Go names the binary of go.etcd.io/etcd/server/v3 "server".
mv -f "$bin_dir/server" "$bin_dir/etcd"
build_tools kwok "-X sigs.k8s.io/kwok/pkg/consts.Version=v${KWOK_VERSION} -X sigs.k8s.io/kwok/pkg/consts.KubeVersion=v${KUBE_VERSION}"
build_tools bmo ""
build_tools kubernetes "$k8s_ldflags"

# The CRDs come from the same pinned modules as the controller; they are never committed.
crd_dir="$bin_dir/crds"
mkdir -p "$crd_dir"
bmo_dir="$(cd "$here/go/bmo" && go list -m -f '{{.Dir}}' github.com/metal3-io/baremetal-operator)"
cp "$bmo_dir"/config/base/crds/bases/*.yaml "$crd_dir/"
cbo_dir="$(cd "$here/go/bmo" && go mod download -json "github.com/openshift/cluster-baremetal-operator@${CBO_VERSION}" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
cp "$cbo_dir/config/crd/bases/metal3.io_provisionings.yaml" "$crd_dir/"
chmod -R u+w "$crd_dir"

for b in etcd kube-apiserver kube-controller-manager kube-scheduler kubectl kwok kwokctl baremetal-operator; do
  [[ -x "$bin_dir/$b" ]] || { log "missing binary $b after build"; exit 1; }
done
