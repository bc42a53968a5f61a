#!/usr/bin/env bash
# Builds Floe and starts it on Payara Micro at http://localhost:8080/ with the embedded default:
# the table lives in ./data/warehouse (FLOE_WAREHOUSE), no account or other service needed.
# Configuration comes from the environment (see README). Ctrl-C flushes every buffer, then stops.
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -q -B -DskipTests package
mkdir -p data

mapfile -t jvm_options < <(grep -v -e '^#' -e '^\s*$' server-config/payara-micro/jvm.options)
exec java "${jvm_options[@]}" -jar target/payara-micro.jar \
  --nohazelcast \
  --rootdir "${FLOE_PAYARA_ROOT:-./data/payara}" \
  --port "${PORT:-8080}" \
  --contextroot / \
  --postbootcommandfile server-config/payara-micro/post-boot-commands.asadmin \
  --deploy target/floe.war
