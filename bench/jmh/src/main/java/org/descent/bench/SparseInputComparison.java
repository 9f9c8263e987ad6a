package org.descent.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * {@link SparseInputBenchmark}'s two steps timed alternately (sparse, densified, sparse, …) in one
 * JVM, so both see the same load on a shared machine; prints the median of each and their ratio.
 *
 * <p>Usage: {@code java --add-modules=jdk.incubator.vector -Xmx3g -cp
 * bench/jmh/target/benchmarks.jar org.descent.bench.SparseInputComparison [reps] [features]
 * [density] [batch]} (defaults 30, 100000, 0.001, 512).
 */
public final class SparseInputComparison {
  private SparseInputComparison() {}

  public static void main(String[] args) {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    SparseInputBenchmark b = new SparseInputBenchmark();
    b.features = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    b.density = args.length > 2 ? Double.parseDouble(args[2]) : 0.001;
    b.batch = args.length > 3 ? Integer.parseInt(args[3]) : 512;
    b.setUp();
    for (int i = 0; i < 5; i++) { // warm-up: both paths compiled by C2
      b.sparse();
      b.densified();
    }
    double[] sparse = new double[reps];
    double[] dense = new double[reps];
    for (int i = 0; i < reps; i++) {
      long t0 = System.nanoTime();
      b.sparse();
      long t1 = System.nanoTime();
      b.densified();
      long t2 = System.nanoTime();
      sparse[i] = (t1 - t0) / 1e6;
      dense[i] = (t2 - t1) / 1e6;
    }
    double s = median(sparse);
    double d = median(dense);
    System.out.printf(
        Locale.ROOT,
        "[%d, 128, 10] ReLU, batch %d, density %s, %d alternating reps:%n"
            + "  sparse    median %8.2f ms/step (min %.2f)%n"
            + "  densified median %8.2f ms/step (min %.2f)%n"
            + "  speedup (median densified / median sparse): %.1fx%n",
        b.features,
        b.batch,
        b.density,
        reps,
        s,
        min(sparse),
        d,
        min(dense),
        d / s);
  }

  static double median(double[] x) {
    double[] c = x.clone();
    Arrays.sort(c);
    int n = c.length;
    return n % 2 == 1 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
  }

  static double min(double[] x) {
    return Arrays.stream(x).min().orElse(Double.NaN);
  }
}
