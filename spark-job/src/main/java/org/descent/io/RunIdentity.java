package org.descent.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.descent.config.SecretKeys;
import org.descent.ps.config.CommandKeys;
import org.descent.ps.config.TrainKeys;

/**
 * What makes a training run the run it is, recorded in every checkpoint so {@code --resume} can
 * refuse to continue a different one: the configuration (every key, secrets left out, and a hash of
 * the keys that change the result), the partitions the data was really read into, a fingerprint of
 * the input files (paths, sizes, modification times), the model's parameter count and the Descent
 * version; plus the run's id and start time, which say whose checkpoints a directory holds.
 *
 * <p>Keys fall into three kinds ({@link #kindOf}): those that change the result must match on
 * resume; the optimiser's, the schedule's and the regularisers' are restored from the checkpoint
 * (the parameter server's snapshot holds them), so a different command line is announced, not
 * refused; and the run's length, logging, checkpointing and reporting may change freely.
 */
public final class RunIdentity {
  /** The run's id, kept across resumes. */
  public static final String RUN_ID = "run.id";

  /** When the run (its first part) started. */
  public static final String RUN_STARTED = "run.started";

  /** Partitions the training data was read into (train.partitions, or the input's splits). */
  public static final String PARTITIONS = "run.partitions";

  /** Paths, sizes and modification times of the input files. */
  public static final String DATA_FINGERPRINT = "data.fingerprint";

  /** The model's parameter count. */
  public static final String PARAMETERS = "model.parameters";

  /** The Descent version that wrote the checkpoint. */
  public static final String VERSION = "descent.version";

  /** SHA-256 (first 16 hex digits) of the configuration keys that change the result. */
  public static final String CONFIG_HASH = "config.hash";

  /** Prefix of configuration keys in the identity. */
  public static final String CONFIG = "config.";

  /** How a key is treated on resume. */
  public enum Kind {
    /** Must be equal, or {@code --resume} is refused. */
    MUST_MATCH,
    /** Restored from the checkpoint; a different command line is announced. */
    FROM_CHECKPOINT,
    /** May differ (length of the run, logging, checkpointing, reporting, the run's id). */
    FREE
  }

  private static final Set<String> FREE_KEYS =
      Set.of(
          TrainKeys.EPOCHS.name(),
          TrainKeys.PATIENCE.name(),
          TrainKeys.LOG_EVERY.name(),
          TrainKeys.CHECKPOINT_EVERY.name(),
          TrainKeys.CHECKPOINT_KEEP.name(),
          TrainKeys.CHECKPOINT_DIR.name(),
          CommandKeys.REPORT_ENABLED.name());

  private static final List<String> FROM_CHECKPOINT_PREFIXES =
      List.of("optimizer.", "schedule.", "regularization.", "clip.", "constraint.");

  private final Map<String, String> values;

  private RunIdentity(Map<String, String> values) {
    this.values = new TreeMap<>(values);
  }

  /** An identity as read from a checkpoint. */
  public static RunIdentity of(Map<String, String> values) {
    return new RunIdentity(values);
  }

  /**
   * The identity of a new run.
   *
   * @param config every configuration key with its effective value
   * @param partitions the training data's partitions
   * @param fingerprint {@link #fingerprint} of the inputs
   * @param parameters the model's parameter count
   * @param version the Descent version
   */
  public static RunIdentity of(
      Map<String, String> config,
      int partitions,
      String fingerprint,
      long parameters,
      String version) {
    Map<String, String> m = new TreeMap<>();
    config.forEach(
        (k, v) -> {
          if (!SecretKeys.isSecret(k) && !k.startsWith("lrFind.")) {
            m.put(CONFIG + k, v);
          }
        });
    m.put(PARTITIONS, Integer.toString(partitions));
    m.put(DATA_FINGERPRINT, fingerprint);
    m.put(PARAMETERS, Long.toString(parameters));
    m.put(VERSION, version);
    m.put(CONFIG_HASH, hash(m));
    m.put(RUN_ID, HexFormat.of().formatHex(randomBytes()));
    m.put(RUN_STARTED, Instant.now().toString());
    return new RunIdentity(m);
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[6];
    new java.security.SecureRandom().nextBytes(b);
    return b;
  }

  /** How {@code key} (an identity key, e.g. {@code config.train.seed}) is treated on resume. */
  public static Kind kindOf(String key) {
    if (key.equals(RUN_ID) || key.equals(RUN_STARTED) || key.equals(CONFIG_HASH)) {
      return Kind.FREE;
    }
    if (!key.startsWith(CONFIG)) {
      return Kind.MUST_MATCH; // partitions, data, model size, version
    }
    String k = key.substring(CONFIG.length());
    if (FREE_KEYS.contains(k)) {
      return Kind.FREE;
    }
    return FROM_CHECKPOINT_PREFIXES.stream().anyMatch(k::startsWith)
        ? Kind.FROM_CHECKPOINT
        : Kind.MUST_MATCH;
  }

