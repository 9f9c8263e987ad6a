package org.descent.nn;

/**
 * Forward and backward over a minibatch, as matrix operations through BLAS, in float32. Built from
 * a {@link NetworkSpec}; holds no parameters: they come in as the flat array of {@link
 * ParameterLayout} on every call, so one {@code Network} serves any number of weight versions.
 *
 * <p>Rows are row-major {@code [rows, width]} slices of caller arrays (features at {@code xOff},
 * targets at {@code tOff}); nothing is copied. Dense layer l computes Z = A·W + b with W stored
 * row-major {@code [in, out]}; to BLAS (column-major) that is Zᵀ = Wᵀ·Aᵀ with no transposes (the
 * products are {@link DenseKernel}'s).
 *
 * <p>Sparse input ({@link SparseRows}, CSR) has its own overloads of {@link #gradient}, {@link
 * #forward} and {@link #loss}: only the first dense layer differs — sparse × dense forward and a
 * weight gradient into the touched rows only, in column order ({@link SparseColumns}).
 *
 * <p>Conventions: {@link #gradient} returns the loss <em>sum</em> over the rows and writes the
 * gradient of that sum (not divided by rows), so partitions add and the driver divides once.
 * Regularisation is not included: that is the parameter server's job ({@link Penalty}).
 *
 * <p>Tied layers ({@link Tie}) multiply by their owner's matrix (BLAS transposes it in place for a
 * transposed use, nothing is copied); backward writes the first use's weight gradient and adds the
 * others into the owner's one gradient slot, transposed back where the use was transposed, so the
 * gradient of a shared matrix is the sum over its uses.
 */
public final class Network {
  private final NetworkSpec spec;
  private final ParameterLayout layout;

  private final NetworkPasses passes;

  public Network(NetworkSpec spec) {
    this.spec = spec;
    this.layout = ParameterLayout.of(spec);
    this.passes = new NetworkPasses(spec, layout);
  }

  public NetworkSpec spec() {
    return spec;
  }

  public ParameterLayout layout() {
    return layout;
  }

  /** Buffers for batches of up to {@code capacity} rows; reuse it for every step. */
  public Workspace workspace(int capacity) {
    return new Workspace(spec, layout, capacity);
  }

  /**
   * Training pass: forward with batch statistics and dropout, loss, backward. Writes the gradient
   * of the loss sum into {@code grad} (adds to it if {@code accumulate}) and the batch-norm batch
   * statistics into {@link Workspace#batchStatistics}. Dropout masks depend only on {@code seed}.
   *
   * @return Σ over rows of the per-row loss
   */
  public double gradient(
      float[] params,
      float[] x,
      int xOff,
      float[] targets,
      int tOff,
      int rows,
      Workspace ws,
      float[] grad,
      long seed,
      boolean accumulate) {
    return gradient(params, x, xOff, targets, tOff, null, 0, rows, ws, grad, seed, accumulate);
  }

  /**
   * The training pass of a weighted minibatch: row i's loss counts {@code weights[wOff + i]} (≥ 0)
   * times, so this returns Σ w_i·L_i and writes its gradient; {@code weights == null} weighs every
   * row 1. Batch-norm statistics stay unweighted (they describe the minibatch, not the loss).
   */
  public double gradient(
      float[] params,
      float[] x,
      int xOff,
      float[] targets,
      int tOff,
      float[] weights,
      int wOff,
      int rows,
      Workspace ws,
      float[] grad,
      long seed,
      boolean accumulate) {
    checkCall(params, x, xOff, targets, tOff, rows, ws);
    return trainingPass(
        params, x, xOff, null, 0, targets, tOff, weights, wOff, rows, ws, grad, seed, accumulate);
  }

