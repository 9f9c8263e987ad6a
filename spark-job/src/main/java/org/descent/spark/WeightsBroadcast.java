package org.descent.spark;

import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.descent.ps.ParameterServer;

/**
 * The live broadcast of the weights: re-broadcast when the parameter server has moved on, the
 * previous one destroyed at once, so nothing grows with the number of steps. The broadcast holds a
 * copy, never the server's live array (in local mode tasks would read the driver's object), so it
 * is immutable and a retried task sees the weights its step started from. In local mode it is a
 * {@link LocalWeights}, which keeps the copy in this JVM instead of Spark's block manager.
 *
 * <p>In local mode a second one may be {@linkplain #deferred() deferred}: the next step's, handed
 * to its job before the weights exist and filled in by {@link #publish}. At most two are live.
 */
final class WeightsBroadcast implements AutoCloseable {
  private final JavaSparkContext sc;
  private final Consumer<Broadcast<float[]>> listener;
  private Broadcast<float[]> current;
  private LocalWeights next;
  private long version = -1;

  WeightsBroadcast(JavaSparkContext sc, Consumer<Broadcast<float[]>> listener) {
    this.sc = sc;
    this.listener = listener;
  }

  /**
   * True when the next step's job may be submitted before its weights exist ({@link #deferred}): in
   * local mode ({@code DistributedTrainer.pipelining(false)} turns it off, for tests).
   */
  static boolean canDefer() {
    return StepTransport.localMode();
  }

  /** A broadcast of the server's current weights. */
  Broadcast<float[]> of(ParameterServer server) {
    if (current == null || next != null || version != server.step()) {
      close();
      float[] copy = server.weights().clone();
      current = StepTransport.localMode() ? new LocalWeights(copy) : sc.broadcast(copy);
      version = server.step();
      listener.accept(current);
    }
    return current;
  }

  /**
   * A broadcast of the weights the server will hold after its next update, to hand to the next
   * step's job now; {@link #publish} fills it in. Only when {@link #canDefer}, one at a time.
   */
  Broadcast<float[]> deferred() {
    if (next != null) {
      throw new IllegalStateException("the next step's weights are already deferred");
    }
    next = LocalWeights.deferred();
    listener.accept(next);
    return next;
  }

  /**
   * After an update: the current step's job is over, so its weights are destroyed, and a copy of
   * the server's new weights is published into the {@link #deferred} broadcast, which becomes
   * current. Returns when tasks could read them ({@code System.nanoTime}).
   */
  long publish(ParameterServer server) {
    if (next == null) {
      throw new IllegalStateException("no deferred weights to publish");
    }
    next.publish(server.weights().clone());
    if (current != null) {
      current.destroy();
    }
    current = next;
    next = null;
    version = server.step();
    return ((LocalWeights) current).publishedAt();
  }

  @Override
  public void close() {
    if (next != null) {
      next.destroy(); // tasks still waiting for it fail at once
      next = null;
    }
    if (current != null) {
      current.destroy();
      current = null;
    }
    version = -1;
  }
}
