package org.descent.nn;

/**
 * Merges batch-norm batch statistics across partitions and folds them into the running state. Each
 * partition reports, per feature, its batch mean μ_p and biased variance σ²_p over n_p rows. The
 * merged statistics are those of the union of the rows: μ = Σ n_p μ_p / N and σ² = Σ n_p (σ²_p +
 * μ_p²) / N − μ²; the running variance takes the unbiased σ²·N/(N − 1), as PyTorch does. With one
 * partition this is exactly PyTorch's update.
 */
public final class BatchNormStatistics {
  private final ParameterLayout layout;
  private final double[] sums; // per state slot: Σ n·μ at mean slots, Σ n·(σ² + μ²) at var slots
  private long rows;

  public BatchNormStatistics(ParameterLayout layout) {
    this.layout = layout;
    this.sums = new double[layout.stateSize()];
  }

  /** Adds one partition's statistics ({@link Workspace#batchStatistics}) over {@code n} rows. */
  public void add(float[] batchStatistics, long n) {
    addTo(sums, layout, batchStatistics, n);
    rows += n;
  }

  /**
   * Adds one partition's statistics over {@code n} rows to raw {@code sums} (the layout of {@link
   * #sums()}): what {@link #add} does, for a caller that keeps its own sums and allocates nothing.
   */
  public static void addTo(double[] sums, ParameterLayout layout, float[] batchStatistics, long n) {
    for (int l = 0; l < layout.denseLayerCount(); l++) {
      ParameterLayout.BatchNorm bn = layout.batchNorm(l);
      if (bn == null) {
        continue;
      }
      for (int c = 0; c < bn.width(); c++) {
        double mean = batchStatistics[bn.runningMeanOffset() + c];
        double var = batchStatistics[bn.runningVarOffset() + c];
        sums[bn.runningMeanOffset() + c] += n * mean;
        sums[bn.runningVarOffset() + c] += n * (var + mean * mean);
      }
    }
  }

  /** Adds another accumulator (the merge step of an aggregation tree). */
  public void merge(BatchNormStatistics other) {
    for (int i = 0; i < sums.length; i++) {
      sums[i] += other.sums[i];
    }
    rows += other.rows;
  }

  public long rows() {
    return rows;
  }

  /** The raw sums, for shipping through an aggregation. */
  public double[] sums() {
    return sums;
  }

  /** Adds raw sums received from elsewhere (same layout) over {@code n} rows. */
  public void addSums(double[] otherSums, long n) {
    for (int i = 0; i < sums.length; i++) {
      sums[i] += otherSums[i];
    }
    rows += n;
  }

  /**
   * running ← (1 − m)·running + m·batch, with the merged mean and unbiased variance. Does nothing
   * when no rows were added or the network has no batch norm.
   */
  public void applyTo(float[] state, float momentum) {
    if (rows == 0 || sums.length == 0) {
      return;
    }
    for (int l = 0; l < layout.denseLayerCount(); l++) {
      ParameterLayout.BatchNorm bn = layout.batchNorm(l);
      if (bn == null) {
        continue;
      }
      for (int c = 0; c < bn.width(); c++) {
        int mi = bn.runningMeanOffset() + c;
        int vi = bn.runningVarOffset() + c;
        double mean = sums[mi] / rows;
        double biased = Math.max(0.0, sums[vi] / rows - mean * mean);
        double unbiased = rows > 1 ? biased * rows / (rows - 1) : biased;
        state[mi] = (float) ((1 - momentum) * state[mi] + momentum * mean);
        state[vi] = (float) ((1 - momentum) * state[vi] + momentum * unbiased);
      }
    }
  }

  /** Fresh running state: mean 0, variance 1 (PyTorch's initial values). */
  public static float[] initialState(ParameterLayout layout) {
    float[] state = new float[layout.stateSize()];
    for (int l = 0; l < layout.denseLayerCount(); l++) {
      ParameterLayout.BatchNorm bn = layout.batchNorm(l);
      if (bn != null) {
        java.util.Arrays.fill(state, bn.runningVarOffset(), bn.runningVarOffset() + bn.width(), 1f);
      }
    }
    return state;
  }
}
