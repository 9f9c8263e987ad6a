package org.descent.spark;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.descent.ps.train.GradientSum;

/**
 * The messages of the resident step exchange over the network ({@link StepEndpoint}, {@link
 * ExecutorSteps}), as raw bytes: float arrays go as floats, with no serialiser between.
 *
 * <ul>
 *   <li><b>hello</b> (an RPC, executor → driver, once a job): registers the executor's connection
 *       with the job's exchange.
 *   <li><b>weights</b> (an upload stream, driver → executor, on the same connection): each step the
 *       driver publishes, pushed to every registered executor: a small header (the epoch and the
 *       step) and a body of raw floats.
 *   <li><b>sums</b> (an upload stream, executor → driver): the partial sums of the (global) step it
 *       finished, one per {@link PartitionTree} node it summed; a header (the nodes, their row
 *       counts and losses, the executor's times) and a body of raw floats and doubles.
 *   <li><b>end</b> (an RPC, driver → executor): the job's steps are over.
 * </ul>
 *
 * So a step costs one message each way. Arrays travel as streams, not in RPC messages, because
 * Spark's transport hands an RPC's body to its handler as one buffer, copying a message that spans
 * several network reads into a new heap array: for a megabyte of weights a humongous allocation, a
 * copy and its garbage, twice a step. A stream's body arrives in the network's own buffers, read
 * straight into the arrays ({@link ChunkedFill}).
 */
final class ExchangeMessages {
  private ExchangeMessages() {}

  /** The wire's byte order: little-endian, the order of the machines Spark runs on (no swaps). */
  static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

  private static final int HELLO = 0x44534831; // "DSH1"
  private static final int SUMS = 0x44535331; // "DSS1"
  private static final int WEIGHTS = 0x44535731; // "DSW1"
  private static final int END = 0x44534531; // "DSE1"

  /** A node's partial sum as the header describes it. */
  record Node(
      int lo,
      int hi,
      long rows,
      double loss,
      double weight,
      long computeNanos,
      long busyNanos,
      int parameters,
      int stateSize) {}

  /** A hello's or a sums header, as the driver reads it. */
  record Header(boolean sums, long exchange, long done, List<Node> nodes) {}

  /** A weights header or an end, as an executor reads it. */
  record Push(boolean end, long exchange, int epoch, int stepInEpoch, long step) {}

  private static final int NODE_BYTES = 4 * Integer.BYTES + 3 * Long.BYTES + 2 * Double.BYTES;

  /** A hello: an executor's connection for exchange {@code exchange}. */
  static ByteBuffer hello(long exchange) {
    ByteBuffer b = ByteBuffer.allocate(2 * Integer.BYTES + Long.BYTES).order(ORDER);
    return b.putInt(HELLO).putLong(exchange).putInt(-1).flip();
  }

  /**
   * The header of global step {@code done}'s sums over {@code nodes} ({@code sums}, one per node).
   */
  static ByteBuffer sumsHeader(
      long exchange,
      long done,
      List<PartitionTree.Node> nodes,
      List<PartitionResult> sums,
      long computeNanos,
      long busyNanos) {
    ByteBuffer b =
        ByteBuffer.allocate(2 * Integer.BYTES + 2 * Long.BYTES + nodes.size() * NODE_BYTES)
            .order(ORDER);
    b.putInt(SUMS).putLong(exchange).putLong(done).putInt(nodes.size());
    for (int i = 0; i < nodes.size(); i++) {
      GradientSum g = sums.get(i).sum();
      b.putInt(nodes.get(i).lo()).putInt(nodes.get(i).hi());
      b.putLong(g.rows()).putDouble(g.loss()).putDouble(g.weight());
      b.putLong(computeNanos).putLong(busyNanos);
      b.putInt(g.gradient().length).putInt(g.batchNormSums().length);
    }
    return b.flip();
  }

