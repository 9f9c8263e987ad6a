package org.descent.ps.train;

import java.util.function.Consumer;

/**
 * Where a run's steps are computed: in this process ({@link LocalTrainer}) or by Spark tasks (a job
 * per step, or resident tasks meeting the driver in memory or over the network). {@link
 * TrainingLoop} owns everything else — epochs, the update, metrics, early stopping, checkpoints —
 * so a step path only turns the parameter server's current weights into a step's {@link
 * GradientSum}.
 *
 * @param <R> what a step path reports of each step (timings, for Spark), handed to the loop's step
 *     listener
 */
public interface StepPath<R> {
  /**
   * Epoch {@code epoch}'s steps from step {@code stepInEpoch} (0-based; later than 0 when a run
   * resumes mid-epoch), whose global step (0-based, counting steps without rows) is {@code step}.
   */
  Epoch<R> open(int epoch, int stepInEpoch, long step);

  /** The run's last epoch is done, or early stopping ended the run: nothing more will be opened. */
  default void finish() {}

  /** One epoch's steps, run in order. */
  interface Epoch<R> extends AutoCloseable {
    /**
     * Runs step {@code stepInEpoch} (global {@code step}) at the parameter server's current
     * weights: computes the sum of every row's gradient, hands it to {@code update} (the loop's,
     * which records and applies it) and, when {@code more}, may ready the next step from the
     * updated weights. The sum is only valid during {@code update}.
     */
    R run(int stepInEpoch, long step, boolean more, Consumer<GradientSum> update);

    /** Ends what is still running (after an error: cancels it); nothing by default. */
    @Override
    default void close() {}
  }
}
