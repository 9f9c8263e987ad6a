package org.descent.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.descent.nn.NetworkSpec;
import org.descent.nn.ParameterLayout;
import org.descent.ps.train.DataBlock;
import org.descent.ps.train.GradientSum;
import org.descent.ps.train.MinibatchPlan;

/**
 * One step's Spark job: {@link StepTask} on every partition of the training blocks ({@link
 * StepRDD}), then {@link OrderedTreeReduce} to the driver. The closure holds only the two
 * broadcasts, the plan and four numbers.
 */
record GradientStep(
    JavaRDD<DataBlock> blocks,
    Broadcast<NetworkSpec> spec,
    MinibatchPlan plan,
    String runId,
    OrderedTreeReduce sum) {
  /** A result's gradient and batch-norm sums ({@link GradientSum}), as serialised. */
  static long resultBytes(NetworkSpec spec) {
    ParameterLayout layout = ParameterLayout.of(spec);
    return ExchangeMessages.arrayBytes(layout.size(), layout.stateSize());
  }

  /** A step whose results are the serialised size of the network's {@link GradientSum}. */
  static GradientStep of(
      JavaRDD<DataBlock> blocks,
      Broadcast<NetworkSpec> spec,
      MinibatchPlan plan,
      String runId,
      int depth) {
    return of(blocks, spec, plan, runId, depth, resultBytes(spec.value()));
  }

  /** A step summed in a tree of {@code depth} levels, for results of {@code resultBytes}. */
  static GradientStep of(
      JavaRDD<DataBlock> blocks,
      Broadcast<NetworkSpec> spec,
      MinibatchPlan plan,
      String runId,
      int depth,
      long resultBytes) {
    OrderedTreeReduce sum =
        new OrderedTreeReduce(blocks.context(), blocks.getNumPartitions(), depth, resultBytes);
    return new GradientStep(blocks, spec, plan, runId, sum);
  }

  /** The summed gradient of global step {@code step} (0-based) at {@code weights}. */
  PartitionResult run(Broadcast<float[]> weights, int epoch, int stepInEpoch, long step) {
    return submit(weights, epoch, stepInEpoch, step).await();
  }

  /** Submits the job of {@link #run} and returns without waiting for it (when it is one stage). */
  PendingSum submit(Broadcast<float[]> weights, int epoch, int stepInEpoch, long step) {
    StepTask task = new StepTask(spec, weights, plan, runId, epoch, stepInEpoch, step);
    StepRDD results = new StepRDD(blocks.rdd(), task);
    return sum.submit(results.toJavaRDD());
  }
}
