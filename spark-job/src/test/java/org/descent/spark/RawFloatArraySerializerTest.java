package org.descent.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Random;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.descent.ps.train.GradientSum;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag$;

/**
 * float[] travels through Spark's Kryo (as Descent configures it) bit for bit, in about 4 bytes a
 * float, including arrays longer than one copy chunk, NaN payloads, and inside a GradientSum.
 */
class RawFloatArraySerializerTest {
  private static final SerializerInstance KRYO =
      new KryoSerializer(
              new SparkConf()
                  .set("spark.kryo.registrator", DescentKryoRegistrator.class.getName())
                  .set("spark.kryo.registrationRequired", "true"))
          .newInstance();

  @Test
  void roundTripsExactBitsAtFourBytesAFloat() {
    for (int n : new int[] {0, 1, 7, 65_536, 65_537, 200_003}) {
      float[] a = new float[n];
      Random r = new Random(n);
      for (int i = 0; i < n; i++) {
        a[i] = Float.intBitsToFloat(r.nextInt()); // every bit pattern, NaN payloads included
      }
      ByteBuffer bytes = KRYO.serialize(a, ClassTag$.MODULE$.apply(float[].class));
      assertTrue(bytes.remaining() <= 4L * n + 8, n + " floats took " + bytes.remaining());
      float[] back = KRYO.deserialize(bytes, ClassTag$.MODULE$.apply(float[].class));
      assertEquals(n, back.length);
      for (int i = 0; i < n; i++) {
        assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(back[i]), "at " + i);
      }
    }
  }

  @Test
  void descentsKryoUsesIt() {
    SparkConf conf =
        new SparkConf().set("spark.kryo.registrator", DescentKryoRegistrator.class.getName());
    assertTrue(
        new KryoSerializer(conf).newKryo().getRegistration(float[].class).getSerializer()
            instanceof RawFloatArraySerializer);
  }

  @Test
  void nullStaysNull() {
    float[] none = null;
    ByteBuffer bytes = KRYO.serialize(none, ClassTag$.MODULE$.apply(float[].class));
    assertNull(KRYO.deserialize(bytes, ClassTag$.MODULE$.apply(float[].class)));
  }

  @Test
  void gradientSumsKeepTheirGradient() {
    GradientSum s = new GradientSum(100_000, 3);
    for (int i = 0; i < 100_000; i++) {
      s.gradient()[i] = i * 0.5f - 7;
    }
    ByteBuffer bytes = KRYO.serialize(s, ClassTag$.MODULE$.apply(GradientSum.class));
    assertTrue(bytes.remaining() < 400_100, "a 100k-float gradient took " + bytes.remaining());
    GradientSum back = KRYO.deserialize(bytes, ClassTag$.MODULE$.apply(GradientSum.class));
    assertArrayEquals(s.gradient(), back.gradient());
  }
}
