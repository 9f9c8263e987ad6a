package org.descent.nn;

/**
 * Buffers for forward and backward passes of up to {@code capacity} rows, allocated once and reused
 * every step (allocating per minibatch is what makes Spark's own MLP slow). Not thread-safe: one
 * per task or thread. All matrices are row-major {@code [rows, width]}.
 */
public final class Workspace {
  final int capacity;

  /** Dense output Z_l per dense layer. */
  final float[][] z;

  /** Activation input U_l (= Z_l unless batch norm follows the dense layer). */
  final float[][] u;

  /** Activation output H_l (hidden layers). */
  final float[][] h;

  /** Layer output A_l fed to the next layer (= H_l unless dropout applies). */
  final float[][] a;

  /** Dropout scale per entry: 0 or 1/keep (null where the layer has no dropout). */
  final float[][] mask;

  /** Batch norm: normalised input X̂ per layer (null where none). */
  final float[][] xhat;

  /** Batch norm: 1/√(σ² + eps) per feature (null where none). */
  final float[][] invStd;

  /**
   * Batch statistics of the last training pass, laid out like the layer state: mean, biased var.
   */
  final float[] batchStatistics;

  /** Two alternating gradient buffers of capacity × max width. */
  final float[] deltaA;

  final float[] deltaB;

  /** Head output (probabilities or values) for inference. */
  final float[] output;

  /** Column sums for bias gradients, in double. */
  final double[] columnSums;

  /** Batch norm's per-feature sums in the training passes ({@link BatchNormKernel#scratch}). */
  final double[][] batchNormScratch;

  /** The sparse first layer's column-order batch, made on first use. */
  private SparseColumns sparseColumns;

  Workspace(NetworkSpec spec, ParameterLayout layout, int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("workspace capacity must be positive, got " + capacity);
    }
    this.capacity = capacity;
    int layers = layout.denseLayerCount();
    z = new float[layers][];
    u = new float[layers][];
    h = new float[layers][];
    a = new float[layers][];
    mask = new float[layers][];
    xhat = new float[layers][];
    invStd = new float[layers][];
    // Deltas are only ever of layer outputs (backward stops before the input), so their size does
    // not grow with the input width — which is 100,000s for sparse input.
    int maxOut = 0;
    for (int l = 0; l < layers; l++) {
      int out = layout.dense(l).out();
      maxOut = Math.max(maxOut, out);
      long cells = (long) capacity * out;
      if (cells > Integer.MAX_VALUE - 16) {
        throw new IllegalArgumentException(
            "batch of " + capacity + " rows × width " + out + " does not fit one float[]");
      }
      z[l] = new float[(int) cells];
      boolean hidden = l < spec.hidden().size();
      if (!hidden) {
        continue;
      }
      HiddenLayerSpec hs = spec.hidden().get(l);
      u[l] = hs.batchNorm() ? new float[(int) cells] : z[l];
      h[l] = hs.activation() == Activation.IDENTITY ? u[l] : new float[(int) cells];
      if (hs.dropout() > 0f) {
        mask[l] = new float[(int) cells];
        a[l] = new float[(int) cells];
      } else {
        a[l] = h[l];
      }
      if (hs.batchNorm()) {
        xhat[l] = new float[(int) cells];
        invStd[l] = new float[out];
      }
    }
    batchStatistics = new float[layout.stateSize()];
    int maxCells = capacity * maxOut;
    deltaA = new float[maxCells];
    deltaB = new float[maxCells];
    output = new float[capacity * spec.outputWidth()];
    columnSums = new double[maxOut];
    batchNormScratch = BatchNormKernel.scratch(maxOut);
  }

  SparseColumns sparseColumns() {
    if (sparseColumns == null) {
      sparseColumns = new SparseColumns();
    }
    return sparseColumns;
  }

  /**
   * Batch mean and biased variance of every batch-norm layer from the last training pass, at the
   * running-mean and running-variance offsets of {@link ParameterLayout#batchNorm}. Merge across
   * partitions with {@link BatchNormStatistics}.
   */
  public float[] batchStatistics() {
    return batchStatistics;
  }

  /** The logits of the last pass, row-major {@code [rows, outputWidth]}. */
  public float[] logits() {
    return z[z.length - 1];
  }

  /** The head outputs written by {@link Network#predict}. */
  public float[] output() {
    return output;
  }
}
