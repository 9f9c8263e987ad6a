#!/usr/bin/env bash
# Submits `descent` to Kubernetes with $SPARK_HOME/bin/spark-submit (cluster deploy mode: the
# driver, and with it the parameter server, runs in a pod): the thin cluster jar with
# --class org.descent.cli.Main and --properties-file conf/spark-defaults.conf; the descent
# arguments pass through. See docs/cluster.md.
#
#   SPARK_HOME=/opt/spark DESCENT_K8S_IMAGE=registry.example.com/spark:4.2.0-java17 \
#   DESCENT_JAR=local:///opt/descent/descent-cluster.jar \
#   deploy/submit-k8s.sh train --master k8s://https://k8s.example.com:6443 \
#       --conf conf/digits.properties --set data.train=s3a://bucket/digits.csv.gz \
#       --out s3a://bucket/runs/digits
#   deploy/descent train --master k8s://https://HOST:PORT ...     (hands off to this script)
#
# Needs:
#   SPARK_HOME           a real Spark 4.2.x install (Scala 2.13) with Kubernetes support; its
#                        spark-submit talks to the API server with your kubeconfig credentials.
#   master URL           --master k8s://https://HOST:PORT (the API server: kubectl cluster-info)
#   DESCENT_K8S_IMAGE    spark.kubernetes.container.image: Spark 4.2.x, Scala 2.13, Java 17 (built
#                        with $SPARK_HOME/bin/docker-image-tool.sh, or an official apache/spark
#                        image of that version); with hadoop-aws in it for s3a://.
# Settings (environment, all optional):
#   DESCENT_K8S_NAMESPACE        spark.kubernetes.namespace (default: default)
#   DESCENT_K8S_SERVICE_ACCOUNT  spark.kubernetes.authenticate.driver.serviceAccountName (default:
#                                spark); it must be allowed to create/watch/delete pods, services
#                                and configmaps in the namespace (the driver creates the executors)
#   DESCENT_NUM_EXECUTORS        spark.executor.instances (default 2)
#   DESCENT_EXECUTOR_MEMORY / DESCENT_EXECUTOR_CORES / DESCENT_DRIVER_MEMORY (2g / 1 / 2g)
#   DESCENT_JAR                  local:///path/in/the/image.jar if the image contains it (best);
#                                a local file is uploaded to DESCENT_K8S_UPLOAD_PATH
#   DESCENT_K8S_UPLOAD_PATH      spark.kubernetes.file.upload.path (s3a://... or hdfs://...)
#   DESCENT_SUBMIT_OPTS          extra spark-submit options (word-split)
#   DESCENT_SUBMIT_TIMEOUT       seconds after which spark-submit is killed (`timeout`)
# spark.kubernetes.* settings worth knowing (DESCENT_SUBMIT_OPTS="--conf k=v"):
#   spark.kubernetes.container.image.pullPolicy, spark.kubernetes.container.image.pullSecrets
#   spark.kubernetes.executor.request.cores / .limit.cores, spark.kubernetes.driver.request.cores
#   spark.kubernetes.driverEnv.OPENBLAS_NUM_THREADS=1   set here (executors get it from
#                                spark.executorEnv in conf/spark-defaults.conf)
#   spark.kubernetes.hadoop.configMapName   a ConfigMap with core-site.xml/hdfs-site.xml for HDFS
#   spark.kubernetes.driver.secrets.NAME=/mnt/path, spark.kubernetes.executor.secrets.NAME=...
#   spark.kubernetes.submission.waitAppCompletion=false   return once the driver pod is created
#   spark.kubernetes.driver.podTemplateFile / executor.podTemplateFile   node selectors etc.
# Authentication: spark.authenticate=true is set. On Kubernetes the driver generates a secret per
# application and hands it to the executor pods in their environment (anyone who may read pod
# specs in the namespace can read it). To use a managed secret instead: a Kubernetes Secret mounted
# into both (spark.kubernetes.{driver,executor}.secrets.NAME=/mnt/descent) plus
# spark.authenticate.secret.driver.file and spark.authenticate.secret.executor.file pointing into
# the mount (secret files are accepted in Kubernetes mode only).
# Encryption (off by default; docs/security.md): spark.authenticate only proves who connects.
#   --conf spark.network.crypto.enabled=true  AES-encrypts RPC and block transfers (gradients,
#                                             broadcast weights, cached data) between driver and
#                                             executors; needs spark.authenticate
#   --conf spark.io.encryption.enabled=true   encrypts what Spark writes to executors' local disks
#                                             (shuffle and spill files, disk-cached blocks)
# Pass them with DESCENT_SUBMIT_OPTS; the Web UI is not authenticated by either (spark.ui.filters,
# spark.acls.enable).
# Paths: the pods see none of this machine's files. data.train, --out, --model and --data must be
# HDFS or S3 URIs; a --conf FILE is read here and its key=value lines are passed as --set pairs
# (simple properties files: no line continuations).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
die() { echo "submit-k8s: $*" >&2; exit 2; }

