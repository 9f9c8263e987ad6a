package org.descent.ps;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.descent.nn.ParameterLayout;

/**
 * The sections of a version-1 snapshot whose envelope (magic, version, length, checksum) has
 * already been checked; see {@link ParameterServerSnapshot} for the format. Parsing checks the
 * structure; {@link #restore} checks that the contents fit the given network.
 */
final class SnapshotContents {
  private final Map<String, String> config = new LinkedHashMap<>();
  private final List<ParameterLayout.Segment> segments = new ArrayList<>();
  private final List<String> bufferNames = new ArrayList<>();
  private final List<float[]> buffers = new ArrayList<>();
  private int size;
  private int stateSize;
  private long step;
  private float[] weights;
  private String optimizerName;
  private float[] layerState;

  private SnapshotContents() {}

  /** Parses the sections in {@code bytes[from, to)}. */
  static SnapshotContents parse(byte[] bytes, int from, int to) throws IOException {
    SnapshotContents c = new SnapshotContents();
    Sections in = new Sections(bytes, from, to);
    DataInputStream d = in.next("CONF");
    int entries = d.readInt();
    for (int i = 0; i < entries; i++) {
      c.config.put(d.readUTF(), d.readUTF());
    }
    in.finish(d);
    d = in.next("LAYT");
    c.size = d.readInt();
    c.stateSize = d.readInt();
    int count = d.readInt();
    for (int i = 0; i < count; i++) {
      int layer = d.readInt();
      ParameterLayout.Kind kind = kind(d.readUTF());
      c.segments.add(
          new ParameterLayout.Segment(layer, kind, d.readInt(), d.readInt(), d.readInt()));
    }
    in.finish(d);
    d = in.next("STEP");
    c.step = d.readLong();
    in.finish(d);
    d = in.next("WGHT");
    c.weights = floats(d);
    in.finish(d);
    d = in.next("OPTM");
    c.optimizerName = d.readUTF();
    int bufferCount = d.readInt();
    in.finish(d);
    for (int b = 0; b < bufferCount; b++) {
      d = in.next("OBUF");
      c.bufferNames.add(d.readUTF());
      c.buffers.add(floats(d));
      in.finish(d);
    }
    d = in.next("LSTA");
    c.layerState = floats(d);
    in.finish(d);
    in.end();
    return c;
  }

  /** A parameter server holding these contents, after checking they belong to {@code layout}. */
  ParameterServer restore(ParameterLayout layout) {
    if (size != layout.size()
        || stateSize != layout.stateSize()
        || !segments.equals(layout.segments())) {
      throw new InvalidSnapshotException(
          "snapshot was taken for a different network: it has "
              + size
              + " parameters and "
              + stateSize
              + " layer-state values in segments "
              + segments
              + ", this network has "
              + layout.size()
              + " and "
              + layout.stateSize()
              + " in "
              + layout.segments());
    }
    UpdateConfig updateConfig;
    try {
      updateConfig = UpdateConfig.fromMap(config);
    } catch (IllegalArgumentException e) {
      throw new InvalidSnapshotException(
          "snapshot's configuration is not valid in this build: " + e.getMessage(), e);
    }
    if (step < 0) {
      throw new InvalidSnapshotException("snapshot has a negative step count " + step);
    }
    if (!optimizerName.equals(updateConfig.optimizerName())) {
      throw new InvalidSnapshotException(
          "snapshot holds state of optimizer '"
              + optimizerName
              + "' but its configuration says '"
              + updateConfig.optimizerName()
              + "'");
    }
    ParameterServer ps =
        new ParameterServer(
            layout,
            updateConfig,
            checkLength("weights", weights, size),
            checkLength("layer state", layerState, stateSize),
            step);
    OptimizerState state = ps.optimizerState();
    if (!bufferNames.equals(state.names())) {
      throw new InvalidSnapshotException(
          "snapshot holds optimizer state "
              + bufferNames
              + " but "
              + optimizerName
              + " keeps "
              + state.names());
    }
    for (int b = 0; b < buffers.size(); b++) {
      state.set(b, checkLength(bufferNames.get(b), buffers.get(b), size));
    }
    return ps;
  }

  private static float[] checkLength(String what, float[] values, int expected) {
    if (values.length != expected) {
      throw new InvalidSnapshotException(
          "snapshot's " + what + " has " + values.length + " values, expected " + expected);
    }
    return values;
  }

  private static ParameterLayout.Kind kind(String name) throws IOException {
    try {
      return ParameterLayout.Kind.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new IOException("unknown segment kind '" + name + "'", e);
    }
  }

  /** An int count n, then n floats; checks the count against the bytes left before allocating. */
  private static float[] floats(DataInputStream d) throws IOException {
    int n = d.readInt();
    if (n < 0 || 4L * n > d.available()) {
      throw new IOException(
          "array of " + n + " floats does not fit in the " + d.available() + " bytes left");
    }
    float[] out = new float[n];
    byte[] chunk = new byte[4 * Math.min(n, 16384)];
    ByteBuffer buffer = ByteBuffer.wrap(chunk);
    for (int from = 0; from < n; from += 16384) {
      int count = Math.min(16384, n - from);
      d.readFully(chunk, 0, 4 * count);
      buffer.clear();
      for (int i = 0; i < count; i++) {
        out[from + i] = Float.intBitsToFloat(buffer.getInt());
      }
    }
    return out;
  }

  /** Walks the sections in order: a 4-byte tag, a long payload length, the payload. */
  private static final class Sections {
    private final byte[] bytes;
    private final int to;
    private int position;
    private String current;

    Sections(byte[] bytes, int from, int to) {
      this.bytes = bytes;
      this.position = from;
      this.to = to;
    }

    DataInputStream next(String tag) throws IOException {
      if (to - position < 12) {
        throw new IOException("section " + tag + " missing at byte " + position);
      }
      String found = new String(bytes, position, 4, StandardCharsets.ISO_8859_1);
      if (!found.equals(tag)) {
        throw new IOException(
            "expected section " + tag + " at byte " + position + ", found " + found);
      }
      long length = ByteBuffer.wrap(bytes, position + 4, 8).getLong();
      position += 12;
      if (length < 0 || length > to - position) {
        throw new IOException(
            "section " + tag + " claims " + length + " bytes, " + (to - position) + " are left");
      }
      current = tag;
      DataInputStream d =
          new DataInputStream(new ByteArrayInputStream(bytes, position, (int) length));
      position += (int) length;
      return d;
    }

    void finish(DataInputStream d) throws IOException {
      if (d.available() != 0) {
        throw new IOException("section " + current + " has " + d.available() + " unread bytes");
      }
    }

    void end() throws IOException {
      if (position != to) {
        throw new IOException((to - position) + " unexpected bytes after the last section");
      }
    }
  }
}