  /** SHA-256 (16 hex digits) of the {@link Kind#MUST_MATCH} configuration keys and values. */
  private static String hash(Map<String, String> m) {
    Map<String, String> mustMatch = new TreeMap<>(m);
    mustMatch.keySet().removeIf(k -> !k.startsWith(CONFIG) || kindOf(k) != Kind.MUST_MATCH);
    return sha256(mustMatch);
  }

  /** SHA-256 (first 16 hex digits) of {@code m}'s lines {@code key=value}, in its order. */
  private static String sha256(Map<String, String> m) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      m.forEach((k, v) -> d.update((k + "=" + v + "\n").getBytes(StandardCharsets.UTF_8)));
      return HexFormat.of().formatHex(d.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** Every key and value, sorted. */
  public Map<String, String> values() {
    return java.util.Collections.unmodifiableMap(values);
  }

  public String get(String key) {
    return values.get(key);
  }

  /** The run's id (empty if unknown). */
  public String runId() {
    return values.getOrDefault(RUN_ID, "");
  }

  /** This run continuing {@code resumed}'s: its run id and start time. */
  public RunIdentity continuing(RunIdentity resumed) {
    Map<String, String> m = new TreeMap<>(values);
    m.put(RUN_ID, resumed.runId());
    m.put(RUN_STARTED, resumed.values.getOrDefault(RUN_STARTED, ""));
    return new RunIdentity(m);
  }

  /**
   * The keys of {@code kind} whose values differ between {@code stored} (a checkpoint's) and this
   * one, each as {@code key: checkpoint V1, now V2} (a key missing on one side shows as {@code
   * (unset)}), in key order.
   */
  public List<String> differences(RunIdentity stored, Kind kind) {
    TreeMap<String, String> keys = new TreeMap<>(stored.values);
    keys.putAll(values);
    List<String> out = new ArrayList<>();
    for (String key : keys.keySet()) {
      String then = stored.values.get(key);
      String now = values.get(key);
      if (kindOf(key) == kind && !java.util.Objects.equals(then, now)) {
        out.add(shortKey(key) + ": checkpoint " + show(then) + ", now " + show(now));
      }
    }
    return out;
  }

  /** {@code config.train.seed} → {@code train.seed}; other keys as they are. */
  static String shortKey(String key) {
    return key.startsWith(CONFIG) && !key.equals(CONFIG_HASH)
        ? key.substring(CONFIG.length())
        : key;
  }

  private static String show(String v) {
    return v == null ? "(unset)" : v.isEmpty() ? "''" : v;
  }

  /** The configuration keys (without {@code config.}) with the checkpoint's values. */
  public Map<String, String> configuration() {
    Map<String, String> m = new LinkedHashMap<>();
    values.forEach(
        (k, v) -> {
          if (k.startsWith(CONFIG) && !k.equals(CONFIG_HASH)) {
            m.put(k.substring(CONFIG.length()), v);
          }
        });
    return m;
  }

  /**
   * A fingerprint of the files under {@code paths} (comma-separated; files or directories, listed
   * recursively, hidden files skipped): their count, total bytes, and a hash of every file's path,
   * length and modification time. Unreadable paths are fingerprinted as such (the data step will
   * refuse them with its own message).
   */
  public static String fingerprint(String paths, Configuration conf) {
    TreeMap<String, String> files = new TreeMap<>();
    long bytes = 0;
    for (String p : paths.split(",")) {
      String path = p.trim();
      if (path.isEmpty()) {
        continue;
      }
      try {
        Path root = new Path(path);
        FileSystem fs = root.getFileSystem(conf);
        FileStatus[] matched = fs.globStatus(root);
        if (matched == null || matched.length == 0) {
          files.put(path, "missing");
          continue;
        }
        for (FileStatus s : matched) {
          RemoteIterator<LocatedFileStatus> it = fs.listFiles(s.getPath(), true);
          while (it.hasNext()) {
            LocatedFileStatus f = it.next();
            String name = f.getPath().getName();
            if (name.startsWith(".") || name.startsWith("_")) {
              continue;
            }
            files.put(f.getPath().toUri().getPath(), f.getLen() + "@" + f.getModificationTime());
            bytes += f.getLen();
          }
        }
      } catch (IOException | IllegalArgumentException e) {
        files.put(path, "unreadable");
      }
    }
    return files.size() + " files, " + bytes + " bytes, sha256 " + sha256(files);
  }
}
