package org.descent.spark;

import java.util.Properties;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;

/**
 * While resident tasks hold every task slot (for an epoch, or for a whole run on a cluster), a
 * Spark job started from the training thread — by a step listener or a checkpoint sink — could
 * never get a slot, and training would wait for it forever. The guard marks the thread's jobs (a
 * local property, which Spark copies into every job the thread submits) and cancels each one as it
 * starts, with a reason that says why, so the caller gets an error instead of a hang. Jobs of other
 * threads are left alone: they wait for free slots, which the job's end gives them.
 */
final class SlotGuard extends SparkListener implements AutoCloseable {
  static final String PROPERTY = "descent.residentEpoch";

  static final String REASON =
      "a Spark job was started on the training thread while the resident tasks hold every task"
          + " slot, so it could never run: run Spark jobs after training, or from onEpoch (on a"
          + " cluster with DistributedTrainer.freeSlotsBetweenEpochs(true)), or train with"
          + " train.stepTransport=jobs (a job per step)";

  private final SparkContext sc;
  private final String id;

  /** Marks the calling thread's jobs; {@link #close} on the same thread. */
  SlotGuard(SparkContext sc, long epochId) {
    this.sc = sc;
    this.id = Long.toString(epochId);
    sc.setLocalProperty(PROPERTY, id);
    sc.addSparkListener(this);
  }

  @Override
  public void onJobStart(SparkListenerJobStart start) {
    Properties p = start.properties();
    if (p != null && id.equals(p.getProperty(PROPERTY))) {
      sc.cancelJob(start.jobId(), REASON);
    }
  }

  @Override
  public void close() {
    sc.setLocalProperty(PROPERTY, null);
    sc.removeSparkListener(this);
  }
}
