package org.descent.ps;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import org.descent.nn.ParameterLayout;

/**
 * The binary snapshot of a {@link ParameterServer}: everything needed to continue bit-for-bit
 * (configuration, step, weights, optimiser state, layer state) plus the layout it belongs to. The
 * network spec itself is the caller's to save. Never Java serialisation.
 *
 * <p>Format version 1, big-endian:
 *
 * <pre>
 *   magic     4 bytes  "DSPS"
 *   version   int      1
 *   length    long     bytes in the whole snapshot, checksum included
 *   sections  each: tag (4 ASCII bytes), payload length (long), payload — in this order:
 *     CONF  int n, n × (UTF key, UTF value)       UpdateConfig.toMap()
 *     LAYT  int size, int stateSize, int n, n × (int layer, UTF kind, int offset, rows, cols)
 *     STEP  long completed steps
 *     WGHT  int n, n × float
 *     OPTM  UTF optimizer name, int buffers
 *     OBUF  one per buffer: UTF name, int n, n × float
 *     LSTA  int n, n × float                      layer state
 *   crc32     int      CRC-32 of every byte before it
 * </pre>
 *
 * <p>Floats are stored as their raw IEEE bits, and the configuration's numbers as strings that
 * parse back to the same double, so a restored server continues exactly as the original would have.
 * Reading checks, in order: magic, version, length (truncation), checksum, structure, then that the
 * snapshot belongs to the given layout. Snapshots are read whole into memory (at most 2 GiB: about
 * 170 million parameters with Adam).
 */
public final class ParameterServerSnapshot {
  /** "DSPS": Descent parameter-server snapshot. */
  public static final int MAGIC = 0x44535053;

  public static final int FORMAT_VERSION = 1;

  private static final int HEADER_BYTES = 16;
  private static final int CHECKSUM_BYTES = 4;
  private static final int FLOATS_PER_CHUNK = 16384;

  private ParameterServerSnapshot() {}

  /** One section: small header fields, then optionally a float array. */
  private record Section(String tag, byte[] fields, float[] values) {
    long payloadBytes() {
      return fields.length + (values == null ? 0 : 4L * values.length);
    }
  }

  /** Writes the snapshot of {@code ps} to {@code out} (not closed). */
  public static void write(ParameterServer ps, OutputStream out) throws IOException {
    List<Section> sections = sections(ps);
    long total = HEADER_BYTES + CHECKSUM_BYTES;
    for (Section s : sections) {
      total += 12 + s.payloadBytes();
    }
    CheckedOutputStream checked =
        new CheckedOutputStream(new BufferedOutputStream(out), new CRC32());
    DataOutputStream data = new DataOutputStream(checked);
    data.writeInt(MAGIC);
    data.writeInt(FORMAT_VERSION);
    data.writeLong(total);
    byte[] chunk = new byte[4 * FLOATS_PER_CHUNK];
    for (Section s : sections) {
      data.writeBytes(s.tag());
      data.writeLong(s.payloadBytes());
      data.write(s.fields());
      if (s.values() != null) {
        writeFloats(data, s.values(), chunk);
      }
    }
    data.flush();
    data.writeInt((int) checked.getChecksum().getValue());
    data.flush();
  }

  /** The snapshot of {@code ps} as bytes. */
  public static byte[] toBytes(ParameterServer ps) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      write(ps, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return out.toByteArray();
  }

  private static List<Section> sections(ParameterServer ps) throws IOException {
    List<Section> out = new ArrayList<>();
    Map<String, String> config = ps.config().toMap();
    out.add(
        section(
            "CONF",
            d -> {
              d.writeInt(config.size());
              for (Map.Entry<String, String> e : config.entrySet()) {
                d.writeUTF(e.getKey());
                d.writeUTF(e.getValue());
              }
            },
            null));
    ParameterLayout layout = ps.layout();
    out.add(
        section(
            "LAYT",
            d -> {
              d.writeInt(layout.size());
              d.writeInt(layout.stateSize());
              d.writeInt(layout.segments().size());
              for (ParameterLayout.Segment s : layout.segments()) {
                d.writeInt(s.layer());
                d.writeUTF(s.kind().name());
                d.writeInt(s.offset());
                d.writeInt(s.rows());
                d.writeInt(s.cols());
              }
            },
            null));
    out.add(section("STEP", d -> d.writeLong(ps.step()), null));
    out.add(section("WGHT", d -> d.writeInt(ps.weights().length), ps.weights()));
    OptimizerState state = ps.optimizerState();
    out.add(
        section(
            "OPTM",
            d -> {
              d.writeUTF(ps.optimizer().name());
              d.writeInt(state.names().size());
            },
            null));
    for (int b = 0; b < state.names().size(); b++) {
      String name = state.names().get(b);
      float[] buffer = state.buffers()[b];
      out.add(
          section(
              "OBUF",
              d -> {
                d.writeUTF(name);
                d.writeInt(buffer.length);
              },
              buffer));
    }
    out.add(section("LSTA", d -> d.writeInt(ps.layerState().length), ps.layerState()));
    return out;
  }