[[ -n "${SPARK_HOME:-}" && -x "${SPARK_HOME:-}/bin/spark-submit" ]] \
  || die "set SPARK_HOME to a Spark 4.2 (Scala 2.13) install with Kubernetes support"
[[ -n "${DESCENT_K8S_IMAGE:-}" ]] || die "set DESCENT_K8S_IMAGE to a Spark 4.2 / Java 17 container image"

SUBMIT_NAME=submit-k8s
# shellcheck source=deploy/submit-common.sh
source "$ROOT/deploy/submit-common.sh"
master="${DESCENT_MASTER:-}"

args=()
while (($#)); do
  case "$1" in
    --master) (($# >= 2)) || die "--master needs a value"; master="$2"; shift 2 ;;
    --master=*) master="${1#--master=}"; shift ;;
    --conf|--conf=*)
      if [[ "$1" == --conf ]]; then (($# >= 2)) || die "--conf needs a value"; f="$2"; shift 2; else f="${1#--conf=}"; shift; fi
      add_conf_as_sets "$f" ;;
    *) args+=("$1"); shift ;;
  esac
done
[[ "$master" == k8s://* ]] || die "give --master k8s://https://HOST:PORT"
((${#args[@]})) || die "no descent command given (e.g. train --conf conf/digits.properties)"
warn_local_paths "in a pod"

JAR="${DESCENT_JAR:-$(ls -t "$ROOT"/spark-job/target/descent-*-cluster.jar 2>/dev/null | head -1 || true)}"
if [[ -z "$JAR" ]]; then
  echo "submit-k8s: building the cluster jar (mvn package, tests skipped)..." >&2
  (cd "$ROOT" && mvn -B -q -pl spark-job -am package -DskipTests -Dspotless.check.skip=true >&2) \
    || die "the build failed; run 'mvn -B verify' in $ROOT for details"
  JAR="$(ls -t "$ROOT"/spark-job/target/descent-*-cluster.jar | head -1)"
fi

cmd=("$SPARK_HOME/bin/spark-submit" --master "$master" --deploy-mode cluster
  --class org.descent.cli.Main --name descent
  --properties-file "$ROOT/conf/spark-defaults.conf"
  --driver-memory "${DESCENT_DRIVER_MEMORY:-2g}"
  --executor-memory "${DESCENT_EXECUTOR_MEMORY:-2g}"
  --conf "spark.executor.cores=${DESCENT_EXECUTOR_CORES:-1}"
  --conf "spark.executor.instances=${DESCENT_NUM_EXECUTORS:-2}"
  --conf "spark.kubernetes.container.image=$DESCENT_K8S_IMAGE"
  --conf "spark.kubernetes.namespace=${DESCENT_K8S_NAMESPACE:-default}"
  --conf "spark.kubernetes.authenticate.driver.serviceAccountName=${DESCENT_K8S_SERVICE_ACCOUNT:-spark}"
  --conf spark.kubernetes.driverEnv.OPENBLAS_NUM_THREADS=1
  --conf spark.authenticate=true)
if [[ "$JAR" != *://* ]]; then
  [[ -f "$JAR" ]] || die "no application jar $JAR"
  [[ -n "${DESCENT_K8S_UPLOAD_PATH:-}" ]] \
    || die "$JAR is a local file: set DESCENT_K8S_UPLOAD_PATH (s3a://... or hdfs://...) to upload it, or DESCENT_JAR=local:///path/in/image.jar"
  cmd+=(--conf "spark.kubernetes.file.upload.path=$DESCENT_K8S_UPLOAD_PATH")
fi
# shellcheck disable=SC2206
[[ -n "${DESCENT_SUBMIT_OPTS:-}" ]] && cmd+=(${DESCENT_SUBMIT_OPTS})
[[ -n "${DESCENT_SUBMIT_TIMEOUT:-}" ]] && cmd=(timeout "$DESCENT_SUBMIT_TIMEOUT" "${cmd[@]}")
echo "submit-k8s: $JAR to $master (namespace ${DESCENT_K8S_NAMESPACE:-default}, image $DESCENT_K8S_IMAGE)" >&2
exec "${cmd[@]}" "$JAR" "${args[@]}"
