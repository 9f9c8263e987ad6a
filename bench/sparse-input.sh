#!/usr/bin/env bash
# Sparse input vs densifying (docs/sparse.md): one training step of [100000, 128, 10] ReLU at
# batch 512 on rows with 0.1% non-zeros, through nn-core's sparse first layer and through sgemm on
# the same rows densified, timed alternately in one JVM (medians); then one LocalTrainer epoch on
# sparse vs dense blocks (includes the dense optimizer update). Single-threaded BLAS, as a task.
#
# Build first:  mvn -B -o -q -Pbench -pl bench/jmh -am package -DskipTests
# Usage:        bench/sparse-input.sh [reps]          (JMH: bench/jmh-report.sh SparseInputBenchmark)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$here/jmh/target/benchmarks.jar"
if [[ ! -f $jar ]]; then
  echo "missing $jar; build it with: mvn -B -o -q -Pbench -pl bench/jmh -am package -DskipTests" >&2
  exit 1
fi
export OPENBLAS_NUM_THREADS=1
# The OpenBLAS core type as deploy/descent chooses it (docs/performance.md).
source "$here/../deploy/java-env.sh"
reps="${1:-30}"
vm=(--add-modules=jdk.incubator.vector -Xmx5g -cp "$jar")
quiet() { grep -v -e '^WARNING: Using incubator' -e 'InstanceBuilder' -e 'Blas load' -e '^INFO:' || true; }

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
java "${vm[@]}" org.descent.bench.SparseInputComparison "$reps" 100000 0.001 512 2>&1 | quiet
for density in 0.01 0.03; do
  java "${vm[@]}" org.descent.bench.SparseInputComparison 10 100000 "$density" 512 2>&1 | quiet
done
java "${vm[@]}" org.descent.bench.SparseTrainerComparison 3 2048 2>&1 | quiet
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