  private interface FieldWriter {
    void write(DataOutputStream d) throws IOException;
  }

  private static Section section(String tag, FieldWriter fields, float[] values)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(bytes);
    fields.write(d);
    d.flush();
    return new Section(tag, bytes.toByteArray(), values);
  }

  private static void writeFloats(DataOutputStream out, float[] values, byte[] chunk)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(chunk);
    for (int from = 0; from < values.length; from += FLOATS_PER_CHUNK) {
      int n = Math.min(FLOATS_PER_CHUNK, values.length - from);
      buffer.clear();
      for (int i = 0; i < n; i++) {
        buffer.putInt(Float.floatToRawIntBits(values[from + i]));
      }
      out.write(chunk, 0, 4 * n);
    }
  }

  /** Reads {@code in} to its end and restores the parameter server it holds. */
  public static ParameterServer read(InputStream in, ParameterLayout layout) throws IOException {
    return fromBytes(in.readAllBytes(), layout);
  }

  /**
   * Restores the parameter server held in {@code bytes}, for the network of {@code layout}.
   *
   * @throws InvalidSnapshotException if the bytes are not an intact version-1 snapshot for this
   *     layout; nothing is restored then
   */
  public static ParameterServer fromBytes(byte[] bytes, ParameterLayout layout) {
    checkEnvelope(bytes);
    try {
      return SnapshotContents.parse(bytes, HEADER_BYTES, bytes.length - CHECKSUM_BYTES)
          .restore(layout);
    } catch (IOException e) {
      throw new InvalidSnapshotException(
          "snapshot is damaged although its checksum matches: " + e.getMessage(), e);
    }
  }

  private static void checkEnvelope(byte[] bytes) {
    if (bytes.length < HEADER_BYTES + CHECKSUM_BYTES) {
      throw new InvalidSnapshotException(
          "not a parameter-server snapshot: only "
              + bytes.length
              + " bytes, less than the "
              + (HEADER_BYTES + CHECKSUM_BYTES)
              + " of an empty one (truncated?)");
    }
    ByteBuffer header = ByteBuffer.wrap(bytes);
    int magic = header.getInt();
    if (magic != MAGIC) {
      throw new InvalidSnapshotException(
          String.format(
              "not a parameter-server snapshot: it starts with 0x%08x, expected 0x%08x (\"DSPS\")",
              magic, MAGIC));
    }
    int version = header.getInt();
    if (version != FORMAT_VERSION) {
      throw new InvalidSnapshotException(
          "snapshot format version "
              + version
              + " is not supported; this build reads version "
              + FORMAT_VERSION);
    }
    long declared = header.getLong();
    if (declared != bytes.length) {
      throw new InvalidSnapshotException(
          declared > bytes.length
              ? "snapshot is truncated: its header says "
                  + declared
                  + " bytes, only "
                  + bytes.length
                  + " are there"
              : "snapshot length mismatch: its header says "
                  + declared
                  + " bytes but there are "
                  + bytes.length
                  + " (altered, or followed by other data)");
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - CHECKSUM_BYTES);
    int stored = ByteBuffer.wrap(bytes, bytes.length - CHECKSUM_BYTES, CHECKSUM_BYTES).getInt();
    if (stored != (int) crc.getValue()) {
      throw new InvalidSnapshotException(
          String.format(
              "snapshot checksum mismatch (stored 0x%08x, computed 0x%08x): the file was altered"
                  + " or damaged; restore an earlier snapshot",
              stored, (int) crc.getValue()));
    }
  }
}
