package org.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The command line without Spark: --help and -h on every command from the option table, --version,
 * usage errors with the command's usage line, and the bundled digits as everyone's default.
 */
class CommandLineTest {
  /** A run with the Descent directory ".." (tests run in spark-job/, the launcher in the root). */
  private static CliRun inHome(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Path.of(".."));
    return new CliRun(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void everyCommandHasHelpListingExactlyItsOptions() {
    for (Command c : Command.values()) {
      CliRun r = inHome(c.commandName(), "--help");
      assertEquals(0, r.exit(), c + ": " + r.err());
      assertEquals("", r.err(), "--help must not run the command nor print notes: " + c);
      String first = r.out().lines().findFirst().orElseThrow();
      assertTrue(first.startsWith("descent " + c.commandName() + ": "), first);
      assertTrue(r.out().contains("usage: descent " + c.commandName()), r.out());
      for (CliOption o : CliOption.values()) {
        assertEquals(
            c.takes(o),
            r.out().contains("  " + o.synopsis() + " "),
            c + " help and its option table disagree on " + o.flag() + ":\n" + r.out());
      }
      assertEquals(r.out(), inHome(c.commandName(), "-h").out(), "-h is --help: " + c);
    }
  }

  @Test
  void helpAfterOtherOptionsStillOnlyHelps() {
    CliRun r = inHome("train", "--set", "train.epochs=1", "--help");
    assertEquals(0, r.exit());
    assertTrue(r.out().startsWith("descent train: train a network"), r.out());
    assertFalse(r.err().contains("unexpected argument"), r.err());
  }

  @Test
  void helpCommandNamesTheCommandToDescribe() {
    CliRun r = inHome("help", "predict");
    assertEquals(0, r.exit());
    assertTrue(r.out().startsWith("descent predict: "), r.out());
  }

  @Test
  void versionNamesDescentAndTheSparkScalaHadoopItRunsWith() {
    for (String flag : List.of("--version", "version")) {
      CliRun r = inHome(flag);
      assertEquals(0, r.exit(), r.err());
      assertTrue(r.out().startsWith("descent "), r.out());
      assertTrue(r.out().contains("(git "), r.out());
      assertTrue(r.out().contains("Spark 4."), r.out());
      assertTrue(r.out().contains("Scala 2.13"), r.out());
      assertTrue(r.out().matches("(?s).*Hadoop \\d+\\.\\d+.*"), r.out());
    }
  }

  @Test
  void unknownOptionIsAUsageErrorWithTheCommandsUsageLine() {
    CliRun r = inHome("train", "--epochs", "3");
    assertEquals(Main.EXIT_USAGE, r.exit());
    List<String> lines = r.err().lines().toList();
    assertTrue(lines.get(0).startsWith("descent: unexpected argument '--epochs'"), r.err());
    assertTrue(lines.get(1).startsWith("usage: descent train [--conf FILE]..."), r.err());
    assertFalse(r.err().contains("bundled digits"), "a usage error is reported before notes");
  }

  @Test
  void misspeltOptionGetsASuggestion() {
    CliRun r = inHome("predict", "--modle", "m");
    assertEquals(Main.EXIT_USAGE, r.exit());
    assertTrue(r.err().contains("did you mean '--model'"), r.err());
  }

  @Test
  void anotherCommandsOptionIsRefusedNotIgnored() {
    CliRun r = inHome("export", "--master", "local[2]", "--model", "m");
    assertEquals(Main.EXIT_USAGE, r.exit());
    assertTrue(r.err().contains("descent export does not take --master"), r.err());
    assertTrue(r.err().contains("usage: descent export"), r.err());
  }

  @Test
  void aSingleOptionGivenTwiceIsRefused() {
    CliRun r = inHome("summary", "--set", "model.layers=3,2", "--set", "model.layers=4,2");
    assertEquals(0, r.exit(), "--set repeats: " + r.err());
    CliRun twice = inHome("evaluate", "--model", "a", "--model", "b");
    assertEquals(Main.EXIT_USAGE, twice.exit());
    assertTrue(twice.err().contains("--model is given twice"), twice.err());
  }

  @Test
  void aFlagTakesNoValueAndAValueOptionNeedsOne() {
    CliRun flag = inHome("train", "--resume=yes");
    assertEquals(Main.EXIT_USAGE, flag.exit());
    assertTrue(flag.err().contains("--resume takes no value"), flag.err());
    CliRun value = inHome("train", "--out");
    assertEquals(Main.EXIT_USAGE, value.exit());
    assertTrue(value.err().contains("--out needs a value: --out DIR"), value.err());
  }

  @Test
  void aMissingRequiredOptionShowsTheUsage() {
    CliRun r = inHome("export", "--format", "onnx", "--output", "x.onnx");
    assertEquals(Main.EXIT_USAGE, r.exit());
    List<String> lines = r.err().lines().toList();
    assertEquals("descent: --model is required, e.g. --model out/model", lines.get(0));
    assertTrue(lines.get(1).startsWith("usage: descent export"), r.err());
  }

  @Test
  void withoutConfSummaryAndConfigUseTheBundledDigitsAndSaySoOnce() {
    CliRun summary = inHome("summary");
    assertEquals(0, summary.exit(), summary.err());
    // [64, 64, 10]: 64*64+64 + 64*10+10 parameters
    assertTrue(summary.out().matches("(?s).*total\\s+4810\\s*"), summary.out());
    assertEquals(
        "descent: no --conf given; using the bundled digits configuration"
            + " (conf/digits.properties)",
        summary.err().strip());
    CliRun config = inHome("config");
    assertEquals(0, config.exit(), config.err());
    assertTrue(
        config.out().matches("(?s).*model\\.layers\\s+= 64,64,10\\s+\\(\\.\\./conf/digits.*"),
        config.out());
  }

  @Test
  void setOverridesTheBundledDefaults() {
    CliRun r = inHome("summary", "--set", "model.layers=3,4,2");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().matches("(?s).*total\\s+26\\s*"), r.out());
  }

  @Test
  void aConfFileOrOwnDataTurnsTheBundledDefaultsOff() {
    CliRun conf = inHome("config", "--conf", "../conf/diabetes.properties");
    assertEquals(0, conf.exit(), conf.err());
    assertEquals("", conf.err());
    assertFalse(conf.out().contains("digits"), conf.out());
    CliRun data = inHome("summary", "--set", "data.train=x.csv");
    assertEquals(Main.EXIT_USAGE, data.exit());
    assertTrue(data.err().contains("model.layers is required"), data.err());
  }

  @Test
  void lrFindWithoutConfRunsOnTheBundledDigitsLikeTrain() {
    CliRun r =
        inHome(
            "lr-find",
            "--master",
            "local[2]",
            "--set",
            "lrFind.steps=5",
            "--set",
            "train.partitions=2");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.err().contains("using the bundled digits configuration"), r.err());
    assertTrue(r.out().contains("suggested learning rate: "), r.out());
  }
}
