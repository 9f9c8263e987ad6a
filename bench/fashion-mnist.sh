#!/usr/bin/env bash
# Fashion-MNIST on local[2], Descent beside Spark MLlib's MultilayerPerceptronClassifier, in one JVM
# on the same data (org.descent.bench.FashionMnistBench). For each run: seconds of training to 0.85
# and to 0.88 test accuracy, final test accuracy, rows/s, a line `result | RUN | s to 0.85 | s to 0.88
# | final | rows/s`; the ratios last. Reports; asserts nothing. Time to an accuracy = training time
# (evaluation and data loading excluded) at the end of the first epoch whose test accuracy reaches it,
# as bench/fashion-mnist-pytorch.py counts it; bench/time-to-accuracy.sh runs both in one run.
#   descent-default: conf/fashion-mnist.properties exactly as it stands (no overrides).
#   descent-b2048, descent-b8192: the same conf at batch 2048 (Adam) and 8192 (LAMB) with one cosine
#     over the run (the conf's restart cycles are counted in steps of batch 512), see below.
#   MLlib [784,128,10] and [784,256,128,10], l-bfgs, blockSize 128, native BLAS: one fit per maxIter
#     checkpoint (25, 50, 100, 200); time to an accuracy = fit time of the first checkpoint there.
# Needs the data: apt-get install -y dataset-fashion-mnist  (/usr/share/datasets/fashion-mnist)
#   bench/fashion-mnist.sh                  (~15-20 min on 2 quiet cores)
#   BENCH_QUICK=1 bench/fashion-mnist.sh    (3 Descent epochs, MLlib maxIter 10 and 25: ~3 min;
#                                            descent-default's 3 epochs are its first cycle)
#   BENCH_RUNS=descent-default bench/fashion-mnist.sh
#   BENCH_RUNS=descent-default,descent-e10 bench/fashion-mnist.sh e10.train.epochs=10
source "$(dirname "${BASH_SOURCE[0]}")/bench-java.sh"
data=/usr/share/datasets/fashion-mnist
if [[ ! -f $data/train-images-idx3-ubyte.gz ]]; then
  echo "bench: Fashion-MNIST is not in $data; install it: apt-get install -y dataset-fashion-mnist" >&2
  exit 2
fi
runs="${BENCH_RUNS:-descent-default,descent-b2048,descent-b8192,mllib-784,128,10,mllib-784,256,128,10}"
args=(conf="$ROOT/conf/fashion-mnist.properties" runs="$runs"
  # batch 2048: 30 steps an epoch; Adam with the lr scaled by √4 and a one-epoch linear warm-up.
  b2048.train.batchSize=2048 b2048.optimizer.lr=0.004 b2048.schedule.warmupSteps=30
  b2048.schedule.cycleSteps=0 b2048.train.epochs=20
  # batch 8192: 8 steps an epoch; LAMB (per-layer trust ratio) with a two-epoch warm-up, 40 epochs.
  b8192.train.batchSize=8192 b8192.train.epochs=40 b8192.optimizer.name=lamb
  b8192.optimizer.lr=0.01 b8192.schedule.warmupSteps=16 b8192.schedule.cycleSteps=0)
if [[ "${BENCH_QUICK:-0}" == 1 ]]; then
  args+=(mllibIters=10,25 default.train.epochs=3 b2048.train.epochs=3 b8192.train.epochs=3
    b2048.schedule.warmupSteps=10 b8192.schedule.warmupSteps=4)
fi
bench_java org.descent.bench.FashionMnistBench "${args[@]}" "$@"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
