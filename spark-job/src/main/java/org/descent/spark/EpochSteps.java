package org.descent.spark;

import java.util.function.Consumer;
import org.descent.ps.train.GradientSum;
import org.descent.ps.train.StepPath;

/**
 * The steps of one epoch as one step path ({@link StepTransport}) runs them: {@link JobSteps} (a
 * Spark job per step) or {@link ResidentSteps} (one barrier job of resident tasks, meeting the
 * driver in memory or over the network). The training loop ({@link
 * org.descent.ps.train.TrainingLoop}) is the same for all of them; only how a step's gradients are
 * computed and summed differs. {@link RunSteps} opens them and relaunches failed resident tasks.
 */
interface EpochSteps extends StepPath.Epoch<StepRecord> {
  /**
   * Runs step {@code stepInEpoch} (global {@code step}, 0-based) from the parameter server's
   * current weights: waits for the sum of every partition's gradient, hands it to {@code update}
   * (which checks and applies it), and when {@code more} readies the next step from the updated
   * weights.
   */
  @Override
  StepRecord run(int stepInEpoch, long step, boolean more, Consumer<GradientSum> update);

  /**
   * After {@link #run} threw: whether the failure was the path's tasks failing (a lost executor),
   * so that the epoch may be relaunched from the step that was not applied.
   */
  boolean relaunchable();

  /** Ends what is still running (after an error: cancels it). */
  @Override
  void close();
}
