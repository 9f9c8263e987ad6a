package org.descent.spark;

import java.io.Serializable;
import org.apache.spark.SimpleFutureAction;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.descent.data.InPartitionOrder;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * Sums one {@link PartitionResult} per partition, always in the same order: float rounding, and
 * hence training, is the same from run to run whatever order tasks finish in. One stage sums in
 * {@link PartitionTree}'s order, as every resident step path does; a multi-level tree in its own.
 *
 * <p>One stage ({@link ArrivingSum}) when the results go straight to the driver: in local mode (a
 * tree level would only copy results through shuffle files inside the same JVM) and whenever
 * Spark's treeAggregate level rule gives a single level for {@code depth}. Otherwise levels on the
 * executors by the same rule ({@link InPartitionOrder}), each merging consecutive partitions in
 * partition order.
 */
final class OrderedTreeReduce {
  private final int scale;
  private final boolean oneStage;

  /**
   * Decides once how to sum the results of RDDs with {@code parts} partitions on {@code sc}: the
   * settings it reads do not change during a run, and steps should not re-read them.
   *
   * @param resultBytes the serialised size of one result, so that a direct sum never exceeds {@code
   *     spark.driver.maxResultSize} (a tree level is used instead)
   */
  OrderedTreeReduce(SparkContext sc, int parts, int depth, long resultBytes) {
    if (depth < 1) {
      throw new IllegalArgumentException("train.aggregationDepth must be ≥ 1, got " + depth);
    }
    if (parts == 0) {
      throw new IllegalStateException("the training RDD has no partitions");
    }
    this.scale = Math.max((int) Math.ceil(Math.pow(parts, 1.0 / depth)), 2);
    long maxResultSize = sc.getConf().getSizeAsBytes("spark.driver.maxResultSize", "1g");
    boolean fits = maxResultSize <= 0 || resultBytes <= maxResultSize / 2 / parts;
    // Handed-over results cross Spark as keys, so maxResultSize does not bound them; the driver
    // holds only those that arrive ahead of their turn (a few with 2 cores), not all of them.
    boolean handedOver =
        LocalHandOver.applies(sc.getConf())
            && resultBytes <= LocalHandOver.MAX_HELD * Float.BYTES / 4;
    this.oneStage =
        parts <= scale + ceilDiv(parts, scale) || (sc.isLocal() && (fits || handedOver));
  }

  /** Whether results are summed in one stage on the driver (else in tree levels on executors). */
  boolean oneStage() {
    return oneStage;
  }

  /**
   * Starts summing {@code results} (one per partition, as many partitions as given to the
   * constructor) and returns at once when it is one stage summed as results arrive; a multi-level
   * tree runs when {@link PendingSum#await} is called.
   */
  PendingSum submit(JavaRDD<PartitionResult> results) {
    if (oneStage) {
      return new ArrivingSum(results);
    }
    return new PendingSum() {
      @Override
      public PartitionResult await() {
        return treeSum(results, scale);
      }

      @Override
      public void cancel() {
        // Nothing runs before await.
      }
    };
  }

  /** Levels of {@code scale} consecutive results while Spark's treeAggregate would add one. */
  private static PartitionResult treeSum(JavaRDD<PartitionResult> results, int scale) {
    return InPartitionOrder.merge(
        results, PartitionResult::merge, scale, parts -> parts > scale + ceilDiv(parts, scale));
  }

  /**
   * One job; each partition's result is kept as it arrives and the driver adds it as soon as all
   * earlier partitions are in, so summing overlaps with the tasks still running, in {@link
   * PartitionTree}'s order. (Spark calls the result handler on its scheduler thread, which
   * therefore only stores the result; the adding happens on the thread that awaits.)
   */
  private static final class ArrivingSum implements PendingSum {
    /** How long {@link #cancel} waits for Spark to end the job. */
    private static final long CANCEL_WAIT_MILLIS = 30_000;

    private final PartitionResult[] arrived;
    private final SimpleFutureAction<Object> job;

    ArrivingSum(JavaRDD<PartitionResult> results) {
      int parts = results.getNumPartitions();
      this.arrived = new PartitionResult[parts];
      this.job = AllPartitions.submit(results.rdd(), new OnlyResult(), new Keep(arrived));
    }

    @Override
    public PartitionResult await() {
      PartitionTree.Accumulator total = new PartitionTree.Accumulator(arrived.length);
      try {
        for (int next = 0; next < arrived.length; next++) {
          total.add(next, next + 1, OrderedTreeReduce.await(arrived, next, job));
        }
      } catch (InterruptedException e) {
        job.cancel();
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the gradient job", e);
      }
      return total.total();
    }

    @Override
    public void cancel() {
      job.cancel();
      long deadline = System.nanoTime() + CANCEL_WAIT_MILLIS * 1_000_000;
      synchronized (arrived) {
        while (!job.isCompleted() && System.nanoTime() < deadline) {
          try {
            arrived.wait(5);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    }
  }

  private static PartitionResult await(
      PartitionResult[] arrived, int index, SimpleFutureAction<Object> job)
      throws InterruptedException {
    synchronized (arrived) {
      while (arrived[index] == null) {
        if (job.isCompleted()) {
          // Every handler call happens before the job completes: a missing result means failure.
          job.value().get().get();
          throw new IllegalStateException("the gradient job ended without partition " + index);
        }
        arrived.wait(20);
      }
      PartitionResult r = arrived[index];
      arrived[index] = null;
      return r;
    }
  }

  /** The one result of a {@link StepTask} partition. */
  private static final class OnlyResult
      extends AbstractFunction1<scala.collection.Iterator<PartitionResult>, PartitionResult>
      implements Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public PartitionResult apply(scala.collection.Iterator<PartitionResult> it) {
      return it.next();
    }
  }

  /** Driver side: stores a partition's result and wakes the summing thread. */
  private static final class Keep extends AbstractFunction2<Object, PartitionResult, BoxedUnit> {
    private final PartitionResult[] arrived;

    Keep(PartitionResult[] arrived) {
      this.arrived = arrived;
    }

    @Override
    public BoxedUnit apply(Object index, PartitionResult result) {
      synchronized (arrived) {
        arrived[(Integer) index] = result;
        arrived.notifyAll();
      }
      return BoxedUnit.UNIT;
    }
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
