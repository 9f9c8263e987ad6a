package org.descent.spark;

import java.io.Serializable;
import org.apache.logging.log4j.LogManager;
import org.apache.spark.Dependency;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.SimpleFutureAction;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import org.descent.ps.train.DataBlock;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * One epoch of steps, or every epoch of a run ({@link RunSteps}), as one Spark job: a resident
 * {@link EpochTask} per partition runs every step, meeting the driver on a {@link ResidentExchange}
 * instead of a job per step. A step job costs scheduling a stage, launching and serialising tasks,
 * broadcasting the weights and returning results through the scheduler (≈ 5-8 ms a step in local
 * mode, 25-50 ms on a small standalone cluster); resident tasks pay for none of it, and give the
 * same bits.
 *
 * <p>Only when every partition's task can run at once ({@link StepTransport#choose}): a resident
 * task holds its core for the job, and a step needs all of them. The stage runs in barrier mode, so
 * Spark launches all of its tasks together or none. Spark still schedules and cancels the tasks: a
 * cancelled job ends training with Spark's error. A failed task fails the job (Spark does not rerun
 * a barrier result stage); on a cluster the trainer then relaunches a job from the step it had not
 * applied ({@link DistributedTrainer}), with a new exchange: the failed job's late messages name
 * its own exchange and are dropped.
 */
final class EpochJob implements AutoCloseable {
  /** How long {@link #close} waits for the tasks to return before it cancels the job. */
  private static final long QUIET_END_MILLIS = 1_000;

  /** How long {@link #close} waits for Spark to end a cancelled job. */
  private static final long CANCEL_WAIT_MILLIS = 30_000;

  private final ResidentExchange exchange;
  private final SimpleFutureAction<Object> job;
  private final SlotGuard guard;
  private final boolean lateFailureHarmless;
  private boolean finished;
  private boolean closed;
  private long startedAt;
  private long publishedAt;

  /** Tasks this local master runs at once. */
  static int localSlots(SparkConf conf) {
    return localSlots(conf.get("spark.master", ""), conf.getInt("spark.task.cpus", 1));
  }

  /** F of {@code local[N,F]}, the attempts a task gets; 1 for every other local master. */
  static int localTaskAttempts(String master) {
    String[] parts = master.startsWith("local[") ? master.substring(6).split(",") : new String[0];
    return parts.length == 2 ? Integer.parseInt(parts[1].replace("]", "").trim()) : 1;
  }

