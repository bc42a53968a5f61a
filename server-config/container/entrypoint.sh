#!/bin/sh
# Starts Floe on Payara Micro from the folder this script is in (/opt/floe in the image). Floe's
# settings come from the environment (see README); the heap is a share of the container's memory
# (FLOE_HEAP_PERCENT, default 60, the rest is for direct buffers, metaspace and the page cache of
# the log); JAVA_OPTS adds JVM options. SIGTERM reaches the JVM (exec), which flushes every buffer.
set -eu
home=$(cd "$(dirname "$0")" && pwd)
runtime=${FLOE_PAYARA_ROOT:-${TMPDIR:-/tmp}/floe-payara}
rm -rf "$runtime"
# FLOE_ADMIN_PORT: the admin side on a port of its own (a second listener made before boot)
admin_port=""
[ -n "${FLOE_ADMIN_PORT:-}" ] && admin_port="--prebootcommandfile $home/admin-port.asadmin"
# shellcheck disable=SC2086 # JAVA_OPTS and admin_port hold several words
exec java -XX:MaxRAMPercentage="${FLOE_HEAP_PERCENT:-60}" -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError \
  ${JAVA_OPTS:-} \
  -jar "$home/payara-micro.jar" \
  --nohazelcast \
  --rootdir "$runtime" \
  --port "${PORT:-8080}" \
  --contextroot / \
  --postbootcommandfile "$home/post-boot-commands.asadmin" \
  $admin_port \
  --deploy "$home/floe.war"
