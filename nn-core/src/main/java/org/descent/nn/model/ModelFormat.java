package org.descent.nn.model;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.descent.nn.Activation;
import org.descent.nn.FeatureScaling;
import org.descent.nn.HiddenLayerSpec;
import org.descent.nn.Loss;
import org.descent.nn.NetworkSpec;
import org.descent.nn.Tie;

/**
 * Binary model file, versions 1 and 2 (big-endian):
 *
 * <pre>
 *   magic "DSCNTMDL" (8 bytes) | version u32 | body length u64 | body | CRC32 of body u32
 *   body: spec | parameters | layer state | feature scaling | target scaling | provenance
 *   spec: input u32, hidden count u32, per hidden (width u32, activation name, param f32,
 *         batchNorm u8, dropout f32), output width u32, loss name
 *         version 2 only: tie count u32, per tie (layer u32, owner u32, mode name), 0-based
 *   float arrays: length u32 then floats; strings: length u32 then UTF-8
 *   scaling: mode name, shift array, factor array; provenance: count u32, (key, value) pairs
 * </pre>
 *
 * Version 2 adds weight ties ({@link Tie}); the parameters are then the owned ones only. A model
 * without ties is still written as version 1, byte for byte as before, so Descents that read only
 * version 1 keep loading it; a tied model is version 2, which such a Descent refuses as "written by
 * a newer Descent" instead of misreading a shorter parameter array. Both versions are read.
 *
 * <p>The checksum is verified before anything is parsed, and parsing then checks every length and
 * name, so a truncated, altered, foreign or newer file is refused with a {@link
 * InvalidModelException} that says which.
 */
public final class ModelFormat {
  static final byte[] MAGIC = "DSCNTMDL".getBytes(StandardCharsets.US_ASCII);

  /** The newest version written and read (version 1 is read, and written for untied models). */
  public static final int VERSION = 2;

  /** The first version, without ties. */
  public static final int VERSION_UNTIED = 1;

  private static final int MAX_STRING = 1 << 20;
  private static final ChecksummedFrame.Kind FRAME = frame(VERSION);
  private static final ChecksummedFrame.Kind FRAME_UNTIED = frame(VERSION_UNTIED);

  /** The frame of one format version (public for tests that play an older reader). */
  public static ChecksummedFrame.Kind frame(int version) {
    return new ChecksummedFrame.Kind(
        MAGIC,
        version,
        " is not a Descent model file (wrong magic number); point --model at the model/"
            + " directory written by descent train",
        "model format",
        "model",
        InvalidModelException::new);
  }

  private ModelFormat() {}

  public static void write(SavedModel model, OutputStream out) throws IOException {
    ByteArrayOutputStream bodyBytes = new ByteArrayOutputStream();
    DataOutputStream body = new DataOutputStream(bodyBytes);
    NetworkSpec spec = model.spec();
    body.writeInt(spec.inputWidth());
    body.writeInt(spec.hidden().size());
    for (HiddenLayerSpec h : spec.hidden()) {
      body.writeInt(h.width());
      writeString(body, h.activation().configName());
      body.writeFloat(h.activationParam());
      body.writeByte(h.batchNorm() ? 1 : 0);
      body.writeFloat(h.dropout());
    }
    body.writeInt(spec.outputWidth());
    writeString(body, spec.loss().configName());
    boolean tied = !spec.ties().isEmpty();
    if (tied) {
      body.writeInt(spec.ties().size());
      for (Tie t : spec.ties()) {
        body.writeInt(t.layer());
        body.writeInt(t.uses());
        writeString(body, t.mode().configName());
      }
    }
    writeFloats(body, model.parameters());
    writeFloats(body, model.layerState());
    writeScaling(body, model.featureScaling());
    writeScaling(body, model.targetScaling());
    body.writeInt(model.provenance().size());
    for (Map.Entry<String, String> e : new TreeMap<>(model.provenance()).entrySet()) {
      writeString(body, e.getKey());
      writeString(body, e.getValue());
    }
    body.flush();
    ChecksummedFrame.write(out, tied ? FRAME : FRAME_UNTIED, bodyBytes.toByteArray());
  }

