#!/usr/bin/env bash
# Runs Floe on WildFly 39 with one command: fetches the distribution through Maven (cached in
# ~/.m2), unpacks it under FLOE_SERVERS_DIR, builds the standalone-floe.xml configuration from
# server-config/wildfly/floe.cli, starts the server in the background, deploys Floe, waits until
# it is ready and prints its URLs. Run again while the server runs: Floe is redeployed.
#
#   scripts/deploy-wildfly.sh              start (if needed) and deploy
#   scripts/deploy-wildfly.sh --undeploy   undeploy Floe, leave the server running
#   scripts/deploy-wildfly.sh --stop       stop the server this script started (Floe flushes first)
#
# Environment: HTTP_PORT (8080), ADMIN_PORT (management, 9990), FLOE_ARTIFACT (.ear or .war,
# default ear/target/floe.ear, built when missing), FLOE_SERVERS_DIR (./data/servers),
# FLOE_READY_TIMEOUT (seconds, 300). Every Floe setting in the environment (FLOE_*, ICEBERG_*, R2_*,
# USE_ICEBERG, COMPACTION_THRESHOLD) reaches Floe: the server inherits this environment and
# MicroProfile Config reads it. FLOE_WAREHOUSE and FLOE_WAL_DIR default to folders under
# FLOE_SERVERS_DIR/wildfly-data/. Relative paths are taken from the project's folder.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/distribution.sh
project=$PWD

wildfly_version=39.0.1.Final
http_port=${HTTP_PORT:-8080}
admin_port=${ADMIN_PORT:-9990}
ready_timeout=${FLOE_READY_TIMEOUT:-300}
default_artifact=ear/target/floe.ear
artifact=${FLOE_ARTIFACT:-$default_artifact}
mkdir -p "${FLOE_SERVERS_DIR:-./data/servers}"
servers=$(cd "${FLOE_SERVERS_DIR:-./data/servers}" && pwd)
home=$servers/wildfly-$wildfly_version
data=$servers/wildfly-data
pidfile=$data/wildfly.pid
portsfile=$data/wildfly.ports
console_log=$data/console.log
server_log=$home/standalone/log/server.log
config=standalone-floe.xml
cli_script=$project/server-config/wildfly/floe.cli

say() { echo "deploy-wildfly: $*" >&2; }
die() { say "$*"; exit 1; }

# The server this script started, if it still runs: the pid file's process, checked to be a JVM
# of this WildFly home so that a recycled pid is never taken for it.
server_pid() {
  local pid
  [ -f "$pidfile" ] || return 1
  pid=$(cat "$pidfile")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  if [ -r "/proc/$pid/cmdline" ]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$home" || return 1
  fi
  echo "$pid"
}

# The management port of the running server: the one it was started with, not today's ADMIN_PORT.
running_admin_port() {
  if [ -f "$portsfile" ]; then cut -d' ' -f2 "$portsfile"; else echo "$admin_port"; fi
}

cli() { # runs jboss-cli commands against the running server
  # JAVA_OPTS is the server's business; the CLI is a small client
  JAVA_OPTS="-Xmx256m" "$home/bin/jboss-cli.sh" --connect --controller="127.0.0.1:$(running_admin_port)" "$@"
}

http_code() { curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$1" || true; }

# The management port answers health requests while the server still boots (and deploys what
# it deployed last time); its server-state check turns UP once boot is complete.
server_running() {
  curl -s --max-time 5 "http://127.0.0.1:$admin_port/health/ready" | grep -q '"server-state","status":"UP"'
}

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Floe's deployments (floe.ear, floe.war), one a line, as the server's configuration lists them.
# Read from the file rather than asked through the CLI: each CLI call starts a JVM, seconds on a
# busy machine.
floe_deployments() {
  grep -o '<deployment name="floe\.\(ear\|war\)"' "$home/standalone/configuration/$config" 2>/dev/null |
    cut -d'"' -f2 || true
}

stop_server() {
  local pid
  if ! pid=$(server_pid); then
    say "no WildFly started by this script is running"
    rm -f "$pidfile" "$portsfile"
    return 0
  fi
  say "stopping WildFly (pid $pid); Floe flushes its buffers first"
  # A graceful shutdown: WildFly stops taking requests, lets running ones end, then undeploys
  # Floe, which commits everything buffered. A signal is the fallback if the CLI cannot connect.
  cli --command=":shutdown(suspend-timeout=30)" >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 240); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "WildFly did not stop within 2 minutes; killing it (the write-ahead log keeps every accepted event)"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile" "$portsfile"
  say "stopped"
}

undeploy() {
  local pid name
  pid=$(server_pid) || die "no WildFly started by this script is running"
  for name in $(floe_deployments); do
    say "undeploying $name (Floe flushes its buffers first)"
    cli --command="undeploy $name" >/dev/null
  done
  say "Floe is undeployed; WildFly (pid $pid) still runs. Stop it with $0 --stop"
}

