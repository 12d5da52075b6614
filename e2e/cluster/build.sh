#!/usr/bin/env bash
# Builds the test bed's real components from their pinned sources into a cache outside the clone,
# one folder per component keyed by that component's inputs (versions.sh), and reuses what is
# there. Each build-<component>.sh gets its output folder as $1. Prints one folder per line.
#   build.sh                   every component of TESTBED_COMPONENTS (and, with TESTBED_OIDC=1,
#                              of TESTBED_OIDC_COMPONENTS: Keycloak)
#   build.sh nmstatectl ...    only those (e.g. for `npm run fuzz:nmstate`, which needs no cluster)
#
# A cold build takes minutes on 2 cores: run it in the background with its output in a log.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.sh
source "$here/versions.sh"

selected=("$@")
if [[ ${#selected[@]} -eq 0 ]]; then
  selected=("${TESTBED_COMPONENTS[@]}")
  # The OpenID provider only for runs that start it.
  [[ "${TESTBED_OIDC:-}" != "1" ]] || selected+=("${TESTBED_OIDC_COMPONENTS[@]}")
fi

for component in "${selected[@]}"; do
  dir="$(testbed_component_dir "$component")"
  if [[ ! -f "$dir/.complete" ]]; then
    mkdir -p "$dir"
    bash "$here/build-$component.sh" "$dir" >&2
    touch "$dir/.complete"
  fi
  echo "$dir"
done
