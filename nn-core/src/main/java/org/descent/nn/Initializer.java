package org.descent.nn;

import java.util.SplittableRandom;

/**
 * Seeded weight initialisation: He et al. 2015 (normal, std √(2/in)) for layers followed by a
 * rectifier, Glorot &amp; Bengio 2010 (uniform ±√(6/(in+out))) for tanh, sigmoid, identity and the
 * linear output layer. Biases and batch-norm beta start at 0, gamma at 1.
 */
public final class Initializer {
  private Initializer() {}

  /** A fresh parameter array for {@code spec}, the same for the same seed. */
  public static float[] initialParameters(NetworkSpec spec, long seed) {
    ParameterLayout layout = ParameterLayout.of(spec);
    float[] params = new float[layout.size()];
    SplittableRandom rng = new SplittableRandom(seed);
    for (int l = 0; l < layout.denseLayerCount(); l++) {
      ParameterLayout.Dense d = layout.dense(l);
      if (d.tied(l)) {
        continue; // the owner's matrix is initialised once, by its owner's rule
      }
      boolean rectifier =
          l < spec.hidden().size() && spec.hidden().get(l).activation().isRectifier();
      int n = d.in() * d.out();
      if (rectifier) {
        double std = Math.sqrt(2.0 / d.in());
        for (int i = 0; i < n; i++) {
          params[d.weightOffset() + i] = (float) (rng.nextGaussian() * std);
        }
      } else {
        double limit = Math.sqrt(6.0 / (d.in() + d.out()));
        for (int i = 0; i < n; i++) {
          params[d.weightOffset() + i] = (float) ((rng.nextDouble() * 2 - 1) * limit);
        }
      }
      ParameterLayout.BatchNorm bn = layout.batchNorm(l);
      if (bn != null) {
        java.util.Arrays.fill(params, bn.gammaOffset(), bn.gammaOffset() + bn.width(), 1f);
      }
    }
    return params;
  }
}