  /**
   * {@link #gradient(float[], float[], int, float[], int, int, Workspace, float[], long, boolean)}
   * on rows {@code xRow .. xRow+rows-1} of sparse features: the first dense layer multiplies sparse
   * × dense and its weight gradient is scattered into the rows of the columns present, so the cost
   * of that layer is in the non-zeros rather than the input width.
   */
  public double gradient(
      float[] params,
      SparseRows x,
      int xRow,
      float[] targets,
      int tOff,
      int rows,
      Workspace ws,
      float[] grad,
      long seed,
      boolean accumulate) {
    return gradient(params, x, xRow, targets, tOff, null, 0, rows, ws, grad, seed, accumulate);
  }

  /**
   * The weighted training pass ({@link #gradient(float[], float[], int, float[], int, float[], int,
   * int, Workspace, float[], long, boolean)}) on sparse rows; {@code weights == null} weighs every
   * row 1.
   */
  public double gradient(
      float[] params,
      SparseRows x,
      int xRow,
      float[] targets,
      int tOff,
      float[] weights,
      int wOff,
      int rows,
      Workspace ws,
      float[] grad,
      long seed,
      boolean accumulate) {
    checkSparseCall(params, x, xRow, targets, tOff, rows, ws);
    return trainingPass(
        params, null, 0, x, xRow, targets, tOff, weights, wOff, rows, ws, grad, seed, accumulate);
  }

  private double trainingPass(
      float[] params,
      float[] x,
      int xOff,
      SparseRows sx,
      int xRow,
      float[] targets,
      int tOff,
      float[] weights,
      int wOff,
      int rows,
      Workspace ws,
      float[] grad,
      long seed,
      boolean accumulate) {
    layout.checkParameters(grad, "gradient array");
    if (weights != null && (long) wOff + rows > weights.length) {
      throw new IllegalArgumentException(
          "weight array holds "
              + weights.length
              + " floats; "
              + rows
              + " rows need "
              + (wOff + rows));
    }
    for (HiddenLayerSpec h : spec.hidden()) {
      if (h.batchNorm() && rows < 2) {
        throw new IllegalArgumentException(
            "batch norm needs at least 2 rows per minibatch to compute a variance, got "
                + rows
                + "; use a larger batch or fewer partitions");
      }
    }
    passes.forward(params, null, x, xOff, sx, xRow, rows, ws, true, seed);
    float[] logits = ws.logits();
    double loss =
        spec.loss()
            .weightedLossSumAndDelta(
                logits, targets, tOff, weights, wOff, rows, spec.outputWidth(), ws.deltaA);
    passes.backward(params, x, xOff, sx, xRow, rows, ws, grad, accumulate);
    return loss;
  }

  /**
   * Inference pass (running statistics, no dropout); the logits are in {@link Workspace#logits}.
   */
  public void forward(float[] params, float[] state, float[] x, int xOff, int rows, Workspace ws) {
    checkCall(params, x, xOff, null, 0, rows, ws);
    layout.checkState(state);
    passes.forward(params, state, x, xOff, null, 0, rows, ws, false, 0L);
  }

  /** {@link #forward(float[], float[], float[], int, int, Workspace)} on sparse rows. */
  public void forward(
      float[] params, float[] state, SparseRows x, int xRow, int rows, Workspace ws) {
    checkSparseCall(params, x, xRow, null, 0, rows, ws);
    layout.checkState(state);
    passes.forward(params, state, null, 0, x, xRow, rows, ws, false, 0L);
  }

  /** {@link #loss(float[], float[], float[], int, float[], int, int, Workspace)} on sparse rows. */
  public double loss(
      float[] params,
      float[] state,
      SparseRows x,
      int xRow,
      float[] targets,
      int tOff,
      int rows,
      Workspace ws) {
    checkSparseCall(params, x, xRow, targets, tOff, rows, ws);
    layout.checkState(state);
    passes.forward(params, state, null, 0, x, xRow, rows, ws, false, 0L);
    return spec.loss().lossSumAndDelta(ws.logits(), targets, tOff, rows, spec.outputWidth(), null);
  }

  /** Inference-mode loss sum over the rows (for validation metrics). */
  public double loss(
      float[] params,
      float[] state,
      float[] x,
      int xOff,
      float[] targets,
      int tOff,
      int rows,
      Workspace ws) {
    forward(params, state, x, xOff, rows, ws);
    return spec.loss().lossSumAndDelta(ws.logits(), targets, tOff, rows, spec.outputWidth(), null);
  }

