package org.descent.nn;

/**
 * Forward and backward over a minibatch, as matrix operations through BLAS, in float32. Built from
 * a {@link NetworkSpec}; holds no parameters: they come in as the flat array of {@link
 * ParameterLayout} on every call, so one {@code Network} serves any number of weight versions.
 *
 * <p>A pass's rows are a {@link Minibatch}: views of caller arrays (dense row-major {@code [rows,
 * width]} or sparse CSR features, targets, optional row weights); nothing is copied. Dense layer l
 * computes Z = A·W + b with W stored row-major {@code [in, out]}; to BLAS (column-major) that is Zᵀ
 * = Wᵀ·Aᵀ with no transposes (the products are {@link DenseKernel}'s).
 *
 * <p>With sparse input ({@link SparseRows}, CSR) only the first dense layer differs — sparse ×
 * dense forward and a weight gradient into the touched rows only, in column order ({@link
 * SparseColumns}).
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
   * of the (weighted) loss sum into {@code grad} (adds to it if {@code accumulate}) and the
   * batch-norm batch statistics into {@link Workspace#batchStatistics}. Dropout masks depend only
   * on {@code seed}. The minibatch needs targets; with row weights, row i's loss counts w_i times.
   * Batch-norm statistics stay unweighted (they describe the minibatch, not the loss).
   *
   * @return Σ over rows of w_i times the row's loss (w_i = 1 without weights)
   */
  public double gradient(
      float[] params, Minibatch b, Workspace ws, float[] grad, long seed, boolean accumulate) {
    check(params, b, true, ws);
    layout.checkParameters(grad, "gradient array");
    for (HiddenLayerSpec h : spec.hidden()) {
      if (h.batchNorm() && b.rows() < 2) {
        throw new IllegalArgumentException(
            "batch norm needs at least 2 rows per minibatch to compute a variance, got "
                + b.rows()
                + "; use a larger batch or fewer partitions");
      }
    }
    passes.forward(params, null, b, ws, true, seed);
    double loss = lossOfLastPass(b, ws, ws.deltaA);
    passes.backward(params, b, ws, grad, accumulate);
    return loss;
  }

  /**
   * Inference pass (running statistics, no dropout); the logits are in {@link Workspace#logits}.
   */
  public void forward(float[] params, float[] state, Minibatch b, Workspace ws) {
    check(params, b, false, ws);
    layout.checkState(state);
    passes.forward(params, state, b, ws, false, 0L);
  }

  /**
   * Inference-mode loss sum over the rows (for validation metrics), weighted when the minibatch has
   * row weights.
   */
  public double loss(float[] params, float[] state, Minibatch b, Workspace ws) {
    if (b.targets() == null) {
      throw new IllegalArgumentException("a loss needs the minibatch's targets");
    }
    forward(params, state, b, ws);
    return lossOfLastPass(b, ws, null);
  }

  /**
   * Batched inference: writes the head's outputs (class probabilities, σ for the binary head, raw
   * scores for the hinge head, values for regression) for each row into {@code out} at {@code
   * outOff}, {@code outputWidth} floats per row.
   */
  public void predict(
      float[] params, float[] state, Minibatch b, Workspace ws, float[] out, int outOff) {
    forward(params, state, b, ws);
    int width = spec.outputWidth();
    spec.loss().output(ws.logits(), b.rows(), width, ws.output);
    System.arraycopy(ws.output, 0, out, outOff, b.rows() * width);
  }

  /** The last pass's loss sum from its logits, and its gradient into {@code delta} unless null. */
  private double lossOfLastPass(Minibatch b, Workspace ws, float[] delta) {
    return spec.loss()
        .weightedLossSumAndDelta(
            ws.logits(),
            b.targets(),
            b.targetOffset(),
            b.weights(),
            b.weightOffset(),
            b.rows(),
            spec.outputWidth(),
            delta);
  }

  /** The predicted class of row {@code row} of the last forward pass. */
  public int predictedClass(Workspace ws, int row) {
    return spec.loss().predictClass(ws.logits(), row, spec.outputWidth());
  }

  private void check(float[] params, Minibatch b, boolean training, Workspace ws) {
    int rows = b.rows();
    if (b.isSparse()) {
      checkSparse(b.sparse(), b.sparseRow(), rows);
    } else {
      checkDense(b.dense(), b.denseOffset(), rows);
    }
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
    float[] targets = b.targets();
    if (training && targets == null) {
      throw new IllegalArgumentException("a training pass needs the minibatch's targets");
    }
    if (targets != null) {
      int tOff = b.targetOffset();
      long tNeed = (long) tOff + (long) rows * spec.loss().targetWidth(spec.outputWidth());
      if (tOff < 0 || tNeed > targets.length) {
        throw new IllegalArgumentException(
            "target array holds " + targets.length + " floats; " + rows + " rows need " + tNeed);
      }
    }
    float[] weights = b.weights();
    if (weights != null
        && (b.weightOffset() < 0 || (long) b.weightOffset() + rows > weights.length)) {
      throw new IllegalArgumentException(
          "weight array holds "
              + weights.length
              + " floats; "
              + rows
              + " rows need "
              + ((long) b.weightOffset() + rows));
    }
  }

  private void checkSparse(SparseRows x, int xRow, int rows) {
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
  }

  private void checkDense(float[] x, int xOff, int rows) {
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
}
