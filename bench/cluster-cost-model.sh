#!/usr/bin/env bash
# Measures the resident cluster step (train.stepTransport=auto on deploy/local-cluster.sh) for 1, 2
# and 4 workers (1 core each, one partition per worker) and three model sizes on Fashion-MNIST at
# global batch 512, and prints each run's mean step and its parts over steps 51-100 of the first
# epoch (after the JIT's warm-up), one line per run, for docs/performance.md's cost model
# ("Clusters: the resident step"). Reports; asserts nothing.
#
#   bench/cluster-cost-model.sh                 workers 1 2 4, sizes 1e5 1e6 1e7 (~10 min quiet)
#   BENCH_WORKERS="1 2" BENCH_SIZES="1e5" bench/cluster-cost-model.sh
#
# Sizes: 1e5 = [784,128,10] (101,770 parameters), 1e6 = [784,1024,128,10] (936,330),
#        1e7 = [784,2048,4096,10] (10,037,258).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${BENCH_OUT:-$ROOT/target/bench-cost-model}"
export DESCENT_CLUSTER_DIR="$out/cluster"
export DESCENT_MASTER_PORT="${BENCH_MASTER_PORT:-27277}"
export DESCENT_MASTER_UI_PORT="${BENCH_MASTER_UI_PORT:-28280}"
export DESCENT_WORKER_CORES=1
export DESCENT_WORKER_MEMORY="${BENCH_WORKER_MEMORY:-2g}"
export DESCENT_EXECUTOR_MEMORY="${BENCH_EXECUTOR_MEMORY:-2g}"
export DESCENT_DRIVER_MEMORY="${BENCH_DRIVER_MEMORY:-3g}"
master="spark://127.0.0.1:$DESCENT_MASTER_PORT"
mkdir -p "$out"
declare -A layers=([1e5]=784,128,10 [1e6]=784,1024,128,10 [1e7]=784,2048,4096,10)

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs);" \
  "load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$ROOT/deploy/descent" summary --conf "$ROOT/conf/fashion-mnist.properties" >/dev/null

cleanup() { "$ROOT/deploy/local-cluster.sh" stop >/dev/null 2>&1 || true; }
trap cleanup EXIT

printf '%-8s %-5s %9s | %8s %9s %8s %9s %7s\n' workers size params "step ms" broadcast compute \
  aggregate update
for w in ${BENCH_WORKERS:-1 2 4}; do
  cleanup
  "$ROOT/deploy/local-cluster.sh" start "$w" >"$out/start-$w.log" 2>&1 \
    || { cat "$out/start-$w.log"; exit 1; }
  for size in ${BENCH_SIZES:-1e5 1e6 1e7}; do
    log="$out/w$w-$size.log"
    DESCENT_SUBMIT_TIMEOUT=1200 "$ROOT/deploy/submit-standalone.sh" train --master "$master" \
      --conf "$ROOT/conf/fashion-mnist.properties" --set "model.layers=${layers[$size]}" \
      --set train.epochs=1 --set "train.partitions=$w" --set train.logEvery=50 \
      --out "$out/run-w$w-$size" >"$log" 2>&1 \
      || { tail -20 "$log"; exit 1; }
    grep -q "steps run in resident tasks" "$log" || echo "warning: $log: not the resident path" >&2
    python3 - "$log" "$w" "$size" <<'EOF'
import re, sys
text = open(sys.argv[1], errors="replace").read()
params = re.search(r"(\d[\d,]*) parameters", text)
lines = re.findall(r"step 100 \(epoch 1\).*?step ([0-9.]+) ms = broadcast ([0-9.]+) \+ scheduling "
                   r"[0-9.]+ \+ compute ([0-9.]+) \+ aggregate ([0-9.]+) \+ update ([0-9.]+)", text)
if not lines:
    print("%-8s %-5s  no step-100 line in %s" % (sys.argv[2], sys.argv[3], sys.argv[1]))
    sys.exit(0)
s, b, c, a, u = lines[-1]
print("%-8s %-5s %9s | %8s %9s %8s %9s %7s" % (sys.argv[2], sys.argv[3],
      params.group(1) if params else "?", s, b, c, a, u))
EOF
  done
done
echo "(means over steps 51-100 of epoch 1, from the driver's progress line; logs in $out)"
