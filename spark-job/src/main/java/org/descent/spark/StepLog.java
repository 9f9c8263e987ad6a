package org.descent.spark;

import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The progress line every N steps (INFO, logger {@code org.descent.spark.DistributedTrainer}):
 * step, epoch, mean loss and rows/s over the last N steps, and the mean step time split into
 * broadcast, scheduling (local mode), compute (slowest task), aggregate and update.
 */
final class StepLog {
  private static final Logger LOG = LogManager.getLogger(DistributedTrainer.class);

  private final int every;
  private int steps;
  private long rows;
  private double lossSum;
  private long stepNanos;
  private long broadcastNanos;
  private long computeNanos;
  private long aggregateNanos;
  private long updateNanos;
  private long schedulingNanos;

  /** {@code every} ≤ 0 logs nothing. */
  StepLog(int every) {
    this.every = every;
  }

  void record(StepRecord r) {
    if (every <= 0) {
      return;
    }
    steps++;
    if (r.rows() > 0) {
      rows += r.rows();
      lossSum += r.loss() * r.rows();
    }
    stepNanos += r.stepNanos();
    broadcastNanos += r.broadcastNanos();
    computeNanos += r.computeNanos();
    aggregateNanos += r.aggregateNanos();
    updateNanos += r.updateNanos();
    schedulingNanos += r.schedulingNanos();
    if (r.step() % every == 0) {
      if (LOG.isInfoEnabled()) {
        LOG.info(line(r));
      }
      steps = 0;
      rows = 0;
      lossSum = 0;
      stepNanos =
          broadcastNanos = computeNanos = aggregateNanos = updateNanos = schedulingNanos = 0;
    }
  }

  private String line(StepRecord r) {
    double n = steps * 1e6;
    return String.format(
        Locale.ROOT,
        "step %d (epoch %d): loss %.4f, %.0f rows/s; step %.1f ms = broadcast %.1f + scheduling"
            + " %.1f + compute %.1f + aggregate %.1f + update %.1f (means over %d steps)",
        r.step(),
        r.epoch(),
        lossSum / rows,
        rows / (stepNanos / 1e9),
        stepNanos / n,
        broadcastNanos / n,
        schedulingNanos / n,
        computeNanos / n,
        aggregateNanos / n,
        updateNanos / n,
        steps);
  }

  /** The line for a resident epoch relaunched from global step {@code step} (1-based). */
  static void relaunch(long step, int epoch, Throwable cause) {
    String why = String.valueOf(cause.getMessage()).lines().findFirst().orElse("");
    LOG.warn(
        "the resident tasks failed in step {} (epoch {}): relaunching them from step {}, the last"
            + " applied step being {} ({})",
        step,
        epoch,
        step,
        step - 1,
        why);
  }
}
