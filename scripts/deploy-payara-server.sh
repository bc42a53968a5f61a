#!/usr/bin/env bash
# Deploys Floe to Payara Server 6 in one command: fetches the distribution through Maven (it stays
# in ~/.m2), unpacks it under FLOE_SERVERS_DIR, creates a domain configured by
# server-config/payara-server/domain.asadmin, starts it, deploys Floe at / and waits until Floe
# is ready. Run again, it redeploys into the running domain.
#   scripts/deploy-payara-server.sh              start and deploy (or redeploy)
#   scripts/deploy-payara-server.sh --undeploy   undeploy Floe, leave the server running
#   scripts/deploy-payara-server.sh --stop       stop the domain
# Environment:
#   HTTP_PORT (8080), ADMIN_PORT (4848); the domain's other ports are PAYARA_PORT_BASE (default
#     HTTP_PORT - 80) plus Payara's usual offsets: HTTPS +81, JMX +86, IIOP +37..39, JMS +76, ...
#   FLOE_ARTIFACT: the .ear or .war to deploy (ear/target/floe.ear, built when missing)
#   FLOE_SERVERS_DIR (./data/servers): distribution, domain and, by default, Floe's data
#   READY_TIMEOUT: seconds to wait for Floe after the deploy (300)
#   every Floe setting (FLOE_*, ICEBERG_*, R2_*, USE_ICEBERG, COMPACTION_THRESHOLD): reaches Floe
#     through the server's environment, which start-domain passes on; never through domain.xml.
set -euo pipefail

caller_dir=$PWD
cd "$(dirname "$0")/.."
. scripts/lib/distribution.sh
root=$PWD

PAYARA_VERSION=6.2025.10
DOMAIN=floe
APP=floe

