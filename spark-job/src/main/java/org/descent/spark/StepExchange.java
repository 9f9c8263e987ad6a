package org.descent.spark;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the driver and the resident tasks of one {@link EpochJob} meet each step, inside the JVM
 * (local mode): the driver {@linkplain #publish publishes} a step's weights, every partition's task
 * computes its gradient and {@linkplain #hand hands} its result back, the driver {@linkplain
 * #awaitResults takes} them all, updates, and publishes the next step's weights. Tasks find it by
 * id in a JVM-wide table (their closure carries only the id).
 *
 * <p>Tasks always work on the step published last, and a second result for a partition is ignored,
 * so a task attempt that starts late or twice cannot mix steps. {@link #end} lets the waiting tasks
 * return and removes the exchange, after the epoch's last step or when the driver stops training
 * (its own error is the one to report, not a failed task per partition).
 */
final class StepExchange implements ResidentExchange, ResidentExchange.TaskEnd {
  private static final Map<Long, StepExchange> TABLE = new ConcurrentHashMap<>();
  private static final AtomicLong NEXT = new AtomicLong();

  /** How often a waiting task checks whether Spark has killed it. */
  private static final long KILL_CHECK_MILLIS = 20;

  private final long id;
  private final PartitionResult[] results;
  private int handed;
  private Published current;
  private boolean ended;

  private StepExchange(int partitions) {
    this.id = NEXT.incrementAndGet();
    this.results = new PartitionResult[partitions];
  }

  /** A new exchange for {@code partitions} tasks, registered until {@link #end}. */
  static StepExchange open(int partitions) {
    StepExchange x = new StepExchange(partitions);
    TABLE.put(x.id, x);
    return x;
  }

  /** The open exchange {@code id}, for a task. */
  static StepExchange get(long id) {
    StepExchange x = TABLE.get(id);
    if (x == null) {
      throw new IllegalStateException(
          "the step exchange " + id + " of a resident training task is closed (its epoch is over)");
    }
    return x;
  }

  /** Exchanges open (tests check none is left behind). */
  static int openCount() {
    return TABLE.size();
  }

  @Override
  public long id() {
    return id;
  }

  /** How a task finds this exchange: by id, in this JVM. */
  ResidentExchange.Meeting meeting() {
    return new InMemory(id);
  }

  private record InMemory(long id) implements ResidentExchange.Meeting {
    @Override
    public TaskEnd join(int partition, int parameters, int stateSize) {
      return get(id);
    }
  }

  // ---- the driver's side

  /**
   * Gives global step {@code step} (step {@code stepInEpoch} of {@code epoch}) and its weights to
   * the tasks; returns when, on {@code System.nanoTime}. Nobody may change the weights until {@link
   * #awaitResults} has returned this step's results: tasks read them until they hand their result
   * (a late second attempt's read ends in a result that is ignored).
   */
  @Override
  public synchronized long publish(int epoch, int stepInEpoch, long step, float[] weights) {
    long at = System.nanoTime();
    current = new Published(epoch, stepInEpoch, step, weights, at);
    Arrays.fill(results, null);
    handed = 0;
    notifyAll();
    return at;
  }

  /**
   * Waits until every partition has handed its result for the published step and returns them in
   * partition order; {@code stillRunning} is asked every few milliseconds and ends the wait
   * (returning null) when it says the tasks are gone.
   */
  synchronized PartitionResult[] awaitResults(java.util.function.BooleanSupplier stillRunning)
      throws InterruptedException {
    while (handed < results.length) {
      if (!stillRunning.getAsBoolean()) {
        return null;
      }
      wait(KILL_CHECK_MILLIS);
    }
    return results.clone();
  }

  @Override
  public PartitionResult awaitSum(java.util.function.BooleanSupplier stillRunning)
      throws InterruptedException {
    PartitionResult[] results = awaitResults(stillRunning);
    return results == null ? null : PartitionTree.sumForUpdate(results);
  }

  /** No more steps (the epoch is over, or training stopped): waiting tasks return; it closes. */
  @Override
  public synchronized void end() {
    ended = true;
    TABLE.remove(id);
    notifyAll();
  }

  // ---- the tasks' side

  /**
   * The published step after global step {@code done} (-1 = none done yet: the step published
   * last), waiting until the driver publishes it; null once {@link #end} was called.
   */
  @Override
  public synchronized Published next(long done) {
    ResidentExchange.awaitInTask(
        this, () -> ended || (current != null && current.step() > done), KILL_CHECK_MILLIS);
    return ended ? null : current;
  }

  /** A task's result for global step {@code step}; the driver reads it until the next. */
  @Override
  public synchronized void hand(
      long step, int partition, PartitionResult result, long computeNanos) {
    if (current != null && current.step() == step && results[partition] == null) {
      results[partition] = result;
      handed++;
      notifyAll();
    }
  }

  @Override
  public void leave() {
    // Nothing to release: the exchange is the driver's.
  }
}
