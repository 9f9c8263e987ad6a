#!/usr/bin/env bash
# The floor under the resident cluster step's exchange on this machine (org.descent.bench.
# LoopbackRoundTrip): two JVMs exchange BYTES each way over loopback TCP with plain sockets, back to
# back and after idling, for a small message and a step of Fashion-MNIST's network (235,914 floats).
# Compare with bench/exchange.sh (Spark's transport) and bench/cluster-vs-local.sh (a whole run);
# docs/performance.md ("Clusters: where the floor is"). Reports; asserts nothing.
#   bench/loopback-floor.sh            (~20 s; BENCH_NO_BUILD=1 reuses the last build)
source "$(dirname "${BASH_SOURCE[0]}")/bench-java.sh"
port="${BENCH_PORT:-39117}"
echo "| bytes each way | idle before, ms | round trip ms (median) | p90 |"
echo "|---|---|---|---|"
for bytes in 1 943656; do
  bench_java org.descent.bench.LoopbackRoundTrip server "$port" "$bytes" &
  server=$!
  sleep 1
  bench_java org.descent.bench.LoopbackRoundTrip client "$port" "$bytes" 400 0 1 5 0 5
  wait "$server"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
