package org.descent.nn;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Rows of a sparse feature matrix in compressed sparse row form (CSR): row r holds the entries
 * {@code rowStart[r] .. rowStart[r+1]-1} of {@code columns} (0-based, ascending within a row) and
 * {@code values}. Absent entries are 0. Built by appending rows ({@link #addRow}); {@link #clear}
 * empties it for reuse as a minibatch buffer without giving back its arrays.
 *
 * <p>{@link Network}'s sparse overloads multiply these rows by the first layer's weights directly,
 * so a row costs time in its non-zeros, not in the input width.
 */
public final class SparseRows implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int width;
  private int rows;
  private int[] rowStart;
  private int[] columns;
  private float[] values;

  /** Empty, with room for about {@code rowCapacity} rows of {@code nonZeroCapacity} entries. */
  public SparseRows(int width, int rowCapacity, int nonZeroCapacity) {
    if (width <= 0) {
      throw new IllegalArgumentException("sparse rows need a positive width, got " + width);
    }
    this.width = width;
    this.rowStart = new int[Math.max(1, rowCapacity) + 1];
    this.columns = new int[Math.max(1, nonZeroCapacity)];
    this.values = new float[Math.max(1, nonZeroCapacity)];
  }

  /** The non-zeros of {@code rows} dense row-major rows of {@code dense} from {@code off}. */
  public static SparseRows fromDense(float[] dense, int off, int rows, int width) {
    SparseRows s = new SparseRows(width, rows, 16);
    int[] cols = new int[width];
    float[] vals = new float[width];
    for (int r = 0; r < rows; r++) {
      int base = off + r * width;
      int n = 0;
      for (int c = 0; c < width; c++) {
        if (dense[base + c] != 0f) {
          cols[n] = c;
          vals[n++] = dense[base + c];
        }
      }
      s.addRow(cols, vals, 0, n);
    }
    return s;
  }

  public int width() {
    return width;
  }

  public int rows() {
    return rows;
  }

  /** Stored entries in all rows. */
  public int nonZeros() {
    return rowStart[rows];
  }

  /** First entry of row {@code r}; row r ends where row r+1 starts. */
  public int rowStart(int r) {
    return rowStart[r];
  }

  /** The column index array (shared, valid up to {@link #nonZeros}). */
  public int[] columns() {
    return columns;
  }

  /** The value array (shared, valid up to {@link #nonZeros}). */
  public float[] values() {
    return values;
  }

  /** Removes every row, keeping the arrays. */
  public void clear() {
    rows = 0;
  }

  /** Appends row {@code r} of {@code from} (of the same width; already checked there). */
  public void addRow(SparseRows from, int r) {
    if (from.width != width) {
      throw new IllegalArgumentException(
          "sparse rows of width " + from.width + " appended to rows of width " + width);
    }
    int a = from.rowStart[r];
    append(from.columns, from.values, a, from.rowStart[r + 1] - a);
  }

  /**
   * Appends one row of {@code count} entries of {@code cols}/{@code vals} from {@code off}; columns
   * must ascend and lie in [0, width).
   */
  public void addRow(int[] cols, float[] vals, int off, int count) {
    int previous = -1;
    for (int k = 0; k < count; k++) {
      int c = cols[off + k];
      if (c <= previous || c >= width) {
        throw new IllegalArgumentException(
            "sparse row "
                + rows
                + ": column "
                + c
                + (c >= width ? " is beyond the width " + width : " does not ascend"));
      }
      previous = c;
    }
    append(cols, vals, off, count);
  }

  private void append(int[] cols, float[] vals, int off, int count) {
    int at = rowStart[rows];
    ensureEntries(at + count);
    System.arraycopy(cols, off, columns, at, count);
    System.arraycopy(vals, off, values, at, count);
    ensureRows(rows + 1);
    rowStart[++rows] = at + count;
  }

  /** Densifies row {@code r} into {@code out} from {@code off} (writes all {@code width}). */
  public void copyRowTo(int r, float[] out, int off) {
    Arrays.fill(out, off, off + width, 0f);
    for (int k = rowStart[r]; k < rowStart[r + 1]; k++) {
      out[off + columns[k]] = values[k];
    }
  }

  /** Multiplies the values of column c by {@code factor[c]} (a scaling that keeps zeros zero). */
  public void scaleColumns(float[] factor) {
    for (int k = 0; k < nonZeros(); k++) {
      values[k] *= factor[columns[k]];
    }
  }

  /** A copy whose arrays are exactly as long as their contents. */
  public SparseRows trimmed() {
    SparseRows s = new SparseRows(width, rows, nonZeros());
    s.rows = rows;
    System.arraycopy(rowStart, 0, s.rowStart, 0, rows + 1);
    System.arraycopy(columns, 0, s.columns, 0, nonZeros());
    System.arraycopy(values, 0, s.values, 0, nonZeros());
    return s;
  }

  private void ensureRows(int n) {
    if (n + 1 > rowStart.length) {
      rowStart = Arrays.copyOf(rowStart, Math.max(n + 1, rowStart.length * 2));
    }
  }

  private void ensureEntries(int n) {
    if (n > columns.length) {
      int size = Math.max(n, columns.length * 2);
      columns = Arrays.copyOf(columns, size);
      values = Arrays.copyOf(values, size);
    }
  }
}
