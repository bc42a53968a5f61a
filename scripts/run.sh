#!/usr/bin/env bash
# Builds Floe and starts it on Payara Micro at http://localhost:8080/ with the embedded default:
# the table lives in ./data/warehouse (FLOE_WAREHOUSE), no account or other service needed.
# Configuration comes from the environment (see README). Ctrl-C flushes every buffer, then stops.
set -euo pipefail
cd "$(dirname "$0")/.."

# Build only when something the WAR is made of changed since it was packaged (FLOE_BUILD=always
# forces a build, FLOE_BUILD=never skips it). The first build fetches Maven, Payara Micro and every
# dependency, which takes minutes: Maven's progress is shown, not hidden.
stale() {
  [ -f target/floe.war ] && [ -f target/payara-micro.jar ] || return 0
  [ -n "$(find pom.xml .mvn src/main -newer target/floe.war -print -quit)" ]
}
case "${FLOE_BUILD:-auto}" in
  never) ;;
  always | auto)
    if [ "${FLOE_BUILD:-auto}" = always ] || stale; then
      echo "run.sh: building target/floe.war (the first build downloads Maven, Payara Micro and the dependencies)" >&2
      ./mvnw -B -DskipTests package
    else
      echo "run.sh: target/floe.war is newer than pom.xml and src/main: not rebuilding (FLOE_BUILD=always forces it)" >&2
    fi
    ;;
  *) echo "run.sh: FLOE_BUILD is auto, always or never" >&2; exit 2 ;;
esac
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

# FLOE_ADMIN_PORT: the admin side on a port of its own (a second listener made before boot).
admin_port=()
[ -n "${FLOE_ADMIN_PORT:-}" ] && admin_port=(--prebootcommandfile server-config/payara-micro/admin-port.asadmin)

exec java "${jvm_options[@]}" -jar target/payara-micro.jar \
  --nohazelcast \
  --rootdir "$payara_root" \
  --port "${PORT:-8080}" \
  --contextroot / \
  --postbootcommandfile server-config/payara-micro/post-boot-commands.asadmin \
  ${tls[@]+"${tls[@]}"} \
  ${admin_port[@]+"${admin_port[@]}"} \
  --deploy target/floe.war
