#!/usr/bin/env bash
# spark.ml on hashed text, sparse first layer vs densifying (docs/spark-ml.md, "Sparse vectors"):
# Tokenizer → HashingTF(2^bits) → DescentClassifier on data/debian-sections.tsv.gz, one fit per
# JVM (local[2]), through the sparse path (sparseInput=auto) and densified (sparseInput=false) on
# the same rows. Prints rows × epochs per second of fit time and the peak used heap.
#
# Usage: bench/ml-sparse.sh [epochs=8]   (BENCH_NO_BUILD=1 reuses the last build; BENCH_HEAP=6g)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/bench-java.sh"
epochs="${1:-8}"
cd "$ROOT"
run() { bench_java org.descent.bench.SparseTextBench "$@" 2>&1 | grep '^RESULT' || echo "failed: $*"; }
for bits in 14 16; do
  run "$bits" auto "$epochs"
  run "$bits" false "$epochs"
done
run 18 auto "$epochs"
# 2^18 densified would be 3,200 rows × 262,144 floats = 3.4 GB of blocks (not run); sparse in 1 GiB:
BENCH_HEAP=1g run 18 auto "$epochs"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
