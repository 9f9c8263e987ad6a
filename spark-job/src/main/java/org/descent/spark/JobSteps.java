package org.descent.spark;

import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.descent.ps.ParameterServer;
import org.descent.ps.train.GradientSum;

/**
 * An epoch's steps as a Spark job each: broadcast the weights, {@link GradientStep}'s job, the
 * update. In local mode the next step's job is submitted as soon as this one's results are in,
 * before the update, with weights the update publishes when it ends ({@link
 * WeightsBroadcast#deferred}): Spark schedules the next job while the driver updates, and the next
 * step still starts from exactly the updated weights. Not across an epoch's end (validation and
 * early stopping come first).
 */
final class JobSteps implements EpochSteps {
  private final JavaSparkContext sc;
  private final GradientStep gradients;
  private final WeightsBroadcast weights;
  private final ParameterServer server;
  private final int epoch;
  private final boolean pipelining;
  private Launched current;
  private PendingSum next;

  /** A step's job, submitted: when the driver began to prepare its weights and had them ready. */
  private record Launched(PendingSum job, long start, long ready) {}

  JobSteps(
      JavaSparkContext sc,
      GradientStep gradients,
      WeightsBroadcast weights,
      ParameterServer server,
      int epoch,
      boolean pipelining) {
    this.sc = sc;
    this.gradients = gradients;
    this.weights = weights;
    this.server = server;
    this.epoch = epoch;
    this.pipelining = pipelining && WeightsBroadcast.canDefer();
  }

  @Override
  public StepRecord run(int stepInEpoch, long step, boolean more, Consumer<GradientSum> update) {
    if (current == null) {
      current = launch(stepInEpoch, step);
    }
    Launched launched = current;
    PartitionResult r = launched.job().await();
    current = null;
    long job = System.nanoTime();
    long submit = 0;
    if (pipelining && more) {
      Broadcast<float[]> later = weights.deferred();
      sc.setJobDescription(description(epoch, step + 1));
      next = gradients.submit(later, epoch, stepInEpoch + 1, step + 1);
      submit = System.nanoTime() - job;
    }
    update.accept(r.sum());
    long end = System.nanoTime();
    if (next != null) {
      current = new Launched(next, end, weights.publish(server));
      next = null;
    }
    return StepRecord.of(r, epoch, step, launched.start(), launched.ready(), job, end, submit);
  }

  /** Broadcasts the server's weights and submits the step's job. */
  private Launched launch(int stepInEpoch, long step) {
    long start = System.nanoTime();
    Broadcast<float[]> w = weights.of(server);
    long ready = System.nanoTime();
    sc.setJobDescription(description(epoch, step));
    return new Launched(gradients.submit(w, epoch, stepInEpoch, step), start, ready);
  }

  private static String description(int epoch, long step) {
    return "descent step " + (step + 1) + " (epoch " + epoch + ")";
  }

  @Override
  public boolean relaunchable() {
    return false; // Spark retries a step job's tasks itself
  }

  /** Cancels the jobs an error left behind. */
  @Override
  public void close() {
    if (next != null) {
      next.cancel();
      next = null;
    }
    if (current != null) {
      current.job().cancel();
      current = null;
    }
  }
}
