package org.descent.spark;

import java.nio.ByteBuffer;
import java.util.List;
import org.descent.ps.train.GradientSum;

/**
 * The two messages of the resident step exchange over the network ({@link StepEndpoint}, {@link
 * ExecutorSteps}), as raw bytes: float arrays go as floats, with no serialiser between (Java or
 * Kryo serialisation of a 1 MB array costs more than moving it over loopback).
 *
 * <p>An executor's request: the exchange it belongs to, the step-in-epoch its tasks just finished
 * (-1: none yet) and, for that step, one partial sum per {@link PartitionTree} node it summed. The
 * driver's reply: the next step and its weights, or the end of the epoch.
 */
final class ExchangeMessages {
  private ExchangeMessages() {}

  /** The wire's byte order: little-endian, the order of the machines Spark runs on (no swaps). */
  static final java.nio.ByteOrder ORDER = java.nio.ByteOrder.LITTLE_ENDIAN;

  private static final int REQUEST = 0x44535431; // "DST1"
  private static final byte STEP = 1;
  private static final byte END = 0;

  /** One node's partial sum as an executor sent it, with the executor's times for the step. */
  record Partial(int lo, int hi, PartitionResult result, long computeNanos, long busyNanos) {}

  /** An executor's request as the driver reads it (the partials not yet decoded). */
  record Request(long exchange, int done, int partials, ByteBuffer rest) {}

  /** The driver's reply: step {@code stepInEpoch} (global {@code step}) at the weights, or end. */
  record Reply(boolean end, int stepInEpoch, long step) {}

  /** Bytes of a request's header. */
  static final int HEADER_BYTES = 3 * Integer.BYTES + Long.BYTES;

  /** Bytes of one partial sum in a request. */
  static int partialBytes(int parameters, int stateSize) {
    return 4 * Integer.BYTES
        + 3 * Long.BYTES
        + 2 * Double.BYTES
        + Float.BYTES * parameters
        + Double.BYTES * stateSize;
  }

  /**
   * An executor's request into {@code buf} (cleared, flipped for sending): step {@code done}'s sums
   * over {@code nodes} of {@code sums} (one per node, in order), with the executor's slowest
   * compute and its time from the weights' arrival to this request.
   */
  static ByteBuffer request(
      ByteBuffer buf,
      long exchange,
      int done,
      List<PartitionTree.Node> nodes,
      List<PartitionResult> sums,
      long computeNanos,
      long busyNanos) {
    buf.clear();
    buf.putInt(REQUEST).putLong(exchange).putInt(done).putInt(nodes.size());
    for (int i = 0; i < nodes.size(); i++) {
      GradientSum g = sums.get(i).sum();
      buf.putInt(nodes.get(i).lo()).putInt(nodes.get(i).hi());
      buf.putLong(g.rows()).putDouble(g.loss()).putDouble(g.weight());
      buf.putLong(computeNanos).putLong(busyNanos);
      buf.putInt(g.gradient().length).putInt(g.batchNormSums().length);
      buf.asFloatBuffer().put(g.gradient());
      buf.position(buf.position() + Float.BYTES * g.gradient().length);
      buf.asDoubleBuffer().put(g.batchNormSums());
      buf.position(buf.position() + Double.BYTES * g.batchNormSums().length);
    }
    return buf.flip();
  }

  /** Reads a request's header; throws on bytes that are not one. */
  static Request readRequest(ByteBuffer in) {
    in.order(ORDER);
    if (in.remaining() < 20 || in.getInt() != REQUEST) {
      throw new IllegalArgumentException("not a Descent step-exchange request");
    }
    return new Request(in.getLong(), in.getInt(), in.getInt(), in);
  }

  /**
   * Reads the next partial of a request into {@code into} (cleared first), whose sizes must match.
   */
  static Partial readPartial(ByteBuffer in, java.util.function.IntFunction<PartitionResult> into) {
    int lo = in.getInt();
    int hi = in.getInt();
    long rows = in.getLong();
    double loss = in.getDouble();
    double weight = in.getDouble();
    long compute = in.getLong();
    long busy = in.getLong();
    int n = in.getInt();
    int m = in.getInt();
    PartitionResult r = into.apply(lo);
    GradientSum g = r.sum();
    if (n != g.gradient().length || m != g.batchNormSums().length) {
      throw new IllegalArgumentException(
          "a partial sum of "
              + n
              + " parameters and "
              + m
              + " batch-norm sums for a network of "
              + g.gradient().length
              + " and "
              + g.batchNormSums().length);
    }
    r.reset(lo);
    in.asFloatBuffer().get(g.gradient());
    in.position(in.position() + Float.BYTES * n);
    in.asDoubleBuffer().get(g.batchNormSums());
    in.position(in.position() + Double.BYTES * m);
    g.addLoss(loss, rows, weight);
    return new Partial(lo, hi, r, compute, busy);
  }

  /** The driver's reply with step {@code stepInEpoch}'s weights. */
  static ByteBuffer step(ByteBuffer buf, int stepInEpoch, long step, float[] weights) {
    buf.clear();
    buf.put(STEP).putInt(stepInEpoch).putLong(step);
    buf.asFloatBuffer().put(weights);
    buf.position(buf.position() + Float.BYTES * weights.length);
    return buf.flip();
  }

  /**
   * A buffer for step replies of {@code parameters} weights, direct (the network writes it without
   * a copy) and in the wire's byte order.
   */
  static ByteBuffer stepBuffer(int parameters) {
    return allocate(1 + Integer.BYTES + Long.BYTES + Float.BYTES * (long) parameters);
  }

  /** A buffer for an executor's requests of {@code nodes} partials of this size. */
  static ByteBuffer requestBuffer(int nodes, int parameters, int stateSize) {
    return allocate(HEADER_BYTES + nodes * (long) partialBytes(parameters, stateSize));
  }

  private static ByteBuffer allocate(long bytes) {
    if (bytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "a step message of "
              + bytes
              + " bytes is over the 2 GB a network message can hold: use"
              + " train.stepTransport=jobs for networks of more than about 500 million parameters");
    }
    return ByteBuffer.allocateDirect((int) bytes).order(ORDER);
  }

  /** The driver's reply when the epoch is over (or its tasks belong to an older attempt). */
  static ByteBuffer end() {
    return ByteBuffer.allocate(1).order(ORDER).put(END).flip();
  }

  /** Reads a reply; a step's weights go into {@code weights}. */
  static Reply readReply(ByteBuffer in, float[] weights) {
    in.order(ORDER);
    if (in.get() == END) {
      return new Reply(true, -1, -1);
    }
    int stepInEpoch = in.getInt();
    long step = in.getLong();
    if (in.remaining() != Float.BYTES * weights.length) {
      throw new IllegalArgumentException(
          "weights of "
              + in.remaining() / Float.BYTES
              + " parameters for a network of "
              + weights.length);
    }
    in.asFloatBuffer().get(weights);
    return new Reply(false, stepInEpoch, step);
  }
}
