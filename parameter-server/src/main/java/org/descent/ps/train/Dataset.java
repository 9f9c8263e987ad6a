package org.descent.ps.train;

import java.util.SplittableRandom;

/**
 * Rows in memory: features row-major {@code [rows, width]} and targets {@code [rows, targetWidth]}
 * (one class index per row for classifiers).
 */
public record Dataset(float[] features, float[] targets, int rows, int width, int targetWidth) {

  public Dataset {
    checkShape(features, targets, rows, width, targetWidth);
  }

  /** Refuses dense features and targets whose lengths are not {@code rows} rows of their widths. */
  static void checkShape(float[] features, float[] targets, int rows, int width, int targetWidth) {
    if (rows < 0 || (long) rows * width != features.length) {
      throw new IllegalArgumentException(
          "features hold " + features.length + " floats, not " + rows + " rows × " + width);
    }
    if ((long) rows * targetWidth != targets.length) {
      throw new IllegalArgumentException(
          "targets hold " + targets.length + " floats, not " + rows + " rows × " + targetWidth);
    }
  }

  /** The rows at {@code index}, in that order (copies). */
  public Dataset select(int[] index) {
    float[] f = new float[index.length * width];
    float[] t = new float[index.length * targetWidth];
    for (int i = 0; i < index.length; i++) {
      System.arraycopy(features, index[i] * width, f, i * width, width);
      System.arraycopy(targets, index[i] * targetWidth, t, i * targetWidth, targetWidth);
    }
    return new Dataset(f, t, index.length, width, targetWidth);
  }

  /**
   * A seeded random split: the first part gets {@code round(fraction·rows)} rows, the second the
   * rest. The same seed gives the same split.
   */
  public Dataset[] split(double fraction, long seed) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("split fraction must be in (0, 1), got " + fraction);
    }
    int[] perm = permutation(rows, new SplittableRandom(seed));
    int first = (int) Math.round(fraction * rows);
    int[] a = java.util.Arrays.copyOfRange(perm, 0, first);
    int[] b = java.util.Arrays.copyOfRange(perm, first, rows);
    return new Dataset[] {select(a), select(b)};
  }

  /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
  public static int[] permutation(int n, SplittableRandom rng) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
