package org.descent.spark;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.SparkEnv;
import org.apache.spark.network.buffer.NioManagedBuffer;
import org.apache.spark.network.client.RpcResponseCallback;
import org.apache.spark.network.client.StreamCallbackWithID;
import org.apache.spark.network.client.TransportClient;
import org.apache.spark.network.client.TransportClientFactory;
import org.descent.ps.config.TrainKeys;

/**
 * One executor's end of a resident job's step exchange ({@link NetworkExchange} on the driver): the
 * tasks of the job that run in this executor meet here every step, through all its epochs, and once
 * all of them have their gradient, the executor adds them up itself — every {@link PartitionTree}
 * node whose partitions it hosts, in the tree's order — and uploads those partial sums to the
 * driver (one, when its partitions form a node). The driver then pushes the next step's weights,
 * which every local task reads from one array. So an executor moves one gradient and one copy of
 * the weights per step, however many tasks it runs.
 *
 * <p>Tasks find their executor's end by the exchange's id in a JVM-wide table (their closure holds
 * only the id and the driver's address); the first to arrive opens it, the last to leave closes it.
 */
final class ExecutorSteps implements ResidentExchange.TaskEnd {
  private static final Map<Long, ExecutorSteps> OPEN = new HashMap<>();

  /** How often a waiting task checks whether Spark has killed it. */
  private static final long KILL_CHECK_MILLIS = 20;

  /** One client factory per application in this JVM (connections are pooled by it). */
  private static TransportClientFactory factory;

  private static String factoryApp;

  private final long exchange;
  private final List<PartitionTree.Node> nodes;
  private final int local;
  private final TransportClient client;
  private final float[] weights;
  private final PartitionResult[] results;
  private final ByteBuffer body;
  private int handed;
  private int users;
  private ResidentExchange.Published current;
  private volatile boolean ended;
  private volatile Throwable failure;

  /** The one hosted task's step, run where its weights arrive ({@link #serve}); else null. */
  private ResidentExchange.StepWork onArrival;

  private int arrivalPartition;

  /** Notified when the exchange ends or fails: what a task whose steps run on arrival waits for. */
  private final Object over = new Object();

  private long received;
  private long slowestCompute;

  private ExecutorSteps(
      long exchange, boolean[] hosted, TransportClient client, int parameters, int stateSize) {
    this.exchange = exchange;
    this.nodes = PartitionTree.maximalNodes(hosted.length, hosted);
    this.local = (int) IntStream.range(0, hosted.length).filter(p -> hosted[p]).count();
    this.client = client;
    this.weights = new float[parameters];
    this.results = new PartitionResult[hosted.length];
    this.body =
        ExchangeMessages.direct(nodes.size() * ExchangeMessages.arrayBytes(parameters, stateSize));
  }

