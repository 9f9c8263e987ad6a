#!/usr/bin/env bash
# The resident step exchange alone (org.descent.spark.ExchangeBench): one step's round trip over
# loopback through Spark's authenticated transport — the driver publishes N weights, an executor
# end receives them, hands its tasks' results, the driver has the sum — with no Spark job and no
# compute, for N = 1e5, 1e6, 1e7. The constants of the resident cluster step's cost model
# (docs/performance.md, "Clusters"). Reports; asserts nothing.
#   bench/exchange.sh                      (~1 min)
#   bench/exchange.sh params=1e6 tasks=2 steps=500
source "$(dirname "${BASH_SOURCE[0]}")/bench-java.sh"
bench_java org.descent.spark.ExchangeBench "$@"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
