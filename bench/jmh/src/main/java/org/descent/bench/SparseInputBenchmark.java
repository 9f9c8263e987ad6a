package org.descent.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.descent.nn.Activation;
import org.descent.nn.Initializer;
import org.descent.nn.Loss;
import org.descent.nn.Minibatch;
import org.descent.nn.Network;
import org.descent.nn.NetworkSpec;
import org.descent.nn.SparseRows;
import org.descent.nn.Workspace;
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
 * One training step ({@link Network#gradient}: forward, softmax cross-entropy, backward) of
 * [features, 128, 10] ReLU on a minibatch of random sparse rows (uniformly placed non-zeros at the
 * given density), once through the sparse first layer (CSR × W, scattered dW) and once on the same
 * rows densified (sgemm over the full input width). The gradient accumulates, as in training.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx3g"})
public class SparseInputBenchmark {
  @Param({"512"})
  public int batch;

  @Param({"100000"})
  public int features;

  @Param({"0.001"})
  public double density;

  private Network net;
  private float[] params;
  private SparseRows sparse;
  private float[] dense;
  private float[] targets;
  private float[] grad;
  private Workspace ws;

  @Setup(Level.Trial)
  public void setUp() {
    BlasInfo.printOnce();
    NetworkSpec spec =
        NetworkSpec.of(new int[] {features, 128, 10}, Activation.RELU, Loss.SOFTMAX_CROSS_ENTROPY);
    net = new Network(spec);
    params = Initializer.initialParameters(spec, Mlp.SEED);
    grad = new float[params.length];
    sparse = randomRows(batch, features, density, Mlp.SEED + 1);
    dense = new float[batch * features];
    for (int r = 0; r < batch; r++) {
      sparse.copyRowTo(r, dense, r * features);
    }
    targets = Mlp.randomClasses(batch, 10, Mlp.SEED + 2);
    ws = net.workspace(batch);
  }

  @Benchmark
  public double sparse() {
    return net.gradient(
        params, Minibatch.of(sparse, 0, batch).targets(targets, 0), ws, grad, Mlp.SEED, true);
  }

  @Benchmark
  public double densified() {
    return net.gradient(
        params, Minibatch.of(dense, 0, batch).targets(targets, 0), ws, grad, Mlp.SEED, true);
  }

  /** Rows with about density·width non-zeros each, columns uniform, values uniform in [0, 1). */
  static SparseRows randomRows(int rows, int width, double density, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    SparseRows s = new SparseRows(width, rows, (int) (rows * width * density * 1.2) + 16);
    int[] cols = new int[width];
    float[] vals = new float[width];
    for (int r = 0; r < rows; r++) {
      int n = 0;
      for (int c = 0; c < width; c++) {
        if (rng.nextDouble() < density) {
          cols[n] = c;
          vals[n++] = rng.nextFloat();
        }
      }
      s.addRow(cols, vals, 0, n);
    }
    return s;
  }
}
