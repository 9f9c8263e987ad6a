package org.descent.spark;

import java.io.Serializable;
import org.descent.ps.train.GradientSum;

/**
 * What one task returns for one step: the partition's {@link GradientSum}, the index of the first
 * partition it covers (merges happen in partition order, so the sum is deterministic), and the
 * task-side times (the maximum over the tasks merged into it). Kryo-registered; travels with Kryo's
 * field serialiser.
 */
final class PartitionResult implements Serializable {
  private static final long serialVersionUID = 1L;

  private final GradientSum sum;
  private int first;
  private long computeNanos;
  private long fetchNanos;
  private long endedAt = -1;

  PartitionResult(int parameters, int stateSize) {
    this.sum = new GradientSum(parameters, stateSize);
  }

  private PartitionResult(PartitionResult other) {
    this.sum = other.sum.copy();
    this.first = other.first;
    this.computeNanos = other.computeNanos;
    this.fetchNanos = other.fetchNanos;
    this.endedAt = other.endedAt;
  }

  /** An independent copy with the same bits (the task's own buffer is reused next step). */
  PartitionResult copy() {
    return new PartitionResult(this);
  }

  /** Floats and doubles it holds, for bounding what {@link LocalHandOver} keeps. */
  long size() {
    return sum.ownGradient().length + (long) sum.batchNormSums().length;
  }

  /** Back to zero for {@code partition}, for reuse by the next step. */
  PartitionResult reset(int partition) {
    sum.clear();
    first = partition;
    computeNanos = 0;
    fetchNanos = 0;
    endedAt = -1;
    return this;
  }

  /**
   * The task's times; {@code endedAt} is its end on the driver's {@code System.nanoTime} clock when
   * the task ran in the driver's JVM (local mode), else -1.
   */
  void times(long endedAt, long fetch, long compute) {
    this.endedAt = endedAt;
    fetchNanos = fetch;
    computeNanos = compute;
  }

  GradientSum sum() {
    return sum;
  }

  int first() {
    return first;
  }

  /** The slowest task's gradient computation. */
  long computeNanos() {
    return computeNanos;
  }

  /** The slowest task's wait for the weights broadcast. */
  long fetchNanos() {
    return fetchNanos;
  }

  /** When the last task ended, on the driver's clock (local mode); -1 when unknown. */
  long lastEndedAt() {
    return endedAt;
  }

  /** this += other (the other covers later partitions); returns this. */
  PartitionResult merge(PartitionResult other) {
    sum.add(other.sum);
    return mergeTimes(other);
  }

  /**
   * As {@link #merge}, the gradients' addition left to the parameter server's division pass ({@link
   * GradientSum#addKeepingGradientApart}): for the root of a step's sum on the driver, whose
   * gradient is read only by the update. {@code other}'s buffers must stay as they are until then.
   */
  PartitionResult mergeKeepingGradientApart(PartitionResult other) {
    sum.addKeepingGradientApart(other.sum);
    return mergeTimes(other);
  }

  private PartitionResult mergeTimes(PartitionResult other) {
    first = Math.min(first, other.first);
    computeNanos = Math.max(computeNanos, other.computeNanos);
    fetchNanos = Math.max(fetchNanos, other.fetchNanos);
    endedAt = endedAt < 0 || other.endedAt < 0 ? -1 : Math.max(endedAt, other.endedAt);
    return this;
  }
}
