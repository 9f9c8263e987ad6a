package org.descent.spark;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.descent.nn.Network;
import org.descent.nn.NetworkSpec;
import org.descent.ps.train.PartitionStep;

/**
 * Per-JVM state of the executors, so steps do not allocate: one {@link Network} per training run,
 * {@link PartitionStep}s (workspace and row buffers) pooled per partition, and one reusable {@link
 * PartitionResult} per task thread. Spark serialises a task's result on the task's own thread
 * before that thread runs another task, so the per-thread result can be reused next step.
 *
 * <p>PartitionSteps are pooled per partition, not per thread: a PartitionStep caches its epoch's
 * row order, which belongs to one partition. Concurrent attempts of one partition (speculation)
 * each borrow their own. Only the last {@link #RUNS} runs are kept.
 */
final class ExecutorCache {
  static final int RUNS = 4;

  private static final Map<String, Run> RUNS_BY_ID = new HashMap<>();
  private static final ArrayDeque<String> ORDER = new ArrayDeque<>();

  private ExecutorCache() {}

  /** The state of training run {@code runId}, created on first use in this JVM. */
  static Run run(String runId, NetworkSpec spec) {
    synchronized (RUNS_BY_ID) {
      Run run = RUNS_BY_ID.get(runId);
      if (run == null) {
        run = new Run(new Network(spec));
        RUNS_BY_ID.put(runId, run);
        ORDER.addLast(runId);
        while (ORDER.size() > RUNS) {
          RUNS_BY_ID.remove(ORDER.removeFirst());
        }
      }
      return run;
    }
  }

  static final class Run {
    private final Network network;
    private final Map<Integer, ConcurrentLinkedDeque<Slot>> steps = new ConcurrentHashMap<>();
    private final ThreadLocal<PartitionResult> results;

    private Run(Network network) {
      this.network = network;
      int parameters = network.layout().size();
      int stateSize = network.layout().stateSize();
      this.results = ThreadLocal.withInitial(() -> new PartitionResult(parameters, stateSize));
    }

    Network network() {
      return network;
    }

    /** This thread's result buffer, cleared for {@code partition}. */
    PartitionResult result(int partition) {
      return results.get().reset(partition);
    }

    /** A PartitionStep for {@code partition} with room for {@code capacity} rows; give it back. */
    Slot borrow(int partition, int capacity, int width, int targetWidth) {
      Slot s = steps.computeIfAbsent(partition, p -> new ConcurrentLinkedDeque<>()).pollFirst();
      if (s == null
          || s.capacity() != capacity
          || s.width() != width
          || s.targetWidth() != targetWidth) {
        s =
            new Slot(
                partition,
                capacity,
                width,
                targetWidth,
                new PartitionStep(network, capacity, width, targetWidth));
      }
      return s;
    }

    void release(Slot slot) {
      steps.get(slot.partition()).addFirst(slot);
    }
  }

  /** A borrowed {@link PartitionStep}, with the partition and block shape it was made for. */
  record Slot(int partition, int capacity, int width, int targetWidth, PartitionStep step) {}
}
