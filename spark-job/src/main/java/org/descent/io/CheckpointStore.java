package org.descent.io;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.descent.nn.model.ChecksummedFrame;
import org.descent.ps.train.EpochMetrics;

/**
 * Training checkpoints in a directory on any Hadoop file system: {@code step-<12 digits>.ckpt},
 * each written atomically, the newest {@code keep} kept. File format, version 1 (big-endian):
 *
 * <pre>
 *   magic "DSCNTCKP" (8 bytes) | version u32 | body length u64 | body | CRC32 of body u32
 *   body: step u64, epoch u32, stepInEpoch u32, stepsPerEpoch u64, epochLossSum f64,
 *         bestLoss f64, bestEpoch u32, sinceBest u32, best parameters, best layer state,
 *         history count u32 then per epoch (epoch u32, steps u64, 7 × f64),
 *         parameter-server snapshot (length u32 then bytes)
 *   float arrays: length u32 then floats
 * </pre>
 *
 * The checksum is verified before anything is parsed, so a truncated or altered file is refused
 * with an {@link InvalidCheckpointException} naming it.
 */
public final class CheckpointStore {
  static final byte[] MAGIC = "DSCNTCKP".getBytes(StandardCharsets.US_ASCII);
  public static final int VERSION = 1;
  private static final ChecksummedFrame.Kind FRAME =
      new ChecksummedFrame.Kind(
          MAGIC,
          VERSION,
          " is not a Descent checkpoint (wrong magic number)",
          "checkpoint format",
          "checkpoint",
          InvalidCheckpointException::new);
  private static final Pattern NAME = Pattern.compile("step-\\d{12}\\.ckpt");

  private final Path dir;
  private final Configuration conf;
  private final int keep;

  public CheckpointStore(String dir, Configuration conf, int keep) {
    if (keep < 1) {
      throw new IllegalArgumentException("train.checkpointKeep must be ≥ 1, got " + keep);
    }
    this.dir = new Path(dir);
    this.conf = conf;
    this.keep = keep;
  }

  public Path dir() {
    return dir;
  }

  /** The file of the checkpoint after {@code step} steps. */
  public Path fileOf(long step) {
    return new Path(dir, String.format(Locale.ROOT, "step-%012d.ckpt", step));
  }

  /** Writes {@code c} atomically, then deletes all but the newest {@code keep} checkpoints. */
  public Path write(Checkpoint c) {
    Path file = fileOf(c.step());
    HadoopFiles.writeAtomically(file, conf, out -> write(c, out));
    List<Path> all = list();
    FileSystem fs = HadoopFiles.fileSystem(dir, conf);
    for (int i = 0; i < all.size() - keep; i++) {
      try {
        fs.delete(all.get(i), false);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete old checkpoint " + all.get(i), e);
      }
    }
    return file;
  }

  /** The checkpoint files in the directory, oldest first (none if it does not exist). */
  public List<Path> list() {
    FileSystem fs = HadoopFiles.fileSystem(dir, conf);
    try {
      if (!fs.exists(dir)) {
        return List.of();
      }
      List<Path> files = new ArrayList<>();
      for (FileStatus s : fs.listStatus(dir)) {
        if (s.isFile() && NAME.matcher(s.getPath().getName()).matches()) {
          files.add(s.getPath());
        }
      }
      files.sort((a, b) -> a.getName().compareTo(b.getName()));
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list checkpoints in " + dir, e);
    }
  }

  /**
   * The newest checkpoint that reads intact; damaged newer ones are skipped with a note to {@code
   * warnings} (may be null).
   */
  public Optional<Checkpoint> latest(java.util.function.Consumer<String> warnings) {
    List<Path> files = list();
    for (int i = files.size() - 1; i >= 0; i--) {
      try {
        return Optional.of(read(files.get(i)));
      } catch (InvalidCheckpointException e) {
        if (warnings != null) {
          warnings.accept("skipping " + e.getMessage());
        }
      }
    }
    return Optional.empty();
  }

