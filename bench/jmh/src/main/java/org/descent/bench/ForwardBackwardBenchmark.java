package org.descent.bench;

import java.util.concurrent.TimeUnit;
import org.descent.nn.Initializer;
import org.descent.nn.Minibatch;
import org.descent.nn.Network;
import org.descent.nn.NetworkSpec;
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
 * One training step of nn-core ({@link Network#gradient}: forward, softmax cross-entropy, backward)
 * on [784, 256, 128, 10] ReLU with random data. FLOPs per step = 6 × weights × batch.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class ForwardBackwardBenchmark {
  @Param({"128", "512"})
  public int batch;

  /** With batch norm after each hidden layer, as conf/fashion-mnist.properties trains. */
  @Param({"false"})
  public boolean batchNorm;

  private Network net;
  private float[] params;
  private float[] x;
  private float[] targets;
  private float[] grad;
  private Workspace ws;

  @Setup(Level.Trial)
  public void setUp() {
    BlasInfo.printOnce();
    NetworkSpec spec = batchNorm ? Mlp.specWithBatchNorm() : Mlp.spec();
    net = new Network(spec);
    params = Initializer.initialParameters(spec, Mlp.SEED);
    grad = new float[params.length];
    x = Mlp.randomFloats(batch * spec.inputWidth(), Mlp.SEED + 1);
    targets = Mlp.randomClasses(batch, spec.outputWidth(), Mlp.SEED + 2);
    ws = net.workspace(batch);
  }

  @Benchmark
  public double forwardBackward() {
    return net.gradient(
        params, Minibatch.of(x, 0, batch).targets(targets, 0), ws, grad, Mlp.SEED, false);
  }
}
