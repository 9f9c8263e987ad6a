#!/usr/bin/env bash
# Issue 21's same-run comparison on one machine: Descent's default Fashion-MNIST recipe
# (bench/fashion-mnist.sh's run descent-default = conf/fashion-mnist.properties as it stands)
# against PyTorch (bench/fashion-mnist-pytorch.py: Adam lr 1e-3 at batch 128 and 512, 1 intra-op
# + 2 OpenBLAS threads), then the JMH compute ratio (forward+backward against a plain sgemm of the
# same shapes, one core). Prints every run's `result | RUN | s to 0.85 | s to 0.88 | final | rows/s`
# line, the ratio Descent s to 0.88 / PyTorch's best s to 0.88 (target ≤ 0.5) and the compute
# ratio. Both sides count time the same way: training time only (data loading and the per-epoch
# test evaluation excluded) at the end of the first epoch whose test accuracy reaches the
# threshold. Reports; asserts nothing. Run it on a quiet machine: only same-run ratios count.
#
#   bench/time-to-accuracy.sh                     (~3-5 min on 2 quiet cores, plus the builds)
#   TTA_TORCH_EPOCHS=10 TTA_JMH=0 bench/time-to-accuracy.sh
#   TTA_JMH_ARGS="-f 2 -i 10" bench/time-to-accuracy.sh     (more JMH iterations)
#   BENCH_LOCK=/tmp/bench.lock bench/time-to-accuracy.sh   (hold a lock shared with other benches)
#
# Installs Debian's python3-torch and python3-threadpoolctl with apt-get when missing (root), and
# builds bench/jmh's jar when missing (mvn package, never install). Needs dataset-fashion-mnist.
set -euo pipefail
if [[ -n "${BENCH_LOCK:-}" && "${TTA_LOCKED:-0}" != 1 ]]; then
  exec env TTA_LOCKED=1 flock "$BENCH_LOCK" "$0" "$@"
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$here/.." && pwd)"
out="${TTA_OUT:-$ROOT/target/time-to-accuracy}"
mkdir -p "$out"
# Debian's interpreter, where python3-torch installs (a python3 earlier on PATH may not see it).
py="${TTA_PYTHON:-/usr/bin/python3}"

if ! "$py" -c 'import torch, threadpoolctl' 2>/dev/null; then
  echo "bench: installing python3-torch and python3-threadpoolctl (apt-get)..." >&2
  apt-get install -y python3-torch python3-threadpoolctl >"$out/apt.log" 2>&1 \
    || { echo "bench: apt-get install failed, see $out/apt.log" >&2; exit 2; }
fi

echo "== Descent: conf/fashion-mnist.properties as it stands (descent-default)"
BENCH_RUNS=descent-default "$here/fashion-mnist.sh" | tee "$out/descent.log"

echo
echo "== PyTorch: Adam lr 1e-3, batch 128 and 512"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$py" "$here/fashion-mnist-pytorch.py" --batches 128,512 --epochs "${TTA_TORCH_EPOCHS:-20}" \
  | tee "$out/pytorch.log"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

echo
echo "== Time to 0.88 test accuracy, same run"
grep -h '^result |' "$out/descent.log" "$out/pytorch.log"
python3 - "$out/descent.log" "$out/pytorch.log" <<'PY'
import sys


def results(path):
    rows = {}
    for line in open(path):
        if line.startswith("result |"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            rows[cells[1]] = cells[2:]
    return rows


def seconds(cell):
    try:
        return float(cell)
    except ValueError:
        return None


descent = results(sys.argv[1]).get("descent-default")
torch = results(sys.argv[2])
if descent is None:
    sys.exit("no result line for descent-default")
mine = seconds(descent[1])
best = min(
    ((seconds(v[1]), k) for k, v in torch.items() if seconds(v[1]) is not None), default=None
)
if mine is None:
    print("descent-default did not reach 0.88 (final %s)" % descent[2])
elif best is None:
    print("descent-default: 0.88 after %.1f s; PyTorch did not reach 0.88 in its epochs" % mine)
else:
    print(
        "descent-default %.1f s / %s %.1f s to 0.88 = %.2f (target <= 0.5); final test accuracy %s"
        % (mine, best[1], best[0], mine / best[0], descent[2])
    )
PY

if [[ "${TTA_JMH:-1}" == 1 ]]; then
  echo
  echo "== Compute: JMH forward+backward vs sgemm, batch 256, one core"
  if [[ ! -f "$here/jmh/target/benchmarks.jar" ]]; then
    (cd "$ROOT" && mvn -B -q -o -Pbench -pl bench/jmh -am package -DskipTests \
      -Dspotless.check.skip=true) >&2
  fi
  # shellcheck disable=SC2086
  "$here/jmh-report.sh" -p batch=256 ${TTA_JMH_ARGS:-} 'ForwardBackwardBenchmark|SgemmBenchmark' \
    | tee "$out/jmh.log"
  python3 - "$out/jmh.log" <<'PY'
import re, sys

for line in open(sys.argv[1]):
    m = re.match(r"batch\s+(\d+): forward\+backward / sgemm = ([0-9.]+)x \(best: ([0-9.]+)x\)", line)
    if m:
        print(
            "compute at batch %s: %.0f %% of sgemm's rate (best iterations: %.0f %%; target >= 85 %%)"
            % (m.group(1), 100 / float(m.group(2)), 100 / float(m.group(3)))
        )
PY
fi
