package org.descent.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.descent.nn.Activation;
import org.descent.nn.HiddenLayerSpec;
import org.descent.nn.Loss;
import org.descent.nn.NetworkSpec;

/** The benchmarked network, [784, 256, 128, 10] ReLU + softmax cross-entropy, and its data. */
final class Mlp {
  static final int[] WIDTHS = {784, 256, 128, 10};
  static final long SEED = 42L;

  private Mlp() {}

  static NetworkSpec spec() {
    return NetworkSpec.of(WIDTHS, Activation.RELU, Loss.SOFTMAX_CROSS_ENTROPY);
  }

  /** The same network with batch norm after each hidden layer (conf/fashion-mnist.properties). */
  static NetworkSpec specWithBatchNorm() {
    List<HiddenLayerSpec> hidden = new ArrayList<>();
    for (int l = 1; l + 1 < WIDTHS.length; l++) {
      hidden.add(HiddenLayerSpec.of(WIDTHS[l], Activation.RELU).withBatchNorm(true));
    }
    return new NetworkSpec(
        WIDTHS[0], hidden, WIDTHS[WIDTHS.length - 1], Loss.SOFTMAX_CROSS_ENTROPY);
  }

  /** Dense weights excluding biases: Σ n_l · n_{l+1} (235,776 for the default widths). */
  static long weights(NetworkSpec spec) {
    int[] w = spec.widths();
    long sum = 0;
    for (int l = 0; l + 1 < w.length; l++) {
      sum += (long) w[l] * w[l + 1];
    }
    return sum;
  }

  /** Uniform [0, 1) floats, like scaled pixels. */
  static float[] randomFloats(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = rng.nextFloat();
    }
    return a;
  }

  /** One class index per row, stored as a float (the target layout of softmax cross-entropy). */
  static float[] randomClasses(int rows, int classes, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] t = new float[rows];
    for (int i = 0; i < rows; i++) {
      t[i] = rng.nextInt(classes);
    }
    return t;
  }
}