case "${1:-}" in
  --stop) stop_server; exit 0 ;;
  --undeploy) undeploy; exit 0 ;;
  "") ;;
  *) die "unknown argument '$1' (use no argument, --undeploy or --stop)" ;;
esac

# --- the artifact ---
if [ ! -f "$artifact" ]; then
  [ "$artifact" = "$default_artifact" ] || die "FLOE_ARTIFACT=$artifact does not exist"
  say "building Floe's WAR and EAR"
  ./mvnw -q -B install -DskipTests && ./mvnw -q -B -f ear/pom.xml package
fi
case "$artifact" in
  *.ear) name=floe.ear ;;
  *.war) name=floe.war ;;
  *) die "FLOE_ARTIFACT must be an .ear or a .war: $artifact" ;;
esac
artifact=$(cd "$(dirname "$artifact")" && pwd)/$(basename "$artifact")

# --- the distribution ---
if [ ! -x "$home/bin/standalone.sh" ]; then
  say "fetching WildFly $wildfly_version through Maven"
  fetch_distribution "org.wildfly:wildfly-dist:$wildfly_version" "wildfly-$wildfly_version" \
    "$home" 'bin/*.sh'
fi

# --- Floe's settings ---
mkdir -p "$data"
export FLOE_WAREHOUSE=${FLOE_WAREHOUSE:-$data/warehouse}
export FLOE_WAL_DIR=${FLOE_WAL_DIR:-$data/wal}

# Floe's settings as NAME=value lines, sorted; only ever compared in memory, never written or shown.
floe_settings() { # from stdin: NUL-separated NAME=value entries
  tr '\0' '\n' | grep -E '^(FLOE_|ICEBERG_|R2_|USE_ICEBERG=|COMPACTION_THRESHOLD=)' |
    grep -vE '^FLOE_(ARTIFACT|SERVERS_DIR|READY_TIMEOUT)=' | sort || true
}

# --- a running server: keep it if it was started with these settings, else restart it ---
if pid=$(server_pid); then
  restart=""
  if [ "$(cat "$portsfile" 2>/dev/null)" != "$http_port $admin_port" ]; then
    restart="HTTP_PORT or ADMIN_PORT changed"
  elif [ -r "/proc/$pid/environ" ]; then
    # The server's environment is fixed at its start; a changed setting needs a new process.
    # Names only are reported: values may be secrets.
    changed=$(diff <(floe_settings <"/proc/$pid/environ") <(env -0 | floe_settings) |
      sed -n 's/^[<>] \([A-Z0-9_]*\)=.*/\1/p' | sort -u | tr '\n' ' ' || true)
    [ -z "$changed" ] || restart="settings changed: $changed"
  fi
  if [ -n "$restart" ]; then
    say "$restart; restarting WildFly"
    stop_server
  fi
fi

