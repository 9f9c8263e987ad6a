#!/usr/bin/env bash
# Submits `descent` to a Spark standalone cluster: the thin cluster jar
# (spark-job/target/descent-VERSION-cluster.jar, built on first use) with
# --class org.descent.cli.Main and --properties-file conf/spark-defaults.conf; the descent
# arguments pass through. See docs/cluster.md.
#
#   deploy/submit-standalone.sh train --master spark://HOST:7077 --conf conf/digits.properties \
#       --set data.train=hdfs:///data/digits.csv.gz --out hdfs:///runs/digits
#   deploy/descent train --master spark://HOST:7077 ...      (hands off to this script)
#
# Which spark-submit:
#   - SPARK_HOME set: $SPARK_HOME/bin/spark-submit of a real Spark install. It must match the
#     cluster: Spark 4.2.x built for Scala 2.13, on Java 17+.
#   - SPARK_HOME unset: org.apache.spark.deploy.SparkSubmit run with `java` on the project's own
#     Maven classpath (as deploy/local-cluster.sh runs the Master and Workers), plus Spark's module
#     flags from the root pom (spark.jvm.args).
#
# Settings (environment, all optional):
#   master URL            --master spark://HOST:PORT among the descent arguments (or
#                         DESCENT_MASTER); default: the cluster deploy/local-cluster.sh started
#   DESCENT_EXECUTOR_MEMORY   --executor-memory (default 1g; at most a Worker's --memory)
#   DESCENT_EXECUTOR_CORES    --executor-cores (default 1: one task per executor core, and
#                             train.partitions should be a multiple of the total cores)
#   DESCENT_TOTAL_CORES       --total-executor-cores (spark.cores.max; default: all offered)
#   DESCENT_DRIVER_MEMORY     driver heap (default 1g); the driver holds the parameter server
#   DESCENT_SECRET_FILE       a mode-600 file holding the cluster's spark.authenticate secret.
#                             Unset: deploy/local-cluster.sh's RUN/secret when --master is that
#                             cluster. Set but empty: no authentication.
#   DESCENT_CLUSTER_DIR       deploy/local-cluster.sh's run dir (default target/local-cluster)
#   DESCENT_JAR               the application jar (default: the cluster jar)
#   DESCENT_SUBMIT_OPTS       extra spark-submit options, e.g. "--conf spark.network.crypto.enabled=true"
#   DESCENT_SUBMIT_TIMEOUT    seconds after which the submission is killed (`timeout`)
#
# Authentication: with a secret the driver runs with spark.authenticate=true and
# spark.authenticate.secret, written with conf/spark-defaults.conf into a private (mode 600)
# temporary properties file, so the secret never appears on a command line; the file is removed
# when spark-submit exits. A standalone cluster shares ONE secret between Master, Workers and every
# application (Workers pass it to executors); an application without it is refused by the master.
# Encryption (off by default; docs/security.md): spark.authenticate only proves who connects.
#   --conf spark.network.crypto.enabled=true  AES-encrypts RPC and block transfers (gradients,
#                                             broadcast weights, cached data) between driver and
#                                             executors; needs spark.authenticate
#   --conf spark.io.encryption.enabled=true   encrypts what Spark writes to executors' local disks
#                                             (shuffle and spill files, disk-cached blocks)
# Pass them with DESCENT_SUBMIT_OPTS; the Web UI is not authenticated by either (spark.ui.filters,
# spark.acls.enable).
# Deploy mode is client: the driver (and the parameter server) runs here, so --conf files and
# --out may be local paths, but the training data must be readable by every executor (HDFS/S3,
# or a local path only on a single-machine cluster).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN="${DESCENT_CLUSTER_DIR:-$ROOT/target/local-cluster}"
die() { echo "submit-standalone: $*" >&2; exit 2; }

