package org.descent.data;

import java.util.stream.IntStream;
import org.descent.nn.FeatureScaling;
import org.descent.nn.SparseRows;
import org.descent.ps.train.DataBlock;

/**
 * The feature scaling of packed blocks, written once for {@code descent train}'s data ({@link
 * TrainingData}, which takes one role's rows of a packed partition) and spark.ml's {@code fit}
 * (which takes every row of a block, with its row weights): the scaling's column statistics, the
 * stored entries that give the density, and the scaled copy of a block, dense or sparse. Row
 * selections are ascending row indices ({@link #allRows}).
 */
public final class BlockScaling {
  private BlockScaling() {}

  /** Every row of {@code b}, as a selection. */
  public static int[] allRows(DataBlock b) {
    return IntStream.range(0, b.rows()).toArray();
  }

  /**
   * Adds the features of {@code b}'s {@code rows} to {@code s}: a sparse row's stored entries (its
   * zeros stay implied), a dense row's every entry. Returns {@code s}.
   */
  public static FeatureScaling.Statistics addFeatures(
      FeatureScaling.Statistics s, DataBlock b, int[] rows) {
    for (int r : rows) {
      if (b.isSparse()) {
        s.addSparse(b.sparseFeatures(), r);
      } else {
        s.add(b.features(), r * b.width(), 1);
      }
    }
    return s;
  }

  /** Adds the targets of {@code b}'s {@code rows} to {@code s}. Returns {@code s}. */
  public static FeatureScaling.Statistics addTargets(
      FeatureScaling.Statistics s, DataBlock b, int[] rows) {
    for (int r : rows) {
      s.add(b.targets(), r * b.targetWidth(), 1);
    }
    return s;
  }

  /**
   * The feature entries {@code b} stores: a sparse block's stored entries, a dense block's
   * non-zeros (what it would store as sparse rows). Over all entries, the density that decides
   * whether rows stay sparse.
   */
  public static long storedEntries(DataBlock b) {
    if (b.isSparse()) {
      return b.sparseFeatures().nonZeros();
    }
    long n = 0;
    for (float v : b.features()) {
      if (v != 0f) {
        n++;
      }
    }
    return n;
  }

  /**
   * {@code b}'s {@code rows}, their features scaled, with their targets and weights: as CSR rows
   * when {@code sparse} (a dense row's non-zeros; the scaling must keep zeros), else dense (sparse
   * rows densified). A copy: {@code b} stays unscaled.
   */
  public static DataBlock scaledRows(
      DataBlock b, int[] rows, FeatureScaling scaling, boolean sparse) {
    float[] targets = selected(b.targets(), rows, b.targetWidth());
    float[] weights = b.weights() == null ? null : selected(b.weights(), rows, 1);
    if (sparse) {
      SparseRows x =
          b.isSparse()
              ? selected(b.sparseFeatures(), rows)
              : SparseRows.fromDense(
                  // Every row (ascending indices): read the block's own array, not a copy of it.
                  rows.length == b.rows() ? b.features() : denseRows(b, rows),
                  0,
                  rows.length,
                  b.width());
      scaling.apply(x);
      return new DataBlock(x, targets, weights, b.targetWidth());
    }
    float[] x = denseRows(b, rows);
    scaling.apply(x, 0, rows.length);
    return new DataBlock(x, targets, weights, rows.length, b.width(), b.targetWidth());
  }

  /** The features of {@code rows}, row-major, in a new array (sparse rows densified). */
  private static float[] denseRows(DataBlock b, int[] rows) {
    int w = b.width();
    float[] x = new float[Math.multiplyExact(rows.length, w)];
    for (int k = 0; k < rows.length; k++) {
      if (b.isSparse()) {
        b.sparseFeatures().copyRowTo(rows[k], x, k * w);
      } else {
        System.arraycopy(b.features(), rows[k] * w, x, k * w, w);
      }
    }
    return x;
  }

  private static SparseRows selected(SparseRows all, int[] rows) {
    SparseRows x = new SparseRows(all.width(), rows.length, all.nonZeros());
    for (int r : rows) {
      x.addRow(all, r);
    }
    return x.trimmed();
  }

  /**
   * The {@code width} floats of each of {@code rows}: {@code a} itself when they are all its rows,
   * as blocks share read-only targets and weights.
   */
  private static float[] selected(float[] a, int[] rows, int width) {
    if ((long) rows.length * width == a.length) {
      return a;
    }
    float[] out = new float[rows.length * width];
    for (int k = 0; k < rows.length; k++) {
      System.arraycopy(a, rows[k] * width, out, k * width, width);
    }
    return out;
  }
}
