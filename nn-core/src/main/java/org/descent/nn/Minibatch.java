package org.descent.nn;

/**
 * The rows of one pass through a {@link Network}, as views of the caller's arrays (nothing is
 * copied): the features, dense (row-major {@code [rows, width]} from an offset) or sparse (rows of
 * a {@link SparseRows} from a row index), and for a training pass or a loss the targets from an
 * offset and, optionally, one weight per row ({@code weights == null} weighs every row 1).
 *
 * <p>Build one with {@link #of}, then {@link #targets} and {@link #weights}; each returns a new
 * value, so a minibatch can be kept and reused across steps.
 */
public record Minibatch(
    float[] dense,
    int denseOffset,
    SparseRows sparse,
    int sparseRow,
    int rows,
    float[] targets,
    int targetOffset,
    float[] weights,
    int weightOffset) {

  /** Rows of dense features: {@code rows} rows of the network's input width from {@code offset}. */
  public static Minibatch of(float[] features, int offset, int rows) {
    return new Minibatch(features, offset, null, 0, rows, null, 0, null, 0);
  }

  /** Rows {@code firstRow .. firstRow+rows-1} of sparse features. */
  public static Minibatch of(SparseRows features, int firstRow, int rows) {
    return new Minibatch(null, 0, features, firstRow, rows, null, 0, null, 0);
  }

  /** These rows with their targets, the head's target width per row from {@code offset}. */
  public Minibatch targets(float[] targets, int offset) {
    return new Minibatch(
        dense, denseOffset, sparse, sparseRow, rows, targets, offset, weights, weightOffset);
  }

  /** These rows with row i's loss counted {@code weights[offset + i]} (≥ 0) times. */
  public Minibatch weights(float[] weights, int offset) {
    return new Minibatch(
        dense, denseOffset, sparse, sparseRow, rows, targets, targetOffset, weights, offset);
  }

  public boolean isSparse() {
    return sparse != null;
  }
}
