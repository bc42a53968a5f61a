#!/usr/bin/env bash
# Builds Floe and starts it on Payara Micro at http://localhost:8080/ with the embedded default:
# the table lives in ./data/warehouse (FLOE_WAREHOUSE), no account or other service needed.
# Configuration comes from the environment (see README). Ctrl-C flushes every buffer, then stops.
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -q -B -DskipTests package
mkdir -p data
# Payara's runtime folder must outlive the JVM's shutdown (the final flush reads jar resources
# from it) but not the run: reused, Payara Micro would first redeploy the previous run's copy.
payara_root="${FLOE_PAYARA_ROOT:-./data/payara}"
rm -rf "$payara_root"

mapfile -t jvm_options < <(grep -v -e '^#' -e '^\s*$' server-config/payara-micro/jvm.options)

# HTTPS on Payara Micro itself, for deployments without a proxy in front: FLOE_TLS_KEYSTORE (a
# PKCS12 file), FLOE_TLS_KEYSTORE_PASSWORD, FLOE_TLS_ALIAS (default floe), FLOE_HTTPS_PORT (8443).
# The password goes to the JVM through a file only this user can read, never the command line.
tls=()
if [ -n "${FLOE_TLS_KEYSTORE:-}" ]; then
  mkdir -p "$(dirname "$payara_root")"
  (umask 077 && printf 'javax.net.ssl.keyStore=%s\njavax.net.ssl.keyStorePassword=%s\njavax.net.ssl.keyStoreType=PKCS12\n' \
    "$(realpath "$FLOE_TLS_KEYSTORE")" "${FLOE_TLS_KEYSTORE_PASSWORD:?FLOE_TLS_KEYSTORE_PASSWORD is required with FLOE_TLS_KEYSTORE}" \
    >"$payara_root.tls.properties")
  tls=(--sslport "${FLOE_HTTPS_PORT:-8443}" --sslcert "${FLOE_TLS_ALIAS:-floe}" --systemproperties "$payara_root.tls.properties")
fi

exec java "${jvm_options[@]}" -jar target/payara-micro.jar \
  --nohazelcast \
  --rootdir "$payara_root" \
  --port "${PORT:-8080}" \
  --contextroot / \
  --postbootcommandfile server-config/payara-micro/post-boot-commands.asadmin \
  ${tls[@]+"${tls[@]}"} \
  --deploy target/floe.war
