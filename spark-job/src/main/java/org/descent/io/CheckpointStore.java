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
 * each written atomically, the newest {@code keep} of the current run kept. File format, version 3
 * (big-endian; version 2, read too, has 7 × f64 per epoch, without F1):
 *
 * <pre>
 *   magic "DSCNTCKP" (8 bytes) | version u32 | body length u64 | body | CRC32 of body u32
 *   body: step u64, epoch u32, stepInEpoch u32, stepsPerEpoch u64, epochLossSum f64,
 *         bestLoss f64, bestEpoch u32, sinceBest u32, best parameters, best layer state,
 *         history count u32 then per epoch (epoch u32, steps u64, 8 × f64: train loss,
 *         validation loss, accuracy, F1, MSE, MAE, R², seconds),
 *         parameter-server snapshot (length u32 then bytes),
 *         run identity: count u32 then per entry (key, value) as modified UTF-8 (u16 length)
 *   float arrays: length u32 then floats
 * </pre>
 *
 * The checksum is verified before anything is parsed, so a truncated or altered file is refused
 * with an {@link InvalidCheckpointException} naming it. The {@link RunIdentity} (version 2) says
 * which run wrote a checkpoint: {@code --resume} compares it with the run it is asked to continue,
 * and retention deletes only the current run's checkpoints ({@link #forRun}).
 */
public final class CheckpointStore {
  static final byte[] MAGIC = "DSCNTCKP".getBytes(StandardCharsets.US_ASCII);
  public static final int VERSION = 3;
  private static final ChecksummedFrame.Kind FRAME = frame(VERSION);

  /** Version 2: the same but for F1 in the history; still read, so a run can resume across. */
  private static final ChecksummedFrame.Kind FRAME_2 = frame(2);

  private static ChecksummedFrame.Kind frame(int version) {
    return new ChecksummedFrame.Kind(
        MAGIC,
        version,
        " is not a Descent checkpoint (wrong magic number)",
        "checkpoint format",
        "checkpoint",
        InvalidCheckpointException::new);
  }

  private static final Pattern NAME = Pattern.compile("step-\\d{12}\\.ckpt");

  private final Path dir;
  private final Configuration conf;
  private final int keep;
  private RunIdentity identity;

  /** Run id of each checkpoint file seen, by name ("" = unreadable or without identity). */
  private final java.util.Map<String, String> runOf = new java.util.HashMap<>();

  /** A checkpoint with the identity of the run that wrote it. */
  public record Stored(Checkpoint checkpoint, RunIdentity identity, Path file) {}

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

  /**
   * Records {@code identity} in every checkpoint written from now on, and limits retention to the
   * checkpoints of its run (same run id). Without it (tests, tools) retention counts every file.
   */
  public CheckpointStore forRun(RunIdentity identity) {
    this.identity = identity;
    return this;
  }

  /** The file of the checkpoint after {@code step} steps. */
  public Path fileOf(long step) {
    return new Path(dir, String.format(Locale.ROOT, "step-%012d.ckpt", step));
  }

  /**
   * Writes {@code c} atomically with the run's identity, then deletes all but the newest {@code
   * keep} checkpoints of this run; other runs' files are left alone.
   */
  public Path write(Checkpoint c) {
    Path file = fileOf(c.step());
    RunIdentity id = identity;
    HadoopFiles.writeAtomically(file, conf, out -> write(c, id, out));
    if (id != null) {
      runOf.put(file.getName(), id.runId());
    }
    List<Path> mine =
        list().stream().filter(p -> id == null || id.runId().equals(runIdOf(p))).toList();
    FileSystem fs = HadoopFiles.fileSystem(dir, conf);
    for (int i = 0; i < mine.size() - keep; i++) {
      try {
        fs.delete(mine.get(i), false);
        runOf.remove(mine.get(i).getName());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete old checkpoint " + mine.get(i), e);
      }
    }
    return file;
  }

  /** The run id recorded in {@code file} ("" when unreadable or absent), read once per file. */
  private String runIdOf(Path file) {
    return runOf.computeIfAbsent(
        file.getName(),
        n -> {
          try {
            return readStored(file).identity().runId();
          } catch (InvalidCheckpointException | UncheckedIOException e) {
            return "";
          }
        });
  }

  /** Deletes every checkpoint file in the directory ({@code --overwrite}); returns how many. */
  public int deleteAll() {
    FileSystem fs = HadoopFiles.fileSystem(dir, conf);
    int n = 0;
    for (Path p : list()) {
      try {
        fs.delete(p, false);
        n++;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete checkpoint " + p, e);
      }
    }
    runOf.clear();
    return n;
  }

