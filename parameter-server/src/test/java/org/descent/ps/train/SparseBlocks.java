package org.descent.ps.train;

import org.descent.nn.SparseRows;

/**
 * Sparse blocks for tests: the Spark job packs its own from sparse vectors, never from a Dataset.
 */
public final class SparseBlocks {
  private SparseBlocks() {}

  /** The rows of {@code d} with their features in CSR form. */
  public static DataBlock sparseOf(Dataset d) {
    return new DataBlock(
        SparseRows.fromDense(d.features(), 0, d.rows(), d.width()), d.targets(), d.targetWidth());
  }
}
