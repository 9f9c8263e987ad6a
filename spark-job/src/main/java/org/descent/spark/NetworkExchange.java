package org.descent.spark;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.spark.network.buffer.NioManagedBuffer;
import org.apache.spark.network.client.TransportClient;

/**
 * The driver's side of one resident job's steps on a cluster ({@link EpochJob}: an epoch's, or a
 * whole run's): what {@link StepExchange} is in local mode, with the executors' messages arriving
 * through the {@link StepEndpoint} ({@link ExchangeMessages}). Each executor says hello once; every
 * step the driver pushes the published weights to every executor, and each uploads its partial sums
 * for the step, which the driver adds in {@link PartitionTree}'s order as they arrive.
 *
 * <p>Uploads are read on the endpoint's network threads, which must not block: they only read into
 * buffers and add to the sum. Partials are read into buffers kept per tree node and reused every
 * step (the sum of a step is read by the driver before it publishes the next, and no partial of the
 * next step can arrive before that); the weights go out of one direct buffer per job (a step's
 * weights have reached every executor before the driver can publish the next: it needs their
 * gradients first).
 */
final class NetworkExchange implements ResidentExchange {
  private static final AtomicLong NEXT = new AtomicLong();

  /** How often the driver checks, while waiting, whether the epoch's job has failed. */
  private static final long CHECK_MILLIS = 20;

  private final long id;
  private final int partitions;
  private final int parameters;
  private final int stateSize;
  private final Map<Integer, PartitionResult> buffers = new HashMap<>();
  private final ByteBuffer weightsBuffer;
  private final List<TransportClient> executors = new ArrayList<>();
  private PartitionTree.Accumulator sum;
  private int epoch;
  private int stepInEpoch = -1;
  private long step = -1;
  private long publishedAt;
  private long lastArrival;
  private long lastBusy;
  private long slowestCompute;
  private boolean ended;
  private long requests;
  private long partials;

  NetworkExchange(int partitions, int parameters, int stateSize) {
    this.id = NEXT.incrementAndGet() ^ (System.nanoTime() << 20);
    this.partitions = partitions;
    this.parameters = parameters;
    this.stateSize = stateSize;
    this.weightsBuffer = ExchangeMessages.direct(Float.BYTES * (long) parameters);
  }

  @Override
  public long id() {
    return id;
  }

  /** How a task reaches this exchange: through its executor's end, connected to {@code host}. */
  ResidentExchange.Meeting meeting(String host, int port) {
    return new Remote(id, host, port, partitions);
  }

  /**
   * A task's way to the driver: the executor's {@link ExecutorSteps}, shared by the epoch's tasks
   * that run in the same executor (those whose barrier task address is this task's).
   */
  private record Remote(long exchange, String host, int port, int partitions)
      implements ResidentExchange.Meeting {
    @Override
    public TaskEnd join(int partition, int parameters, int stateSize) {
      org.apache.spark.BarrierTaskInfo[] tasks =
          org.apache.spark.BarrierTaskContext.get().getTaskInfos();
      if (tasks.length != partitions) {
        throw new IllegalStateException(
            tasks.length + " barrier tasks for an exchange of " + partitions + " partitions");
      }
      boolean[] hosted = new boolean[partitions];
      String mine = tasks[partition].address();
      for (int i = 0; i < partitions; i++) {
        hosted[i] = tasks[i].address().equals(mine);
      }
      return ExecutorSteps.join(exchange, host, port, hosted, parameters, stateSize);
    }
  }

  // ---- the driver's side

  /**
   * Publishes step {@code stepInEpoch} of {@code epoch} (global {@code step}) at {@code weights}:
   * encodes them once and pushes them to every executor. Returns when, on {@code System.nanoTime}.
   */
  @Override
  public long publish(int epoch, int stepInEpoch, long step, float[] weights) {
    ExchangeMessages.weights(weightsBuffer, weights);
    List<TransportClient> to;
    long at;
    synchronized (this) {
      this.epoch = epoch;
      this.stepInEpoch = stepInEpoch;
      this.step = step;
      this.sum = new PartitionTree.Accumulator(partitions);
      this.slowestCompute = 0;
      this.lastArrival = 0;
      this.lastBusy = 0;
      to = List.copyOf(executors);
      at = System.nanoTime();
      this.publishedAt = at;
    }
    for (TransportClient c : to) {
      push(c, epoch, stepInEpoch, step);
    }
    return at;
  }

