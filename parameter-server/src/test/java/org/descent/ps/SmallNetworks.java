package org.descent.ps;

import java.util.List;
import java.util.Random;
import org.descent.nn.Activation;
import org.descent.nn.HiddenLayerSpec;
import org.descent.nn.Loss;
import org.descent.nn.NetworkSpec;
import org.descent.nn.ParameterLayout;

/** Small layouts and random vectors for the parameter-server tests. */
final class SmallNetworks {
  private SmallNetworks() {}

  /** 3 → 4 (batch norm, relu) → 2: W0 [3,4], b0, γ0, β0, W1 [4,2], b1 — 34 parameters. */
  static ParameterLayout withBatchNorm() {
    HiddenLayerSpec hidden = HiddenLayerSpec.of(4, Activation.RELU).withBatchNorm(true);
    return ParameterLayout.of(new NetworkSpec(3, List.of(hidden), 2, Loss.SOFTMAX_CROSS_ENTROPY));
  }

  /** 5 → 6 → 4 → 3, tanh, no batch norm. */
  static ParameterLayout plain() {
    return ParameterLayout.of(
        NetworkSpec.of(new int[] {5, 6, 4, 3}, Activation.TANH, Loss.MEAN_SQUARED_ERROR));
  }

  /** Gaussian values × {@code scale}, about one in ten exactly 0. */
  static float[] gaussian(Random random, int n, double scale) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = random.nextInt(10) == 0 ? 0f : (float) (random.nextGaussian() * scale);
    }
    return x;
  }

  static double[] toDouble(float[] x) {
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      d[i] = x[i];
    }
    return d;
  }
}