# The master URL: --master among the descent arguments (removed; spark-submit sets spark.master,
# which the CLI honours), else DESCENT_MASTER, else the local cluster's.
master="${DESCENT_MASTER:-}"
args=()
while (($#)); do
  case "$1" in
    --master) (($# >= 2)) || die "--master needs a value"; master="$2"; shift 2 ;;
    --master=*) master="${1#--master=}"; shift ;;
    *) args+=("$1"); shift ;;
  esac
done
if [[ -z "$master" && -f "$RUN/master-url" ]]; then
  master="$(cat "$RUN/master-url")"
fi
[[ "$master" == spark://* ]] || die "give --master spark://HOST:PORT (or start deploy/local-cluster.sh)"
((${#args[@]})) || die "no descent command given (e.g. train --conf conf/digits.properties)"

# The cluster jar (Descent's classes only; Spark, Hadoop and netlib come from the cluster).
JAR="${DESCENT_JAR:-}"
if [[ -z "$JAR" ]]; then
  JAR="$(ls -t "$ROOT"/spark-job/target/descent-*-cluster.jar 2>/dev/null | head -1 || true)"
  if [[ -z "$JAR" ]]; then
    echo "submit-standalone: building the cluster jar (mvn package, tests skipped)..." >&2
    (cd "$ROOT" && mvn -B -q -pl spark-job -am package -DskipTests -Dspotless.check.skip=true >&2) \
      || die "the build failed; run 'mvn -B verify' in $ROOT for details"
    JAR="$(ls -t "$ROOT"/spark-job/target/descent-*-cluster.jar | head -1)"
  fi
fi
[[ -f "$JAR" ]] || die "no application jar $JAR"

# The secret: explicit file, or the local cluster's when submitting to it.
if [[ -z "${DESCENT_SECRET_FILE+set}" ]]; then
  DESCENT_SECRET_FILE=""
  if [[ -f "$RUN/secret" && -f "$RUN/master-url" && "$(cat "$RUN/master-url")" == "$master" ]]; then
    DESCENT_SECRET_FILE="$RUN/secret"
  fi
fi

tmp="$(umask 077 && mktemp -d "${TMPDIR:-/tmp}/descent-submit.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
props="$tmp/spark.conf"
(
  umask 077
  cat "$ROOT/conf/spark-defaults.conf"
  if [[ -n "$DESCENT_SECRET_FILE" ]]; then
    [[ -r "$DESCENT_SECRET_FILE" ]] || die "cannot read the secret file $DESCENT_SECRET_FILE"
    echo "spark.authenticate true"
    echo "spark.authenticate.secret $(tr -d ' \r\n' <"$DESCENT_SECRET_FILE")"
  fi
) >"$props"

submit_opts=(--master "$master" --deploy-mode client --class org.descent.cli.Main --name descent
  --properties-file "$props"
  --executor-memory "${DESCENT_EXECUTOR_MEMORY:-1g}"
  --executor-cores "${DESCENT_EXECUTOR_CORES:-1}")
[[ -n "${DESCENT_TOTAL_CORES:-}" ]] && submit_opts+=(--total-executor-cores "$DESCENT_TOTAL_CORES")
host="${master#spark://}"; host="${host%%[:,]*}"
if [[ "$host" == 127.0.0.1 || "$host" == localhost ]]; then
  # A cluster on this machine: keep the driver on the loopback interface too.
  export SPARK_LOCAL_IP=127.0.0.1
  submit_opts+=(--conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1)
fi
# shellcheck disable=SC2206
[[ -n "${DESCENT_SUBMIT_OPTS:-}" ]] && submit_opts+=(${DESCENT_SUBMIT_OPTS})

if [[ -n "${SPARK_HOME:-}" ]]; then
  [[ -x "$SPARK_HOME/bin/spark-submit" ]] || die "SPARK_HOME=$SPARK_HOME has no bin/spark-submit"
  cmd=("$SPARK_HOME/bin/spark-submit" --driver-memory "${DESCENT_DRIVER_MEMORY:-1g}")
else
  # No Spark install: SparkSubmit from the project's classpath (the one local-cluster.sh uses).
  cpf="$("$ROOT/deploy/local-cluster.sh" classpath)"
  conf_dir="${DESCENT_SPARK_HOME:-$ROOT/target/spark-home}/conf"
  mkdir -p "$conf_dir"
  [[ -f "$conf_dir/log4j2.properties" ]] || cp "$ROOT/conf/log4j2.properties" "$conf_dir/"
  # shellcheck disable=SC2046
  cmd=("${JAVA:-java}" $(sed -n 's:.*<spark.jvm.args>\(.*\)</spark.jvm.args>.*:\1:p' "$ROOT/pom.xml")
    "-Xmx${DESCENT_DRIVER_MEMORY:-1g}" -Djava.util.logging.config.file="$ROOT/conf/jul.properties"
    -Dlog4j2.configurationFile="${DESCENT_LOG_CONF:-$ROOT/conf/log4j2.properties}"
    -cp "$conf_dir:$(cat "$cpf")" org.apache.spark.deploy.SparkSubmit)
fi
[[ -n "${DESCENT_SUBMIT_TIMEOUT:-}" ]] && cmd=(timeout "$DESCENT_SUBMIT_TIMEOUT" "${cmd[@]}")

export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
echo "submit-standalone: $JAR to $master$([[ -n "$DESCENT_SECRET_FILE" ]] && echo ' (spark.authenticate on)')" >&2
rc=0
"${cmd[@]}" "${submit_opts[@]}" "$JAR" "${args[@]}" || rc=$?
exit "$rc"
