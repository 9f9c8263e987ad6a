package org.descent.nn;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;

/**
 * Per-column affine scaling x' = (x − shift)·factor, fitted on training data and applied
 * identically at inference (so it is saved with the model). Modes: {@code none}, {@code
 * standardize} (mean 0, variance 1; constant columns only centred), {@code minmax} (to [0, 1];
 * constant columns to 0), {@code maxabs} (divide by the largest |x|, to [−1, 1], no shift) and
 * {@code divide} (by a constant such as 255). Fitting goes through {@link Statistics}, whose sums
 * merge across partitions. Only the modes without a shift ({@link #keepsZeros}) suit sparse input:
 * a shift would turn every absent entry into a non-zero.
 */
public final class FeatureScaling implements Serializable {
  private static final long serialVersionUID = 1L;

  /** How columns are scaled. */
  public enum Mode {
    NONE,
    STANDARDIZE,
    MINMAX,
    DIVIDE,
    MAXABS;

    /** Whether the mode maps 0 to 0 (no shift), so sparse rows stay sparse. */
    public boolean keepsZeros() {
      return this == NONE || this == DIVIDE || this == MAXABS;
    }

    public static Mode parse(String s) {
      String key = s.trim().toLowerCase(Locale.ROOT);
      for (Mode m : values()) {
        if (m.name().toLowerCase(Locale.ROOT).equals(key)) {
          return m;
        }
      }
      String[] names =
          Arrays.stream(values())
              .map(m -> m.name().toLowerCase(Locale.ROOT))
              .toArray(String[]::new);
      throw Names.unknown("scaling", s, names, "valid", names);
    }
  }

  private final Mode mode;
  private final float[] shift;
  private final float[] factor;

  public FeatureScaling(Mode mode, float[] shift, float[] factor) {
    if (shift.length != factor.length) {
      throw new IllegalArgumentException("shift and factor differ in length");
    }
    this.mode = mode;
    this.shift = shift.clone();
    this.factor = factor.clone();
  }

  /** The identity on {@code width} columns. */
  public static FeatureScaling none(int width) {
    float[] ones = new float[width];
    Arrays.fill(ones, 1f);
    return new FeatureScaling(Mode.NONE, new float[width], ones);
  }

  /** Division of every column by {@code divisor}. */
  public static FeatureScaling divide(int width, float divisor) {
    if (!(divisor != 0f && Float.isFinite(divisor))) {
      throw new IllegalArgumentException("scaling divisor must be finite and non-zero");
    }
    float[] f = new float[width];
    Arrays.fill(f, 1f / divisor);
    return new FeatureScaling(Mode.DIVIDE, new float[width], f);
  }

  /** Fits standardize, minmax or maxabs from accumulated column statistics. */
  public static FeatureScaling fit(Mode mode, Statistics s, float divisor) {
    int w = s.width();
    return switch (mode) {
      case NONE -> none(w);
      case DIVIDE -> divide(w, divisor);
      case STANDARDIZE -> {
        float[] shift = new float[w];
        float[] factor = new float[w];
        for (int c = 0; c < w; c++) {
          double mean = s.sum[c] / s.rows;
          double var = Math.max(0, s.sumSquares[c] / s.rows - mean * mean);
          shift[c] = (float) mean;
          factor[c] = var > 1e-12 ? (float) (1.0 / Math.sqrt(var)) : 1f;
        }
        yield new FeatureScaling(mode, shift, factor);
      }
      case MINMAX -> {
        float[] shift = new float[w];
        float[] factor = new float[w];
        for (int c = 0; c < w; c++) {
          double range = s.max(c) - s.min(c);
          shift[c] = (float) s.min(c);
          factor[c] = range > 0 ? (float) (1.0 / range) : 0f;
        }
        yield new FeatureScaling(mode, shift, factor);
      }
      case MAXABS -> {
        float[] factor = new float[w];
        for (int c = 0; c < w; c++) {
          double maxAbs = Math.max(Math.abs(s.min(c)), Math.abs(s.max(c)));
          factor[c] = maxAbs > 0 && Double.isFinite(maxAbs) ? (float) (1.0 / maxAbs) : 1f;
        }
        yield new FeatureScaling(mode, new float[w], factor);
      }
    };
  }

  public Mode mode() {
    return mode;
  }

  public int width() {
    return shift.length;
  }

  public float[] shift() {
    return shift.clone();
  }