  /**
   * What barrier mode requires of the RDDs in the tasks' stage: every one up to the last shuffle
   * has the tasks' partition count (no {@code coalesce} or {@code union} inside the stage).
   */
  static boolean sameStageSamePartitions(RDD<?> rdd, int parts) {
    if (rdd.getNumPartitions() != parts) {
      return false;
    }
    for (Dependency<?> d : CollectionConverters.asJava(rdd.dependencies())) {
      if (!(d instanceof ShuffleDependency<?, ?, ?>) && !sameStageSamePartitions(d.rdd(), parts)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Tasks that run at once on {@code local}, {@code local[N]}, {@code local[*]}, {@code
   * local[N,F]}.
   */
  static int localSlots(String master, int cpusPerTask) {
    int cores;
    if (master.equals("local")) {
      cores = 1;
    } else if (master.startsWith("local[")) {
      String n = master.substring(6, master.length() - 1).split(",")[0].trim();
      cores = n.equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(n);
    } else {
      return 0;
    }
    return cores / Math.max(1, cpusPerTask);
  }

  /**
   * Submits {@code task} on every partition of {@code blocks} as one barrier job; the tasks wait
   * for the first {@link #publish} on {@code exchange}. With {@code holdsEverySlot}, a Spark job
   * the training thread starts meanwhile fails at once ({@link SlotGuard}) instead of waiting. With
   * {@code lateFailureHarmless}, a task that fails after the job's last step was summed (an
   * executor lost as the tasks return) is logged, not thrown: the job's work is done.
   */
  EpochJob(
      JavaRDD<DataBlock> blocks,
      ResidentExchange exchange,
      EpochTask task,
      boolean holdsEverySlot,
      boolean lateFailureHarmless) {
    this.exchange = exchange;
    this.lateFailureHarmless = lateFailureHarmless;
    try {
      // Barrier mode: Spark launches the epoch's tasks all at once or not at all, so two runs
      // sharing the slots (a CrossValidator's parallel fits, FAIR pools) cannot each hold some
      // of them and wait forever for the rest.
      RDD<PartitionResult> tasks =
          blocks
              .rdd()
              .barrier()
              .mapPartitionsWithIndex(
                  new Resident(task), false, ClassTag$.MODULE$.apply(PartitionResult.class));
      this.job = AllPartitions.submit(tasks, new Drain(), new Ignore());
    } catch (RuntimeException e) {
      exchange.end();
      throw e;
    }
    this.guard = holdsEverySlot ? new SlotGuard(blocks.context(), exchange.id()) : null;
  }

  /**
   * Gives the tasks step {@code stepInEpoch} of {@code epoch} (global {@code step}) at {@code
   * weights}, which nobody may change until {@link #await} has every partition's result; the step's
   * time began at {@code startedAt} ({@code System.nanoTime}).
   */
  void publish(int epoch, int stepInEpoch, long step, float[] weights, long startedAt) {
    this.startedAt = startedAt;
    this.publishedAt = exchange.publish(epoch, stepInEpoch, step, weights);
  }

  /** Whether {@link #close} was called (after an error the driver has seen). */
  boolean closed() {
    return closed;
  }

  /** Whether the tasks still wait for steps: neither ended, closed nor failed. */
  boolean live() {
    return !finished && !closed && !job.isCompleted();
  }

  /** When the published step's time began. */
  long startedAt() {
    return startedAt;
  }

  /** When its weights were published. */
  long publishedAt() {
    return publishedAt;
  }

  /** Every partition's result for the published step, summed in {@link PartitionTree}'s order. */
  PartitionResult await() {
    PartitionResult total;
    try {
      total = exchange.awaitSum(() -> !job.isCompleted());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the epoch's tasks", e);
    }
    if (total == null) {
      rethrowFailure();
      throw new IllegalStateException("the epoch's tasks ended before the step was done");
    }
    return total;
  }

  /** The job's last step is done: lets the tasks return and waits for the job to end. */
  void finish() {
    closeGuard();
    exchange.end();
    if (!awaitEnd(Long.MAX_VALUE)) {
      throw new IllegalStateException("interrupted while the epoch's tasks ended");
    }
    finished = true;
    if (lateFailureHarmless && failed()) {
      LogManager.getLogger(DistributedTrainer.class)
          .warn(
              "the resident tasks failed after their last step was applied; training goes on: {}",
              failure().getMessage());
      return;
    }
    rethrowFailure();
  }

  /** What failed the job, once it {@link #failed}. */
  Throwable failure() {
    return job.value().get().failed().get();
  }

  /** Whether the job has ended with a failure (a lost executor, a failed task). */
  boolean failed() {
    return job.isCompleted() && job.value().get().isFailure();
  }

  /**
   * After an error on the driver: lets the waiting tasks return, so the job ends without a failed
   * task per partition in the log beside the error that stopped training; cancels it if it has not
   * ended within a second (a task still in a step), and waits (bounded) for its end.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeGuard();
    if (!finished) {
      exchange.end();
      if (!awaitEnd(QUIET_END_MILLIS) || !job.isCompleted()) {
        job.cancel();
        awaitEnd(CANCEL_WAIT_MILLIS);
      }
    }
  }

  private void closeGuard() {
    if (guard != null) {
      guard.close();
    }
  }

  /** Waits up to {@code millis} for the job to end; false if interrupted. */
  private boolean awaitEnd(long millis) {
    long deadline = System.nanoTime() + Math.min(millis, Long.MAX_VALUE / 2_000_000) * 1_000_000;
    while (!job.isCompleted() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /** Throws what failed the job, as a step's job failure is thrown (Spark's exception). */
  private void rethrowFailure() {
    if (job.isCompleted()) {
      job.value().get().get();
    }
  }

  /** An {@link EpochTask} as the function of a barrier stage. */
  private static final class Resident
      extends AbstractFunction2<
          Object, scala.collection.Iterator<DataBlock>, scala.collection.Iterator<PartitionResult>>
      implements Serializable {
    private static final long serialVersionUID = 1L;
    private final EpochTask task;

    Resident(EpochTask task) {
      this.task = task;
    }

    @Override
    public scala.collection.Iterator<PartitionResult> apply(
        Object partition, scala.collection.Iterator<DataBlock> blocks) {
      return CollectionConverters.asScala(
          task.call((Integer) partition, CollectionConverters.asJava(blocks)));
    }
  }

  /** Drains a task's (empty) output. */
  private static final class Drain
      extends AbstractFunction1<scala.collection.Iterator<PartitionResult>, BoxedUnit>
      implements Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public BoxedUnit apply(scala.collection.Iterator<PartitionResult> it) {
      while (it.hasNext()) {
        it.next();
      }
      return BoxedUnit.UNIT;
    }
  }

  private static final class Ignore extends AbstractFunction2<Object, BoxedUnit, BoxedUnit> {
    @Override
    public BoxedUnit apply(Object index, BoxedUnit nothing) {
      return BoxedUnit.UNIT;
    }
  }
}
