package org.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code descent lr-find} on the bundled digits (Spark local[2]): the suggested rate is sane and a
 * short training run with it converges; bad lrFind.* settings are one-line usage errors.
 */
class LrFindCommandTest {
  private static final Pattern SUGGESTION =
      Pattern.compile("(?m)^suggested learning rate: ([0-9.eE+-]+) \\(");
  private static final Pattern TEST_ACCURACY = Pattern.compile("(?m)^test: .*accuracy ([0-9.]+)");

  @TempDir Path dir;

  private static String[] digits(String command, String... more) {
    List<String> args = CliRun.onDigits(command, "train.partitions=2");
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @Test
  void onDigitsTheSuggestedRateIsSaneAndTrainsToOver93Percent() throws IOException {
    Path out = dir.resolve("lr");
    CliRun find = CliRun.of(digits("lr-find", "--out", out.toString()));
    assertEquals(0, find.exit(), find.err());
    String last = find.out().strip().lines().reduce((a, b) -> b).orElseThrow();
    Matcher m = SUGGESTION.matcher(last);
    assertTrue(m.find(), "the last line is the suggestion: " + find.out());
    double lr = Double.parseDouble(m.group(1));
    System.out.println("descent lr-find on digits (adam, batch 64): " + last);
    assertTrue(lr >= 1e-4 && lr <= 0.1, "suggested rate " + lr);

    List<String> csv = Files.readAllLines(out.resolve("lr-find.csv"));
    assertEquals("step,learningRate,loss,smoothedLoss", csv.get(0));
    assertTrue(csv.size() > 50, csv.size() + " rows");
    // Adam at rates near 10 blows the loss up: the test stops before its 200 steps
    assertTrue(find.out().contains("stopped after " + (csv.size() - 1) + " steps"), find.out());
    assertTrue(csv.size() - 1 < 200, csv.size() - 1 + " steps");
    double firstRate = Double.parseDouble(csv.get(1).split(",")[1]);
    assertEquals(1e-7, firstRate, 1e-20);
    assertNotNull(ImageIO.read(out.resolve("lr-find.png").toFile()), "lr-find.png is a PNG");

    CliRun train =
        CliRun.of(
            digits(
                "train",
                "--set",
                "optimizer.lr=" + lr,
                "--set",
                "train.epochs=8",
                "--set",
                "train.patience=0"));
    assertEquals(0, train.exit(), train.err());
    Matcher acc = TEST_ACCURACY.matcher(train.out());
    assertTrue(acc.find(), train.out());
    double accuracy = Double.parseDouble(acc.group(1));
    System.out.printf(
        "descent train digits, 8 epochs at lr %s: test accuracy %.4f%n", lr, accuracy);
    assertTrue(accuracy >= 0.93, "test accuracy " + accuracy + " at the suggested rate " + lr);
  }

  @Test
  void anEndNotAboveTheStartIsAUsageError() {
    CliRun r =
        CliRun.of(digits("lr-find", "--set", "lrFind.start=0.1", "--set", "lrFind.end=0.01"));
    assertEquals(Main.EXIT_USAGE, r.exit());
    assertTrue(r.err().contains("lrFind.end=0.01 must be larger than lrFind.start=0.1"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }

  @Test
  void fewerThanTwoStepsIsAUsageError() {
    CliRun r = CliRun.of(digits("lr-find", "--set", "lrFind.steps=1"));
    assertEquals(Main.EXIT_USAGE, r.exit());
    assertTrue(r.err().contains("lrFind.steps"), r.err());
  }

  @Test
  void aMisspeltKeyGetsASuggestion() {
    CliRun r = CliRun.of(digits("lr-find", "--set", "lrFind.stpes=100"));
    assertEquals(Main.EXIT_USAGE, r.exit());
    assertTrue(r.err().contains("did you mean 'lrFind.steps'"), r.err());
  }

  @Test
  void theUsageListsLrFind() {
    CliRun r = CliRun.of("help");
    assertTrue(r.out().contains("lr-find   learning-rate range test"), r.out());
  }
}