  public Checkpoint read(Path file) {
    try (InputStream in = HadoopFiles.open(file, conf)) {
      return read(in, file.toString());
    } catch (FileNotFoundException e) {
      throw new InvalidCheckpointException(file + " does not exist");
    } catch (org.apache.hadoop.fs.ChecksumException e) {
      throw new InvalidCheckpointException(
          file + " is damaged: the file system's checksum does not match (" + e.getMessage() + ")");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  public static void write(Checkpoint c, OutputStream out) throws IOException {
    ByteArrayOutputStream bodyBytes = new ByteArrayOutputStream();
    DataOutputStream body = new DataOutputStream(bodyBytes);
    body.writeLong(c.step());
    body.writeInt(c.epoch());
    body.writeInt(c.stepInEpoch());
    body.writeLong(c.stepsPerEpoch());
    body.writeDouble(c.epochLossSum());
    body.writeDouble(c.bestLoss());
    body.writeInt(c.bestEpoch());
    body.writeInt(c.sinceBest());
    writeFloats(body, c.bestParameters());
    writeFloats(body, c.bestLayerState());
    body.writeInt(c.history().size());
    for (EpochMetrics m : c.history()) {
      body.writeInt(m.epoch());
      body.writeLong(m.steps());
      body.writeDouble(m.trainLoss());
      body.writeDouble(m.validationLoss());
      body.writeDouble(m.validationAccuracy());
      body.writeDouble(m.validationMse());
      body.writeDouble(m.validationMae());
      body.writeDouble(m.validationR2());
      body.writeDouble(m.seconds());
    }
    body.writeInt(c.serverSnapshot().length);
    body.write(c.serverSnapshot());
    body.flush();
    ChecksummedFrame.write(out, FRAME, bodyBytes.toByteArray());
  }

  /** Reads a checkpoint; {@code source} names the file in error messages. */
  public static Checkpoint read(InputStream in, String source) throws IOException {
    byte[] b = ChecksummedFrame.read(in, FRAME, source);
    try {
      ByteBuffer buf = ByteBuffer.wrap(b);
      long step = buf.getLong();
      int epoch = buf.getInt();
      int stepInEpoch = buf.getInt();
      long stepsPerEpoch = buf.getLong();
      double lossSum = buf.getDouble();
      double bestLoss = buf.getDouble();
      int bestEpoch = buf.getInt();
      int sinceBest = buf.getInt();
      float[] params = readFloats(buf, source);
      float[] state = readFloats(buf, source);
      int n = length(buf.getInt(), buf, 8, source);
      List<EpochMetrics> history = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        history.add(
            new EpochMetrics(
                buf.getInt(),
                buf.getLong(),
                buf.getDouble(),
                buf.getDouble(),
                buf.getDouble(),
                buf.getDouble(),
                buf.getDouble(),
                buf.getDouble(),
                buf.getDouble()));
      }
      byte[] snapshot = new byte[length(buf.getInt(), buf, 1, source)];
      buf.get(snapshot);
      if (buf.hasRemaining() || step < 0 || epoch < 1 || stepInEpoch < 0) {
        throw new InvalidCheckpointException(source + " is damaged: inconsistent contents");
      }
      return new Checkpoint(
          step,
          epoch,
          stepInEpoch,
          stepsPerEpoch,
          lossSum,
          bestLoss,
          bestEpoch,
          sinceBest,
          params,
          state,
          history,
          snapshot);
    } catch (BufferUnderflowException e) {
      throw new InvalidCheckpointException(source + " is damaged: its body ends early");
    }
  }

  private static void writeFloats(DataOutputStream out, float[] a) throws IOException {
    out.writeInt(a.length);
    for (float f : a) {
      out.writeFloat(f);
    }
  }

  private static float[] readFloats(ByteBuffer b, String source) {
    float[] a = new float[length(b.getInt(), b, 4, source)];
    for (int i = 0; i < a.length; i++) {
      a[i] = b.getFloat();
    }
    return a;
  }

  private static int length(int n, ByteBuffer b, int bytesEach, String source) {
    if (n < 0 || (long) n * bytesEach > b.remaining()) {
      throw new InvalidCheckpointException(source + " is damaged: impossible length " + n);
    }
    return n;
  }
}
