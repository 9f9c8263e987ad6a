#!/usr/bin/env bash
# Descent's step time split into broadcast, scheduling, compute, aggregate and update for models of
# ~1e3, 1e5, 1e6 and 1e7 parameters on 2, 8 and 32 partitions, beside Spark's own empty-job latency
# (parallelize(1..P, P).foreach(noop), median) measured in the same JVM. Prints a Markdown table.
# Reports; asserts nothing. See docs/performance.md.
#   bench/step-overhead.sh                         (local[2], all cells; ~5-10 min on 2 cores)
#   bench/step-overhead.sh params=1e5 partitions=2 steps=100
#   BENCH_QUICK=1 bench/step-overhead.sh           (fewer steps and cells)
# Arguments (key=value): master, params, partitions, steps, emptyJobs, depth
# (org.descent.bench.StepOverheadBench). Spark settings: BENCH_JAVA_OPTS=-Dspark.key=value.
source "$(dirname "${BASH_SOURCE[0]}")/bench-java.sh"
quick=()
if [[ "${BENCH_QUICK:-0}" == 1 ]]; then
  quick=(steps=20 emptyJobs=50 params=1e3,1e5,1e6)
fi
bench_java org.descent.bench.StepOverheadBench "${quick[@]}" "$@"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