# --- configuration, applied once (again only when floe.cli changed) ---
stamp=$home/standalone/configuration/standalone-floe.cli.sha256
want=$(sha256sum "$cli_script" | cut -d' ' -f1)
if [ ! -f "$home/standalone/configuration/$config" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  if pid=$(server_pid); then
    say "server-config/wildfly/floe.cli changed; restarting WildFly to apply it"
    stop_server
  fi
  say "configuring $config from standalone.xml"
  cp "$home/standalone/configuration/standalone.xml" "$home/standalone/configuration/$config"
  if ! out=$(JAVA_OPTS="-Xmx256m" "$home/bin/jboss-cli.sh" --file="$cli_script" 2>&1); then
    echo "$out" >&2
    rm -f "$home/standalone/configuration/$config"
    die "server-config/wildfly/floe.cli failed"
  fi
  echo "$want" >"$stamp"
fi

# --- start ---
started=""
t0=$(date +%s%N)
if ! pid=$(server_pid); then
  for port in "$http_port" "$admin_port"; do
    ! port_taken "$port" || die "port $port is already taken by another process"
  done
  # Every other port (HTTPS, AJP, transactions) moves by HTTP_PORT's distance from 8080, so two
  # servers with different HTTP_PORTs do not collide; the management port is set on its own.
  offset=$((http_port - 8080))
  port_args=(-Djboss.socket.binding.port-offset="$offset" -Djboss.management.http.port="$((admin_port - offset))")
  if [ "$offset" -lt 0 ]; then
    port_args=(-Djboss.http.port="$http_port" -Djboss.management.http.port="$admin_port")
  fi
  # JVM options from jvm.options replace standalone.conf's default sizing (JBOSS_JAVA_SIZING);
  # a JAVA_OPTS of the caller replaces standalone.conf's defaults altogether, as WildFly does,
  # and then comes after ours so that its own -Xmx wins.
  sizing=$(grep -v -e '^#' -e '^\s*$' "$project/server-config/wildfly/jvm.options" | tr '\n' ' ')
  if [ -n "${JAVA_OPTS:-}" ]; then export JAVA_OPTS="$sizing $JAVA_OPTS"; fi
  say "starting WildFly $wildfly_version (HTTP $http_port, management $admin_port)"
  rm -f "$pidfile"
  JBOSS_JAVA_SIZING="$sizing" LAUNCH_JBOSS_IN_BACKGROUND=1 JBOSS_PIDFILE="$pidfile" \
    nohup "$home/bin/standalone.sh" -c "$config" -b 127.0.0.1 -bmanagement 127.0.0.1 \
    "${port_args[@]}" >"$console_log" 2>&1 </dev/null &
  launcher=$!
  echo "$http_port $admin_port" >"$portsfile"
  started=yes
  for _ in $(seq 1 $((ready_timeout * 2))); do
    server_pid >/dev/null && server_running && break
    kill -0 "$launcher" 2>/dev/null || die "WildFly stopped during start; see $console_log and $server_log"
    sleep 0.5
  done
  pid=$(server_pid) || die "WildFly did not start; see $console_log and $server_log"
  server_running || die "WildFly did not start within ${ready_timeout}s; see $server_log"
fi

# --- deploy ---
# Content WildFly already deployed at boot is kept when it is this very artifact (same SHA-1);
# anything else, and every run against a server that was already up, deploys afresh.
deployed_at_boot() { # the configuration names this artifact's SHA-1, and the server reports it OK
  local hash
  hash=$(sed -n "/<deployment name=\"$name\"/,/<\/deployment>/s/.*<content sha1=\"\([0-9a-f]*\)\".*/\1/p" \
    "$home/standalone/configuration/$config")
  [ "$hash" = "$(sha1sum "$artifact" | cut -d' ' -f1)" ] &&
    curl -s --max-time 5 "http://127.0.0.1:$admin_port/health/ready" | grep -q "\"$name\":\"OK\""
}
present=$(floe_deployments)
for other in $present; do
  if [ "$other" != "$name" ]; then
    say "undeploying $other (replaced by $name)"
    cli --command="undeploy $other" >/dev/null
  fi
done
if [ -n "$started" ] && printf '%s\n' "$present" | grep -qx "$name" && deployed_at_boot; then
  say "$name was deployed at boot"
else
  say "deploying $artifact as $name"
  if ! out=$(cli --command="deploy $artifact --name=$name --runtime-name=$name --force" 2>&1); then
    echo "$out" >&2
    die "deployment failed; see $server_log"
  fi
fi

# --- wait until Floe is ready ---
# Floe's own readiness (/admin/stats "ready") is the test: WildFly registers MicroProfile Health
# checks of a standalone WAR but not of an EAR's web module, whose /health shows WildFly's checks only.
stats=""
for _ in $(seq 1 $((ready_timeout * 2))); do
  server_pid >/dev/null || die "WildFly stopped; see $server_log"
  stats=$(curl -s --max-time 5 "http://127.0.0.1:$http_port/admin/stats" || true)
  case "$stats" in *'"ready":true'*) break ;; esac
  sleep 0.5
done
case "$stats" in
  *'"ready":true'*) ;;
  *)
    reason=$(printf '%s' "$stats" | grep -o '"reason":"[^"]*"' | head -1 || true)
    die "Floe did not get ready within ${ready_timeout}s ${reason:+($reason)}; see $server_log (WildFly keeps running; stop it with $0 --stop)"
    ;;
esac
elapsed=$((($(date +%s%N) - t0) / 100000000))
elapsed=$((elapsed / 10)).$((elapsed % 10))

pid=$(server_pid)
if [ -n "$started" ]; then
  say "WildFly started and Floe ready in ${elapsed}s"
else
  say "Floe redeployed and ready in ${elapsed}s"
fi
metrics="http://localhost:$http_port/admin/metrics"
[ "$(http_code "http://127.0.0.1:$http_port/admin/metrics")" = 200 ] || metrics="(not in this build of Floe)"
health_note=""
[ "$name" = floe.war ] || health_note=" (WildFly's own checks; Floe's readiness in the EAR: /admin/stats)"
cat <<EOF

Floe runs on WildFly $wildfly_version (pid $pid, $name)
  API              http://localhost:$http_port/events  and  /events/batch
  status page      http://localhost:$http_port/admin
  metrics (Floe)   $metrics
  metrics (server) http://localhost:$admin_port/metrics
  health           http://localhost:$admin_port/health  /health/live  /health/ready  /health/started$health_note
  console          http://localhost:$admin_port/console  (first add a user: $home/bin/add-user.sh)
  JMX              $home/bin/jconsole.sh, remote process service:jmx:remote+http://localhost:$admin_port, MBean dev.floe:type=Floe
  table            $FLOE_WAREHOUSE
  log              $server_log
Redeploy: run this again. Undeploy: $0 --undeploy. Stop: $0 --stop
EOF