# paths given relative mean relative to where the command was typed; defaults are the project's
absolute() { case $1 in /*) echo "$1" ;; *) echo "$caller_dir/$1" ;; esac; }

HTTP_PORT=${HTTP_PORT:-8080}
ADMIN_PORT=${ADMIN_PORT:-4848}
for v in HTTP_PORT ADMIN_PORT; do
  [[ ${!v} =~ ^[0-9]+$ ]] || { echo "$v must be a port number" >&2; exit 2; }
done
port_base=${PAYARA_PORT_BASE:-$((HTTP_PORT - 80))}
if ! [[ $port_base =~ ^[0-9]+$ ]] || ((port_base < 1 || port_base + 86 > 65535)); then
  echo "PAYARA_PORT_BASE (default HTTP_PORT - 80) must leave room for ports base+9..base+86" >&2
  exit 2
fi
jmx_port=$((port_base + 86))

servers=$root/data/servers
[ -n "${FLOE_SERVERS_DIR:-}" ] && servers=$(absolute "$FLOE_SERVERS_DIR")
if [ -n "${FLOE_ARTIFACT:-}" ]; then
  artifact=$(absolute "$FLOE_ARTIFACT")
  build_missing=false
else
  artifact=$root/ear/target/floe.ear
  build_missing=true
fi
READY_TIMEOUT=${READY_TIMEOUT:-300}

install_dir=$servers/payara-$PAYARA_VERSION
asadmin_bin=$install_dir/payara6/bin/asadmin
domains_dir=$servers/payara-server-domains
domain_dir=$domains_dir/$DOMAIN
server_log=$domain_dir/logs/server.log
config=$root/server-config/payara-server/domain.asadmin
domain_stamp=$domain_dir/floe-domain.stamp
env_stamp=$domain_dir/floe-env.stamp
artifact_stamp=$domain_dir/floe-artifact.stamp

# The domain's working directory is its config folder, where Floe's relative defaults would land.
data_dir=$servers/payara-server-data
if [ -n "${FLOE_WAREHOUSE:-}" ]; then FLOE_WAREHOUSE=$(absolute "$FLOE_WAREHOUSE"); else FLOE_WAREHOUSE=$data_dir/warehouse; fi
if [ -n "${FLOE_WAL_DIR:-}" ]; then FLOE_WAL_DIR=$(absolute "$FLOE_WAL_DIR"); else FLOE_WAL_DIR=$data_dir/wal; fi
export FLOE_WAREHOUSE FLOE_WAL_DIR

# asadmin's console library complains on every call when TERM is unset
export TERM=${TERM:-dumb}
asadmin() { # prints the answer without the console library's noise; keeps asadmin's status
  local out rc=0
  out=$("$asadmin_bin" --interactive=false --host localhost --port "$ADMIN_PORT" --user admin "$@" 2>&1) || rc=$?
  grep -v '^Unable to retrieve infocmp' <<<"$out" || true
  return $rc
}
asadmin_ok() { # $1 = what is being done, rest = the command; on failure shows why and the log
  local what=$1 out rc=0
  shift
  out=$(asadmin "$@") || rc=$?
  # multimode carries on past a failed command and may still exit 0: its answers tell
  if ((rc != 0)) || grep -q -e 'failed\.$' -e 'remote failure' <<<"$out"; then
    printf '%s\n' "$out" >&2
    echo "$what failed; server log: $server_log" >&2
    return 1
  fi
}

sha() { if command -v sha256sum >/dev/null; then sha256sum | cut -c1-64; else shasum -a 256 | cut -c1-64; fi; }

domain_running() {
  local domains
  [ -d "$domain_dir" ] && domains=$(asadmin list-domains --domaindir "$domains_dir") &&
    grep -q "^$DOMAIN running" <<<"$domains"
}

floe_deployed() {
  local apps
  apps=$(asadmin list-applications) && grep -q "^$APP " <<<"$apps"
}

# Floe's settings as the server would see them. Only a digest is kept (mode 600), to tell whether
# a running domain was started with other settings; the values themselves are never written.
floe_env_digest() {
  env | { grep -E '^(FLOE_|ICEBERG_|R2_|USE_ICEBERG=|COMPACTION_THRESHOLD=)' || true; } |
    { grep -v -E '^FLOE_(ARTIFACT|SERVERS_DIR)=' || true; } | LC_ALL=C sort | sha
}

# the domain's identity: distribution, ports and configuration; a change means a new domain
domain_digest() {
  { echo "$PAYARA_VERSION $HTTP_PORT $ADMIN_PORT $port_base"; cat "$config"; } | sha
}

stop_domain() {
  if domain_running; then
    echo "stopping domain $DOMAIN (Floe flushes its buffers first)" >&2
    asadmin_ok "stop-domain" stop-domain --domaindir "$domains_dir" "$DOMAIN"
  fi
  rm -f "$env_stamp"
}

case "${1:-}" in
  --stop)
    if domain_running; then stop_domain; else echo "domain $DOMAIN is not running" >&2; fi
    exit 0
    ;;
  --undeploy)
    if ! domain_running; then
      echo "domain $DOMAIN is not running; nothing to undeploy" >&2
      exit 0
    fi
    if floe_deployed; then
      asadmin_ok "undeploy" undeploy "$APP"
      echo "Floe undeployed; the server keeps running (stop it with $0 --stop)" >&2
    else
      echo "Floe is not deployed" >&2
    fi
    rm -f "$artifact_stamp"
    exit 0
    ;;
  "") ;;
  -h|--help) sed -n '2,/^set -euo/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "unknown option $1 (use --stop, --undeploy or no option)" >&2; exit 2 ;;
esac

if [ ! -f "$artifact" ]; then
  if [ "$build_missing" = true ]; then
    echo "building Floe's EAR (WAR into the local repository, then ear/)" >&2
    ./mvnw -q -B install -DskipTests
    ./mvnw -q -B -f ear/pom.xml package
  else
    echo "FLOE_ARTIFACT $artifact does not exist" >&2
    exit 2
  fi
fi
case $artifact in
  *.ear|*.war) ;;
  *) echo "FLOE_ARTIFACT must be an .ear or a .war: $artifact" >&2; exit 2 ;;
esac

if [ ! -x "$asadmin_bin" ]; then
  echo "fetching Payara Server $PAYARA_VERSION through Maven (cached in the local repository)" >&2
  fetch_distribution "fish.payara.distributions:payara:$PAYARA_VERSION" payara6 \
    "$install_dir/payara6" 'bin/*' 'glassfish/bin/*'
fi

want_domain=$(domain_digest)
if [ ! -f "$domain_stamp" ] || [ "$(cat "$domain_stamp")" != "$want_domain" ]; then
  if [ -d "$domain_dir" ]; then
    echo "domain $DOMAIN was made from other settings or another domain.asadmin; creating it again" >&2
    stop_domain
    # a domain left half-made by an interrupted run may not delete cleanly; its folder goes anyway
    asadmin delete-domain --domaindir "$domains_dir" "$DOMAIN" >/dev/null || true
    rm -rf "$domain_dir"
  fi
  echo "creating domain $DOMAIN in $domains_dir (HTTP $HTTP_PORT, admin $ADMIN_PORT, other ports from $port_base)" >&2
  mkdir -p "$domains_dir"
  p=$port_base
  asadmin_ok "create-domain" create-domain --domaindir "$domains_dir" --nopassword=true \
    --adminport "$ADMIN_PORT" --instanceport "$HTTP_PORT" \
    --hazelcastdasport $((p + 49)) --hazelcaststartport $((p + 59)) \
    --domainproperties "http.ssl.port=$((p + 81)):jms.port=$((p + 76)):orb.listener.port=$((p + 37)):orb.ssl.port=$((p + 38)):orb.mutualauth.port=$((p + 39)):domain.jmxPort=$jmx_port:java.debugger.port=$((p + 9)):osgi.shell.telnet.port=$((p + 66))" \
    "$DOMAIN"
  echo "configuring domain $DOMAIN from ${config#"$root"/}" >&2
  asadmin_ok "start-domain" start-domain --domaindir "$domains_dir" "$DOMAIN"
  asadmin_ok "configuring the domain" multimode --file "$config"
  asadmin_ok "stop-domain" stop-domain --domaindir "$domains_dir" "$DOMAIN"
  echo "$want_domain" >"$domain_stamp"
fi

# Floe reads its settings once, at start: a domain started with other settings is restarted, with
# Floe undeployed first so that it stops through its own shutdown (final flush) and not in the
# middle of the server's.
want_env=$(floe_env_digest)
if domain_running && [ "$(cat "$env_stamp" 2>/dev/null)" != "$want_env" ]; then
  echo "Floe's settings differ from those the domain was started with; restarting it" >&2
  if floe_deployed; then
    asadmin_ok "undeploy" undeploy "$APP"
    rm -f "$artifact_stamp"
  fi
  stop_domain
fi

want_artifact=$(sha <"$artifact")
deploy=true
if ! domain_running; then
  mkdir -p "$FLOE_WAREHOUSE" "$FLOE_WAL_DIR"
  echo "starting domain $DOMAIN" >&2
  # start-domain runs the server as a child with this environment: that is how Floe's settings,
  # secrets included, reach it without being written anywhere
  asadmin_ok "start-domain" start-domain --domaindir "$domains_dir" "$DOMAIN"
  (umask 077 && echo "$want_env" >"$env_stamp")
  # Floe, if deployed, started with the domain: the same artifact need not be deployed again
  if [ "$(cat "$artifact_stamp" 2>/dev/null)" = "$want_artifact" ] &&
    floe_deployed; then
    deploy=false
  fi
fi

if [ "$deploy" = true ]; then
  echo "deploying $artifact at /" >&2
  rm -f "$artifact_stamp"
  # --force redeploys over a running copy: undeploy (Floe flushes and stops), then deploy.
  # --contextroot applies to a WAR; an EAR's application.xml already puts Floe at /.
  asadmin_ok "deploy" deploy --name "$APP" --contextroot / --force=true "$artifact"
  echo "$want_artifact" >"$artifact_stamp"
fi

if [ -n "${R2_CATALOG_ENDPOINT:-}" ]; then
  table="where the REST catalog at $R2_CATALOG_ENDPOINT puts it"
elif [ -n "${R2_ENDPOINT:-}" ]; then
  table="s3://${R2_BUCKET:-}/${ICEBERG_TABLE_LOCATION:-analytics/events} at $R2_ENDPOINT"
else
  table="$FLOE_WAREHOUSE/${ICEBERG_TABLE_LOCATION:-analytics/events}"
fi

base=http://localhost:$HTTP_PORT
echo "waiting for Floe (GET $base/health/ready)" >&2
ready=false
code=000
waiting_since=""
broken_since=""
deadline=$((SECONDS + READY_TIMEOUT))
while ((SECONDS < deadline)); do
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$base/health/ready" || true)
  if [ "$code" = 200 ]; then ready=true; break; fi
  # Started (log replayed, warm-up done) yet not ready for a while: Floe waits for storage or the
  # catalog, accepting and keeping events meanwhile. When they are unreachable on purpose, that
  # answer is as far as a deploy gets.
  if [ "$code" = 503 ] &&
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$base/health/started" || true)" = 200 ]; then
    waiting_since=${waiting_since:-$SECONDS}
    ((SECONDS - waiting_since >= 10)) && break
  else
    waiting_since=""
  fi
  # Deploy and start-domain return once the application is loaded, so no Floe at all (404) or a
  # health check that throws (500) for this long means it failed to start: a domain restarted
  # with a bad setting still loads the application, and only its start fails.
  if [ "$code" = 404 ] || [ "$code" = 500 ]; then
    broken_since=${broken_since:-$SECONDS}
    ((SECONDS - broken_since >= 30)) && break
  else
    broken_since=""
  fi
  sleep 1
done

if [ "$ready" != true ]; then
  if [ "$code" = 503 ] && [ -n "$waiting_since" ]; then
    echo "Floe is up but not ready; it keeps accepting events and retries. Its readiness says:" >&2
    curl -s --max-time 10 "$base/health/ready" >&2 || true
    echo >&2
  else
    if [ -n "$broken_since" ]; then
      echo "Floe failed to start (GET /health/ready answers $code)" >&2
      # Floe's start-up errors name the setting at fault (and never carry a secret)
      grep '^Caused by: ' "$server_log" 2>/dev/null | tail -1 >&2 || true
    else
      echo "Floe did not get ready within ${READY_TIMEOUT}s" >&2
    fi
    echo "server log: $server_log" >&2
    exit 1
  fi
fi

cat <<EOF
Floe runs on Payara Server $PAYARA_VERSION (domain $DOMAIN in $domains_dir)
  API            $base/events  (and /events/batch)
  health         $base/health  (/health/ready, /health/live, /health/started)
  metrics        $base/metrics  (MicroProfile Metrics; Floe's own Prometheus text: $base/admin/metrics)
  status page    $base/admin
  admin console  http://localhost:$ADMIN_PORT/  (user admin)
  JMX            service:jmx:rmi:///jndi/rmi://localhost:$jmx_port/jmxrmi  (user admin; MBean dev.floe:type=Floe)
  table          $table
  server log     $server_log
Stop with: $0 --stop
EOF
