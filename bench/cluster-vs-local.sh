#!/usr/bin/env bash
# The same training job on local[WORKERS] and on a loopback standalone cluster (deploy/local-cluster.sh,
# WORKERS workers x 1 core, spark.authenticate on), one after the other in one run: training
# seconds, the mean step and its parts, test loss and accuracy of each, and the cluster/local ratio.
# Reports; asserts nothing. docs/performance.md ("Clusters") has the figures.
#
#   bench/cluster-vs-local.sh                        conf/fashion-mnist.properties, 2 workers
#   bench/cluster-vs-local.sh conf/digits.properties --set train.epochs=5
#   BENCH_WORKERS=4 bench/cluster-vs-local.sh CONF --set train.partitions=4   (against local[4])
#   BENCH_WORKERS=1 bench/cluster-vs-local.sh CONF --set train.partitions=1   (against local[1]:
#                                        the driver and the one executor each have a vCPU here)
#   BENCH_TRANSPORTS="auto jobs" bench/cluster-vs-local.sh   (also the cluster with a job per step)
#
# Needs Fashion-MNIST for the default conf: apt-get install -y dataset-fashion-mnist.
# The cluster uses its own run directory and ports (BENCH_MASTER_PORT, default 27177), and is
# stopped at the end whatever happens.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
conf="${1:-$ROOT/conf/fashion-mnist.properties}"
shift || true
extra=("$@")
workers="${BENCH_WORKERS:-2}"
# The local run gets as many cores as the cluster has workers (each worker has one).
local_master="local[$workers]"
transports="${BENCH_TRANSPORTS:-auto}"
out="${BENCH_OUT:-$ROOT/target/bench-cluster}"
export DESCENT_CLUSTER_DIR="$out/cluster"
export DESCENT_MASTER_PORT="${BENCH_MASTER_PORT:-27177}"
export DESCENT_MASTER_UI_PORT="${BENCH_MASTER_UI_PORT:-28180}"
export DESCENT_WORKER_CORES=1
export DESCENT_WORKER_MEMORY="${BENCH_WORKER_MEMORY:-2g}"
export DESCENT_EXECUTOR_MEMORY="${BENCH_EXECUTOR_MEMORY:-2g}"
export DESCENT_DRIVER_MEMORY="${BENCH_DRIVER_MEMORY:-2g}"
master="spark://127.0.0.1:$DESCENT_MASTER_PORT"
mkdir -p "$out"
rm -rf "$out"/run-*

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs);" \
  "load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "job: $conf ${extra[*]:-}; cluster: $workers worker(s) x 1 core"

# Builds the jars once (deploy/descent builds on first use; the cluster jar comes with it).
"$ROOT/deploy/descent" summary --conf "$conf" "${extra[@]}" >/dev/null

# Prints: seconds steps test_loss test_acc mean_step broadcast scheduling compute aggregate update
summarise() {
  local log="$1"
  python3 - "$log" <<'EOF'
import re, sys
text = open(sys.argv[1], errors="replace").read()
m = re.search(r"trained (\d+) epochs \((\d+) steps\) in ([0-9.]+) s", text)
t = re.search(r"test: loss ([0-9.]+), accuracy ([0-9.]+)", text)
parts = re.findall(r"step ([0-9.]+) ms = broadcast ([0-9.]+) \+ scheduling ([0-9.]+) \+ compute "
                   r"([0-9.]+) \+ aggregate ([0-9.]+) \+ update ([0-9.]+)", text)
if not m:
    print("FAILED - - - - - - - - - -")
    sys.exit(0)
# Means over the progress lines after the first (the first holds the JIT's warm-up).
rows = [list(map(float, p)) for p in parts[1:]] or [list(map(float, p)) for p in parts]
mean = [sum(c) / len(rows) for c in zip(*rows)] if rows else [float("nan")] * 6
print(m.group(3), m.group(2), t.group(1) if t else "-", t.group(2) if t else "-",
      " ".join("%.2f" % x for x in mean))
EOF
}

cleanup() { "$ROOT/deploy/local-cluster.sh" stop >/dev/null 2>&1 || true; }
trap cleanup EXIT

declare -A result
echo "run: $local_master"
"$ROOT/deploy/descent" train --master "$local_master" --conf "$conf" "${extra[@]}" \
  --out "$out/run-local" >"$out/local.log" 2>&1 || { tail -20 "$out/local.log"; exit 1; }
result[local]="$(summarise "$out/local.log")"

"$ROOT/deploy/local-cluster.sh" start "$workers" >"$out/cluster-start.log" 2>&1 \
  || { cat "$out/cluster-start.log"; exit 1; }
for t in $transports; do
  echo "run: $master (train.stepTransport=$t)"
  DESCENT_SUBMIT_TIMEOUT=3000 "$ROOT/deploy/submit-standalone.sh" train --master "$master" \
    --conf "$conf" "${extra[@]}" --set "train.stepTransport=$t" --out "$out/run-cluster-$t" \
    >"$out/cluster-$t.log" 2>&1 || { tail -20 "$out/cluster-$t.log"; exit 1; }
  result[cluster-$t]="$(summarise "$out/cluster-$t.log")"
  grep -h "steps run" "$out/cluster-$t.log" | sed 's/^.*DistributedTrainer: /  /' || true
done

printf '\n%-18s %9s %6s %9s %8s | %8s %9s %10s %8s %9s %7s\n' run "train s" steps "test loss" \
  "test acc" "step ms" broadcast scheduling compute aggregate update
for k in local $(for t in $transports; do echo "cluster-$t"; done); do
  read -r s n l a st b sc c ag u <<<"${result[$k]}"
  printf '%-18s %9s %6s %9s %8s | %8s %9s %10s %8s %9s %7s\n' "$k" "$s" "$n" "$l" "$a" "$st" "$b" \
    "$sc" "$c" "$ag" "$u"
done
read -r local_s _ <<<"${result[local]}"
for t in $transports; do
  read -r cs _ <<<"${result[cluster-$t]}"
  python3 -c "print('cluster ($t) / $local_master training time: %.2fx' % ($cs / $local_s))"
done
echo "(step parts: means over the progress lines after the first; logs in $out)"
