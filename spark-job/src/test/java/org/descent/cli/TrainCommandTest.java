package org.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.descent.io.ModelStore;
import org.descent.nn.model.SavedModel;
import org.descent.report.HeadlessChromium;
import org.descent.report.ReportPages;
import org.descent.report.TrainingReport;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code descent train} on Spark local[2] over the bundled digits, end to end: the README's job
 * reaches ≥ 0.96 test accuracy and writes model/, metrics.jsonl and summary.json, which {@code
 * evaluate} and {@code predict} then use.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrainCommandTest {
  @TempDir static Path dir;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  @Order(1)
  void digitsJobReaches96PercentAndWritesItsOutputs() throws IOException {
    Path out = dir.resolve("run");
    CliRun r =
        CliRun.of(
            "train",
            "--master",
            "local[2]",
            "--conf",
            "../conf/digits.properties",
            "--set",
            "data.train=../data/digits.csv.gz",
            "--set",
            "train.partitions=2",
            "--out",
            out.toString());
    assertEquals(0, r.exit(), r.err());
    JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
    double acc = summary.get("test").get("accuracy").asDouble();
    System.out.printf(
        "descent train digits on local[2]: test accuracy %.4f, %d steps in %.1f s%n",
        acc, summary.get("steps").asLong(), summary.get("seconds").asDouble());
    assertTrue(acc >= 0.96, "test accuracy " + acc);
    for (String key :
        List.of("steps", "epochs", "seconds", "totalSeconds", "train", "validation")) {
      assertTrue(summary.has(key), "summary.json lacks " + key);
    }
    assertTrue(summary.get("train").has("loss"));
    assertTrue(summary.get("seconds").asDouble() < summary.get("totalSeconds").asDouble());

    List<String> lines = Files.readAllLines(out.resolve("metrics.jsonl"));
    long epochs = lines.stream().filter(l -> l.contains("\"type\":\"epoch\"")).count();
    assertEquals(summary.get("epochs").asLong(), epochs);
    assertTrue(lines.stream().anyMatch(l -> l.contains("\"type\":\"step\"")));

    SavedModel model =
        ModelStore.load(
            out.resolve("model").toString(), new org.apache.hadoop.conf.Configuration());
    assertEquals(64, model.spec().inputWidth());
    assertEquals("../data/digits.csv.gz", model.provenance().get("data.train"));
    assertEquals("0.005", model.provenance().get("config.optimizer.lr"));
    try (Stream<Path> files = Files.list(out)) {
      assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")));
    }
  }

  @Test
  @Order(2)
  void theRunsReportHasEverySectionAndRendersInChromium() throws Exception {
    Path report = dir.resolve("run").resolve("report.html");
    String html = Files.readString(report, StandardCharsets.UTF_8);
    List<String> sections = new java.util.ArrayList<>(TrainingReport.SECTIONS);
    sections.remove("regression");
    assertEquals(sections, ReportPages.sectionIds(html));
    List<java.awt.image.BufferedImage> images = ReportPages.images(html);
    assertEquals(5, images.size());
    for (var image : images) {
      assertTrue(ReportPages.colours(image) > 10, "a blank chart");
    }
    // the confusion matrix counts the test split, as summary.json's test metrics do
    JsonNode summary = JSON.readTree(dir.resolve("run").resolve("summary.json").toFile());
    assertTrue(
        html.contains("On the test split (" + summary.get("test").get("rows").asLong() + " rows"),
        "confusion matrix on the test rows");
    String accuracy =
        String.format(
            java.util.Locale.ROOT, "%.4f", summary.get("test").get("accuracy").asDouble());
    assertTrue(html.contains("rows, accuracy " + accuracy + ")"), "its diagonal is the accuracy");
    assertTrue(html.contains("<td>total</td><td></td><td>4810</td>"), "64·64+64 + 64·10+10");

    HeadlessChromium.assumeInstalled();
    List<int[]> sizes = HeadlessChromium.imageSizes(report);
    assertEquals(5, sizes.size());
    for (int[] wh : sizes) {
      assertTrue(wh[0] > 0 && wh[1] > 0, "an image Chromium could not decode");
    }
  }

  @Test
  void reportEnabledFalseWritesNoReport() {
    Path out = dir.resolve("no-report");
    CliRun r =
        CliRun.of(
            "train",
            "--master",
            "local[1]",
            "--set",
            "model.layers=4,3",
            "--set",
            "data.train=../data/iris.csv",
            "--set",
            "train.epochs=1",
            "--set",
            "train.batchSize=16",
            "--set",
            "report.enabled=false",
            "--out",
            out.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(Files.exists(out.resolve("summary.json")));
    assertFalse(Files.exists(out.resolve("report.html")));
  }

  @Test
  void aSparseLibsvmRunWritesTheReportWithTheTestSplitsConfusionMatrix() throws IOException {
    Path out = dir.resolve("sparse-run");
    CliRun r = CliRun.of(sparseLibsvmRun(out));
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("rows stay sparse (data.sparse)"), r.out());
    assertFalse(r.out().contains("report.html not written"), r.out());
    String html = Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8);
    List<String> sections = new java.util.ArrayList<>(TrainingReport.SECTIONS);
    sections.remove("regression");
    assertEquals(sections, ReportPages.sectionIds(html));
    JsonNode test = JSON.readTree(out.resolve("summary.json").toFile()).get("test");
    String accuracy = String.format(java.util.Locale.ROOT, "%.4f", test.get("accuracy").asDouble());
    assertTrue(
        html.contains(
            "On the test split ("
                + test.get("rows").asLong()
                + " rows, accuracy "
                + accuracy
                + ")"),
        "confusion matrix on the test rows, its diagonal the test accuracy");
    assertTrue(html.contains("<table class=\"confusion\">"), "the confusion table");
  }

  @Test
  void withoutATestSplitTheReportCountsTheValidationSplit() throws IOException {
    Path out = dir.resolve("sparse-no-test");
    List<String> args = sparseLibsvmRun(out);
    args.addAll(List.of("--set", "data.testFraction=0"));
    CliRun r = CliRun.of(args);
    assertEquals(0, r.exit(), r.err());
    String html = Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8);
    JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
    assertFalse(summary.has("test"));
    String accuracy =
        String.format(
            java.util.Locale.ROOT, "%.4f", summary.get("validation").get("accuracy").asDouble());
    // the best epoch's validation accuracy, counted again by the one pass over the validation rows
    assertTrue(html.contains("On the validation split ("), "confusion matrix on validation rows");
    assertTrue(html.contains(" rows, accuracy " + accuracy + ")"), "its diagonal: " + accuracy);
  }

  /**
   * {@code train} on a 300-wide libsvm file with ~1.5% of the features stored (data.sparse=auto
   * keeps it sparse under maxabs scaling); the class is the third of the columns most entries of a
   * row fall in.
   */
  private static List<String> sparseLibsvmRun(Path out) throws IOException {
    Path file = dir.resolve("wide.libsvm");
    if (!Files.exists(file)) {
      int width = 300;
      java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
      StringBuilder b = new StringBuilder();
      for (int row = 0; row < 500; row++) {
        int k = rng.nextInt(3);
        b.append(k);
        for (int c = 0; c < width; c++) {
          if (rng.nextDouble() < (c * 3 / width == k ? 0.03 : 0.0075)) {
            b.append(' ').append(c + 1).append(':').append(1 + rng.nextInt(4));
          }
        }
        b.append('\n');
      }
      Files.writeString(file, b.toString());
    }
    return new java.util.ArrayList<>(
        List.of(
            "train",
            "--master",
            "local[2]",
            "--set",
            "model.layers=300,8,3",
            "--set",
            "data.format=libsvm",
            "--set",
            "data.train=" + file,
            "--set",
            "data.scaling=maxabs",
            "--set",
            "train.partitions=2",
            "--set",
            "train.epochs=3",
            "--set",
            "train.batchSize=32",
            "--out",
            out.toString()));
  }

  @Test
  @Order(3)
  void evaluateReportsTheSavedModelsAccuracy() {
    CliRun r =
        CliRun.of(
            "evaluate",
            "--master",
            "local[2]",
            "--model",
            dir.resolve("run/model").toString(),
            "--data",
            "../data/digits.csv.gz");
    assertEquals(0, r.exit(), r.err());
    Matcher m = Pattern.compile("accuracy ([0-9.]+) \\((\\d+) rows\\)").matcher(r.out());
    assertTrue(m.find(), r.out());
    assertEquals(1797, Integer.parseInt(m.group(2)));
    assertTrue(Double.parseDouble(m.group(1)) > 0.96, r.out());
  }

  @Test
  @Order(4)
  void predictWritesOneRowPerInputWithClassAndProbabilities() throws IOException {
    Path preds = dir.resolve("preds");
    CliRun r =
        CliRun.of(
            "predict",
            "--master",
            "local[2]",
            "--model",
            dir.resolve("run/model").toString(),
            "--data",
            "../data/digits.csv.gz",
            "--output",
            preds.toString());
    assertEquals(0, r.exit(), r.err());
    long rows = 0;
    String header = null;
    try (Stream<Path> parts = Files.list(preds)) {
      for (Path p : parts.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
        List<String> lines = Files.readAllLines(p);
        if (!lines.isEmpty()) {
          header = lines.get(0);
          rows += lines.size() - 1;
        }
      }
    }
    assertEquals(1797, rows);
    assertTrue(header != null && header.startsWith("prediction,probability_0"), header);
  }

  @Test
  @Order(5)
  void predictTakesCsvWithoutTheLabelColumn() throws IOException {
    Path unlabelled = dir.resolve("unlabelled.csv");
    List<String> lines = new java.util.ArrayList<>();
    try (java.io.BufferedReader in =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(
                new java.util.zip.GZIPInputStream(
                    Files.newInputStream(Path.of("../data/digits.csv.gz"))),
                StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lines.add(line.substring(0, line.lastIndexOf(','))); // drop the trailing label column
      }
    }
    assertFalse(lines.get(0).contains("label"));
    Files.write(unlabelled, lines);
    Path preds = dir.resolve("unlabelled-preds");
    CliRun r =
        CliRun.of(
            "predict",
            "--master",
            "local[2]",
            "--model",
            dir.resolve("run/model").toString(),
            "--data",
            unlabelled.toString(),
            "--output",
            preds.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("wrote 1797 predictions"), r.out());
    CliRun evaluate =
        CliRun.of(
            "evaluate",
            "--master",
            "local[2]",
            "--model",
            dir.resolve("run/model").toString(),
            "--data",
            unlabelled.toString());
    assertEquals(Main.EXIT_BAD_DATA, evaluate.exit(), "evaluate needs labels");
    assertTrue(evaluate.err().contains("no label column 'label'"), evaluate.err());
  }

  @Test
  @Order(6)
  void missingModelIsOneLineNamingThePath() {
    CliRun r =
        CliRun.of(
            "evaluate", "--model", dir.resolve("nope").toString(), "--data", "../data/iris.csv");
    assertEquals(Main.EXIT_USAGE, r.exit());
    assertTrue(r.err().contains("no model at"), r.err());
  }

  @Test
  @Order(7)
  void configShowsEveryKeyWithItsSource() {
    CliRun r =
        CliRun.of("config", "--conf", "../conf/digits.properties", "--set", "train.epochs=3");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().matches("(?s).*train\\.epochs\\s+= 3\\s+\\(--set\\).*"), r.out());
    assertTrue(
        r.out()
            .matches("(?s).*optimizer\\.lr\\s+= 0\\.005\\s+\\(\\.\\./conf/digits.properties\\).*"),
        r.out());
    assertTrue(r.out().matches("(?s).*clip\\.norm\\s+= 0\\s+\\(defaults\\).*"), r.out());
  }
}
