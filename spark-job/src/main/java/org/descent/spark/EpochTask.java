package org.descent.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.broadcast.Broadcast;
import org.descent.nn.NetworkSpec;
import org.descent.ps.train.DataBlock;
import org.descent.ps.train.MinibatchPlan;

/**
 * The resident task of one partition for a whole epoch, or for every epoch of a run ({@link
 * EpochJob}): for every step the driver publishes on the {@link ResidentExchange}, the same
 * computation as {@link StepTask} over the partition's blocks for the step's epoch, its result
 * handed back through the exchange instead of returned to Spark. Between epochs it waits for the
 * next epoch's first step like for any other; it returns nothing when the exchange ends. Results
 * alternate between two buffers, allocated once for the task's life and so reused across its
 * epochs: the driver reads a step's result until it publishes the step after next, and a task never
 * runs ahead of the published step.
 */
record EpochTask(
    Broadcast<NetworkSpec> spec,
    MinibatchPlan plan,
    String runId,
    ResidentExchange.Meeting exchange)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  Iterator<PartitionResult> call(int partition, Iterator<DataBlock> blocks) {
    List<DataBlock> mine = new ArrayList<>();
    blocks.forEachRemaining(mine::add);
    ExecutorCache.Run run = ExecutorCache.run(runId, spec.value());
    int parameters = run.network().layout().size();
    int stateSize = run.network().layout().stateSize();
    PartitionResult[] buffers = {
      new PartitionResult(parameters, stateSize), new PartitionResult(parameters, stateSize)
    };
    ResidentExchange.TaskEnd steps = exchange.join(partition, parameters, stateSize);
    try {
      long[] n = {0};
      steps.serve(
          partition,
          (p, waitFrom, fetched) -> {
            // The wait until the driver published is its update, not this step's fetch.
            long start = Math.min(fetched, Math.max(waitFrom, p.publishedAt()));
            PartitionResult out = buffers[(int) (n[0]++ & 1)].reset(partition);
            StepTask.accumulate(
                run,
                p.weights(),
                mine.iterator(),
                plan,
                p.epoch(),
                p.stepInEpoch(),
                p.step(),
                partition,
                out);
            long end = System.nanoTime();
            out.times(end, fetched - start, end - fetched);
            return out;
          });
      return Collections.emptyIterator();
    } finally {
      steps.leave();
    }
  }
}
