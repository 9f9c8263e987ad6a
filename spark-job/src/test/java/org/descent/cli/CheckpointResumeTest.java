package org.descent.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.descent.io.Checkpoint;
import org.descent.io.CheckpointStore;
import org.descent.io.InvalidCheckpointException;
import org.descent.io.ModelStore;
import org.descent.nn.model.SavedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code descent train} checkpoints and {@code --resume} on Spark local[2] over the digits: a run
 * resumed from a mid-epoch checkpoint ends with bit-identical weights, layer state and optimiser
 * state; damaged checkpoints are refused; only the newest {@code train.checkpointKeep} are kept.
 */
class CheckpointResumeTest {
  /** Checkpoint interval: divides the 3 epochs' steps and is not an epoch boundary. */
  private static final int N = 7;

  @TempDir Path dir;

  private static List<String> args(Path out, int keep, boolean resume) {
    List<String> a =
        CliRun.onDigits(
            "train",
            "model.layers=64,32,10",
            "train.epochs=3",
            "train.partitions=2",
            "train.checkpointEvery=" + N,
            "train.checkpointKeep=" + keep);
    a.add("--out");
    a.add(out.toString());
    if (resume) {
      a.add("--resume");
    }
    return a;
  }

  private static List<String> names(Path checkpoints) throws IOException {
    try (Stream<Path> files = Files.list(checkpoints)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void resumedRunIsBitIdenticalAndKeepsTheNewestCheckpoints() throws IOException {
    Configuration hadoop = new Configuration();
    Path straight = dir.resolve("straight");
    CliRun a = CliRun.of(args(straight, 100, false).toArray(String[]::new));
    assertEquals(0, a.exit(), a.err());
    long steps =
        new ObjectMapper()
            .readTree(straight.resolve("summary.json").toFile())
            .get("steps")
            .asLong();
    System.out.println(
        "straight run: " + steps + " steps; checkpoints " + names(straight.resolve("checkpoints")));
    assertEquals(0, steps % N, "pick N dividing the run's " + steps + " steps");

    // The interrupted run: only its first checkpoint (after step N, mid epoch 1) survived.
    Path resumed = dir.resolve("resumed");
    CheckpointStore aStore =
        new CheckpointStore(straight.resolve("checkpoints").toString(), hadoop, 100);
    Files.createDirectories(resumed.resolve("checkpoints"));
    String first = aStore.fileOf(N).getName();
    Files.copy(
        straight.resolve("checkpoints").resolve(first),
        resumed.resolve("checkpoints").resolve(first));
    assertTrue(aStore.readStored(aStore.fileOf(N)).checkpoint().stepInEpoch() > 0);

    CliRun b = CliRun.of(args(resumed, 2, true).toArray(String[]::new));
    assertEquals(0, b.exit(), b.err());
    assertTrue(b.out().contains("resuming from"), b.out());

    // Final parameter-server state (weights, optimiser moments, step, layer state) bit-identical.
    CheckpointStore bStore =
        new CheckpointStore(resumed.resolve("checkpoints").toString(), hadoop, 2);
    Checkpoint endA = aStore.readStored(aStore.fileOf(steps)).checkpoint();
    Checkpoint endB = bStore.readStored(bStore.fileOf(steps)).checkpoint();
    assertArrayEquals(endA.serverSnapshot(), endB.serverSnapshot());
    assertArrayEquals(endA.bestParameters(), endB.bestParameters());
    assertEquals(endA.bestEpoch(), endB.bestEpoch());
    assertEquals(endA.history().size(), endB.history().size());
    SavedModel ma = ModelStore.load(straight.resolve("model").toString(), hadoop);
    SavedModel mb = ModelStore.load(resumed.resolve("model").toString(), hadoop);
    assertArrayEquals(ma.parameters(), mb.parameters());
    assertArrayEquals(ma.layerState(), mb.layerState());

    // Only the newest 2 are kept.
    assertEquals(2, bStore.list().size());
    assertEquals(
        List.of(bStore.fileOf(steps - N).getName(), bStore.fileOf(steps).getName()),
        names(resumed.resolve("checkpoints")).stream().filter(n -> !n.startsWith(".")).toList());
  }

  @Test
  void damagedCheckpointsAreRefusedAndLatestFallsBack() throws IOException {
    Configuration hadoop = new Configuration();
    CheckpointStore store = new CheckpointStore(dir.resolve("ck").toString(), hadoop, 2);
    for (long step = 1; step <= 3; step++) {
      store.write(
          new Checkpoint(
              step,
              1,
              (int) step,
              10,
              0.5,
              Double.POSITIVE_INFINITY,
              0,
              0,
              new float[] {1, 2},
              new float[0],
              List.of(),
              new byte[] {9, 8, 7, (byte) step}));
    }
    assertEquals(2, store.list().size());
    Path newest = Path.of(store.fileOf(3).toUri().getPath());
    byte[] good = Files.readAllBytes(newest);

    byte[] flipped = good.clone();
    flipped[30] ^= 0x10;
    Files.write(newest, flipped);
    // Hadoop's local file system notices first (its .crc sibling) ...
    InvalidCheckpointException e =
        assertThrows(InvalidCheckpointException.class, () -> store.readStored(store.fileOf(3)));
    assertTrue(e.getMessage().contains(newest.getFileName() + " is damaged"), e.getMessage());
    List<String> warnings = new ArrayList<>();
    assertEquals(2, store.latestStored(warnings::add).orElseThrow().checkpoint().step());
    assertEquals(1, warnings.size());
    // ... and without it the format's own CRC32 does.
    Files.deleteIfExists(newest.resolveSibling("." + newest.getFileName() + ".crc"));
    e = assertThrows(InvalidCheckpointException.class, () -> store.readStored(store.fileOf(3)));
    assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
    assertEquals(2, store.latestStored(null).orElseThrow().checkpoint().step());

    Files.write(newest, Arrays.copyOf(good, good.length - 7));
    e = assertThrows(InvalidCheckpointException.class, () -> store.readStored(store.fileOf(3)));
    assertTrue(e.getMessage().contains("is truncated"), e.getMessage());

    byte[] foreign = good.clone();
    foreign[0] = 'X';
    Files.write(newest, foreign);
    e = assertThrows(InvalidCheckpointException.class, () -> store.readStored(store.fileOf(3)));
    assertTrue(e.getMessage().contains("not a Descent checkpoint"), e.getMessage());

    Files.write(newest, good);
    Checkpoint c = store.readStored(store.fileOf(3)).checkpoint();
    assertEquals(3, c.step());
    assertArrayEquals(new byte[] {9, 8, 7, 3}, c.serverSnapshot());
  }

  @Test
  void resumeWithoutCheckpointsSaysWhereItLooked() {
    Path out = dir.resolve("empty");
    CliRun r = CliRun.of(args(out, 3, true).toArray(String[]::new));
    assertNotEquals(0, r.exit());
    assertTrue(r.err().contains(out.resolve("checkpoints").toString()), r.err());
  }

  @Test
  void resumeWithADifferentBatchSizeIsAOneLineUsageError() {
    Path out = dir.resolve("short");
    List<String> first = args(out, 3, false);
    first.set(first.indexOf("train.epochs=3"), "train.epochs=1");
    CliRun a = CliRun.of(first.toArray(String[]::new));
    assertEquals(0, a.exit(), a.err());
    List<String> second = args(out, 3, true);
    second.addAll(List.of("--set", "train.batchSize=32"));
    CliRun b = CliRun.of(second.toArray(String[]::new));
    assertEquals(Main.EXIT_USAGE, b.exit(), b.err());
    assertTrue(b.err().contains("belongs to a different run"), b.err());
    assertTrue(b.err().contains("train.batchSize: checkpoint 64, now 32"), b.err());
    assertEquals(1, b.err().strip().lines().count(), b.err());
  }

  /** One short run, then resumes that differ from it in one way each. */
  @Test
  void resumeRefusesADifferentRunListingEachKeyAndBothValues() throws IOException {
    Path out = dir.resolve("base");
    List<String> first = args(out, 3, false);
    first.set(first.indexOf("train.epochs=3"), "train.epochs=1");
    CliRun a = CliRun.of(first);
    assertEquals(0, a.exit(), a.err());

    List<String> seed = args(out, 3, true);
    seed.addAll(List.of("--set", "train.seed=7"));
    String refused = BadInputCliTest.run(Main.EXIT_USAGE, seed);
    assertTrue(
        refused.contains("belongs to a different run: train.seed: checkpoint 42, now 7"), refused);
    assertTrue(refused.contains("--force"), refused);

    List<String> partitions = args(out, 3, true);
    partitions.set(partitions.indexOf("train.partitions=2"), "train.partitions=4");
    refused = BadInputCliTest.run(Main.EXIT_USAGE, partitions);
    assertTrue(refused.contains("run.partitions: checkpoint 2, now 4"), refused);
    assertTrue(refused.contains("train.partitions: checkpoint 2, now 4"), refused);

    // --force continues anyway (given the same split, so the same steps per epoch), and says so.
    List<String> scaling = args(out, 3, true);
    scaling.addAll(List.of("--set", "data.scaling=standardize", "--force"));
    CliRun forced = CliRun.of(scaling);
    assertEquals(0, forced.exit(), forced.err());
    assertTrue(
        forced
            .out()
            .contains(
                "--resume --force: continuing although data.scaling: checkpoint divide, now"
                    + " standardize"),
        forced.out());
  }

  @Test
  void resumeAnnouncesTheCheckpointsOptimiserSettingsAndTheModelRecordsThem() throws IOException {
    Path out = dir.resolve("lr");
    List<String> first = args(out, 3, false);
    first.set(first.indexOf("train.epochs=3"), "train.epochs=1");
    assertEquals(0, CliRun.of(first).exit());
    List<String> second = args(out, 3, true);
    second.set(second.indexOf("train.epochs=3"), "train.epochs=2");
    second.addAll(List.of("--set", "optimizer.lr=0.05"));
    CliRun b = CliRun.of(second);
    assertEquals(0, b.exit(), b.err());
    List<String> announced =
        b.out().lines().filter(l -> l.contains("checkpoint's optimiser settings")).toList();
    assertEquals(
        List.of(
            "descent: --resume continues with the checkpoint's optimiser settings, not the command"
                + " line's: optimizer.lr=0.005 (command line: 0.05)"),
        announced);
    SavedModel model = ModelStore.load(out.resolve("model").toString(), new Configuration());
    assertEquals("0.005", model.provenance().get("config.optimizer.lr"));
  }

  @Test
  void aNewRunIntoAnotherRunsCheckpointsIsRefusedUnlessOverwrite() throws IOException {
    Path out = dir.resolve("taken");
    List<String> first = args(out, 3, false);
    first.set(first.indexOf("train.epochs=3"), "train.epochs=1");
    assertEquals(0, CliRun.of(first).exit());
    Configuration hadoop = new Configuration();
    CheckpointStore store = new CheckpointStore(out.resolve("checkpoints").toString(), hadoop, 3);
    String oldRun = store.latestStored(null).orElseThrow().identity().runId();
    assertEquals(12, oldRun.length(), oldRun);

    String refused = BadInputCliTest.run(Main.EXIT_USAGE, first);
    assertTrue(refused.contains("checkpoints of another run (run " + oldRun), refused);
    assertTrue(refused.contains("add --resume to continue that run, --overwrite"), refused);

    List<String> again = new ArrayList<>(first);
    again.add("--overwrite");
    CliRun b = CliRun.of(again);
    assertEquals(0, b.exit(), b.err());
    assertTrue(b.out().contains("--overwrite: removed 3 checkpoints of run " + oldRun), b.out());
    List<Path> left = store.list().stream().map(p -> Path.of(p.toUri().getPath())).toList();
    assertEquals(3, left.size());
    for (org.apache.hadoop.fs.Path p : store.list()) {
      String run = store.readStored(p).identity().runId();
      assertNotEquals(oldRun, run, p + " is the old run's");
    }
  }

  private static Checkpoint tiny(long step) {
    return new Checkpoint(
        step,
        1,
        (int) step,
        100,
        0.5,
        Double.POSITIVE_INFINITY,
        0,
        0,
        new float[] {1, 2},
        new float[0],
        List.of(),
        new byte[] {9, 8, 7, (byte) step});
  }

  private static org.descent.io.RunIdentity identity(String seed) {
    return org.descent.io.RunIdentity.of(
        java.util.Map.of("train.seed", seed), 2, "1 files, 10 bytes, sha256 0", 12, "dev");
  }

  @Test
  void retentionDeletesOnlyTheCurrentRunsOldestCheckpoints() {
    Configuration hadoop = new Configuration();
    String ck = dir.resolve("shared").toString();
    CheckpointStore a = new CheckpointStore(ck, hadoop, 2).forRun(identity("1"));
    for (long step = 1; step <= 3; step++) {
      a.write(tiny(step));
    }
    // Another run (by mistake, e.g. a concurrent one) writing into the same directory.
    CheckpointStore b = new CheckpointStore(ck, hadoop, 2).forRun(identity("2"));
    for (long step = 10; step <= 13; step++) {
      b.write(tiny(step));
    }
    List<String> names = a.list().stream().map(org.apache.hadoop.fs.Path::getName).toList();
    assertEquals(
        List.of(
            "step-000000000002.ckpt",
            "step-000000000003.ckpt",
            "step-000000000012.ckpt",
            "step-000000000013.ckpt"),
        names);
  }

  @Test
  void theRunIdentityRoundTripsThroughTheCheckpointFile() {
    Configuration hadoop = new Configuration();
    org.descent.io.RunIdentity id = identity("5");
    CheckpointStore s = new CheckpointStore(dir.resolve("rt").toString(), hadoop, 2).forRun(id);
    s.write(tiny(4));
    CheckpointStore.Stored back = s.readStored(s.fileOf(4));
    assertEquals(id.values(), back.identity().values());
    assertEquals(4, back.checkpoint().step());
    assertEquals("5", back.identity().get("config.train.seed"));
    assertEquals(16, back.identity().get("config.hash").length());
  }
}
