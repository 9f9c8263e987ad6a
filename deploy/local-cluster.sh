#!/usr/bin/env bash
# A Spark standalone cluster on this machine (127.0.0.1) from the project's own Maven classpath:
# no Spark download. One Master and N Workers, each a plain `java` under `timeout`, with
# spark.authenticate=true and a freshly generated secret. See docs/cluster.md.
#
#   deploy/local-cluster.sh start [WORKERS]   start a Master and WORKERS Workers (default 2)
#   deploy/local-cluster.sh status            PIDs, master URL, alive workers
#   deploy/local-cluster.sh stop              kill executors, Workers, Master (by PID)
#   deploy/local-cluster.sh classpath         print the file holding Spark's classpath (builds it)
#
# Then submit with deploy/submit-standalone.sh (or deploy/descent train --master spark://...).
#
# How it works (docs/cluster.md, "Local standalone cluster"):
# - SPARK_HOME is DESCENT_SPARK_HOME (default target/spark-home): jars/ holds symlinks to Spark's
#   runtime jars (the executor classpath, as in a distribution; it MUST exist), conf/ holds
#   log4j2.properties copied from conf/. SPARK_SCALA_VERSION=2.13 (no Spark build directories).
# - The classpath is spark-job's runtime classpath WITHOUT Descent's own jars (mvn
#   dependency:build-classpath -DexcludeGroupIds=org.descent): Descent's classes reach the
#   executors only through the submitted cluster jar, as on a real cluster.
# - Every JVM runs under `timeout DESCENT_CLUSTER_TIMEOUT` (default 4 h); PIDs go to the run dir.
# - The master's REST submission server (fixed port 6066) is off: spark.master.rest.enabled=false.
# - Readiness: the master's http://127.0.0.1:UI_PORT/json/ reports "aliveworkers" = WORKERS.
# - Authentication: a 256-bit secret (openssl rand -hex 32, else /dev/urandom) in RUN/secret,
#   mode 600, never printed. The daemons read it from RUN/daemon.conf (mode 600) through
#   --properties-file, so it never appears on a command line (`ps`). Spark 4.2's daemons accept
#   the secret as spark.authenticate.secret (system property or properties file) or the internal
#   env _SPARK_AUTH_SECRET; there is no SPARK_AUTHENTICATE_SECRET variable, and secret *files*
#   (spark.authenticate.secret.file) are accepted only in Kubernetes mode. Workers hand the secret
#   to their executors in the environment; the driver needs spark.authenticate=true and the same
#   secret (deploy/submit-standalone.sh reads RUN/secret).
#
# Environment (all optional):
#   DESCENT_CLUSTER_DIR      run dir: PIDs, logs, secret, work dirs (default target/local-cluster)
#   DESCENT_SPARK_HOME       the SPARK_HOME to create (default target/spark-home)
#   DESCENT_SPARK_CLASSPATH  a file with Spark's classpath (default: built with Maven into
#                            spark-job/target/spark.classpath)
#   DESCENT_MASTER_PORT      master RPC port (default 17077)
#   DESCENT_MASTER_UI_PORT   master web UI port (default 18080); workers' UIs use free ports
#   DESCENT_WORKER_CORES     cores per worker (default 1)
#   DESCENT_WORKER_MEMORY    memory per worker for executors (default 1g)
#   DESCENT_CLUSTER_TIMEOUT  seconds any cluster JVM may live (default 14400)
#   DESCENT_NETWORK_CRYPTO   true: the daemons also run with spark.network.crypto.enabled=true
#                            (AES-encrypted RPC; submit with the same setting, docs/cluster.md)
#                            Applications may add spark.io.encryption.enabled=true (encrypted
#                            shuffle and spill files); see docs/security.md.
#   JAVA                     the java binary (default: java on PATH)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN="${DESCENT_CLUSTER_DIR:-$ROOT/target/local-cluster}"
SH="${DESCENT_SPARK_HOME:-$ROOT/target/spark-home}"
MASTER_PORT="${DESCENT_MASTER_PORT:-17077}"
UI_PORT="${DESCENT_MASTER_UI_PORT:-18080}"
CORES="${DESCENT_WORKER_CORES:-1}"
MEMORY="${DESCENT_WORKER_MEMORY:-1g}"
LIFETIME="${DESCENT_CLUSTER_TIMEOUT:-14400}"
JAVA="${JAVA:-java}"
MASTER_URL="spark://127.0.0.1:$MASTER_PORT"

