package org.descent.spark;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.broadcast.Broadcast;
import scala.reflect.ClassTag$;

/**
 * The weights of one step in local mode, where every task runs in the driver's JVM: a {@link
 * Broadcast} whose value stays in this JVM's table, so the step skips what a TorrentBroadcast does
 * for remote executors (serialising the array into checksummed pieces, storing them in the block
 * manager, removing them again on destroy). Tasks see it like any broadcast: the closure carries
 * only the key. The array is a copy the caller never changes, so a retried task reads the weights
 * its step started from. {@link #destroy} removes it from the table.
 */
final class LocalWeights extends Broadcast<float[]> {
  private static final long serialVersionUID = 1L;
  private static final Map<Long, float[]> TABLE = new ConcurrentHashMap<>();
  private static final AtomicLong NEXT = new AtomicLong();

  private final long key;

  /** Negative ids, so they can never name one of Spark's own broadcasts. */
  LocalWeights(float[] weights) {
    this(-NEXT.incrementAndGet(), weights);
  }

  private LocalWeights(long id, float[] weights) {
    super(id, ClassTag$.MODULE$.<float[]>apply(float[].class));
    this.key = id;
    TABLE.put(key, weights);
  }

  @Override
  public float[] getValue() {
    float[] w = TABLE.get(key);
    if (w == null) {
      throw new IllegalStateException(
          "the weights of local broadcast " + key + " were read after it was destroyed");
    }
    return w;
  }

  @Override
  public void doUnpersist(boolean blocking) {
    // Nothing cached elsewhere: the table is the only copy.
  }

  @Override
  public void doDestroy(boolean blocking) {
    TABLE.remove(key);
  }

  /** Weights held (tests check that destroyed ones are gone). */
  static int held() {
    return TABLE.size();
  }
}