  /**
   * Step sums' body into {@code buf} (cleared, flipped for sending): each node's arrays in turn.
   */
  static ByteBuffer sumsBody(ByteBuffer buf, List<PartitionResult> sums) {
    buf.clear();
    for (PartitionResult r : sums) {
      GradientSum g = r.sum();
      buf.asFloatBuffer().put(g.gradient());
      buf.position(buf.position() + Float.BYTES * g.gradient().length);
      buf.asDoubleBuffer().put(g.batchNormSums());
      buf.position(buf.position() + Double.BYTES * g.batchNormSums().length);
    }
    return buf.flip();
  }

  /** Reads a header of either kind; throws on bytes that are not one. */
  static Header readHeader(ByteBuffer in) {
    in.order(ORDER);
    if (in.remaining() < 2 * Integer.BYTES + Long.BYTES) {
      throw new IllegalArgumentException("not a Descent step-exchange message");
    }
    int kind = in.getInt();
    if (kind == HELLO) {
      return new Header(false, in.getLong(), in.getInt(), List.of());
    }
    if (kind != SUMS) {
      throw new IllegalArgumentException("not a Descent step-exchange message");
    }
    long exchange = in.getLong();
    long done = in.getLong();
    int n = in.getInt();
    List<Node> nodes = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      nodes.add(
          new Node(
              in.getInt(),
              in.getInt(),
              in.getLong(),
              in.getDouble(),
              in.getDouble(),
              in.getLong(),
              in.getLong(),
              in.getInt(),
              in.getInt()));
    }
    return new Header(true, exchange, done, nodes);
  }

  private static final int PUSH_BYTES = 3 * Integer.BYTES + 2 * Long.BYTES;

  /** The header of step {@code stepInEpoch} of {@code epoch}'s (global {@code step}) weights. */
  static ByteBuffer weightsHeader(long exchange, int epoch, int stepInEpoch, long step) {
    ByteBuffer b = ByteBuffer.allocate(PUSH_BYTES).order(ORDER);
    return b.putInt(WEIGHTS)
        .putLong(exchange)
        .putInt(epoch)
        .putInt(stepInEpoch)
        .putLong(step)
        .flip();
  }

  /** The end of exchange {@code exchange}'s steps. */
  static ByteBuffer end(long exchange) {
    ByteBuffer b = ByteBuffer.allocate(PUSH_BYTES).order(ORDER);
    return b.putInt(END).putLong(exchange).putInt(-1).putInt(-1).putLong(-1).flip();
  }

  /** Reads a weights header or an end; throws on bytes that are neither. */
  static Push readPush(ByteBuffer in) {
    in.order(ORDER);
    int kind = in.remaining() >= PUSH_BYTES ? in.getInt() : 0;
    if (kind != WEIGHTS && kind != END) {
      throw new IllegalArgumentException("not a Descent step-exchange message");
    }
    return new Push(kind == END, in.getLong(), in.getInt(), in.getInt(), in.getLong());
  }

  /** Writes {@code weights} into {@code buf} (cleared, flipped): the weights stream's body. */
  static ByteBuffer weights(ByteBuffer buf, float[] weights) {
    buf.clear();
    buf.asFloatBuffer().put(weights);
    buf.position(Float.BYTES * weights.length);
    return buf.flip();
  }

  /** A direct buffer in the wire's order (the network writes it without a copy). */
  static ByteBuffer direct(long bytes) {
    if (bytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "a step message of "
              + bytes
              + " bytes is over the 2 GB a network message can hold: use"
              + " train.stepTransport=jobs for networks of more than about 500 million parameters");
    }
    return ByteBuffer.allocateDirect((int) bytes).order(ORDER);
  }

  /** Bytes of one node's arrays in a sums body. */
  static long arrayBytes(int parameters, int stateSize) {
    return Float.BYTES * (long) parameters + Double.BYTES * (long) stateSize;
  }
}
