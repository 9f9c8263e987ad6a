package org.descent.bench;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.descent.nn.ParameterLayout;
import org.descent.ps.ParameterServer;
import org.descent.ps.UpdateConfig;
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
 * optimiser update) per optimiser on the [784,256,128,10] network (235,146 parameters), single
 * threaded as the driver runs it. Replaces the JUnit timing harness that asserted nothing.
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

  private ParameterServer server;
  private float[] sum;

  @Setup(Level.Trial)
  public void setUp() {
    ParameterLayout layout = ParameterLayout.of(Mlp.spec());
    SplittableRandom random = new SplittableRandom(Mlp.SEED);
    float[] w0 = new float[layout.size()];
    sum = new float[layout.size()];
    for (int i = 0; i < w0.length; i++) {
      w0[i] = (float) (random.nextGaussian() * 0.05);
      sum[i] = random.nextInt(10) == 0 ? 0f : (float) (random.nextGaussian() * 3);
    }
    server =
        new ParameterServer(layout, w0, UpdateConfig.fromMap(Map.of("optimizer.name", optimizer)));
  }

  @Benchmark
  public float apply() {
    server.apply(sum, 50);
    return server.weights()[0];
  }
}
