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
exec java "${jvm_options[@]}" -jar target/payara-micro.jar \
  --nohazelcast \
  --rootdir "$payara_root" \
  --port "${PORT:-8080}" \
  --contextroot / \
  --postbootcommandfile server-config/payara-micro/post-boot-commands.asadmin \
  --deploy target/floe.war
