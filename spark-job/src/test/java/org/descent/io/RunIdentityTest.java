package org.descent.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a checkpoint records of its run, and how {@code --resume} compares it. */
class RunIdentityTest {
  @TempDir Path dir;

  private static RunIdentity run(Map<String, String> config, int partitions, String data) {
    return RunIdentity.of(config, partitions, data, 100, "dev");
  }

  @Test
  void keysAreSortedIntoWhatMustMatchWhatTheCheckpointKeepsAndWhatMayChange() {
    assertEquals(RunIdentity.Kind.MUST_MATCH, RunIdentity.kindOf("config.train.seed"));
    assertEquals(RunIdentity.Kind.MUST_MATCH, RunIdentity.kindOf("config.train.partitions"));
    assertEquals(RunIdentity.Kind.MUST_MATCH, RunIdentity.kindOf("config.data.train"));
    assertEquals(RunIdentity.Kind.MUST_MATCH, RunIdentity.kindOf("config.model.layers"));
    assertEquals(RunIdentity.Kind.MUST_MATCH, RunIdentity.kindOf(RunIdentity.PARTITIONS));
    assertEquals(RunIdentity.Kind.MUST_MATCH, RunIdentity.kindOf(RunIdentity.DATA_FINGERPRINT));
    assertEquals(RunIdentity.Kind.MUST_MATCH, RunIdentity.kindOf(RunIdentity.VERSION));
    assertEquals(RunIdentity.Kind.FROM_CHECKPOINT, RunIdentity.kindOf("config.optimizer.lr"));
    assertEquals(RunIdentity.Kind.FROM_CHECKPOINT, RunIdentity.kindOf("config.schedule.name"));
    assertEquals(RunIdentity.Kind.FROM_CHECKPOINT, RunIdentity.kindOf("config.clip.norm"));
    assertEquals(RunIdentity.Kind.FREE, RunIdentity.kindOf("config.train.epochs"));
    assertEquals(RunIdentity.Kind.FREE, RunIdentity.kindOf("config.train.checkpointKeep"));
    assertEquals(RunIdentity.Kind.FREE, RunIdentity.kindOf(RunIdentity.RUN_ID));
  }

  @Test
  void differencesListEachKeyWithBothValuesAndIgnoreTheRunsLengthAndId() {
    RunIdentity then =
        run(Map.of("train.seed", "42", "train.epochs", "3", "optimizer.lr", "0.1"), 2, "x");
    RunIdentity now =
        run(Map.of("train.seed", "7", "train.epochs", "9", "optimizer.lr", "0.5"), 4, "x");
    assertNotEquals(then.runId(), now.runId());
    assertEquals(
        List.of("train.seed: checkpoint 42, now 7", "run.partitions: checkpoint 2, now 4"),
        now.differences(then, RunIdentity.Kind.MUST_MATCH));
    assertEquals(
        List.of("optimizer.lr: checkpoint 0.1, now 0.5"),
        now.differences(then, RunIdentity.Kind.FROM_CHECKPOINT));
    assertEquals(then.runId(), now.continuing(then).runId());
  }

  @Test
  void theConfigurationHashCoversOnlyTheKeysThatChangeTheResult() {
    String a = run(Map.of("train.seed", "1", "train.epochs", "3"), 2, "x").get("config.hash");
    String b = run(Map.of("train.seed", "1", "train.epochs", "30"), 2, "x").get("config.hash");
    String c = run(Map.of("train.seed", "2", "train.epochs", "3"), 2, "x").get("config.hash");
    assertEquals(a, b);
    assertNotEquals(a, c);
  }

  @Test
  void secretsAreNotRecorded() {
    RunIdentity id = run(Map.of("train.seed", "1", "s3.secret.key", "hunter2"), 2, "x");
    assertTrue(
        id.values().values().stream().noneMatch(v -> v.contains("hunter2")),
        id.values().toString());
  }

  @Test
  void theDataFingerprintChangesWithAFilesSizeOrTimeAndItsFolder() throws IOException {
    Configuration hadoop = new Configuration();
    Path a = Files.createDirectories(dir.resolve("a"));
    Path b = Files.createDirectories(dir.resolve("b"));
    Files.writeString(a.resolve("part-00000.csv"), "x,y\n1,2\n");
    Files.writeString(b.resolve("part-00000.csv"), "x,y\n1,2\n");
    FileTime t = FileTime.fromMillis(1_700_000_000_000L);
    Files.setLastModifiedTime(a.resolve("part-00000.csv"), t);
    Files.setLastModifiedTime(b.resolve("part-00000.csv"), t);
    String fa = RunIdentity.fingerprint(a.toString(), hadoop);
    assertTrue(fa.startsWith("1 files, 8 bytes, sha256 "), fa);
    assertEquals(fa, RunIdentity.fingerprint(a.toString(), hadoop), "stable");
    assertNotEquals(fa, RunIdentity.fingerprint(b.toString(), hadoop), "another folder");
    Files.setLastModifiedTime(a.resolve("part-00000.csv"), FileTime.fromMillis(1_800_000_000_000L));
    assertNotEquals(fa, RunIdentity.fingerprint(a.toString(), hadoop), "touched");
    Files.writeString(a.resolve("part-00000.csv"), "x,y\n1,2\n3,4\n");
    Files.setLastModifiedTime(a.resolve("part-00000.csv"), t);
    assertNotEquals(fa, RunIdentity.fingerprint(a.toString(), hadoop), "grown");
    assertTrue(
        RunIdentity.fingerprint(dir.resolve("none").toString(), hadoop).startsWith("1 files, 0"),
        "a missing path is fingerprinted as such");
  }
}
