package org.descent.bench;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.descent.nn.Activation;
import org.descent.nn.Loss;
import org.descent.nn.NetworkSpec;
import org.descent.nn.ParameterLayout;
import org.descent.ps.ParameterServer;
import org.descent.ps.UpdateConfig;
import org.descent.ps.UpdateThreads;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The driver's share of a step: one {@link ParameterServer#apply} (mean of the summed gradient,
 * optimiser update) per optimiser on the [784,256,128,10] network (235,146 parameters), on one
 * thread. Replaces the JUnit timing harness that asserted nothing. {@code -p size=1000000,10000000}
 * times [784, h, 10] networks of about that many parameters instead, and {@code -p threads=2} (or
 * {@code shared}) spreads the update over {@link UpdateThreads}, as the driver does for arrays of
 * {@value UpdateThreads#MIN_ENTRIES_PER_THREAD} entries per thread and more.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class ParameterServerApplyBenchmark {
  @Param({"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw", "lamb"})
  public String optimizer;

  /** {@code mlp}: the [784,256,128,10] network; a number: a [784, h, 10] network of about that. */
  @Param({"mlp"})
  public String size;

  /** {@code 1}, a thread count, or {@code shared} ({@link UpdateThreads#shared()}). */
  @Param({"1"})
  public String threads;

  private ParameterServer server;
  private float[] sum;

  @Setup(Level.Trial)
  public void setUp() {
    ParameterLayout layout =
        ParameterLayout.of(
            size.equals("mlp")
                ? Mlp.spec()
                : NetworkSpec.of(
                    new int[] {784, (int) (Long.parseLong(size) / 795), 10},
                    Activation.RELU,
                    Loss.SOFTMAX_CROSS_ENTROPY));
    SplittableRandom random = new SplittableRandom(Mlp.SEED);
    float[] w0 = new float[layout.size()];
    sum = new float[layout.size()];
    for (int i = 0; i < w0.length; i++) {
      w0[i] = (float) (random.nextGaussian() * 0.05);
      sum[i] = random.nextInt(10) == 0 ? 0f : (float) (random.nextGaussian() * 3);
    }
    server =
        new ParameterServer(layout, w0, UpdateConfig.fromMap(Map.of("optimizer.name", optimizer)))
            .updateThreads(
                switch (threads) {
                  case "shared" -> UpdateThreads.shared();
                  case "1" -> UpdateThreads.sequential();
                  default ->
                      new UpdateThreads(
                          Integer.parseInt(threads), UpdateThreads.MIN_ENTRIES_PER_THREAD);
                });
  }

  @Benchmark
  public float apply() {
    server.apply(sum, 50);
    return server.weights()[0];
  }
}
