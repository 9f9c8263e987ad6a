package org.descent.spark;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import scala.reflect.ClassTag$;

/**
 * The weights of one step in local mode, where every task runs in the driver's JVM: a {@link
 * Broadcast} whose value stays in this JVM's table, so the step skips what a TorrentBroadcast does
 * for remote executors (serialising the array into checksummed pieces, storing them in the block
 * manager, removing them again on destroy). Tasks see it like any broadcast: the closure carries
 * only the key. The array is a copy the caller never changes, so a retried task reads the weights
 * its step started from. {@link #destroy} removes it from the table.
 *
 * <p>A {@linkplain #deferred() deferred} one is made before its weights exist, so the next step's
 * job can be submitted while the driver still updates: its tasks wait in {@link #getValue} until
 * {@link #publish} (or fail at once if it is destroyed first, or when Spark kills them).
 */
final class LocalWeights extends Broadcast<float[]> {
  private static final long serialVersionUID = 1L;
  private static final Map<Long, Value> TABLE = new ConcurrentHashMap<>();
  private static final AtomicLong NEXT = new AtomicLong();

  /** How often a waiting task checks whether Spark has killed it. */
  private static final long KILL_CHECK_MILLIS = 20;

  private final long key;
  private final boolean deferred;

  /** Weights known now. */
  LocalWeights(float[] weights) {
    this(weights, System.nanoTime());
  }

  /** Negative ids, so they can never name one of Spark's own broadcasts. */
  private LocalWeights(float[] weights, long publishedAt) {
    super(-NEXT.incrementAndGet(), ClassTag$.MODULE$.<float[]>apply(float[].class));
    this.key = id();
    this.deferred = weights == null;
    Value v = new Value();
    if (weights != null) {
      v.set(weights, null, publishedAt);
    }
    TABLE.put(key, v);
  }

  /** Weights that {@link #publish} will give later; tasks reading them wait until then. */
  static LocalWeights deferred() {
    return new LocalWeights(null, 0);
  }

  /** Gives the deferred weights (a copy the caller never changes) to the tasks waiting for them. */
  void publish(float[] weights) {
    entry().set(weights, null, System.nanoTime());
  }

  /** True if made by {@link #deferred()}. */
  boolean isDeferred() {
    return deferred;
  }

  /** When the weights were published, on this JVM's {@code System.nanoTime} clock. */
  long publishedAt() {
    return entry().publishedAt;
  }

  @Override
  public float[] getValue() {
    return entry().await(key);
  }

  private Value entry() {
    Value v = TABLE.get(key);
    if (v == null) {
      throw new IllegalStateException(
          "the weights of local broadcast " + key + " were read after it was destroyed");
    }
    return v;
  }

  @Override
  public void doUnpersist(boolean blocking) {
    // Nothing cached elsewhere: the table is the only copy.
  }

  @Override
  public void doDestroy(boolean blocking) {
    Value v = TABLE.remove(key);
    if (v != null) {
      v.set(null, "it was destroyed before its weights were published", System.nanoTime());
    }
  }

  /** Weights held (tests check that destroyed ones are gone). */
  static int held() {
    return TABLE.size();
  }

  private static final class Value {
    private float[] weights;
    private String failure;
    private volatile long publishedAt;

    synchronized void set(float[] w, String why, long at) {
      if (weights == null && failure == null) {
        weights = w;
        failure = why;
        publishedAt = at;
        notifyAll();
      }
    }

    synchronized float[] await(long key) {
      while (weights == null && failure == null) {
        try {
          wait(KILL_CHECK_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted waiting for local broadcast " + key, e);
        }
        TaskContext task = TaskContext.get();
        if (task != null) {
          task.killTaskIfInterrupted();
        }
      }
      if (weights == null) {
        throw new IllegalStateException(
            "the weights of local broadcast " + key + " will not come: " + failure);
      }
      return weights;
    }
  }
}
