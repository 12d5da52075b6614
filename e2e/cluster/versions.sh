# Pinned versions of the test bed's real components; bump together (see TESTBED.md).
# The wrapper modules in go/ pin the same versions.
KUBE_VERSION=1.35.4
ETCD_VERSION=3.6.16
KWOK_VERSION=0.8.0
BMO_VERSION=0.13.2
CBO_VERSION=v0.0.0-20240207191432-82df158cd2e9
# Rust crate nmstatectl: `nmstatectl gc` is what metal3's image customization runs on a network Secret.
NMSTATECTL_VERSION=2.2.62
# The test bed's OpenID provider: Keycloak's distribution from Maven Central (Java 21+).
KEYCLOAK_VERSION=26.7.3

# The components build.sh makes, each into its own cache folder keyed by its own inputs, so adding
# or bumping one never rebuilds the others (the Kubernetes build alone takes minutes).
TESTBED_COMPONENTS=(core webhook oracles nmstatectl)
# Built only when a run needs it (TESTBED_OIDC=1: `npm test`, `npm run demo`): the OpenID provider.
TESTBED_OIDC_COMPONENTS=(keycloak)

testbed_cache_root() {
  echo "${XDG_CACHE_HOME:-$HOME/.cache}/bare-metal-console"
}

# The files whose content decides a component's build: its script, and what it pins.
testbed_component_inputs() {
  local here="$1" component="$2"
  case "$component" in
    core) echo "$here/build-core.sh $here/go/etcd/go.mod $here/go/etcd/go.sum $here/go/kwok/go.mod $here/go/kwok/go.sum $here/go/bmo/go.mod $here/go/bmo/go.sum $here/go/kubernetes/go.mod $here/go/kubernetes/go.sum" ;;
    # BMO's webhook configuration, copied from the BMO module the core builds the controller from.
    webhook) echo "$here/build-webhook.sh $here/go/bmo/go.mod $here/go/bmo/go.sum" ;;
    # kubectl's drain filters and Go's x509 CSR parser for the differential tests; the program is ours.
    oracles) echo "$here/build-oracles.sh $here/go/oracles/go.mod $here/go/oracles/go.sum $here/go/oracles/main.go $here/go/oracles/drain.go $here/go/oracles/csr.go" ;;
    # The Rust crate, built by cargo from its published Cargo.lock; its pin is keyed by value below.
    nmstatectl) echo "$here/build-nmstatectl.sh" ;;
    keycloak) echo "$here/build-keycloak.sh" ;;
    *) echo "unknown test bed component $component" >&2; return 1 ;;
  esac
}

# The pins of this file a component's build reads, by value: keying on the whole file would rebuild
# the core (minutes) whenever a component is added here.
testbed_component_pins() {
  case "$1" in
    core) echo "KUBE_VERSION=$KUBE_VERSION ETCD_VERSION=$ETCD_VERSION KWOK_VERSION=$KWOK_VERSION BMO_VERSION=$BMO_VERSION CBO_VERSION=$CBO_VERSION" ;;
    nmstatectl) echo "NMSTATECTL_VERSION=$NMSTATECTL_VERSION" ;;
    keycloak) echo "KEYCLOAK_VERSION=$KEYCLOAK_VERSION" ;;
    *) echo "" ;;
  esac
}

# The cache folder of one component: <cache>/bin/<component>-<hash of its inputs>.
testbed_component_dir() {
  local here component="$1" inputs key
  here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  inputs="$(testbed_component_inputs "$here" "$component")" || return 1
  # shellcheck disable=SC2086
  key="$({ cat $inputs; testbed_component_pins "$component"; } | sha256sum | cut -c1-16)"
  echo "$(testbed_cache_root)/bin/$component-$key"
}

# The Java that runs Keycloak (21 or newer): KEYCLOAK_JAVA_HOME, else Temurin 25 where this
# machine keeps it. Prints its home, or says what is missing and fails.
keycloak_java_home() {
  local home="${KEYCLOAK_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}" major
  if [[ ! -x "$home/bin/java" ]]; then
    echo "Keycloak $KEYCLOAK_VERSION needs Java 21 or newer, expected at $home (set KEYCLOAK_JAVA_HOME to a JDK 21+)" >&2
    return 1
  fi
  major="$("$home/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  if [[ -z "$major" || "$major" -lt 21 ]]; then
    echo "Keycloak $KEYCLOAK_VERSION needs Java 21 or newer; $home is Java ${major:-unknown} (set KEYCLOAK_JAVA_HOME)" >&2
    return 1
  fi
  echo "$home"
}
