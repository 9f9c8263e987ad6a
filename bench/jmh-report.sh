#!/usr/bin/env bash
# Runs the JMH benchmarks of bench/jmh (nn-core forward+backward vs. plain sgemm on the same
# shapes; the parameter server's apply per optimiser) single-threaded, as a Spark task and the
# driver run them, and prints µs/op, GFLOP/s and the ratio
# forward+backward / sgemm per batch. FLOPs per step = 6 × weights × batch (biases excluded).
#
# Build first:  mvn -B -o -q -Pbench -pl bench/jmh -am package -DskipTests
# Usage:        bench/jmh-report.sh [JMH args...]   e.g. -f 2 -i 10, or a benchmark regex
# Defaults -f 1 -wi 3 -i 5 -w 1s -r 1s apply unless the same option is passed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here/jmh"
jar=target/benchmarks.jar
if [[ ! -f $jar ]]; then
  echo "missing bench/jmh/$jar; build it with: mvn -B -o -q -Pbench -pl bench/jmh -am package -DskipTests" >&2
  exit 1
fi

export OPENBLAS_NUM_THREADS=1
# The OpenBLAS core type as deploy/descent chooses it: benchmark what users get.
source "$here/../deploy/java-env.sh"
echo "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-<autodetect>}"
vm_args="--add-modules=jdk.incubator.vector"

defaults=()
for pair in "-f 1" "-wi 3" "-i 5" "-w 1s" "-r 1s"; do
  opt=${pair%% *}
  given=false
  for a in "$@"; do [[ $a == "$opt" ]] && given=true; done
  $given || defaults+=($pair)
done

info="$(java $vm_args -cp "$jar" org.descent.bench.BlasInfo 2>/dev/null)"
echo "$info"
weights="$(sed -n 's/^weights (excluding biases): //p' <<<"$info")"

java -jar "$jar" "${defaults[@]}" -jvmArgs "$vm_args" -rf json -rff target/jmh.json "$@"

python3 - "$weights" target/jmh.json <<'PY'
import json, sys

weights = int(sys.argv[1])
to_us = {"s/op": 1e6, "ms/op": 1e3, "us/op": 1.0, "ns/op": 1e-3}
rows = []
other = []
for r in json.load(open(sys.argv[2])):
    m = r["primaryMetric"]
    unit = m["scoreUnit"]
    if unit not in to_us:
        sys.exit(f"{r['benchmark']}: unit {unit} is not a time per op; run in avgt mode")
    f = to_us[unit]
    name = ".".join(r["benchmark"].split(".")[-2:])
    err = float(m["scoreError"]) * f  # "NaN" (a string) with a single iteration
    best = min(v for fork in m["rawData"] for v in fork) * f
    if "batch" not in r.get("params", {}):
        # not a training step (ParameterServerApplyBenchmark): time only
        label = name + "".join(f" {k}={v}" for k, v in r.get("params", {}).items())
        other.append((label, m["score"] * f, err, best))
        continue
    rows.append((name, int(r["params"]["batch"]), m["score"] * f, err, best))


def gflops(batch, us):
    return 6.0 * weights * batch / (us * 1e-6) / 1e9


print()
print(f"FLOPs/step = 6 x {weights:,} weights x batch; OPENBLAS_NUM_THREADS=1")
print("(best = fastest measurement iteration, less sensitive to other load on the machine)")
print(f"{'benchmark':<41}{'batch':>6}{'us/op':>10}{'+-':>9}{'GFLOP/s':>9}{'best us':>10}{'GFLOP/s':>9}")
for name, batch, us, err, best in sorted(rows, key=lambda t: (t[1], t[0])):
    print(
        f"{name:<41}{batch:>6}{us:>10.1f}{err:>9.1f}{gflops(batch, us):>9.2f}"
        f"{best:>10.1f}{gflops(batch, best):>9.2f}"
    )
for label, us, err, best in other:
    print(f"{label:<47}{us:>10.1f}{err:>9.1f}{'':>9}{best:>10.1f}")
fb = {b: (us, best) for n, b, us, _, best in rows if n.startswith("ForwardBackwardBenchmark.")}
sg = {b: (us, best) for n, b, us, _, best in rows if n.startswith("SgemmBenchmark.")}
for b in sorted(fb.keys() & sg.keys()):
    print(
        f"batch {b:>4}: forward+backward / sgemm = {fb[b][0] / sg[b][0]:.2f}x"
        f" (best: {fb[b][1] / sg[b][1]:.2f}x)"
    )
PY