  private void push(TransportClient executor, int epoch, int stepInEpoch, long step) {
    executor.uploadStream(
        new NioManagedBuffer(ExchangeMessages.weightsHeader(id, epoch, stepInEpoch, step)),
        new NioManagedBuffer(weightsBuffer.duplicate()),
        StepEndpoint.IGNORE);
  }

  /**
   * Waits until every partition's gradient for the published step is in and returns their sum, with
   * the slowest compute and the network's share of the step as its times; null when {@code
   * stillRunning} says the tasks are gone.
   */
  @Override
  public synchronized PartitionResult awaitSum(BooleanSupplier stillRunning)
      throws InterruptedException {
    while (!sum.complete()) {
      if (!stillRunning.getAsBoolean()) {
        return null;
      }
      wait(CHECK_MILLIS);
    }
    PartitionResult total = sum.total();
    // The executors' clocks are not the driver's: what the slowest executor did not spend
    // computing of the time from publishing to its sums' arrival was the network's, half each way
    // (weights out, sums back).
    long network = Math.max(0, lastArrival - publishedAt - lastBusy);
    total.times(-1, network / 2, slowestCompute);
    return total;
  }

  /** No more steps: every executor is told the epoch ended, and any that says hello later. */
  @Override
  public void end() {
    List<TransportClient> to;
    synchronized (this) {
      ended = true;
      to = List.copyOf(executors);
      notifyAll();
    }
    for (TransportClient c : to) {
      c.sendRpc(ExchangeMessages.end(id), StepEndpoint.IGNORE);
    }
  }

  /** Uploads of sums received so far: one per executor and step. */
  synchronized long requests() {
    return requests;
  }

  /** Partial sums received so far: one per executor and step when its partitions form a node. */
  synchronized long partials() {
    return partials;
  }

  // ---- the network's side

  /**
   * An executor's hello: its connection gets every step published from now on, and the published
   * one at once; the end if the epoch is already over.
   */
  void hello(TransportClient executor) {
    int e;
    int current;
    long at;
    boolean over;
    synchronized (this) {
      executors.add(executor);
      e = epoch;
      current = stepInEpoch;
      at = step;
      over = ended;
    }
    if (over) {
      executor.sendRpc(ExchangeMessages.end(id), StepEndpoint.IGNORE);
    } else if (at >= 0) {
      push(executor, e, current, at);
    }
  }

  /**
   * An executor's partial sums as they stream in: read into this exchange's buffers and, once
   * complete, added to the step's sum; sums of a step other than the published one are read and
   * dropped (a failed job's sums never get here: they name its exchange, not this one).
   */
  org.apache.spark.network.client.StreamCallbackWithID sums(ExchangeMessages.Header header) {
    List<PartitionResult> into = new ArrayList<>();
    Object[] targets;
    boolean current;
    synchronized (this) {
      current = !ended && header.done() == step;
      targets = new Object[2 * header.nodes().size()];
      for (int i = 0; i < header.nodes().size(); i++) {
        ExchangeMessages.Node n = header.nodes().get(i);
        if (n.parameters() != parameters || n.stateSize() != stateSize) {
          throw new IllegalArgumentException(
              "a partial sum of "
                  + n.parameters()
                  + " parameters and "
                  + n.stateSize()
                  + " batch-norm sums for a network of "
                  + parameters
                  + " and "
                  + stateSize);
        }
        PartitionResult r =
            current
                ? buffers.computeIfAbsent(n.lo(), k -> new PartitionResult(parameters, stateSize))
                : new PartitionResult(parameters, stateSize);
        r.reset(n.lo());
        into.add(r);
        targets[2 * i] = r.sum().gradient();
        targets[2 * i + 1] = r.sum().batchNormSums();
      }
    }
    return new ChunkedFill(targets)
        .stream(
            "descent-sums-" + id + "-" + header.done(),
            () -> {
              if (current) {
                addPartials(header, into);
              }
            },
            failure -> {
              // The executor's task fails with it, and so the epoch's job: nothing to add here.
            });
  }

  private synchronized void addPartials(ExchangeMessages.Header header, List<PartitionResult> in) {
    if (ended || header.done() != step) {
      return;
    }
    long arrived = System.nanoTime();
    requests++;
    partials += in.size();
    for (int i = 0; i < in.size(); i++) {
      ExchangeMessages.Node n = header.nodes().get(i);
      in.get(i).sum().addLoss(n.loss(), n.rows(), n.weight());
      sum.add(n.lo(), n.hi(), in.get(i));
      slowestCompute = Math.max(slowestCompute, n.computeNanos());
      if (arrived >= lastArrival) {
        lastArrival = arrived;
        lastBusy = n.busyNanos();
      }
    }
    notifyAll();
  }
}
