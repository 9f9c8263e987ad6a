package org.descent.spark;

import java.io.Serializable;
import java.util.function.BooleanSupplier;

/**
 * Where the driver and the resident tasks of one epoch ({@link EpochJob}) meet every step: the
 * driver {@linkplain #publish publishes} a step's weights, each task computes its partition's
 * gradient and hands it back, the driver {@linkplain #awaitSum takes the sum} (in {@link
 * PartitionTree}'s order), updates, and publishes the next step. In local mode the tasks run in the
 * driver's JVM and meet it in memory ({@link StepExchange}); on a cluster they meet it over Spark's
 * network transport, each executor summing its own tasks' gradients first ({@link NetworkExchange},
 * {@link ExecutorSteps}).
 */
interface ResidentExchange {
  /** One step's weights as a task receives them, with the epoch whose plan picks its rows. */
  record Published(int epoch, int stepInEpoch, long step, float[] weights, long publishedAt) {}

  long id();

  /**
   * Gives global step {@code step} (step {@code stepInEpoch} of {@code epoch}) and its weights to
   * the tasks; returns when, on {@code System.nanoTime}. Nobody may change the weights until {@link
   * #awaitSum} has returned this step's sum. Steps are published in increasing global order; one
   * exchange may carry the steps of several epochs (a job for the whole run).
   */
  long publish(int epoch, int stepInEpoch, long step, float[] weights);

  /**
   * Waits until every partition's result for the published step is in and returns their sum; null
   * when {@code stillRunning} (asked every few milliseconds) says the tasks are gone.
   */
  PartitionResult awaitSum(BooleanSupplier stillRunning) throws InterruptedException;

  /** No more steps (the job's last epoch is over, or training stopped): waiting tasks return. */
  void end();

  /** How a resident task, inside Spark, reaches its end of the exchange; travels in the closure. */
  interface Meeting extends Serializable {
    /** The task of {@code partition} joins; it {@linkplain TaskEnd#leave leaves} when done. */
    TaskEnd join(int partition, int parameters, int stateSize);
  }

  /** A resident task's computation of one step: its result for {@code step}, timed. */
  interface StepWork {
    /**
     * Computes the task's result for {@code step}, given that the computing thread began waiting
     * for it at {@code waitFrom} and had it at {@code fetched} (both {@code System.nanoTime}).
     */
    PartitionResult compute(Published step, long waitFrom, long fetched);
  }

  /** A task's end of the exchange. */
  interface TaskEnd {
    /**
     * Runs the task's steps with {@code work} until the exchange ends: by default in the calling
     * task thread, which waits for each step ({@link #next}) and hands its result ({@link #hand}).
     * An end may run {@code work} where the weights arrive instead (see {@link ExecutorSteps}).
     */
    default void serve(int partition, StepWork work) {
      long done = -1;
      while (true) {
        long waitFrom = System.nanoTime();
        Published p = next(done);
        if (p == null) {
          return;
        }
        PartitionResult out = work.compute(p, waitFrom, System.nanoTime());
        hand(p.step(), partition, out, out.computeNanos());
        done = p.step();
      }
    }

    /**
     * The published step after global step {@code done} (-1: the first), waiting for it, across
     * epochs; null once the exchange has ended. The weights are read-only, and only until the task
     * hands its result.
     */
    Published next(long done);

    /**
     * The task's result for global step {@code step}, which it computed in {@code computeNanos};
     * the buffer is read until the task is given the next step.
     */
    void hand(long step, int partition, PartitionResult result, long computeNanos);

    void leave();
  }

  /**
   * Waits on {@code monitor} (held by the caller) until {@code ready}, checking every {@code
   * millis} whether Spark has killed the calling task: the wait of a resident task for its next
   * step.
   */
  static void awaitInTask(Object monitor, java.util.function.BooleanSupplier ready, long millis) {
    while (!ready.getAsBoolean()) {
      try {
        monitor.wait(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for the next training step", e);
      }
      org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
      if (task != null) {
        task.killTaskIfInterrupted();
      }
    }
  }
}