die() { echo "local-cluster: $*" >&2; exit 1; }

# Spark's module flags, from the root pom's spark.jvm.args (the one list; what spark-submit adds).
jvm_flags() {
  sed -n 's:.*<spark.jvm.args>\(.*\)</spark.jvm.args>.*:\1:p' "$ROOT/pom.xml"
}

classpath_file() {
  local cp="${DESCENT_SPARK_CLASSPATH:-$ROOT/spark-job/target/spark.classpath}"
  if [[ -z "${DESCENT_SPARK_CLASSPATH:-}" && ( ! -s "$cp" || "$ROOT/spark-job/pom.xml" -nt "$cp" || "$ROOT/pom.xml" -nt "$cp" ) ]]; then
    echo "local-cluster: writing Spark's classpath to $cp (mvn dependency:build-classpath)..." >&2
    if [[ ! -d "$HOME/.m2/repository/org/descent/nn-core" ]]; then
      (cd "$ROOT" && mvn -B -q -DskipTests -Dspotless.check.skip=true install >&2) \
        || die "the build failed; run 'mvn -B verify' in $ROOT for details"
    fi
    (cd "$ROOT" && mvn -B -q -pl spark-job dependency:build-classpath -DincludeScope=runtime \
        -DexcludeGroupIds=org.descent -Dmdep.outputFile="$cp" >&2) \
      || die "mvn dependency:build-classpath failed"
    touch "$cp" # Maven leaves an unchanged file's time alone
  fi
  [[ -s "$cp" ]] || die "no classpath file $cp"
  echo "$cp"
}

alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null; }

pid_of() { [[ -f "$RUN/$1.pid" ]] && cat "$RUN/$1.pid" || true; }