  public float[] factor() {
    return factor.clone();
  }

  /**
   * Scales sparse rows in place; only for modes that {@linkplain Mode#keepsZeros keep zeros}.
   *
   * @throws IllegalStateException for a scaling with a shift
   */
  public void apply(SparseRows x) {
    if (!mode.keepsZeros()) {
      throw new IllegalStateException(
          "scaling " + mode + " shifts columns and would densify sparse rows");
    }
    if (mode != Mode.NONE) {
      x.scaleColumns(factor);
    }
  }

  /** Scales {@code rows} rows of {@code x} from {@code off} in place. */
  public void apply(float[] x, int off, int rows) {
    map(x, off, rows, false);
  }

  /** The inverse map, for targets scaled with this: x = x'/factor + shift. */
  public void invert(float[] x, int off, int rows) {
    map(x, off, rows, true);
  }

  /**
   * Each of {@code rows} rows of {@code x} from {@code off}, in place, entry by entry: {@code x' =
   * (x − shift)·factor}, or with {@code inverse} {@code x = x'/factor + shift}. One walk for both
   * directions; the branch is the same for the whole call, so the JIT hoists it out of the loop.
   */
  private void map(float[] x, int off, int rows, boolean inverse) {
    if (mode == Mode.NONE) {
      return;
    }
    int w = shift.length;
    for (int r = 0; r < rows; r++) {
      int base = off + r * w;
      for (int c = 0; c < w; c++) {
        float v = x[base + c];
        x[base + c] = inverse ? v / factor[c] + shift[c] : (v - shift[c]) * factor[c];
      }
    }
  }

  /**
   * Column count, sums, sums of squares, minima and maxima; mergeable across partitions. Sparse
   * rows add only their stored entries; a column that some sparse row leaves out has an implied 0
   * that {@link #min} and {@link #max} include.
   */
  public static final class Statistics implements Serializable {
    private static final long serialVersionUID = 1L;
    long rows;
    final double[] sum;
    final double[] sumSquares;
    final double[] min;
    final double[] max;
    long sparseRows;
    final long[] stored;

    public Statistics(int width) {
      sum = new double[width];
      sumSquares = new double[width];
      min = new double[width];
      max = new double[width];
      stored = new long[width];
      Arrays.fill(min, Double.POSITIVE_INFINITY);
      Arrays.fill(max, Double.NEGATIVE_INFINITY);
    }

    public int width() {
      return sum.length;
    }

    public long rows() {
      return rows;
    }

    /** Adds {@code n} rows of width {@link #width} from {@code x} at {@code off}. */
    public Statistics add(float[] x, int off, int n) {
      int w = sum.length;
      for (int r = 0; r < n; r++) {
        int base = off + r * w;
        for (int c = 0; c < w; c++) {
          double v = x[base + c];
          sum[c] += v;
          sumSquares[c] += v * v;
          min[c] = Math.min(min[c], v);
          max[c] = Math.max(max[c], v);
        }
      }
      rows += n;
      return this;
    }

    /** Adds row {@code r} of {@code x} (of width {@link #width}): its stored entries only. */
    public Statistics addSparse(SparseRows x, int r) {
      int[] cols = x.columns();
      float[] vals = x.values();
      for (int k = x.rowStart(r); k < x.rowStart(r + 1); k++) {
        int c = cols[k];
        double v = vals[k];
        sum[c] += v;
        sumSquares[c] += v * v;
        min[c] = Math.min(min[c], v);
        max[c] = Math.max(max[c], v);
        stored[c]++;
      }
      rows++;
      sparseRows++;
      return this;
    }

    /** The column's minimum, including the implied zeros of sparse rows. */
    public double min(int c) {
      return stored[c] < sparseRows ? Math.min(min[c], 0) : min[c];
    }

    /** The column's maximum, including the implied zeros of sparse rows. */
    public double max(int c) {
      return stored[c] < sparseRows ? Math.max(max[c], 0) : max[c];
    }

    public Statistics merge(Statistics o) {
      for (int c = 0; c < sum.length; c++) {
        sum[c] += o.sum[c];
        sumSquares[c] += o.sumSquares[c];
        min[c] = Math.min(min[c], o.min[c]);
        max[c] = Math.max(max[c], o.max[c]);
        stored[c] += o.stored[c];
      }
      rows += o.rows;
      sparseRows += o.sparseRows;
      return this;
    }
  }
}
