# Pinned versions of the test bed's real components; bump together (see TESTBED.md).
# The wrapper modules in go/ pin the same versions; the cache key hashes both.
KUBE_VERSION=1.35.4
ETCD_VERSION=3.6.16
KWOK_VERSION=0.8.0
BMO_VERSION=0.13.2
CBO_VERSION=v0.0.0-20240207191432-82df158cd2e9

testbed_cache_root() {
  echo "${XDG_CACHE_HOME:-$HOME/.cache}/bare-metal-console"
}

testbed_bin_dir() {
  local here key
  here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  key="$(cat "$here/versions.sh" "$here/build.sh" "$here"/go/*/go.mod "$here"/go/*/go.sum 2>/dev/null \
    | sha256sum | cut -c1-16)"
  echo "$(testbed_cache_root)/bin/$key"
}
