package org.descent.nn;

import java.util.Arrays;

/**
 * A minibatch of {@link SparseRows} transposed to column order (CSC), and the first layer's two
 * sparse kernels over it. Visiting the columns in ascending order reads the rows of W (forward) and
 * of dW (backward) at ascending addresses — each touched row once per step, pages in order — where
 * row order would jump across the whole [in, out] matrix for every entry; with 100,000 inputs that
 * matrix is tens of MB and the jumps (cache and TLB misses) were most of the step.
 *
 * <p>Only the columns present in the batch are indexed: each is recorded when first counted and the
 * list put in order — sorted, or when many columns are touched, read back from a bit mask over the
 * width (width/64 words), whichever is cheaper — so a step costs O(nnz + min(touched·log touched,
 * width/64)), never a pass over every input column. Buffers are reused across steps (one per {@link
 * Workspace}).
 */
final class SparseColumns {
  private int width = -1;

  /** Per input column: 0 outside the touched list; in transpose, its count, then its cursor. */
  private int[] perColumn = new int[0];

  /** One bit per input column, all 0 outside {@link #ascending}. */
  private long[] marks = new long[0];

  /** The distinct columns of the batch, ascending after transpose: {@code touched} of them. */
  private int[] columns = new int[16];

  private int touched;

  /** Entries of {@code columns[i]} are {@code columnStart[i] .. columnStart[i+1]-1}. */
  private int[] columnStart = new int[17];

  private int[] row = new int[16];
  private float[] value = new float[16];

  /** Transposes rows {@code xRow .. xRow+rows-1} of {@code x}; batch row indices from 0. */
  void transpose(SparseRows x, int xRow, int rows) {
    int w = x.width();
    if (w != width) {
      width = w;
      perColumn = new int[w];
      marks = new long[(w + 63) >>> 6];
    } else {
      for (int i = 0; i < touched; i++) {
        perColumn[columns[i]] = 0; // the last batch's cursors; every other column is still 0
      }
    }
    touched = 0;
    int first = x.rowStart(xRow);
    int nnz = x.rowStart(xRow + rows) - first;
    if (row.length < nnz) {
      row = new int[Math.max(nnz, row.length * 2)];
      value = new float[row.length];
    }
    int distinct = Math.min(nnz, w);
    if (columns.length < distinct) {
      columns = new int[Math.max(distinct, columns.length * 2)];
      columnStart = new int[columns.length + 1];
    }
    int[] cols = x.columns();
    float[] vals = x.values();
    for (int k = first; k < first + nnz; k++) {
      int c = cols[k];
      if (perColumn[c]++ == 0) {
        columns[touched++] = c;
      }
    }
    ascending();
    // Prefix sum over the touched columns; perColumn[c] becomes the insertion cursor of column c.
    int at = 0;
    for (int i = 0; i < touched; i++) {
      int c = columns[i];
      int count = perColumn[c];
      columnStart[i] = at;
      perColumn[c] = at;
      at += count;
    }
    columnStart[touched] = at;
    for (int r = 0; r < rows; r++) {
      for (int k = x.rowStart(xRow + r), end = x.rowStart(xRow + r + 1); k < end; k++) {
        int to = perColumn[cols[k]]++;
        row[to] = r;
        value[to] = vals[k];
      }
    }
  }

  /**
   * Puts {@code columns[0 .. touched)} in ascending order: a sort for few columns, else a scan of
   * the bit mask (left all 0 again) when that is cheaper than touched·log touched.
   */
  private void ascending() {
    int words = marks.length;
    if ((long) touched * (32 - Integer.numberOfLeadingZeros(touched)) <= words) {
      Arrays.sort(columns, 0, touched);
      return;
    }
    for (int i = 0; i < touched; i++) {
      int c = columns[i];
      marks[c >>> 6] |= 1L << c;
    }
    int i = 0;
    for (int word = 0; word < words; word++) {
      long m = marks[word];
      if (m != 0) {
        marks[word] = 0;
        do {
          columns[i++] = (word << 6) | Long.numberOfTrailingZeros(m);
          m &= m - 1;
        } while (m != 0);
      }
    }
  }

  /** Z[r,:] += v·W[c,:] for every entry (r, c, v): axpy over W's rows, columns ascending. */
  void timesWeights(float[] weights, int wOff, int out, float[] z) {
    eachEntry(weights, wOff, z, out, true);
  }

  /**
   * dW[c,:] += v·δ[r,:] for every entry (r, c, v): only the rows of columns present are touched.
   */
  void scatterGradient(float[] delta, int out, float[] grad, int gOff) {
    eachEntry(grad, gOff, delta, out, false);
  }

  /**
   * For every entry (r, c, v), columns ascending and rows ascending within a column, one axpy of
   * length {@code out} between row c of {@code byColumn} (from {@code columnOff}) and row r of
   * {@code byRow}: into the batch row ({@code intoRows}, forward) or into the column row
   * (backward).
   */
  private void eachEntry(
      float[] byColumn, int columnOff, float[] byRow, int out, boolean intoRows) {
    for (int i = 0; i < touched; i++) {
      int cr = columnOff + columns[i] * out;
      for (int k = columnStart[i], end = columnStart[i + 1]; k < end; k++) {
        float v = value[k];
        int rr = row[k] * out;
        if (intoRows) {
          axpy(v, byColumn, cr, byRow, rr, out);
        } else {
          axpy(v, byRow, rr, byColumn, cr, out);
        }
      }
    }
  }

  /** y[yOff + j] += v·x[xOff + j] for j < n. */
  private static void axpy(float v, float[] x, int xOff, float[] y, int yOff, int n) {
    for (int j = 0; j < n; j++) {
      y[yOff + j] += v * x[xOff + j];
    }
  }
}
