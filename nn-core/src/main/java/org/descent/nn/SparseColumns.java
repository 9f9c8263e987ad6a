package org.descent.nn;

/**
 * A minibatch of {@link SparseRows} transposed to column order (CSC), and the first layer's two
 * sparse kernels over it. Visiting the columns in ascending order reads the rows of W (forward) and
 * of dW (backward) at ascending addresses — each touched row once per step, pages in order — where
 * row order would jump across the whole [in, out] matrix for every entry; with 100,000 inputs that
 * matrix is tens of MB and the jumps (cache and TLB misses) were most of the step. Buffers are
 * reused across steps (one per {@link Workspace}).
 */
final class SparseColumns {
  private int width = -1;
  private int[] columnStart = new int[1];
  private int[] row = new int[16];
  private float[] value = new float[16];

  /** Transposes rows {@code xRow .. xRow+rows-1} of {@code x}; batch row indices from 0. */
  void transpose(SparseRows x, int xRow, int rows) {
    int w = x.width();
    if (w != width) {
      width = w;
      columnStart = new int[w + 1];
    } else {
      java.util.Arrays.fill(columnStart, 0);
    }
    int first = x.rowStart(xRow);
    int nnz = x.rowStart(xRow + rows) - first;
    if (row.length < nnz) {
      row = new int[Math.max(nnz, row.length * 2)];
      value = new float[row.length];
    }
    int[] cols = x.columns();
    float[] vals = x.values();
    for (int k = first; k < first + nnz; k++) {
      columnStart[cols[k] + 1]++;
    }
    for (int c = 0; c < w; c++) {
      columnStart[c + 1] += columnStart[c];
    }
    // Fill with columnStart[c] as the insertion cursor of column c, then shift back by one column.
    for (int r = 0; r < rows; r++) {
      for (int k = x.rowStart(xRow + r), end = x.rowStart(xRow + r + 1); k < end; k++) {
        int at = columnStart[cols[k]]++;
        row[at] = r;
        value[at] = vals[k];
      }
    }
    System.arraycopy(columnStart, 0, columnStart, 1, w);
    columnStart[0] = 0;
  }

  /** Z[r,:] += v·W[c,:] for every entry (r, c, v): axpy over W's rows, columns ascending. */
  void timesWeights(float[] weights, int wOff, int out, float[] z) {
    for (int c = 0; c < width; c++) {
      int end = columnStart[c + 1];
      int k = columnStart[c];
      if (k == end) {
        continue;
      }
      int wr = wOff + c * out;
      for (; k < end; k++) {
        float v = value[k];
        int zr = row[k] * out;
        for (int j = 0; j < out; j++) {
          z[zr + j] += v * weights[wr + j];
        }
      }
    }
  }

  /**
   * dW[c,:] += v·δ[r,:] for every entry (r, c, v): only the rows of columns present are touched.
   */
  void scatterGradient(float[] delta, int out, float[] grad, int gOff) {
    for (int c = 0; c < width; c++) {
      int end = columnStart[c + 1];
      int k = columnStart[c];
      if (k == end) {
        continue;
      }
      int gr = gOff + c * out;
      for (; k < end; k++) {
        float v = value[k];
        int dr = row[k] * out;
        for (int j = 0; j < out; j++) {
          grad[gr + j] += v * delta[dr + j];
        }
      }
    }
  }
}
