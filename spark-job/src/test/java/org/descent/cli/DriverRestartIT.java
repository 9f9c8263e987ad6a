package org.descent.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.descent.io.CheckpointStore;
import org.descent.io.ModelStore;
import org.descent.nn.model.SavedModel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lost driver: {@code descent train} runs as a child JVM (local[2]) writing checkpoints; once one
 * exists, the JVM is killed (SIGKILL, no shutdown hooks). Restarted with {@code --resume}, the run
 * ends with weights bit-identical to a run that was never interrupted. Tagged {@code cluster} (run
 * with {@code -Pcluster-it}): three JVM start-ups take more than the default suite's budget.
 */
@Tag("cluster")
@Timeout(value = 240, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DriverRestartIT {
  @TempDir Path dir;

  private static List<String> job(Path out) {
    return new ArrayList<>(
        List.of(
            "train",
            "--master",
            "local[2]",
            "--conf",
            "../conf/digits.properties",
            "--set",
            "data.train=../data/digits.csv.gz",
            "--set",
            "model.layers=64,32,10",
            "--set",
            "train.epochs=3",
            "--set",
            "train.partitions=2",
            "--set",
            "train.checkpointEvery=5",
            "--set",
            "train.checkpointKeep=2",
            "--out",
            out.toString()));
  }

  @Test
  void aKilledDriverResumesFromItsCheckpointToIdenticalWeights() throws Exception {
    Path calm = dir.resolve("undisturbed");
    CliRun reference = CliRun.of(job(calm).toArray(String[]::new));
    assertEquals(0, reference.exit(), reference.err());

    Path killed = dir.resolve("killed");
    Path log = dir.resolve("driver.log");
    CheckpointStore store =
        new CheckpointStore(killed.resolve("checkpoints").toString(), new Configuration(), 2);
    Process driver = ChildJvm.descent(List.of(), job(killed), log).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (store.list().isEmpty()) {
        assertTrue(driver.isAlive(), "the driver ended early:\n" + Files.readString(log));
        assertTrue(System.nanoTime() < deadline, "no checkpoint within 120 s");
        Thread.sleep(50);
      }
    } finally {
      driver.destroyForcibly();
      driver.waitFor(30, TimeUnit.SECONDS);
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertFalse(output.contains("trained "), "the run finished before it was killed:\n" + output);
    assertFalse(Files.exists(killed.resolve("summary.json")));
    long reached = store.latestStored(null).orElseThrow().checkpoint().step();
    System.out.println("DriverRestartIT: killed the driver after checkpoint step " + reached);

    CliRun resumed = CliRun.of(withResume(job(killed)));
    assertEquals(0, resumed.exit(), resumed.err());
    assertTrue(resumed.out().contains("resuming from"), resumed.out());

    Configuration hadoop = new Configuration();
    SavedModel a = ModelStore.load(calm.resolve("model").toString(), hadoop);
    SavedModel b = ModelStore.load(killed.resolve("model").toString(), hadoop);
    assertArrayEquals(a.parameters(), b.parameters(), "weights differ after a driver restart");
    assertArrayEquals(a.layerState(), b.layerState());
  }

  private static String[] withResume(List<String> args) throws IOException {
    args.add("--resume");
    return args.toArray(String[]::new);
  }
}
