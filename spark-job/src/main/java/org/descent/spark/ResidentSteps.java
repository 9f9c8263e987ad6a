package org.descent.spark;

import java.util.function.Consumer;
import org.descent.ps.ParameterServer;
import org.descent.ps.train.GradientSum;

/**
 * An epoch's steps in a barrier job of resident tasks ({@link EpochJob}): each step waits for the
 * tasks' summed results, updates, and publishes the next step's weights — the parameter server's
 * own array, no copy: the tasks read it only between a publish and handing their results, and the
 * server writes it only once every result is in. The job is the epoch's own, ended after its last
 * step, or one that outlives the epoch ({@link RunSteps}): its tasks then wait for the next epoch.
 */
final class ResidentSteps implements EpochSteps {
  private final EpochJob job;
  private final ParameterServer server;
  private final boolean relaunchable;
  private final boolean outlivesEpoch;
  private final int epoch;
  private boolean done;

  /**
   * Starts {@code job}'s tasks at step {@code stepInEpoch} of {@code epoch} (global {@code step});
   * the step's time began at {@code startedAt}. With {@code relaunchable} (on a cluster) a failed
   * job may be relaunched; with {@code outlivesEpoch} the job goes on after the epoch's last step.
   */
  ResidentSteps(
      EpochJob job,
      ParameterServer server,
      int epoch,
      int stepInEpoch,
      long step,
      long startedAt,
      boolean relaunchable,
      boolean outlivesEpoch) {
    this.job = job;
    this.server = server;
    this.relaunchable = relaunchable;
    this.outlivesEpoch = outlivesEpoch;
    this.epoch = epoch;
    job.publish(epoch, stepInEpoch, step, server.weights(), startedAt);
  }

  @Override
  public StepRecord run(int stepInEpoch, long step, boolean more, Consumer<GradientSum> update) {
    PartitionResult r = job.await();
    long summed = System.nanoTime();
    update.accept(r.sum());
    long updated = System.nanoTime();
    if (!more && !outlivesEpoch) {
      job.finish(); // the tasks return and the job ends: scheduling, like submitting it
    }
    done = !more;
    long end = System.nanoTime();
    StepRecord record =
        StepRecord.of(
            r, epoch, step, job.startedAt(), job.publishedAt(), summed, end, end - updated);
    if (more) {
      job.publish(epoch, stepInEpoch + 1, step + 1, server.weights(), end);
    }
    return record;
  }

  @Override
  public boolean relaunchable() {
    return relaunchable && job.failed();
  }

  /** Ends the job, unless it outlives an epoch whose steps are all done. */
  @Override
  public void close() {
    if (!(outlivesEpoch && done)) {
      job.close();
    }
  }
}
