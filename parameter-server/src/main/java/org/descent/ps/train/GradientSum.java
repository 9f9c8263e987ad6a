package org.descent.ps.train;

import java.io.Serializable;
import org.descent.nn.BatchNormStatistics;
import org.descent.nn.ParameterLayout;
import org.descent.ps.UpdateThreads;

/**
 * What partitions send to the driver each step: Σ gradient, Σ loss, rows, Σ row weights and the
 * batch-norm statistic sums. Adding two of them is the merge of an aggregation tree; the driver
 * divides by the total rows once ({@link org.descent.ps.ParameterServer#apply}).
 */
public final class GradientSum implements Serializable {
  private static final long serialVersionUID = 1L;

  private final float[] gradient;
  private final double[] batchNormSums;
  private double loss;
  private long rows;
  private double weight;

  public GradientSum(int parameters, int stateSize) {
    this.gradient = new float[parameters];
    this.batchNormSums = new double[stateSize];
  }

  public float[] gradient() {
    return gradient;
  }

  public double loss() {
    return loss;
  }

  public long rows() {
    return rows;
  }

  /** Σ of the rows' weights: the divisor of the step (equal to {@link #rows} when unweighted). */
  public double weight() {
    return weight;
  }

  /** The raw batch-norm sums (see {@link BatchNormStatistics#sums}). */
  public double[] batchNormSums() {
    return batchNormSums;
  }

  /**
   * Adds a loss sum over {@code n} rows of total weight {@code weightSum}; also how a sum received
   * from another JVM is rebuilt after {@link #clear}.
   */
  public void addLoss(double lossSum, long n, double weightSum) {
    loss += lossSum;
    rows += n;
    weight += weightSum;
  }

  /** Back to zero, for reuse across steps. */
  public void clear() {
    java.util.Arrays.fill(gradient, 0f);
    java.util.Arrays.fill(batchNormSums, 0.0);
    loss = 0;
    rows = 0;
    weight = 0;
  }

  /** An independent copy with the same bits. */
  public GradientSum copy() {
    GradientSum c = new GradientSum(gradient.length, batchNormSums.length);
    System.arraycopy(gradient, 0, c.gradient, 0, gradient.length);
    System.arraycopy(batchNormSums, 0, c.batchNormSums, 0, batchNormSums.length);
    c.loss = loss;
    c.rows = rows;
    c.weight = weight;
    return c;
  }

  /**
   * this += other; returns this. A large gradient is added in ranges on {@link
   * UpdateThreads#shared()}: entry by entry, so the bits do not depend on the split.
   */
  public GradientSum add(GradientSum other) {
    float[] g = other.gradient;
    float[] sum = gradient;
    UpdateThreads.shared()
        .forEachRange(
            sum.length,
            (r, from, to) -> {
              for (int i = from; i < to; i++) {
                sum[i] += g[i];
              }
            });
    for (int i = 0; i < batchNormSums.length; i++) {
      batchNormSums[i] += other.batchNormSums[i];
    }
    loss += other.loss;
    rows += other.rows;
    weight += other.weight;
    return this;
  }

  /** The merged batch-norm statistics, ready to fold into the running state. */
  public BatchNormStatistics batchNormStatistics(ParameterLayout layout) {
    BatchNormStatistics s = new BatchNormStatistics(layout);
    s.addSums(batchNormSums, rows);
    return s;
  }
}
