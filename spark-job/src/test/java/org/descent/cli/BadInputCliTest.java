package org.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad input and bad configuration the reliability issue lists, through {@code descent
 * train} as a user meets it: exit code 2, one line on stderr naming the file and row (or the key)
 * and how to fix it, no stack trace without --verbose, and no output directory that looks complete
 * (no model/, no summary.json).
 */
class BadInputCliTest {
  @TempDir Path dir;

  /** 40 good rows of a,b,label with two classes. */
  private static String goodRows() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      sb.append(i % 7).append(',').append((i * 3) % 5).append(',').append(i % 2).append('\n');
    }
    return sb.toString();
  }

  private Path csv(String name, String badLines) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, "a,b,label\n" + goodRows() + badLines, StandardCharsets.UTF_8);
    return f;
  }

  /** Runs train on {@code data} with {@code extra} settings; checks the common promises. */
  private String refused(Path data, String... extra) {
    Path out = dir.resolve("out");
    List<String> args =
        new ArrayList<>(
            List.of(
                "train",
                "--master",
                "local[2]",
                "--set",
                "model.layers=2,3,2",
                "--set",
                "data.train=" + data,
                "--set",
                "train.epochs=1",
                "--set",
                "train.batchSize=4"));
    for (String kv : extra) {
      args.add("--set");
      args.add(kv);
    }
    args.addAll(List.of("--out", out.toString()));
    CliRun r = CliRun.of(args.toArray(String[]::new));
    String err = r.err().strip();
    System.out.println("refused: " + err);
    assertEquals(Main.EXIT_USAGE, r.exit(), r.out() + r.err());
    assertEquals(1, err.lines().count(), "one line: " + r.err());
    assertTrue(err.startsWith("descent: "), err);
    assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r.err());
    assertFalse(Files.exists(out.resolve("model")), "a model was written");
    assertFalse(Files.exists(out.resolve("summary.json")), "a summary was written");
    return err;
  }

  private static void assertContains(String message, String... parts) {
    for (String p : parts) {
      assertTrue(message.contains(p), "'" + p + "' missing from: " + message);
    }
  }

  @Test
  void wrongFeatureCount() throws IOException {
    Path f = csv("wide.csv", "1,2,3,0\n");
    assertContains(
        refused(f), f + ":42", "4 fields, but the header has 3", "data.onBadRecord=skip");
  }

  @Test
  void nonNumericField() throws IOException {
    Path f = csv("text.csv", "1,oops,0\n");
    assertContains(refused(f), f + ":42", "'oops'", "data.onBadRecord=skip");
  }

  @Test
  void nanAndInfinity() throws IOException {
    Path nan = csv("nan.csv", "1,NaN,0\n");
    assertContains(refused(nan), nan + ":42", "data.onBadRecord=skip");
    Path inf = csv("inf.csv", "Infinity,1,0\n");
    assertContains(refused(inf), inf + ":42", "data.onBadRecord=skip");
  }

  @Test
  void labelOutOfRange() throws IOException {
    Path f = csv("label.csv", "1,2,5\n");
    assertContains(refused(f), f + ":42", "[0, 2)", "data.onBadRecord=skip");
  }

  @Test
  void labelThatIsNotAnInteger() throws IOException {
    Path f = csv("half.csv", "1,2,0.5\n");
    assertContains(refused(f), f + ":42", "0.5", "data.onBadRecord=skip");
  }

  @Test
  void emptyInput() throws IOException {
    Path f = dir.resolve("empty.csv");
    Files.writeString(f, "a,b,label\n");
    assertContains(refused(f), f.toString(), "no data rows");
  }

  @Test
  void missingPath() {
    Path f = dir.resolve("nowhere.csv");
    assertContains(refused(f), f + ": no such file or directory", "data.train");
  }

  @Test
  void truncatedGzip() throws IOException {
    Path whole = dir.resolve("whole.csv.gz");
    StringBuilder text = new StringBuilder("a,b,label\n");
    for (int i = 0; i < 100; i++) {
      text.append(goodRows());
    }
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(whole))) {
      o.write(text.toString().getBytes(StandardCharsets.UTF_8));
    }
    byte[] b = Files.readAllBytes(whole);
    Path cut = dir.resolve("cut.csv.gz");
    Files.write(cut, Arrays.copyOf(b, b.length / 2));
    assertContains(refused(cut), cut + ": the compressed stream is truncated or damaged");
  }

  @Test
  void unknownFormatName() throws IOException {
    Path f = csv("good.csv", "");
    assertContains(refused(f, "data.format=xls"), "data.format", "xls", "csv");
  }

  @Test
  void csvWithoutTheLabelColumn() throws IOException {
    Path f = dir.resolve("nolabel.csv");
    Files.writeString(f, "a,b,target\n1,2,0\n3,4,1\n");
    assertContains(refused(f), f.toString(), "label", "data.labelColumn");
  }

  @Test
  void unknownKey() throws IOException {
    Path f = csv("good.csv", "");
    assertContains(refused(f, "train.epoch=3"), "train.epoch", "did you mean 'train.epochs'");
  }

  @Test
  void wrongType() throws IOException {
    Path f = csv("good.csv", "");
    assertContains(
        refused(f, "train.epochs=three"), "train.epochs='three' is not a whole number", "e.g.");
  }

  @Test
  void outOfRangeValue() throws IOException {
    Path f = csv("good.csv", "");
    assertContains(refused(f, "train.epochs=0"), "train.epochs", "0");
    assertContains(refused(f, "data.validationFraction=1.5"), "data.validationFraction", "1.5");
  }

  @Test
  void firstLayerWidthDisagreeingWithTheData() throws IOException {
    Path f = csv("good.csv", "");
    assertContains(refused(f, "model.layers=5,3,2"), f.toString(), "model.layers");
  }

  @Test
  void batchLargerThanTheData() throws IOException {
    Path f = csv("good.csv", "");
    assertContains(refused(f, "train.batchSize=1000"), "train.batchSize=1000", "lower it");
  }

  @Test
  void skipModeTrainsOnTheGoodRowsAndReportsCountsAndReasons() throws IOException {
    Path f = csv("mixed.csv", "1,oops,0\n1,2,5\n1,NaN,1\n");
    Path out = dir.resolve("skipped");
    CliRun r =
        CliRun.of(
            "train",
            "--master",
            "local[2]",
            "--set",
            "model.layers=2,3,2",
            "--set",
            "data.train=" + f,
            "--set",
            "data.onBadRecord=skip",
            "--set",
            "train.epochs=1",
            "--set",
            "train.batchSize=4",
            "--out",
            out.toString());
    assertEquals(0, r.exit(), r.err());
    assertContains(r.out(), "skipped bad records: 3 records skipped: ", "label out of range");
    assertTrue(Files.exists(out.resolve("summary.json")));
    String summary = Files.readString(out.resolve("summary.json"));
    assertContains(summary, "\"skippedRecords\"", "\"total\" : 3", "\"label out of range\" : 1");
  }
}
