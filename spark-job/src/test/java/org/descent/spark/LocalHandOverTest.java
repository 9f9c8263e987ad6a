package org.descent.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.descent.sparktest.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * In a local-mode JVM a PartitionResult crosses Spark's serialiser as a key and comes back with the
 * same bits, leaving nothing behind; outside local mode it is fully serialised.
 */
class LocalHandOverTest {
  @RegisterExtension
  static final LocalSpark SPARK =
      LocalSpark.withCores(2).withKryo(DescentKryoRegistrator.class.getName());

  private static final ClassTag<PartitionResult> TAG =
      ClassTag$.MODULE$.apply(PartitionResult.class);

  private static PartitionResult result() {
    PartitionResult r = new PartitionResult(100_000, 2).reset(3);
    for (int i = 0; i < 100_000; i++) {
      r.sum().gradient()[i] = i % 7 == 0 ? -0.0f : i * 0.25f - 3;
    }
    r.sum().batchNormSums()[1] = 2.5;
    r.times(-1, 11, 22);
    return r;
  }

  private static void assertSameBits(PartitionResult a, PartitionResult b) {
    assertEquals(a.first(), b.first());
    assertEquals(a.computeNanos(), b.computeNanos());
    assertEquals(a.fetchNanos(), b.fetchNanos());
    for (int i = 0; i < a.sum().gradient().length; i++) {
      assertEquals(
          Float.floatToRawIntBits(a.sum().gradient()[i]),
          Float.floatToRawIntBits(b.sum().gradient()[i]));
    }
    assertArrayEquals(a.sum().batchNormSums(), b.sum().batchNormSums());
  }

  @Test
  void localModeHandsTheResultOverAsAKey() {
    assertTrue(LocalHandOver.inLocalMode());
    SerializerInstance ser = SparkEnv.get().serializer().newInstance();
    PartitionResult r = result();
    ByteBuffer bytes = ser.serialize(r, TAG);
    assertTrue(bytes.remaining() < 64, "handed over in " + bytes.remaining() + " bytes");
    assertEquals(1, LocalHandOver.held());
    r.sum().gradient()[5] = 99; // the task's buffer is reused: the parked copy must not change
    PartitionResult back = ser.deserialize(bytes, TAG);
    assertEquals(0, LocalHandOver.held());
    r.sum().gradient()[5] = 5 * 0.25f - 3;
    assertSameBits(r, back);
  }

  @Test
  void elsewhereItIsSerialisedInFull() {
    // A serialiser of its own run on a thread while no local SparkEnv is visible is not possible in
    // this JVM, so check the fallback directly: a registrator-built Kryo outside local mode writes
    // every float.
    SerializerInstance ser =
        new KryoSerializer(
                new SparkConf()
                    .set("spark.kryo.registrator", DescentKryoRegistrator.class.getName()))
            .newInstance();
    SparkEnv env = SparkEnv.get();
    SparkEnv.set(null);
    try {
      assertFalse(LocalHandOver.inLocalMode());
      PartitionResult r = result();
      ByteBuffer bytes = ser.serialize(r, TAG);
      assertTrue(bytes.remaining() > 400_000, "serialised in " + bytes.remaining() + " bytes");
      assertSameBits(r, ser.deserialize(bytes, TAG));
    } finally {
      SparkEnv.set(env);
    }
  }
}
