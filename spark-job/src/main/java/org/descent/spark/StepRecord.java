package org.descent.spark;

/**
 * One training step as the driver saw it, for progress logs and metrics files. Times are wall
 * nanoseconds on the driver, except {@code computeNanos}, the slowest task's gradient computation.
 *
 * @param step 1-based global step (the parameter server's step after it)
 * @param epoch 1-based epoch
 * @param loss the minibatch's mean data loss at the weights before the update
 * @param rows rows in the global minibatch
 * @param stepNanos the whole step: broadcast + job + update (a pipelined step starts when the
 *     previous update ends, its job having been submitted before that update)
 * @param broadcastNanos broadcasting the weights and destroying the previous broadcast on the
 *     driver, plus the slowest task's wait for the broadcast value
 * @param computeNanos the slowest task's gradient computation (PartitionStep)
 * @param aggregateNanos the rest of the gradient job: task and result serialisation, transfer and
 *     the ordered tree sum (and scheduling, when it cannot be measured)
 * @param schedulingNanos the gradient job's time before the last task ended that is not the slowest
 *     task's fetch or compute: launching tasks, task deserialisation, waiting for a free core (more
 *     partitions than cores), imbalance. Measured when the tasks run in the driver's JVM (local
 *     mode); 0 elsewhere, where it is part of aggregate. With local mode's pipelined steps it also
 *     holds submitting the next step's job, which the driver does before this step's update
 * @param updateNanos batch-norm statistics folded into the layer state and the parameter server's
 *     update
 */
public record StepRecord(
    long step,
    int epoch,
    double loss,
    long rows,
    long stepNanos,
    long broadcastNanos,
    long computeNanos,
    long aggregateNanos,
    long updateNanos,
    long schedulingNanos) {

  /** Step time minus compute: what Spark and the update cost this step. */
  public long overheadNanos() {
    return stepNanos - computeNanos;
  }
}
