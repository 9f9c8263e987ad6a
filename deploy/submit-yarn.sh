#!/usr/bin/env bash
# Submits `descent` to Hadoop YARN with $SPARK_HOME/bin/spark-submit: the thin cluster jar
# (spark-job/target/descent-VERSION-cluster.jar) with --class org.descent.cli.Main and
# --properties-file conf/spark-defaults.conf; the descent arguments pass through. See
# docs/cluster.md. Tested: YarnClusterIT (-Pcluster-it, in .ci/run) runs this script, in client and
# in cluster mode, against Hadoop's MiniYARNCluster and MiniDFSCluster, with a SPARK_HOME built from
# Spark's Maven jars (docs/cluster.md, "The test: YarnClusterIT").
#
#   HADOOP_CONF_DIR=/etc/hadoop/conf SPARK_HOME=/opt/spark deploy/submit-yarn.sh train \
#       --conf conf/digits.properties --set data.train=hdfs:///data/digits.csv.gz \
#       --out hdfs:///user/$USER/runs/digits
#   deploy/descent train --master yarn ...        (hands off to this script)
#
# Needs:
#   SPARK_HOME        a real Spark 4.2.x install built for Scala 2.13 with YARN support (Java 17+
#                     on the cluster nodes). The project classpath has no YARN client.
#   HADOOP_CONF_DIR   (or YARN_CONF_DIR) the cluster's core-site.xml, hdfs-site.xml, yarn-site.xml.
#
# Settings (environment, all optional):
#   DESCENT_DEPLOY_MODE      cluster (default): the driver, and with it the parameter server, runs
#                            in the YARN ApplicationMaster; client: the driver runs here.
#   DESCENT_YARN_QUEUE       --queue (default: default)
#   DESCENT_NUM_EXECUTORS    --num-executors (default 2)
#   DESCENT_EXECUTOR_MEMORY  --executor-memory (default 2g); DESCENT_EXECUTOR_CORES (default 1)
#   DESCENT_DRIVER_MEMORY    --driver-memory (default 2g)
#   DESCENT_JAR              the application jar (default: the cluster jar, built on first use)
#   DESCENT_SUBMIT_OPTS      extra spark-submit options (word-split), e.g. the spark.yarn.* below
#   DESCENT_SUBMIT_TIMEOUT   seconds after which spark-submit is killed (`timeout`)
# spark.yarn.* and related settings worth knowing (pass with DESCENT_SUBMIT_OPTS="--conf k=v"):
#   spark.yarn.maxAppAttempts=1      set here: a failed training is not rerun from scratch silently
#   spark.yarn.appMasterEnv.OPENBLAS_NUM_THREADS=1   set here (the driver's env in cluster mode;
#                                    in client mode the driver runs here, and this script exports
#                                    OPENBLAS_NUM_THREADS=1 unless it is set)
#   spark.yarn.archive / spark.yarn.jars   Spark's jars pre-staged on HDFS; saves uploading
#                                    $SPARK_HOME/jars (~300 MB) on every submission
#   spark.yarn.submit.waitAppCompletion=false   return once YARN accepted the application
#   spark.yarn.tags, spark.yarn.priority, spark.yarn.am.memory (client mode's AM)
#   spark.executor.memoryOverhead    off-heap room for netty, Kryo buffers and OpenBLAS
#   spark.kerberos.principal / spark.kerberos.keytab   on a Kerberos-secured cluster
# Authentication: spark.authenticate=true is set. On YARN, Spark generates a new secret for each
# application and ships it to the executors in the YARN credentials: there is no secret to create
# or store. If executors use YARN's external shuffle service (spark.shuffle.service.enabled), the
# NodeManagers' shuffle service must run with spark.authenticate=true too.
# Encryption (off by default; docs/security.md): spark.authenticate only proves who connects.
#   --conf spark.network.crypto.enabled=true  AES-encrypts RPC and block transfers (gradients,
#                                             broadcast weights, cached data) between driver and
#                                             executors; needs spark.authenticate
#   --conf spark.io.encryption.enabled=true   encrypts what Spark writes to executors' local disks
#                                             (shuffle and spill files, disk-cached blocks)
# Pass them with DESCENT_SUBMIT_OPTS; the Web UI is not authenticated by either (spark.ui.filters,
# spark.acls.enable).
# Paths: in cluster mode the driver runs on a cluster node: data.train, --out, --model and --data
# must be HDFS (hdfs:///...) or S3 (s3a://...) URIs. A --conf FILE is read here and its
# key=value lines are passed as --set pairs (simple properties files: no line continuations).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
die() { echo "submit-yarn: $*" >&2; exit 2; }

