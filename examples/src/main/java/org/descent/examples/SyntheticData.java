package org.descent.examples;

import java.util.SplittableRandom;
import org.descent.ps.train.Dataset;

/** The examples' generated data sets, seeded so that every run draws the same rows. */
final class SyntheticData {
  private SyntheticData() {}

  /**
   * cs231n's spiral: {@code classes} arms of {@code perClass} points in the plane; point i of arm k
   * has radius r = i/(perClass−1) and angle θ = 4(k + r) + 0.2·N(0,1). Targets are the arm index.
   */
  static Dataset spiral(int perClass, int classes, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int rows = perClass * classes;
    float[] x = new float[rows * 2];
    float[] y = new float[rows];
    for (int k = 0; k < classes; k++) {
      for (int i = 0; i < perClass; i++) {
        int row = k * perClass + i;
        double r = perClass == 1 ? 1 : (double) i / (perClass - 1);
        double theta = 4 * (k + r) + 0.2 * rng.nextGaussian();
        x[2 * row] = (float) (r * Math.sin(theta));
        x[2 * row + 1] = (float) (r * Math.cos(theta));
        y[row] = k;
      }
    }
    return new Dataset(x, y, rows, 2, 1);
  }

  /** {@code rows} evenly spaced x in [−π, π] with target sin(x). */
  static Dataset sine(int rows) {
    float[] x = new float[rows];
    float[] y = new float[rows];
    for (int i = 0; i < rows; i++) {
      double v = -Math.PI + 2 * Math.PI * i / (rows - 1);
      x[i] = (float) v;
      y[i] = (float) Math.sin(v);
    }
    return new Dataset(x, y, rows, 1, 1);
  }

  /** {@code rows × width} standard normal features and {@code rows × targets} normal targets. */
  static Dataset gaussian(int rows, int width, int targets, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] x = new float[rows * width];
    float[] y = new float[rows * targets];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextGaussian();
    }
    for (int i = 0; i < y.length; i++) {
      y[i] = (float) rng.nextGaussian();
    }
    return new Dataset(x, y, rows, width, targets);
  }
}
