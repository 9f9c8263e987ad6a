package org.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.descent.io.ModelStore;
import org.descent.nn.model.SavedModel;
import org.descent.nn.onnx.OnnxParity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code descent export}: a model trained by {@code descent train} (batch norm, dropout,
 * standardised features) exported to ONNX runs in ONNX Runtime with Descent's own outputs; bad
 * arguments are one-line usage errors.
 */
class ExportCommandTest {
  @TempDir Path dir;

  @Test
  void trainedIrisModelExportsAndOnnxRuntimeAgreesWithDescent() throws Exception {
    Path run = dir.resolve("run");
    CliRun train =
        CliRun.of(
            "train",
            "--master",
            "local[2]",
            "--set",
            "data.train=../data/iris.csv",
            "--set",
            "model.layers=4,16,8,3",
            "--set",
            "model.batchNorm=true",
            "--set",
            "model.dropout=0.2",
            "--set",
            "train.batchSize=16",
            "--set",
            "train.epochs=5",
            "--out",
            run.toString());
    assertEquals(0, train.exit(), train.err());
    Path onnx = dir.resolve("exported/iris.onnx");
    CliRun export =
        CliRun.of(
            "export",
            "--model",
            run.resolve("model").toString(),
            "--format",
            "onnx",
            "--output",
            onnx.toUri().toString());
    assertEquals(0, export.exit(), export.err());
    assertTrue(
        export.out().contains("input features [N, 4] -> probabilities [N, 3], logits [N, 3]"),
        export.out());
    SavedModel model =
        ModelStore.load(
            run.resolve("model").toString(), new org.apache.hadoop.conf.Configuration());
    assertTrue(model.spec().hidden().get(0).batchNorm());
    float[] features = irisFeatures();
    int rows = features.length / 4;
    double diff = OnnxParity.maxAbsDifference(model, Files.readAllBytes(onnx), features, rows);
    System.out.printf(
        "descent export (iris, batch norm + dropout): max |ORT − Descent| = %.3g over %d rows%n",
        diff, rows);
    assertTrue(diff <= 1e-5, "max abs difference " + diff);
    try (var files = Files.list(onnx.getParent())) {
      assertEquals(List.of(onnx), files.toList(), "no temporary file is left behind");
    }
  }

  @Test
  void unknownFormatIsAOneLineUsageErrorListingTheSupportedFormats() {
    CliRun r =
        CliRun.of(
            "export", "--model", "m", "--format", "pmml", "--output", dir.resolve("x").toString());
    assertEquals(Main.EXIT_USAGE, r.exit());
    assertTrue(r.err().contains("unknown export format 'pmml'"), r.err());
    assertTrue(r.err().contains("supported formats: onnx"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }

  @Test
  void missingModelDirectoryIsAClearError() {
    Path missing = dir.resolve("no-such-run/model");
    Path output = dir.resolve("out.onnx");
    CliRun r =
        CliRun.of(
            "export",
            "--model",
            missing.toString(),
            "--format",
            "onnx",
            "--output",
            output.toString());
    assertEquals(Main.EXIT_USAGE, r.exit());
    assertTrue(r.err().contains("no model at " + missing), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertFalse(Files.exists(output));
  }

  @Test
  void formatIsRequiredAndUsageMentionsExport() {
    CliRun r = CliRun.of("export", "--model", "m", "--output", "x.onnx");
    assertEquals(Main.EXIT_USAGE, r.exit());
    assertTrue(r.err().contains("--format is required, e.g. --format onnx"), r.err());
    assertTrue(CliRun.of("help").out().contains("export    --model DIR --format onnx"));
  }

  /** The four feature columns of the bundled iris data, row-major. */
  private static float[] irisFeatures() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("../data/iris.csv"));
    assertEquals("sepal_length,sepal_width,petal_length,petal_width,label", lines.get(0));
    List<String> rows = lines.subList(1, lines.size()).stream().filter(l -> !l.isBlank()).toList();
    float[] x = new float[rows.size() * 4];
    for (int r = 0; r < rows.size(); r++) {
      String[] cells = rows.get(r).split(",");
      for (int c = 0; c < 4; c++) {
        x[r * 4 + c] = Float.parseFloat(cells[c]);
      }
    }
    return x;
  }
}
