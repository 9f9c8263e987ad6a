#!/usr/bin/env bash
# Shared by the bench/ scripts that run a main of bench/spark (source it): builds the reactor's
# jars (mvn package, never install; BENCH_NO_BUILD=1 skips it), writes the runtime classpath once,
# sets the OpenBLAS environment as deploy/descent does, prints the machine and its load, and
# defines bench_java MAIN_CLASS ARGS... (Spark's JVM module flags; extra flags in BENCH_JAVA_OPTS).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION=0.1.0-SNAPSHOT
CP_FILE="$ROOT/spark-job/target/bench.classpath"
if [[ "${BENCH_NO_BUILD:-0}" != 1 || ! -f "$CP_FILE" ]]; then
  echo "bench: building the jars (mvn package, tests skipped)..." >&2
  (cd "$ROOT" && mvn -B -q -o -pl bench/spark -am package -DskipTests -Dspotless.check.skip=true \
      && mvn -B -q -o -pl spark-job dependency:build-classpath -DincludeScope=runtime \
          -DexcludeGroupIds=org.descent -Dmdep.outputFile="$CP_FILE") >&2
fi
BENCH_CP="$ROOT/bench/spark/target/descent-bench-spark-$VERSION.jar:$ROOT/spark-job/target/spark-job-$VERSION.jar:$ROOT/parameter-server/target/parameter-server-$VERSION.jar:$ROOT/nn-core/target/nn-core-$VERSION.jar:$(cat "$CP_FILE")"

export OPENBLAS_NUM_THREADS=1
# SPARK_JVM_FLAGS and the OpenBLAS core type, as deploy/descent uses them.
source "$ROOT/deploy/java-env.sh"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
  "$(free -g | awk '/Mem:/ {print $2}') GiB; $(java -version 2>&1 | head -1);" \
  "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-<autodetect>}; load average $(cut -d' ' -f1-3 /proc/loadavg)"

bench_java() {
  # shellcheck disable=SC2086
  java "${SPARK_JVM_FLAGS[@]}" -Xmx${BENCH_HEAP:-6g} \
    -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" \
    -Djava.util.logging.config.file="$ROOT/conf/jul.properties" \
    ${BENCH_JAVA_OPTS:-} -cp "$BENCH_CP" "$@"
}
