package org.descent.spark;

import java.util.function.Consumer;
import org.descent.ps.ParameterServer;
import org.descent.ps.train.GradientSum;

/**
 * An epoch's steps in one barrier job of resident tasks ({@link EpochJob}): each step waits for the
 * tasks' summed results, updates, and publishes the next step's weights — the parameter server's
 * own array, no copy: the tasks read it only between a publish and handing their results, and the
 * server writes it only once every result is in.
 */
final class ResidentSteps implements EpochSteps {
  private final EpochJob job;
  private final ParameterServer server;
  private final boolean relaunchable;
  private final int epoch;

  /**
   * Starts {@code job}'s tasks at step {@code stepInEpoch} of {@code epoch} (global {@code step});
   * the step's time began at {@code startedAt}. With {@code relaunchable} (on a cluster) a failed
   * job may be relaunched.
   */
  ResidentSteps(
      EpochJob job,
      ParameterServer server,
      int epoch,
      int stepInEpoch,
      long step,
      long startedAt,
      boolean relaunchable) {
    this.job = job;
    this.server = server;
    this.relaunchable = relaunchable;
    this.epoch = epoch;
    job.publish(stepInEpoch, step, server.weights(), startedAt);
  }

  @Override
  public StepRecord run(int stepInEpoch, long step, boolean more, Consumer<GradientSum> update) {
    PartitionResult r = job.await();
    long summed = System.nanoTime();
    update.accept(r.sum());
    long updated = System.nanoTime();
    if (!more) {
      job.finish(); // the tasks return and the job ends: scheduling, like submitting it
    }
    long end = System.nanoTime();
    StepRecord record =
        StepRecord.of(
            r, epoch, step, job.startedAt(), job.publishedAt(), summed, end, end - updated);
    if (more) {
      job.publish(stepInEpoch + 1, step + 1, server.weights(), end);
    }
    return record;
  }

  @Override
  public boolean relaunchable() {
    return relaunchable && job.failed();
  }

  @Override
  public void close() {
    job.close();
  }
}
