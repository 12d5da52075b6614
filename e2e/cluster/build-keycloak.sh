#!/usr/bin/env bash
# Keycloak, the test bed's real OpenID provider, from its distribution on Maven Central
# (org.keycloak:keycloak-quarkus-dist, KEYCLOAK_VERSION in versions.sh) into the folder given as $1
# (build.sh chooses it and marks it complete):
#   $1/keycloak/       the distribution, pre-built (`kc.sh build`) for a file database, so each
#                      start skips Quarkus' re-augmentation (`kc.sh start --optimized`)
#   $1/keycloak.aot    a Java AOT cache (JEP 483/514) recorded from one start: it roughly halves
#                      every later start on 2 cores; absent if the JVM could not write one
#   $1/initial-data/   that start's database (schema and master realm made, which is most of a
#                      first start), copied into each cluster's Keycloak home; with
#   $1/bootstrap-admin its administrator (`<username> <password>`, mode 0600, made here)
# Keycloak 26 needs Java 21 or newer: KEYCLOAK_JAVA_HOME, default Temurin 25 where this machine
# has it. Nothing here is committed; Maven keeps the download in ~/.m2.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.sh
source "$here/versions.sh"

out_dir="$1"
log() { echo "[build] $*" >&2; }

java_home="$(keycloak_java_home)" || exit 1
command -v mvn >/dev/null 2>&1 || { echo "[build] Maven (mvn) is needed to fetch Keycloak from Maven Central: apt-get install maven" >&2; exit 1; }

started=$SECONDS
log "fetching Keycloak $KEYCLOAK_VERSION from Maven Central"
download="$out_dir/download"
rm -rf "$download" "$out_dir/keycloak"
mkdir -p "$download" "$out_dir/keycloak"
# --strict-checksums: a download whose checksum does not match the repository's fails.
mvn -B -q --strict-checksums dependency:copy \
  "-Dartifact=org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:tar.gz" "-DoutputDirectory=$download" >&2
tar -xzf "$download/keycloak-quarkus-dist-$KEYCLOAK_VERSION.tar.gz" -C "$out_dir/keycloak" --strip-components=1
rm -rf "$download"

# Build-time options (a later `start --optimized` must not change them): a file database (H2, one
# per cluster in its own home: testbed's oidc.ts), no health or metrics endpoints (they would open a
# second, fixed management port).
log "pre-building Keycloak for the test bed (kc.sh build)"
JAVA_HOME="$java_home" "$out_dir/keycloak/bin/kc.sh" build --db=dev-file >&2

# One training start records which classes Keycloak loads into an AOT cache; later starts map it.
log "recording a Java AOT cache from one start (about a minute)"
train="$(mktemp -d)"
for part in bin conf lib providers themes; do ln -s "$out_dir/keycloak/$part" "$train/$part"; done
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
admin_password="$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')"
JAVA_HOME="$java_home" JAVA_OPTS_APPEND="-XX:AOTCacheOutput=$out_dir/keycloak.aot" \
  KC_BOOTSTRAP_ADMIN_USERNAME=testbed-admin KC_BOOTSTRAP_ADMIN_PASSWORD="$admin_password" \
  "$out_dir/keycloak/bin/kc.sh" start --optimized "-Dkc.home.dir=$train" --http-enabled=true --http-host=127.0.0.1 \
  "--http-port=$port" --hostname-strict=false >"$train/keycloak.log" 2>&1 &
pid=$!
ready=""
for _ in $(seq 1 600); do
  if curl -sf "http://127.0.0.1:$port/realms/master/.well-known/openid-configuration" >/dev/null; then ready=1; break; fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.5
done
if [[ -n "$ready" ]]; then
  curl -sf "http://127.0.0.1:$port/realms/master/protocol/openid-connect/certs" >/dev/null || true
  curl -sf "http://127.0.0.1:$port/realms/master/protocol/openid-connect/auth?client_id=account-console&response_type=code&redirect_uri=http%3A%2F%2F127.0.0.1%3A$port%2Frealms%2Fmaster%2Faccount%2F&scope=openid" >/dev/null || true
fi
kill -TERM "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
if [[ -z "$ready" || ! -s "$out_dir/keycloak.aot" ]]; then
  log "no AOT cache was recorded (starts are slower, nothing else changes); see the log below"
  tail -20 "$train/keycloak.log" >&2
  rm -f "$out_dir/keycloak.aot"
fi
rm -rf "$out_dir/initial-data" "$out_dir/bootstrap-admin"
if [[ -n "$ready" && -s "$train/data/h2/keycloakdb.mv.db" ]]; then
  mkdir -p "$out_dir/initial-data/h2"
  cp "$train/data/h2/keycloakdb.mv.db" "$out_dir/initial-data/h2/"
  (umask 077 && echo "testbed-admin $admin_password" >"$out_dir/bootstrap-admin")
else
  log "no initialised database was kept (each start makes its own: slower, nothing else changes)"
fi
rm -rf "$train" "$out_dir/keycloak.aot.config"
log "Keycloak $KEYCLOAK_VERSION ready in $((SECONDS - started)) s"
