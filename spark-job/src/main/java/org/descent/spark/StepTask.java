package org.descent.spark;

import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.descent.nn.NetworkSpec;
import org.descent.ps.train.DataBlock;
import org.descent.ps.train.MinibatchPlan;

/**
 * The task of one training step on one partition: read the weights broadcast, run {@link
 * org.descent.ps.train.PartitionStep} over the partition's block, return one {@link
 * PartitionResult}. Everything it uses is fixed by (seed, epoch, partition, step) and the immutable
 * weights, so a retried task returns the same sum.
 */
record StepTask(
    Broadcast<NetworkSpec> spec,
    Broadcast<float[]> weights,
    MinibatchPlan plan,
    String runId,
    int epoch,
    int stepInEpoch,
    long step)
    implements Function2<Integer, Iterator<DataBlock>, Iterator<PartitionResult>> {
  private static final long serialVersionUID = 1L;

  @Override
  public Iterator<PartitionResult> call(Integer partition, Iterator<DataBlock> blocks) {
    long start = System.nanoTime();
    ExecutorCache.Run run = ExecutorCache.run(runId, spec.value());
    float[] w = weights.value();
    long fetched = System.nanoTime();
    if (weights instanceof LocalWeights deferred) {
      // A pipelined step's task may start before the driver has published its weights; the wait
      // until then is the previous step's update, not this step's fetch.
      start = Math.min(fetched, Math.max(start, deferred.publishedAt()));
    }
    PartitionResult out = run.result(partition);
    accumulate(run, w, blocks, plan, epoch, stepInEpoch, step, partition, out);
    boolean driverJvm = SparkEnv.get() != null && "driver".equals(SparkEnv.get().executorId());
    long end = System.nanoTime();
    out.times(driverJvm ? end : -1, fetched - start, end - fetched);
    return Collections.singletonList(out).iterator();
  }

  /**
   * Adds the gradient of global step {@code step} over {@code blocks} at {@code w} to {@code out}.
   */
  static void accumulate(
      ExecutorCache.Run run,
      float[] w,
      Iterator<DataBlock> blocks,
      MinibatchPlan plan,
      int epoch,
      int stepInEpoch,
      long step,
      int partition,
      PartitionResult out) {
    while (blocks.hasNext()) {
      DataBlock block = blocks.next();
      ExecutorCache.Slot slot =
          run.borrow(partition, plan.rowsPerStep(block.rows()), block.width(), block.targetWidth());
      try {
        slot.step().accumulate(w, block, plan, epoch, stepInEpoch, step, partition, out.sum());
      } finally {
        run.release(slot);
      }
    }
  }
}
