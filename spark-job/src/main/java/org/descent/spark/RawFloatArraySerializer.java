package org.descent.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Kryo serialiser for {@code float[]} as its length and then the raw little-endian IEEE bits,
 * copied in bulk. Kryo's own writes and reads one float at a time; weights broadcasts and gradient
 * results are float arrays of up to tens of MB every step, so this is on the critical path. Bits
 * are kept exactly (NaN payloads too), so training stays bit-identical.
 */
final class RawFloatArraySerializer extends Serializer<float[]> {
  /** Floats copied per chunk: 256 KiB of bytes, so no chunk needs a huge temporary array. */
  private static final int CHUNK = 1 << 16;

  RawFloatArraySerializer() {
    setAcceptsNull(true);
    setImmutable(false);
  }

  @Override
  public void write(Kryo kryo, Output output, float[] array) {
    if (array == null) {
      output.writeVarInt(0, true);
      return;
    }
    output.writeVarInt(array.length + 1, true);
    byte[] chunk = new byte[Math.min(array.length, CHUNK) * Float.BYTES];
    ByteBuffer bytes = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
    for (int from = 0; from < array.length; from += CHUNK) {
      int n = Math.min(CHUNK, array.length - from);
      bytes.clear();
      bytes.asFloatBuffer().put(array, from, n);
      output.writeBytes(chunk, 0, n * Float.BYTES);
    }
  }

  @Override
  public float[] read(Kryo kryo, Input input, Class<float[]> type) {
    int length = input.readVarInt(true);
    if (length == 0) {
      return null;
    }
    float[] array = new float[length - 1];
    byte[] chunk = new byte[Math.min(array.length, CHUNK) * Float.BYTES];
    ByteBuffer bytes = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
    for (int from = 0; from < array.length; from += CHUNK) {
      int n = Math.min(CHUNK, array.length - from);
      input.readBytes(chunk, 0, n * Float.BYTES);
      bytes.clear();
      bytes.asFloatBuffer().get(array, from, n);
    }
    return array;
  }

  @Override
  public float[] copy(Kryo kryo, float[] original) {
    return original.clone();
  }
}
