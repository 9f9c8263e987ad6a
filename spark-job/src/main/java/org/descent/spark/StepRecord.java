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
 * @param broadcastNanos the weights' way to the tasks: with a job per step, broadcasting them and
 *     destroying the previous broadcast on the driver, plus the slowest task's wait for the value;
 *     with resident tasks in memory, publishing them; with resident tasks on a cluster, half of the
 *     network's share of the slowest executor's round trip (the time from publishing the weights to
 *     its gradients' arrival that it did not spend computing and summing; the executors' clocks are
 *     not the driver's, so the two directions cannot be told apart)
 * @param computeNanos the slowest task's gradient computation (PartitionStep)
 * @param aggregateNanos the gradients' way back: with a job per step, the rest of the gradient job
 *     (task and result serialisation, transfer, the ordered sum; and scheduling, when it cannot be
 *     measured); with resident tasks, the driver's sum and, on a cluster, the other half of the
 *     network's share and the executors' own sums
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

  /**
   * A step's record from its times: begun at {@code start}, weights ready for the tasks at {@code
   * ready}, results summed at {@code job}, updated at {@code end}, {@code submit} of the update's
   * time spent submitting the next step's job.
   */
  static StepRecord of(
      PartitionResult r,
      int epoch,
      long step,
      long start,
      long ready,
      long job,
      long end,
      long submit) {
    org.descent.ps.train.GradientSum sum = r.sum();
    // Local mode: what follows the last task is aggregation; the rest of the job that is neither
    // the slowest task's fetch nor its compute is launching tasks and waiting for a free core.
    // Submitting the next step's job is scheduling too, though it happens before the update.
    // The slowest fetch and the slowest compute may be two tasks': together they may exceed the
    // time from the weights to the last task's end, which bounds them.
    long compute = r.computeNanos();
    long fetch = r.fetchNanos();
    if (r.lastEndedAt() >= 0) {
      long span = Math.max(0, r.lastEndedAt() - ready);
      compute = Math.min(compute, span);
      fetch = Math.min(fetch, span - compute);
    }
    long taskPart = compute + fetch;
    long afterTasks = r.lastEndedAt() < 0 ? -1 : Math.max(0, job - r.lastEndedAt());
    long scheduling = afterTasks < 0 ? 0 : Math.max(0, job - ready - taskPart - afterTasks);
    return new StepRecord(
        step + 1,
        epoch,
        sum.loss() / sum.weight(),
        sum.rows(),
        end - start,
        ready - start + fetch,
        compute,
        job - ready - taskPart - scheduling,
        end - job - submit,
        scheduling + submit);
  }
}