alive_workers() {
  local json
  json="$(curl -fsS --max-time 2 "http://127.0.0.1:$UI_PORT/json/" 2>/dev/null)" || { echo -1; return; }
  local n
  n="$(printf '%s' "$json" | grep -o '"aliveworkers" *: *[0-9]*' | grep -o '[0-9]*$' || true)"
  echo "${n:--1}"
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Starts `timeout LIFETIME java ...` in the background; records the java PID as RUN/NAME.pid.
launch() {
  local name="$1"; shift
  timeout "$LIFETIME" "$JAVA" "${JVM_FLAGS[@]}" -Xmx512m "$@" >"$RUN/logs/$name.log" 2>&1 </dev/null &
  local tpid=$! jpid="" c
  echo "$tpid" >"$RUN/$name.timeout.pid"
  # The java child of `timeout` (only a process that already runs java counts).
  for _ in $(seq 1 100); do
    for c in $(pgrep -P "$tpid" 2>/dev/null || true); do
      [[ "$(ps -o comm= -p "$c" 2>/dev/null)" == java ]] && jpid="$c"
    done
    [[ -n "$jpid" ]] && break
    alive "$tpid" || break
    sleep 0.1
  done
  [[ -n "$jpid" ]] || die "$name did not start; see $RUN/logs/$name.log"
  echo "$jpid" >"$RUN/$name.pid"
}

new_secret() {
  if command -v openssl >/dev/null 2>&1; then
    openssl rand -hex 32
  else
    od -An -vtx1 -N32 /dev/urandom | tr -d ' \n'
  fi
}

start() {
  local workers="${1:-2}"
  [[ "$workers" =~ ^[1-9][0-9]*$ ]] || die "WORKERS must be a positive number, got '$workers'"
  alive "$(pid_of master)" && die "a cluster is already running (deploy/local-cluster.sh status)"
  port_busy "$MASTER_PORT" && die "port $MASTER_PORT is in use; set DESCENT_MASTER_PORT"
  port_busy "$UI_PORT" && die "port $UI_PORT is in use; set DESCENT_MASTER_UI_PORT"
  local cpf cp
  cpf="$(classpath_file)"
  cp="$(cat "$cpf")"

  # SPARK_HOME as a Worker expects it: jars/ (the executors' classpath) and conf/.
  mkdir -p "$SH/jars" "$SH/conf"
  find "$SH/jars" -maxdepth 1 -type l -delete
  local jar
  while IFS= read -r jar; do
    [[ "$jar" == *.jar ]] && ln -sf "$jar" "$SH/jars/$(basename "$jar")"
  done < <(tr ':' '\n' <"$cpf")
  cp "$ROOT/conf/log4j2.properties" "$SH/conf/log4j2.properties"

  # Only what this script writes is removed (DESCENT_CLUSTER_DIR may be any directory).
  mkdir -p "$RUN"
  rm -rf "$RUN/logs" "$RUN/work"
  rm -f "$RUN"/*.pid "$RUN/secret" "$RUN/daemon.conf" "$RUN/master-url" "$RUN/ui-port"
  mkdir -p "$RUN/logs"
  chmod 700 "$RUN"
  (
    umask 077
    new_secret >"$RUN/secret"
    {
      echo "# Read by the Master and Workers (--properties-file); contains the secret."
      echo "spark.authenticate true"
      echo "spark.authenticate.secret $(cat "$RUN/secret")"
      echo "spark.master.rest.enabled false"
      if [[ "${DESCENT_NETWORK_CRYPTO:-false}" == true ]]; then
        echo "spark.network.crypto.enabled true"
      fi
    } >"$RUN/daemon.conf"
  )
  [[ "$(wc -c <"$RUN/secret")" -ge 32 ]] || die "could not generate a secret"
  echo "$MASTER_URL" >"$RUN/master-url"
  echo "$UI_PORT" >"$RUN/ui-port"

  read -r -a JVM_FLAGS <<<"$(jvm_flags)"
  export SPARK_HOME="$SH" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
  export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
  # The OpenBLAS core type local mode runs with (deploy/java-env.sh): the workers pass their
  # environment to the executors, so a cluster-vs-local comparison runs the same kernels.
  # shellcheck source=deploy/java-env.sh
  source "$ROOT/deploy/java-env.sh"
  unset SPARK_CONF_DIR
  local classpath="$SH/conf:$cp"
  launch master -cp "$classpath" org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$MASTER_PORT" --webui-port "$UI_PORT" \
    --properties-file "$RUN/daemon.conf"
  local i
  for i in $(seq 1 "$workers"); do
    mkdir -p "$RUN/work/worker-$i"
    launch "worker-$i" -cp "$classpath" org.apache.spark.deploy.worker.Worker "$MASTER_URL" \
      --host 127.0.0.1 --webui-port 0 --cores "$CORES" --memory "$MEMORY" \
      --work-dir "$RUN/work/worker-$i" --properties-file "$RUN/daemon.conf"
  done

  local deadline=$((SECONDS + 90)) n
  while :; do
    n="$(alive_workers)"
    [[ "$n" -ge "$workers" ]] && break
    for name in master $(for i in $(seq 1 "$workers"); do echo "worker-$i"; done); do
      if ! alive "$(pid_of "$name")"; then
        local rc=0 tp
        tp="$(cat "$RUN/$name.timeout.pid")"
        if alive "$tp"; then rc="?"; else wait "$tp" 2>/dev/null || rc=$?; fi
        tail -n 20 "$RUN/logs/$name.log" >&2 || true
        stop >/dev/null 2>&1 || true
        die "$name exited during start-up with status $rc (log above: $RUN/logs/$name.log)"
      fi
    done
    if ((SECONDS > deadline)); then
      stop >/dev/null 2>&1 || true
      die "only $n of $workers workers registered within 90 s; logs in $RUN/logs"
    fi
    sleep 0.5
  done
  cat <<EOF
local-cluster: $MASTER_URL is up with $workers workers ($CORES core(s), $MEMORY each); UI http://127.0.0.1:$UI_PORT
local-cluster: spark.authenticate=true$([[ "${DESCENT_NETWORK_CRYPTO:-false}" == true ]] && echo ", spark.network.crypto.enabled=true"); the secret is in $RUN/secret (mode 600), not printed.
Submit the cluster jar (reads the secret from that file):
  deploy/submit-standalone.sh train --master $MASTER_URL --conf conf/digits.properties --out /tmp/descent-run
  deploy/descent train --master $MASTER_URL --conf conf/digits.properties      (hands off to the above)
With your own spark-submit: --conf spark.authenticate=true and spark.authenticate.secret=<contents
of $RUN/secret> in a mode-600 --properties-file (not on the command line, where ps shows it).
Stop: deploy/local-cluster.sh stop
EOF
}

# Kill PIDs with TERM, wait up to 10 s, then KILL what is left.
kill_all() {
  local pids=() p
  for p in "$@"; do alive "$p" && pids+=("$p"); done
  ((${#pids[@]})) || return 0
  kill -TERM "${pids[@]}" 2>/dev/null || true
  local deadline=$((SECONDS + 10))
  while ((SECONDS < deadline)); do
    local left=0
    for p in "${pids[@]}"; do alive "$p" && left=1; done
    ((left)) || return 0
    sleep 0.2
  done
  kill -KILL "${pids[@]}" 2>/dev/null || true
}

# The PIDs of the process group GROUP (each daemon's `timeout` leads one: the daemon and the
# executors a Worker forks all stay in it).
group_members() { [[ -n "${1:-}" ]] && pgrep -g "$1" 2>/dev/null || true; }

stop() {
  [[ -d "$RUN" ]] || { echo "local-cluster: nothing to stop ($RUN does not exist)"; return 0; }
  local workers=() executors=() groups=() f p
  for f in "$RUN"/worker-*.pid; do
    [[ -e "$f" && "$f" != *.timeout.pid ]] || continue
    p="$(cat "$f")"
    alive "$p" || continue
    workers+=("$p")
    # Freeze the Worker first, or it relaunches the executors killed next (the driver still
    # asks for them).
    kill -STOP "$p" 2>/dev/null || true
    # Executor JVMs are the Workers' children (ExecutorRunner).
    mapfile -t -O "${#executors[@]}" executors < <(pgrep -P "$p" 2>/dev/null || true)
  done
  for f in "$RUN"/*.timeout.pid; do [[ -e "$f" ]] && groups+=("$(cat "$f")"); done
  kill_all "${executors[@]}"
  for p in "${workers[@]}"; do
    kill -TERM "$p" 2>/dev/null || true
    kill -CONT "$p" 2>/dev/null || true
  done
  kill_all "${workers[@]}"
  kill_all "$(pid_of master)"
  # Anything left in the daemons' process groups (an executor launched while shutting down).
  local left=()
  for p in "${groups[@]}"; do mapfile -t -O "${#left[@]}" left < <(group_members "$p"); done
  kill_all "${left[@]}"
  # The secret dies with the cluster; the next start generates a new one.
  rm -f "$RUN"/*.pid "$RUN/secret" "$RUN/daemon.conf"
  echo "local-cluster: stopped (executors: ${#executors[@]}, workers: ${#workers[@]}, master)"
}

status() {
  local m
  m="$(pid_of master)"
  if ! alive "$m"; then
    echo "local-cluster: not running"
    return 3
  fi
  echo "local-cluster: master $(cat "$RUN/master-url") pid $m, UI http://127.0.0.1:$UI_PORT, alive workers: $(alive_workers)"
  local f
  for f in "$RUN"/worker-*.pid; do
    [[ -e "$f" && "$f" != *.timeout.pid ]] || continue
    local p
    p="$(cat "$f")"
    echo "  $(basename "$f" .pid) pid $p $(alive "$p" && echo running || echo DEAD)" \
      "executors: $(pgrep -P "$p" 2>/dev/null | tr '\n' ' ')"
  done
}

# status/stop talk to the cluster that was started, whatever the environment says now.
[[ -f "$RUN/ui-port" ]] && [[ "${1:-}" != start ]] && UI_PORT="$(cat "$RUN/ui-port")"

case "${1:-}" in
  start) start "${2:-2}" ;;
  stop) stop ;;
  status) status ;;
  classpath) classpath_file ;;
  *) sed -n '2,11p' "$0" >&2; exit 2 ;;
esac