[[ -n "${SPARK_HOME:-}" && -x "${SPARK_HOME:-}/bin/spark-submit" ]] \
  || die "set SPARK_HOME to a Spark 4.2 (Scala 2.13) install with YARN support"
[[ -n "${HADOOP_CONF_DIR:-}${YARN_CONF_DIR:-}" ]] \
  || die "set HADOOP_CONF_DIR (or YARN_CONF_DIR) to the cluster's Hadoop configuration"
MODE="${DESCENT_DEPLOY_MODE:-cluster}"

SUBMIT_NAME=submit-yarn
# shellcheck source=deploy/submit-common.sh
source "$ROOT/deploy/submit-common.sh"

args=()
while (($#)); do
  case "$1" in
    --master) (($# >= 2)) || die "--master needs a value"; [[ "$2" == yarn* ]] || die "--master $2 is not yarn"; shift 2 ;;
    --master=*) [[ "${1#--master=}" == yarn* ]] || die "$1 is not yarn"; shift ;;
    --conf|--conf=*)
      if [[ "$1" == --conf ]]; then (($# >= 2)) || die "--conf needs a value"; f="$2"; shift 2; else f="${1#--conf=}"; shift; fi
      if [[ "$MODE" == cluster && "$f" != *://* ]]; then
        add_conf_as_sets "$f"
      else
        args+=(--conf "$f")
      fi ;;
    *) args+=("$1"); shift ;;
  esac
done
((${#args[@]})) || die "no descent command given (e.g. train --conf conf/digits.properties)"
[[ "$MODE" == cluster ]] && warn_local_paths "on a cluster node"

JAR="${DESCENT_JAR:-$(ls -t "$ROOT"/spark-job/target/descent-*-cluster.jar 2>/dev/null | head -1 || true)}"
if [[ -z "$JAR" ]]; then
  echo "submit-yarn: building the cluster jar (mvn package, tests skipped)..." >&2
  (cd "$ROOT" && mvn -B -q -pl spark-job -am package -DskipTests -Dspotless.check.skip=true >&2) \
    || die "the build failed; run 'mvn -B verify' in $ROOT for details"
  JAR="$(ls -t "$ROOT"/spark-job/target/descent-*-cluster.jar | head -1)"
fi

cmd=("$SPARK_HOME/bin/spark-submit" --master yarn --deploy-mode "$MODE"
  --class org.descent.cli.Main --name descent
  --properties-file "$ROOT/conf/spark-defaults.conf"
  --queue "${DESCENT_YARN_QUEUE:-default}"
  --num-executors "${DESCENT_NUM_EXECUTORS:-2}"
  --executor-memory "${DESCENT_EXECUTOR_MEMORY:-2g}"
  --executor-cores "${DESCENT_EXECUTOR_CORES:-1}"
  --driver-memory "${DESCENT_DRIVER_MEMORY:-2g}"
  --conf spark.authenticate=true
  --conf spark.yarn.maxAppAttempts=1
  --conf spark.yarn.appMasterEnv.OPENBLAS_NUM_THREADS=1)
# shellcheck disable=SC2206
[[ -n "${DESCENT_SUBMIT_OPTS:-}" ]] && cmd+=(${DESCENT_SUBMIT_OPTS})
[[ -n "${DESCENT_SUBMIT_TIMEOUT:-}" ]] && cmd=(timeout "$DESCENT_SUBMIT_TIMEOUT" "${cmd[@]}")
echo "submit-yarn: $JAR to YARN (deploy mode $MODE, queue ${DESCENT_YARN_QUEUE:-default})" >&2
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
exec "${cmd[@]}" "$JAR" "${args[@]}"
