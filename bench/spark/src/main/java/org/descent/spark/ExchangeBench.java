package org.descent.spark;

import java.util.Arrays;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.descent.bench.BenchArgs;
import org.descent.cli.SparkSessions;

/**
 * bench/exchange.sh: the network step exchange alone, without Spark jobs or compute — one step's
 * round trip (publish N weights, every executor end receives them, hands one result per task, the
 * driver has the sum) over loopback through the {@link StepEndpoint}, with {@code
 * spark.authenticate} on, for several N. One executor end in this JVM; its tasks are called in
 * turn. Gives the constants of the resident cluster step's cost model (docs/performance.md): the
 * fixed latency of a round trip and its cost per byte. Prints a table; reports, never asserts.
 *
 * <p>Arguments (key=value): {@code params=1e5,1e6,1e7}, {@code tasks=1}, {@code steps=200}.
 */
public final class ExchangeBench {
  private ExchangeBench() {}

  public static void main(String[] args) throws Exception {
    var a = BenchArgs.parse(args);
    long[] params = BenchArgs.longs(a.getOrDefault("params", "1e5,1e6,1e7"));
    int tasks = Integer.parseInt(a.getOrDefault("tasks", "1"));
    int steps = Integer.parseInt(a.getOrDefault("steps", "200"));
    System.setProperty("spark.authenticate", "true");
    SparkSession spark = SparkSessions.open("local[" + tasks + "]", "descent exchange bench");
    System.out.printf(Locale.ROOT, "| parameters | tasks | round trip ms (median) | ms per MB |%n");
    System.out.printf(Locale.ROOT, "|---|---|---|---|%n");
    try (StepEndpoint endpoint = StepEndpoint.onDriver(0)) {
      for (long n : params) {
        int size = (int) n;
        NetworkExchange x = new NetworkExchange(tasks, size, 0);
        endpoint.serve(x);
        boolean[] hosted = new boolean[tasks];
        Arrays.fill(hosted, true);
        ResidentExchange.TaskEnd[] ends = new ResidentExchange.TaskEnd[tasks];
        for (int t = 0; t < tasks; t++) {
          ends[t] = ExecutorSteps.join(x.id(), endpoint.host(), endpoint.port(), hosted, size, 0);
        }
        PartitionResult[] results = new PartitionResult[tasks];
        for (int t = 0; t < tasks; t++) {
          results[t] = new PartitionResult(size, 0).reset(t);
          results[t].sum().addLoss(1, 1, 1);
        }
        float[] weights = new float[size];
        int runs = n >= 5_000_000 ? Math.max(20, steps / 5) : steps;
        long[] nanos = new long[runs];
        for (int s = 0; s < runs; s++) {
          long start = System.nanoTime();
          x.publish(1, s, s, weights);
          for (int t = 0; t < tasks; t++) {
            ends[t].next(s - 1);
            ends[t].hand(s, t, results[t].reset(t), 0);
          }
          x.awaitSum(() -> true);
          nanos[s] = System.nanoTime() - start;
        }
        x.end();
        for (ResidentExchange.TaskEnd e : ends) {
          e.leave();
        }
        long[] warm = Arrays.copyOfRange(nanos, runs / 4, runs);
        Arrays.sort(warm);
        double ms = warm[warm.length / 2] / 1e6;
        System.out.printf(
            Locale.ROOT, "| %,d | %d | %.3f | %.3f |%n", n, tasks, ms, ms / (4.0 * n / 1e6));
      }
    } finally {
      spark.stop();
    }
  }
}
