package org.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.descent.io.Checkpoint;
import org.descent.io.CheckpointStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A diverging run (regression on the digit labels, SGD at learning rate 1e6) through the CLI: it
 * stops at the step whose loss or gradient is not finite with a one-line message naming the step
 * and the layer and exit code 3, writes no model or summary, and its last checkpoint stays loadable
 * and resumable.
 */
class DivergenceTest {
  @TempDir Path dir;

  private static String[] args(Path out, boolean resume) {
    List<String> a =
        CliRun.onDigits(
            "train",
            "optimizer.name=sgd",
            "model.layers=64,16,1",
            "model.activation=tanh",
            "model.head=mse",
            "optimizer.lr=1e6",
            "train.epochs=2",
            "train.checkpointEvery=1",
            "train.checkpointKeep=100");
    a.add("--out");
    a.add(out.toString());
    if (resume) {
      a.add("--resume");
    }
    return a.toArray(String[]::new);
  }

  @Test
  void divergenceStopsAtTheStepNamingTheLayerAndTheLastCheckpointResumes() {
    Path out = dir.resolve("run");
    CliRun r = CliRun.of(args(out, false));
    assertEquals(Main.EXIT_DIVERGED, r.exit(), r.out() + r.err());
    String line = r.err().strip();
    System.out.println("diverged: " + line);
    assertEquals(1, line.lines().count(), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
    assertTrue(line.contains("layer"), line);
    assertTrue(line.contains("Lower optimizer.lr"), line);
    Matcher m = Pattern.compile("at step (\\d+)").matcher(line);
    assertTrue(m.find(), line);
    long failed = Long.parseLong(m.group(1));
    assertTrue(failed >= 2, "diverged at step 1, before any checkpoint: " + line);

    // Nothing that looks like a finished run.
    assertFalse(Files.exists(out.resolve("model")));
    assertFalse(Files.exists(out.resolve("summary.json")));

    // The newest checkpoint is the step before, and it reads intact.
    CheckpointStore store =
        new CheckpointStore(out.resolve("checkpoints").toString(), new Configuration(), 100);
    Checkpoint last = store.latestStored(null).orElseThrow().checkpoint();
    assertEquals(failed - 1, last.step());
    assertEquals(failed - 1, store.list().size());

    // Resuming loads it and replays the same diverging step: same message, same step.
    CliRun again = CliRun.of(args(out, true));
    assertTrue(again.out().contains("resuming from " + store.fileOf(failed - 1)), again.out());
    assertEquals(Main.EXIT_DIVERGED, again.exit(), again.err());
    assertTrue(again.err().contains("at step " + failed + " "), again.err());
  }
}
