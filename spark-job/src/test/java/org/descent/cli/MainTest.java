package org.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The descent command line as a user meets it: output, exit codes and one-line errors. */
class MainTest {
  @TempDir Path dir;

  @Test
  void summaryOfTheCourseNetworksPrints26And41() {
    CliRun a = CliRun.of("summary", "--set", "model.layers=3,4,2");
    assertEquals(0, a.exit(), a.err());
    assertTrue(a.out().matches("(?s).*total\\s+26\\s*"), a.out());
    CliRun b = CliRun.of("summary", "--set", "model.layers=3,4,4,1");
    assertEquals(0, b.exit(), b.err());
    assertTrue(b.out().matches("(?s).*total\\s+41\\s*"), b.out());
  }

  @Test
  void summaryIsAKerasLikeTableOfLayerOutputWidthAndParameters() {
    CliRun r = CliRun.of("summary", "--set", "model.layers=3,4,2");
    List<String> lines = r.out().lines().map(String::strip).toList();
    assertTrue(lines.get(0).matches("layer\\s+output width\\s+parameters"), lines.get(0));
    assertTrue(lines.stream().anyMatch(l -> l.matches("input\\s+3\\s+0")), r.out());
    assertTrue(lines.stream().anyMatch(l -> l.matches("dense 1 \\(relu\\)\\s+4\\s+16")), r.out());
    assertTrue(
        lines.stream().anyMatch(l -> l.matches("dense 2 \\(output, [a-z_]+\\)\\s+2\\s+10")),
        r.out());
  }

  @Test
  void unknownKeyIsOneLineWithASuggestionAndExitCode2() {
    CliRun r = CliRun.of("train", "--set", "optimzer.lr=0.1");
    assertEquals(Main.EXIT_USAGE, r.exit());
    assertTrue(r.err().contains("did you mean 'optimizer.lr'"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }

  @Test
  void aBadValueNamesTheKeyTheValueAndWhereItWasSet() throws IOException {
    CliRun set = CliRun.of("summary", "--set", "model.layers=3,4,2", "--set", "model.dropout=1.5");
    assertEquals(Main.EXIT_USAGE, set.exit());
    assertEquals(
        "descent: model.dropout=1.5 is out of range: it must be in [0, 1) (model.dropout from"
            + " --set)",
        set.err().strip());
    Path conf = dir.resolve("job.properties");
    Files.writeString(conf, "model.layers=3,x,2\n", StandardCharsets.UTF_8);
    CliRun file = CliRun.of("summary", "--conf", conf.toString());
    assertEquals(Main.EXIT_USAGE, file.exit());
    assertTrue(file.err().contains("'x' is not a whole number"), file.err());
    assertTrue(file.err().strip().endsWith("(model.layers from " + conf + ")"), file.err());
  }

  @Test
  void badDataNamesTheFileAndLineWithoutAStackTrace() throws IOException {
    Path csv = csv("bad.csv", "a,b,label\n1,2,0\n3,oops,1\n");
    CliRun r = trainOn(csv, "train.batchSize=1");
    assertEquals(Main.EXIT_BAD_DATA, r.exit());
    assertTrue(r.err().contains(csv + ":3"), r.err());
    assertTrue(r.err().contains("'oops'"), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
  }

  @Test
  void aBatchLargerThanTheTrainingRowsIsRefusedByName() throws IOException {
    Path csv = csv("small.csv", "a,b,label\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n");
    CliRun r =
        trainOn(csv, "data.testFraction=0", "data.validationFraction=0", "train.batchSize=8");
    assertEquals(Main.EXIT_USAGE, r.exit(), r.err());
    assertTrue(
        r.err().contains("train.batchSize=8 is larger than the 4 training rows; lower it"),
        r.err());
  }

  @Test
  void firstLayerWidthMustMatchTheData() {
    CliRun r =
        CliRun.of(
            "train", "--set", "model.layers=10,4,10", "--set", "data.train=../data/digits.csv.gz");
    assertEquals(Main.EXIT_BAD_DATA, r.exit());
    assertTrue(r.err().contains("has 64 feature columns"), r.err());
  }

  @Test
  void unknownCommandSuggestsTheNearestOne() {
    CliRun r = CliRun.of("trian");
    assertEquals(Main.EXIT_USAGE, r.exit());
    assertTrue(r.err().contains("did you mean 'train'"), r.err());
  }

  private Path csv(String name, String text) throws IOException {
    Path csv = dir.resolve(name);
    Files.writeString(csv, text, StandardCharsets.UTF_8);
    return csv;
  }

  /** descent train of a 2,3,2 network on {@code csv}, with {@code settings} as --set pairs. */
  private static CliRun trainOn(Path csv, String... settings) {
    List<String> args =
        new ArrayList<>(
            List.of("train", "--set", "model.layers=2,3,2", "--set", "data.train=" + csv));
    for (String s : settings) {
      args.add("--set");
      args.add(s);
    }
    return CliRun.of(args);
  }
}