  /** The checkpoint files in the directory, oldest first (none if it does not exist). */
  public List<Path> list() {
    FileSystem fs = HadoopFiles.fileSystem(dir, conf);
    try {
      if (!fs.exists(dir)) {
        return List.of();
      }
      return java.util.Arrays.stream(fs.listStatus(dir))
          .filter(s -> s.isFile() && NAME.matcher(s.getPath().getName()).matches())
          .map(FileStatus::getPath)
          .sorted(java.util.Comparator.comparing(Path::getName))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list checkpoints in " + dir, e);
    }
  }

  /**
   * The newest checkpoint that reads intact, with the identity of the run that wrote it; damaged
   * newer ones are skipped with a note to {@code warnings} (may be null).
   */
  public Optional<Stored> latestStored(java.util.function.Consumer<String> warnings) {
    List<Path> files = list();
    for (int i = files.size() - 1; i >= 0; i--) {
      try {
        return Optional.of(readStored(files.get(i)));
      } catch (InvalidCheckpointException e) {
        if (warnings != null) {
          warnings.accept("skipping " + e.getMessage());
        }
      }
    }
    return Optional.empty();
  }

  /** Reads {@code file} with the identity of the run that wrote it. */
  public Stored readStored(Path file) {
    try (InputStream in = HadoopFiles.open(file, conf)) {
      Stored s = readStored(in, file.toString());
      return new Stored(s.checkpoint(), s.identity(), file);
    } catch (FileNotFoundException e) {
      throw new InvalidCheckpointException(file + " does not exist");
    } catch (org.apache.hadoop.fs.ChecksumException e) {
      throw new InvalidCheckpointException(
          file + " is damaged: the file system's checksum does not match (" + e.getMessage() + ")");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes {@code c} with {@code identity} (none when null). */
  public static void write(Checkpoint c, RunIdentity identity, OutputStream out)
      throws IOException {
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
      body.writeDouble(m.validationF1());
      body.writeDouble(m.validationMse());
      body.writeDouble(m.validationMae());
      body.writeDouble(m.validationR2());
      body.writeDouble(m.seconds());
    }
    body.writeInt(c.serverSnapshot().length);
    body.write(c.serverSnapshot());
    java.util.Map<String, String> id = identity == null ? java.util.Map.of() : identity.values();
    body.writeInt(id.size());
    for (java.util.Map.Entry<String, String> e : id.entrySet()) {
      body.writeUTF(e.getKey());
      body.writeUTF(e.getValue());
    }
    body.flush();
    ChecksummedFrame.write(out, FRAME, bodyBytes.toByteArray());
  }

  /** Reads a checkpoint and its run identity; {@code source} names the file in messages. */
  public static Stored readStored(InputStream in, String source) throws IOException {
    // The version is the u32 after the magic: version 2 has no F1 in its history.
    byte[] file = in.readAllBytes();
    boolean v2 =
        file.length >= MAGIC.length + 4 && ByteBuffer.wrap(file, MAGIC.length, 4).getInt() == 2;
    byte[] b =
        ChecksummedFrame.read(new java.io.ByteArrayInputStream(file), v2 ? FRAME_2 : FRAME, source);
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
                v2 ? Double.NaN : buf.getDouble(),
                buf.getDouble(),
                buf.getDouble(),
                buf.getDouble(),
                buf.getDouble()));
      }
      byte[] snapshot = new byte[length(buf.getInt(), buf, 1, source)];
      buf.get(snapshot);
      int entries = length(buf.getInt(), buf, 4, source);
      java.util.Map<String, String> id = new java.util.TreeMap<>();
      java.io.DataInputStream utf =
          new java.io.DataInputStream(
              new java.io.ByteArrayInputStream(b, buf.position(), buf.remaining()));
      for (int i = 0; i < entries; i++) {
        id.put(utf.readUTF(), utf.readUTF()); // key, then value: Java evaluates left to right
      }
      buf.position(buf.limit() - utf.available()); // past what readUTF consumed
      if (buf.hasRemaining() || step < 0 || epoch < 1 || stepInEpoch < 0) {
        throw new InvalidCheckpointException(source + " is damaged: inconsistent contents");
      }
      Checkpoint c =
          new Checkpoint(
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
      return new Stored(c, RunIdentity.of(id), null);
    } catch (BufferUnderflowException | java.io.EOFException e) {
      throw new InvalidCheckpointException(source + " is damaged: its body ends early");
    } catch (java.io.UTFDataFormatException e) {
      throw new InvalidCheckpointException(source + " is damaged: a run identity entry is garbled");
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
