package org.descent.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.FieldSerializer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;

/**
 * Kryo serialiser of {@link PartitionResult} that, in local mode, hands the result over inside the
 * JVM instead of serialising it. In local mode the only executor is the driver itself, and Spark
 * still serialises every task result twice (Kryo, then Java for its DirectTaskResult) and
 * deserialises it twice on the driver: for a gradient of 4 bytes a parameter that was most of the
 * aggregate time. Here the writer (a task thread whose executor id is {@code driver}) parks a copy
 * in a table and writes only its key; the reader takes it out again. Same bits, one memory copy.
 *
 * <p>Everywhere else (executors of a cluster, or no SparkEnv) it is Kryo's field serialiser. What
 * the table holds is bounded ({@link #MAX_HELD} floats): a result Spark serialises but never reads
 * (a cancelled job) cannot grow it beyond that; past the bound results are serialised normally.
 * Whether results are handed over is decided in one place, {@link #applies}.
 */
final class LocalHandOver extends Serializer<PartitionResult> {
  /** 64M floats = 256 MB. */
  static final long MAX_HELD = 64L << 20;

  private static final byte SERIALISED = 0;
  private static final byte HANDED_OVER = 1;
  private static final Map<Long, PartitionResult> TABLE = new ConcurrentHashMap<>();
  private static final AtomicLong NEXT = new AtomicLong();
  private static final AtomicLong HELD = new AtomicLong();

  private final FieldSerializer<PartitionResult> fields;

  LocalHandOver(Kryo kryo) {
    this.fields = new FieldSerializer<>(kryo, PartitionResult.class);
  }

  /**
   * True in a local-mode JVM ({@code local}, {@code local[N]}, not {@code local-cluster}), where
   * every task runs in the driver, so whoever reads a result is this JVM.
   */
  static boolean inLocalMode() {
    return StepTransport.localMode();
  }

  /**
   * Whether step results are handed over in memory under {@code conf}: in local mode, and only when
   * Spark serialises with Kryo and Descent's registrator (which installs this serialiser). Anywhere
   * else results are serialised, and Spark's {@code spark.driver.maxResultSize} bounds them.
   */
  static boolean applies(SparkConf conf) {
    return inLocalMode()
        && conf.get("spark.serializer", "").equals(KryoSerializer.class.getName())
        && java.util.Arrays.asList(conf.get("spark.kryo.registrator", "").split(",")).stream()
            .map(String::trim)
            .anyMatch(DescentKryoRegistrator.class.getName()::equals);
  }

  /** Results parked and not yet read (tests check nothing is left behind). */
  static int held() {
    return TABLE.size();
  }

  @Override
  public void write(Kryo kryo, Output output, PartitionResult result) {
    if (inLocalMode()) {
      long size = result.size();
      if (HELD.addAndGet(size) <= MAX_HELD) {
        long key = NEXT.incrementAndGet();
        TABLE.put(key, result.copy());
        output.writeByte(HANDED_OVER);
        output.writeLong(key);
        return;
      }
      HELD.addAndGet(-size);
    }
    output.writeByte(SERIALISED);
    fields.write(kryo, output, result);
  }

  @Override
  public PartitionResult read(Kryo kryo, Input input, Class<PartitionResult> type) {
    if (input.readByte() == SERIALISED) {
      return fields.read(kryo, input, type);
    }
    long key = input.readLong();
    PartitionResult r = TABLE.remove(key);
    if (r == null) {
      throw new IllegalStateException(
          "partition result " + key + " was handed over in local mode but is gone (read twice?)");
    }
    HELD.addAndGet(-r.size());
    return r;
  }
}
