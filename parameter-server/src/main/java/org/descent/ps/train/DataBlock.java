package org.descent.ps.train;

import java.io.Serializable;
import java.util.Arrays;
import org.descent.nn.SparseRows;

/**
 * The rows of one partition, packed once: features row-major {@code [rows, width]} float32 — or,
 * for sparse input, {@link SparseRows} (CSR) that are never densified — targets {@code [rows,
 * targetWidth]} (one class index per row for classifiers), and optionally one weight per row. Steps
 * read rows from here and never touch Spark Rows again. Serialisable (and Kryo-registered in the
 * Spark job) so it can be cached MEMORY_AND_DISK.
 */
public final class DataBlock implements Serializable {
  private static final long serialVersionUID = 1L;

  private final float[] features;
  private final SparseRows sparseFeatures;
  private final float[] targets;
  private final float[] weights;
  private final int rows;
  private final int width;
  private final int targetWidth;

  public DataBlock(float[] features, float[] targets, int rows, int width, int targetWidth) {
    this(features, targets, null, rows, width, targetWidth);
  }

  /**
   * @param weights one weight (finite, ≥ 0) per row, or null when every row weighs 1
   */
  public DataBlock(
      float[] features, float[] targets, float[] weights, int rows, int width, int targetWidth) {
    Dataset.checkShape(features, targets, rows, width, targetWidth);
    if (weights != null && weights.length != rows) {
      throw new IllegalArgumentException(
          "weights hold " + weights.length + " floats, not one per row of " + rows);
    }
    this.features = features;
    this.sparseFeatures = null;
    this.targets = targets;
    this.weights = weights;
    this.rows = rows;
    this.width = width;
    this.targetWidth = targetWidth;
  }

  /** A block of sparse rows; rows and width are those of {@code features}. */
  public DataBlock(SparseRows features, float[] targets, int targetWidth) {
    this(features, targets, null, targetWidth);
  }

  /**
   * A block of sparse rows with row weights.
   *
   * @param weights one weight (finite, ≥ 0) per row, or null when every row weighs 1
   */
  public DataBlock(SparseRows features, float[] targets, float[] weights, int targetWidth) {
    if ((long) features.rows() * targetWidth != targets.length) {
      throw new IllegalArgumentException(
          "targets hold "
              + targets.length
              + " floats, not "
              + features.rows()
              + " rows × "
              + targetWidth);
    }
    if (weights != null && weights.length != features.rows()) {
      throw new IllegalArgumentException(
          "weights hold " + weights.length + " floats, not one per row of " + features.rows());
    }
    this.features = null;
    this.sparseFeatures = features;
    this.targets = targets;
    this.weights = weights;
    this.rows = features.rows();
    this.width = features.width();
    this.targetWidth = targetWidth;
  }

  /** The same features with other targets (e.g. scaled regression targets). */
  public DataBlock withTargets(float[] newTargets) {
    return sparseFeatures != null
        ? new DataBlock(sparseFeatures, newTargets, weights, targetWidth)
        : new DataBlock(features, newTargets, weights, rows, width, targetWidth);
  }

  public static DataBlock of(Dataset d) {
    return new DataBlock(d.features(), d.targets(), d.rows(), d.width(), d.targetWidth());
  }

  /** The rows as a dense {@link Dataset}; a sparse block is densified (a copy). */
  public Dataset asDataset() {
    if (sparseFeatures == null) {
      return new Dataset(features, targets, rows, width, targetWidth);
    }
    float[] f = new float[Math.multiplyExact(rows, width)];
    for (int r = 0; r < rows; r++) {
      sparseFeatures.copyRowTo(r, f, r * width);
    }
    return new Dataset(f, targets, rows, width, targetWidth);
  }

  /** Whether the features are {@link #sparseFeatures} rather than {@link #features}. */
  public boolean isSparse() {
    return sparseFeatures != null;
  }

  /** Dense row-major features. */
  public float[] features() {
    if (sparseFeatures != null) {
      throw new IllegalStateException("this block holds sparse rows; read sparseFeatures()");
    }
    return features;
  }

  /** The sparse rows, or null for a dense block. */
  public SparseRows sparseFeatures() {
    return sparseFeatures;
  }

  public float[] targets() {
    return targets;
  }

  /** One weight per row, or null when every row weighs 1. */
  public float[] weights() {
    return weights;
  }

  /** The rows' total weight: their count when unweighted. */
  public double totalWeight() {
    if (weights == null) {
      return rows;
    }
    double total = 0;
    for (float w : weights) {
      total += w;
    }
    return total;
  }

  public int rows() {
    return rows;
  }

  public int width() {
    return width;
  }

  public int targetWidth() {
    return targetWidth;
  }

  /**
   * Splits into {@code parts} contiguous blocks of near-equal size (as partitions would be): each
   * keeps its rows' features (sparse if this block is), targets and weights.
   */
  public DataBlock[] partition(int parts) {
    if (parts <= 0) {
      throw new IllegalArgumentException("partitions must be positive, got " + parts);
    }
    DataBlock[] out = new DataBlock[parts];
    for (int p = 0; p < parts; p++) {
      int from = (int) ((long) rows * p / parts);
      int to = (int) ((long) rows * (p + 1) / parts);
      float[] t = Arrays.copyOfRange(targets, from * targetWidth, to * targetWidth);
      float[] w = weights == null ? null : Arrays.copyOfRange(weights, from, to);
      if (sparseFeatures != null) {
        int nnz = sparseFeatures.rowStart(to) - sparseFeatures.rowStart(from);
        SparseRows f =
            new SparseRows(width, to - from, nnz); // exactly sized, as trimmed() would be
        for (int r = from; r < to; r++) {
          f.addRow(sparseFeatures, r);
        }
        out[p] = new DataBlock(f, t, w, targetWidth);
      } else {
        float[] f = Arrays.copyOfRange(features, from * width, to * width);
        out[p] = new DataBlock(f, t, w, to - from, width, targetWidth);
      }
    }
    return out;
  }

  /** {@link #partition(int)} of {@link #of}{@code (d)}. */
  public static DataBlock[] partition(Dataset d, int parts) {
    return of(d).partition(parts);
  }
}
