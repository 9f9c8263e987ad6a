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

  /**
   * A second gradient still to be added to {@link #gradient}, entry by entry, or null ({@link
   * #addKeepingGradientApart}). Java serialisation adds it first ({@code writeObject}); Kryo's
   * field serialiser would leave it out, so a sum holding one is for the driver's update only,
   * never sent anywhere.
   */
  private transient float[] addend;

  private final double[] batchNormSums;
  private double loss;
  private long rows;
  private double weight;

  public GradientSum(int parameters, int stateSize) {
    this.gradient = new float[parameters];
    this.batchNormSums = new double[stateSize];
  }

  /** Σ gradient (with a kept-apart addend added first: see {@link #addKeepingGradientApart}). */
  public float[] gradient() {
    if (addend != null) {
      addGradient(addend);
      addend = null;
    }
    return gradient;
  }

  /**
   * This sum's gradient without adding a kept-apart addend: Σ gradient is {@code ownGradient() +
   * gradientAddend()} entry by entry (the addend null when there is none). For the parameter
   * server, which adds them in its own pass over the gradient.
   */
  public float[] ownGradient() {
    return gradient;
  }

  /** See {@link #ownGradient()}. */
  public float[] gradientAddend() {
    return addend;
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
    addend = null;
    java.util.Arrays.fill(gradient, 0f);
    java.util.Arrays.fill(batchNormSums, 0.0);
    loss = 0;
    rows = 0;
    weight = 0;
  }

  /** An independent copy with the same bits. */
  public GradientSum copy() {
    GradientSum c = new GradientSum(gradient.length, batchNormSums.length);
    System.arraycopy(gradient(), 0, c.gradient, 0, gradient.length);
    System.arraycopy(batchNormSums, 0, c.batchNormSums, 0, batchNormSums.length);
    c.loss = loss;
    c.rows = rows;
    c.weight = weight;
    return c;
  }

  /** this += other; returns this. */
  public GradientSum add(GradientSum other) {
    addGradient(other.gradient());
    addRest(other);
    return this;
  }

  /**
   * this += other, except that other's gradient is kept apart and added where it is next read: by
   * {@link #gradient()}, or by the parameter server's division, which reads both arrays in the pass
   * it makes anyway (one pass over the gradient less, and the same bits: float addition is
   * commutative, and each entry is still {@code this + other}). {@code other}'s gradient must not
   * change until then. Returns this.
   */
  public GradientSum addKeepingGradientApart(GradientSum other) {
    gradient(); // at most one addend
    addend = other.gradient();
    addRest(other);
    return this;
  }

  /**
   * gradient += g in ranges on {@link UpdateThreads#shared()}: entry by entry, so the bits do not
   * depend on the split.
   */
  private void addGradient(float[] g) {
    float[] sum = gradient;
    UpdateThreads.shared()
        .forEachRange(
            sum.length,
            (r, from, to) -> {
              for (int i = from; i < to; i++) {
                sum[i] += g[i];
              }
            });
  }

  private void addRest(GradientSum other) {
    for (int i = 0; i < batchNormSums.length; i++) {
      batchNormSums[i] += other.batchNormSums[i];
    }
    loss += other.loss;
    rows += other.rows;
    weight += other.weight;
  }

  /** Java serialisation carries the whole sum: a kept-apart addend is added first. */
  private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
    gradient();
    out.defaultWriteObject();
  }

  /** The merged batch-norm statistics, ready to fold into the running state. */
  public BatchNormStatistics batchNormStatistics(ParameterLayout layout) {
    BatchNormStatistics s = new BatchNormStatistics(layout);
    s.addSums(batchNormSums, rows);
    return s;
  }
}