  /**
   * This executor's end of exchange {@code exchange}, opened by the first of its tasks: {@code
   * hosted} marks the partitions whose tasks run in this executor, and the driver listens at {@code
   * host}:{@code port}. Every caller {@link #leave}s it.
   */
  static ExecutorSteps join(
      long exchange, String host, int port, boolean[] hosted, int parameters, int stateSize) {
    synchronized (OPEN) {
      ExecutorSteps x = OPEN.get(exchange);
      if (x == null) {
        TransportClient client;
        try {
          client = factory(SparkEnv.get()).createClient(host, port);
        } catch (java.io.IOException e) {
          throw new IllegalStateException(
              "a resident training task could not reach the driver's step exchange at "
                  + host
                  + ":"
                  + port
                  + " ("
                  + e.getMessage()
                  + "): executors must be able to connect to the driver on that port (set "
                  + TrainKeys.EXCHANGE_PORT
                  + " to one the network allows, or train.stepTransport=jobs)",
              e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while connecting to the driver", e);
        }
        x = new ExecutorSteps(exchange, hosted, client, parameters, stateSize);
        OPEN.put(exchange, x);
        // The driver pushes every step's weights to this connection from now on.
        client.sendRpc(ExchangeMessages.hello(exchange), new Hello(x));
      }
      x.users++;
      return x;
    }
  }

  private static TransportClientFactory factory(SparkEnv env) {
    String app = env.conf().getAppId();
    if (factory == null || !app.equals(factoryApp)) {
      if (factory != null) {
        factory.close();
      }
      factory = StepEndpoint.clientFactory(env);
      factoryApp = app;
    }
    return factory;
  }

  /** The hello's acknowledgement: nothing to do unless it failed. */
  private record Hello(ExecutorSteps x) implements RpcResponseCallback {
    @Override
    public void onSuccess(ByteBuffer response) {
      // Registered: the weights come as pushes.
    }

    @Override
    public void onFailure(Throwable e) {
      x.fail(e);
    }
  }

  /** A task is done with the exchange; the last one closes this executor's end. */
  @Override
  public void leave() {
    synchronized (this) {
      onArrival = null;
    }
    synchronized (OPEN) {
      if (--users == 0) {
        OPEN.remove(exchange);
      }
    }
  }

  /** Executor ends open (tests check none is left behind). */
  static int openCount() {
    synchronized (OPEN) {
      return OPEN.size();
    }
  }

  /**
   * With one task of the job in this executor, its steps run on the network thread that receives
   * their weights, which then sends the result itself: the task's thread would otherwise be woken
   * for every step and would wake the network thread again to send, two hand-offs a step that cost
   * most when the executor's cores are busy. The task's thread waits for the end (or a failure)
   * meanwhile, so that Spark can still kill it. A step already published when the task arrives is
   * computed by the task's thread, as are all steps of an executor that hosts several tasks (they
   * compute in parallel, in their own threads). The same computation either way: the same bits.
   */
  @Override
  public void serve(int partition, ResidentExchange.StepWork work) {
    if (local != 1) {
      ResidentExchange.TaskEnd.super.serve(partition, work);
      return;
    }
    ResidentExchange.Published pending;
    synchronized (this) {
      // No step arrives while one is pending: the driver publishes the next only after this
      // step's result is in, so the network thread takes over from the step after it.
      pending = current;
      onArrival = work;
      arrivalPartition = partition;
    }
    if (pending != null) {
      // Published before this task arrived: computed here.
      long at = System.nanoTime();
      PartitionResult out = work.compute(pending, at, at);
      hand(pending.step(), partition, out, out.computeNanos());
    }
    synchronized (over) {
      ResidentExchange.awaitInTask(over, () -> ended || failure != null, KILL_CHECK_MILLIS);
    }
    if (failure != null) {
      throw new IllegalStateException(
          "a resident training step failed in this executor: " + failure.getMessage(), failure);
    }
  }

  /** Runs an arrived step on this (network) thread and sends its result. */
  private void computeOnArrival(
      ResidentExchange.StepWork work, int partition, ResidentExchange.Published step) {
    try {
      // Fetched on arrival: no wait of this thread counts towards the step (see EpochTask).
      PartitionResult out = work.compute(step, step.publishedAt(), step.publishedAt());
      hand(step.step(), partition, out, out.computeNanos());
    } catch (RuntimeException | Error e) {
      fail(e);
    }
  }

  /**
   * The step after global step {@code done} (-1: the first), waiting for the driver's push; null
   * once the job's steps are over. The weights are shared by the executor's tasks: read-only, and
   * only until the task {@linkplain #hand hands} its result.
   */
  @Override
  public synchronized ResidentExchange.Published next(long done) {
    ResidentExchange.awaitInTask(
        this,
        () -> ended || failure != null || (current != null && current.step() > done),
        KILL_CHECK_MILLIS);
    if (failure != null) {
      throw new IllegalStateException(
          "the driver's step exchange failed: " + failure.getMessage(), failure);
    }
    return ended ? null : current;
  }

  /**
   * A task's result for global step {@code step}; the last of the executor's tasks sums the
   * executor's nodes and sends them. The result buffer is read until the next step is given.
   */
  @Override
  public synchronized void hand(
      long step, int partition, PartitionResult result, long computeNanos) {
    if (current == null || current.step() != step || results[partition] != null) {
      return;
    }
    results[partition] = result;
    slowestCompute = Math.max(slowestCompute, computeNanos);
    if (++handed < local) {
      return;
    }
    List<PartitionResult> sums =
        nodes.stream()
            .map(
                n ->
                    PartitionTree.sum(
                        n.lo(), n.hi(), (lo, hi) -> hi - lo == 1 ? results[lo] : null))
            .toList();
    long busy = System.nanoTime() - received;
    ByteBuffer header =
        ExchangeMessages.sumsHeader(exchange, step, nodes, sums, slowestCompute, busy);
    ExchangeMessages.sumsBody(body, sums);
    java.util.Arrays.fill(results, null);
    handed = 0;
    slowestCompute = 0;
    client.uploadStream(
        new NioManagedBuffer(header), new NioManagedBuffer(body), StepEndpoint.IGNORE);
  }

  private void fail(Throwable e) {
    synchronized (this) {
      if (failure == null) {
        failure = e;
      }
      notifyAll();
    }
    synchronized (over) {
      over.notifyAll();
    }
  }

  /**
   * A message the driver pushed to this JVM: a step's weights (their stream, read straight into the
   * shared array of the exchange it names) or an exchange's end. Messages for an exchange that has
   * no end here (over, or never joined) are read and dropped.
   */
  static StreamCallbackWithID weights(ExchangeMessages.Push push) {
    ExecutorSteps x;
    synchronized (OPEN) {
      x = OPEN.get(push.exchange());
    }
    String id = "descent-weights-" + push.exchange() + "-" + push.step();
    return x == null ? new StepEndpoint.Discard(id) : x.receive(id, push);
  }

  /** The driver's word that exchange {@code exchange}'s steps are over. */
  static void ended(long exchange) {
    ExecutorSteps x;
    synchronized (OPEN) {
      x = OPEN.get(exchange);
    }
    if (x != null) {
      synchronized (x) {
        x.ended = true;
        x.notifyAll();
      }
      synchronized (x.over) {
        x.over.notifyAll();
      }
    }
  }

  /** The next step's weights, read from the stream straight into the shared array. */
  private StreamCallbackWithID receive(String id, ExchangeMessages.Push step) {
    return new ChunkedFill(weights)
        .stream(
            id,
            () -> {
              ResidentExchange.StepWork work;
              ResidentExchange.Published arrived;
              int partition;
              synchronized (this) {
                received = System.nanoTime();
                arrived =
                    new ResidentExchange.Published(
                        step.epoch(), step.stepInEpoch(), step.step(), weights, received);
                current = arrived;
                notifyAll();
                work = onArrival;
                partition = arrivalPartition;
              }
              if (work != null) {
                computeOnArrival(work, partition, arrived);
              }
            },
            this::fail);
  }
}
