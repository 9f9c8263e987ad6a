package org.descent.spark;

import java.nio.ByteBuffer;

/**
 * Fills float and double arrays, in turn, from a stream's body as it arrives in network buffers of
 * any size: each buffer is read straight into the arrays, an element split between two buffers
 * through an 8-byte carry. The bytes are little-endian ({@link ExchangeMessages#ORDER}).
 */
final class ChunkedFill {
  private final Object[] targets;
  private final ByteBuffer carry = ByteBuffer.allocate(Double.BYTES).order(ExchangeMessages.ORDER);
  private int target;
  private int index;
  private long remaining;

  /** Fills {@code targets} (each a {@code float[]} or a {@code double[]}) in order. */
  ChunkedFill(Object... targets) {
    this.targets = targets;
    for (Object t : targets) {
      remaining += (long) length(t) * width(t);
    }
  }

  private static int width(Object t) {
    return t instanceof float[] ? Float.BYTES : Double.BYTES;
  }

  private static int length(Object t) {
    return t instanceof float[] f ? f.length : ((double[]) t).length;
  }

  /** Reads all of {@code chunk} into the arrays; more bytes than they hold is an error. */
  void accept(ByteBuffer chunk) {
    chunk.order(ExchangeMessages.ORDER);
    if (chunk.remaining() > remaining) {
      throw new IllegalArgumentException(
          chunk.remaining() + " bytes arrived for arrays with room for " + remaining);
    }
    remaining -= chunk.remaining();
    while (chunk.hasRemaining()) {
      Object t = targets[target];
      int width = width(t);
      int length = length(t);
      if (index == length) {
        target++;
        index = 0;
        continue;
      }
      if (carry.position() > 0 || chunk.remaining() < width) {
        while (carry.position() < width && chunk.hasRemaining()) {
          carry.put(chunk.get());
        }
        if (carry.position() == width) {
          carry.flip();
          if (t instanceof float[] f) {
            f[index++] = carry.getFloat();
          } else {
            ((double[]) t)[index++] = carry.getDouble();
          }
          carry.clear();
        }
        continue;
      }
      int n = Math.min(length - index, chunk.remaining() / width);
      if (t instanceof float[] f) {
        chunk.asFloatBuffer().get(f, index, n);
      } else {
        chunk.asDoubleBuffer().get((double[]) t, index, n);
      }
      chunk.position(chunk.position() + n * width);
      index += n;
    }
  }

  /** Whether every array is full. */
  boolean complete() {
    return remaining == 0 && carry.position() == 0;
  }

  /**
   * A stream whose body this fills: {@code done} runs once all of it is in; {@code failed} gets the
   * transport's failure, or the stream's early end.
   */
  org.apache.spark.network.client.StreamCallbackWithID stream(
      String id, Runnable done, java.util.function.Consumer<Throwable> failed) {
    ChunkedFill fill = this;
    return new org.apache.spark.network.client.StreamCallbackWithID() {
      @Override
      public String getID() {
        return id;
      }

      @Override
      public void onData(String streamId, ByteBuffer buf) {
        fill.accept(buf);
      }

      @Override
      public void onComplete(String streamId) {
        if (fill.complete()) {
          done.run();
        } else {
          failed.accept(new IllegalStateException("the stream " + streamId + " ended early"));
        }
      }

      @Override
      public void onFailure(String streamId, Throwable cause) {
        failed.accept(cause);
      }
    };
  }
}
