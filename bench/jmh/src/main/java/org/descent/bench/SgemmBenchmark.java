package org.descent.bench;

import dev.ludovic.netlib.blas.BLAS;
import java.util.concurrent.TimeUnit;
import org.descent.nn.Blas;
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
 * The lower bound for {@link ForwardBackwardBenchmark}: only the GEMMs nn-core's {@code Network}
 * issues for one training step, with the same transposes, m, n, k, leading dimensions and betas, in
 * the same order — forward Z = A·W per layer, then backward dW = Aᵀ·dZ and dA = dZ·Wᵀ (no dA for
 * the first layer). Everything else (bias, ReLU, softmax, column sums) is left out.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class SgemmBenchmark {
  @Param({"128", "512"})
  public int batch;

  private final BLAS blas = Blas.get();
  private int[] in;
  private int[] out;

  /** Per dense layer, row-major like nn-core: W [in, out], A [rows, in], Z and dZ [rows, out]. */
  private float[][] w;

  private float[][] a;
  private float[][] z;
  private float[][] dz;
  private float[][] dw;
  private float[][] da;

  @Setup(Level.Trial)
  public void setUp() {
    BlasInfo.printOnce();
    int[] widths = Mlp.spec().widths();
    int layers = widths.length - 1;
    in = new int[layers];
    out = new int[layers];
    w = new float[layers][];
    a = new float[layers][];
    z = new float[layers][];
    dz = new float[layers][];
    dw = new float[layers][];
    da = new float[layers][];
    for (int l = 0; l < layers; l++) {
      in[l] = widths[l];
      out[l] = widths[l + 1];
      long seed = Mlp.SEED + 10L * l;
      w[l] = Mlp.randomFloats(in[l] * out[l], seed);
      a[l] = Mlp.randomFloats(batch * in[l], seed + 1);
      z[l] = new float[batch * out[l]];
      dz[l] = Mlp.randomFloats(batch * out[l], seed + 2);
      dw[l] = new float[in[l] * out[l]];
      da[l] = new float[batch * in[l]];
    }
  }

  @Benchmark
  public float sgemm() {
    int rows = batch;
    int layers = in.length;
    for (int l = 0; l < layers; l++) {
      // Z = A·W (+ the bias nn-core pre-fills, hence beta = 1)
      blas.sgemm(
          "N", "N", out[l], rows, in[l], 1f, w[l], 0, out[l], a[l], 0, in[l], 1f, z[l], 0, out[l]);
    }
    for (int l = layers - 1; l >= 0; l--) {
      // dW = Aᵀ·dZ
      blas.sgemm(
          "N", "T", out[l], in[l], rows, 1f, dz[l], 0, out[l], a[l], 0, in[l], 0f, dw[l], 0,
          out[l]);
      if (l > 0) {
        // dA = dZ·Wᵀ
        blas.sgemm(
            "T", "N", in[l], rows, out[l], 1f, w[l], 0, out[l], dz[l], 0, out[l], 0f, da[l], 0,
            in[l]);
      }
    }
    return z[layers - 1][0] + dw[0][0] + da[1][0];
  }
}