  /** Reads a model of version 1 or 2; {@code source} names the file in error messages. */
  public static SavedModel read(InputStream in, String source) throws IOException {
    // Peek at the version (after the magic) to pick the frame; the frame then checks it all.
    BufferedInputStream buffered = new BufferedInputStream(in, 64);
    buffered.mark(MAGIC.length + 4);
    byte[] head = buffered.readNBytes(MAGIC.length + 4);
    buffered.reset();
    int version =
        head.length == MAGIC.length + 4 ? ByteBuffer.wrap(head, MAGIC.length, 4).getInt() : -1;
    ChecksummedFrame.Kind frame = version == VERSION_UNTIED ? FRAME_UNTIED : FRAME;
    return parseBody(
        ByteBuffer.wrap(ChecksummedFrame.read(buffered, frame, source)),
        version == VERSION_UNTIED ? VERSION_UNTIED : VERSION,
        source);
  }

  private static SavedModel parseBody(ByteBuffer b, int version, String source) {
    try {
      int input = b.getInt();
      int hiddenCount = count(b.getInt(), 10_000, "hidden layers", source);
      List<HiddenLayerSpec> hidden = new ArrayList<>();
      for (int i = 0; i < hiddenCount; i++) {
        int width = b.getInt();
        Activation a = Activation.parse(readString(b, source));
        float param = b.getFloat();
        byte bn = b.get();
        if (bn != 0 && bn != 1) {
          throw new InvalidModelException(source + " is damaged: bad batch-norm flag " + bn);
        }
        float dropout = b.getFloat();
        hidden.add(new HiddenLayerSpec(width, a, param, bn == 1, dropout));
      }
      int output = b.getInt();
      Loss loss = Loss.parse(readString(b, source));
      List<Tie> ties = new ArrayList<>();
      if (version >= 2) {
        int n = count(b.getInt(), hiddenCount + 1, "ties", source);
        if (n == 0) {
          throw new InvalidModelException(
              source + " is damaged: a version 2 model without ties (those are version 1)");
        }
        for (int i = 0; i < n; i++) {
          int layer = b.getInt();
          int uses = b.getInt();
          ties.add(new Tie(layer, uses, Tie.Mode.parse(readString(b, source))));
        }
      }
      NetworkSpec spec = new NetworkSpec(input, hidden, output, loss, ties);
      float[] params = readFloats(b, source);
      for (int i = 0; i < params.length; i++) {
        if (!Float.isFinite(params[i])) {
          throw new InvalidModelException(
              source + " holds a non-finite parameter at index " + i + "; it cannot predict");
        }
      }
      float[] state = readFloats(b, source);
      FeatureScaling features = readScaling(b, source);
      FeatureScaling targets = readScaling(b, source);
      int n = count(b.getInt(), 100_000, "provenance entries", source);
      Map<String, String> provenance = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        provenance.put(readString(b, source), readString(b, source));
      }
      if (b.hasRemaining()) {
        throw new InvalidModelException(source + " is damaged: " + b.remaining() + " stray bytes");
      }
      return new SavedModel(spec, params, state, features, targets, provenance);
    } catch (java.nio.BufferUnderflowException e) {
      throw new InvalidModelException(source + " is damaged: a section ends early");
    } catch (InvalidModelException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new InvalidModelException(source + " is damaged: " + e.getMessage());
    }
  }

  private static int count(int n, int max, String what, String source) {
    if (n < 0 || n > max) {
      throw new InvalidModelException(source + " is damaged: " + n + " " + what);
    }
    return n;
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readString(ByteBuffer b, String source) {
    int n = count(b.getInt(), MAX_STRING, "string bytes", source);
    byte[] s = new byte[n];
    b.get(s);
    return new String(s, StandardCharsets.UTF_8);
  }

  private static void writeFloats(DataOutputStream out, float[] f) throws IOException {
    out.writeInt(f.length);
    ByteBuffer buf = ByteBuffer.allocate(f.length * 4);
    buf.asFloatBuffer().put(f);
    out.write(buf.array());
  }

  private static float[] readFloats(ByteBuffer b, String source) {
    int n = count(b.getInt(), b.remaining() / 4, "floats", source);
    float[] f = new float[n];
    b.asFloatBuffer().get(f);
    b.position(b.position() + 4 * n);
    return f;
  }

  private static void writeScaling(DataOutputStream out, FeatureScaling s) throws IOException {
    writeString(out, s.mode().name());
    writeFloats(out, s.shift());
    writeFloats(out, s.factor());
  }

  private static FeatureScaling readScaling(ByteBuffer b, String source) {
    FeatureScaling.Mode mode = FeatureScaling.Mode.parse(readString(b, source));
    return new FeatureScaling(mode, readFloats(b, source), readFloats(b, source));
  }
}
