package org.descent.spark;

import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.descent.ps.ParameterServer;

/**
 * The one live broadcast of the weights: re-broadcast when the parameter server has moved on, the
 * previous one destroyed at once, so nothing grows with the number of steps. The broadcast holds a
 * copy, never the server's live array (in local mode tasks would read the driver's object), so it
 * is immutable and a retried task sees the weights its step started from. In local mode it is a
 * {@link LocalWeights}, which keeps the copy in this JVM instead of Spark's block manager.
 */
final class WeightsBroadcast implements AutoCloseable {
  private final JavaSparkContext sc;
  private final Consumer<Broadcast<float[]>> listener;
  private Broadcast<float[]> current;
  private long version = -1;
  private long lastNanos;

  WeightsBroadcast(JavaSparkContext sc, Consumer<Broadcast<float[]>> listener) {
    this.sc = sc;
    this.listener = listener;
  }

  /** A broadcast of the server's current weights. */
  Broadcast<float[]> of(ParameterServer server) {
    long start = System.nanoTime();
    if (current == null || version != server.step()) {
      close();
      float[] copy = server.weights().clone();
      current = LocalHandOver.inLocalMode() ? new LocalWeights(copy) : sc.broadcast(copy);
      version = server.step();
      listener.accept(current);
    }
    lastNanos = System.nanoTime() - start;
    return current;
  }

  /** Driver time of the last {@link #of}: the broadcast and the previous one's destroy. */
  long lastNanos() {
    return lastNanos;
  }

  @Override
  public void close() {
    if (current != null) {
      current.destroy();
      current = null;
      version = -1;
    }
  }
}