  /**
   * Batched inference: writes the head's outputs (class probabilities, σ for the binary head, raw
   * scores for the hinge head, values for regression) for each row into {@code out} at {@code
   * outOff}, {@code outputWidth} floats per row.
   */
  public void predict(
      float[] params,
      float[] state,
      float[] x,
      int xOff,
      int rows,
      Workspace ws,
      float[] out,
      int outOff) {
    forward(params, state, x, xOff, rows, ws);
    int width = spec.outputWidth();
    spec.loss().output(ws.logits(), rows, width, ws.output);
    System.arraycopy(ws.output, 0, out, outOff, rows * width);
  }

  /**
   * {@link #predict(float[], float[], float[], int, int, Workspace, float[], int)} on rows {@code
   * xRow .. xRow+rows-1} of sparse features.
   */
  public void predict(
      float[] params,
      float[] state,
      SparseRows x,
      int xRow,
      int rows,
      Workspace ws,
      float[] out,
      int outOff) {
    forward(params, state, x, xRow, rows, ws);
    int width = spec.outputWidth();
    spec.loss().output(ws.logits(), rows, width, ws.output);
    System.arraycopy(ws.output, 0, out, outOff, rows * width);
  }

  /** The predicted class of row {@code row} of the last forward pass. */
  public int predictedClass(Workspace ws, int row) {
    return spec.loss().predictClass(ws.logits(), row, spec.outputWidth());
  }

  private void checkSparseCall(
      float[] params, SparseRows x, int xRow, float[] targets, int tOff, int rows, Workspace ws) {
    if (x.width() != spec.inputWidth()) {
      throw new IllegalArgumentException(
          "sparse rows have width " + x.width() + ", the network takes " + spec.inputWidth());
    }
    if (layout.dense(0).transposed()) {
      throw new IllegalArgumentException(
          "sparse input cannot feed dense layer 1 while it uses another layer's matrix"
              + " transposed (tie "
              + spec.tieOf(0).configText()
              + "); tie the other way round (the later layer uses layer 1's matrix) or use"
              + " dense input");
    }
    if (xRow < 0 || (long) xRow + rows > x.rows()) {
      throw new IllegalArgumentException(
          "sparse rows hold " + x.rows() + " rows; " + rows + " from row " + xRow + " do not fit");
    }
    checkShapes(params, targets, tOff, rows, ws);
  }

  private void checkCall(
      float[] params, float[] x, int xOff, float[] targets, int tOff, int rows, Workspace ws) {
    checkShapes(params, targets, tOff, rows, ws);
    long need = (long) xOff + (long) rows * spec.inputWidth();
    if (xOff < 0 || need > x.length) {
      throw new IllegalArgumentException(
          "feature array holds "
              + x.length
              + " floats; "
              + rows
              + " rows of width "
              + spec.inputWidth()
              + " from offset "
              + xOff
              + " need "
              + need);
    }
  }

  private void checkShapes(float[] params, float[] targets, int tOff, int rows, Workspace ws) {
    layout.checkParameters(params, "parameter array");
    if (rows <= 0) {
      throw new IllegalArgumentException("a minibatch needs at least one row, got " + rows);
    }
    if (rows > ws.capacity) {
      throw new IllegalArgumentException(
          "minibatch of " + rows + " rows exceeds the workspace capacity of " + ws.capacity);
    }
    if (ws.z.length != layout.denseLayerCount()
        || ws.z[0].length != ws.capacity * layout.dense(0).out()) {
      throw new IllegalArgumentException("workspace was built for a different network");
    }
    if (targets != null) {
      long tNeed = (long) tOff + (long) rows * spec.loss().targetWidth(spec.outputWidth());
      if (tOff < 0 || tNeed > targets.length) {
        throw new IllegalArgumentException(
            "target array holds " + targets.length + " floats; " + rows + " rows need " + tNeed);
      }
    }
  }
}
