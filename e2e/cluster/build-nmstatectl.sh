#!/usr/bin/env bash
# nmstatectl, the tool metal3's image customization runs (`nmstatectl gc`) on a host's static
# network Secret, built from the Rust crate pinned in versions.sh (NMSTATECTL_VERSION, 2.2.x) into
# the folder given as $1 (build.sh chooses it and marks it complete): the binary lands in
# $1/bin/nmstatectl.
#
# Only the `gen_conf` feature: `gc` needs no NetworkManager, D-Bus or netlink, so the tests run it
# anywhere. `--locked` uses the Cargo.lock published with the crate, so every dependency is the
# one nmstate released with. A cold build takes a few minutes on 2 cores (README).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.sh
source "$here/versions.sh"

out_dir="$1"
log() { echo "[build] $*" >&2; }

# rustup installs cargo in ~/.cargo/bin, which a non-login shell (CI) may not have on PATH.
if ! command -v cargo >/dev/null 2>&1 && [[ -f "$HOME/.cargo/env" ]]; then
  # shellcheck source=/dev/null
  source "$HOME/.cargo/env"
fi
command -v cargo >/dev/null 2>&1 || { echo "[build] cargo (Rust) is needed to build nmstatectl: install it with rustup" >&2; exit 1; }

log "building nmstatectl $NMSTATECTL_VERSION (gen_conf only) with $(cargo --version)"
started=$SECONDS
# Its own target folder inside the output, removed after, so a half-finished build of another
# clone never mixes in; cargo keeps downloaded crates in its own ~/.cargo/registry.
CARGO_TARGET_DIR="$out_dir/target" cargo install --locked --no-default-features --features gen_conf \
  --version "=$NMSTATECTL_VERSION" --root "$out_dir" nmstatectl >&2
rm -rf "$out_dir/target"
"$out_dir/bin/nmstatectl" --version >&2
log "built nmstatectl in $((SECONDS - started)) s"
