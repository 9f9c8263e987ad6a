package org.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.descent.io.ModelStore;
import org.descent.nn.ParameterLayout;
import org.descent.nn.Tie;
import org.descent.nn.model.SavedModel;
import org.descent.nn.onnx.OnnxParity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tied net end to end through the command line: {@code descent train} with model.ties saves a
 * model that keeps its ties (format version 2, owned parameters only), and {@code descent export}
 * writes an ONNX file that ONNX Runtime runs with Descent's own outputs.
 */
class TiedTrainExportTest {
  @TempDir Path dir;

  @Test
  void trainedTiedModelKeepsItsTiesAndExportsToOnnx() throws Exception {
    Path run = dir.resolve("run");
    CliRun train =
        CliRun.of(
            "train",
            "--master",
            "local[2]",
            "--set",
            "data.train=../data/iris.csv",
            "--set",
            "model.layers=4,8,8,8,3",
            "--set",
            "model.ties=3:2:transpose",
            "--set",
            "model.batchNorm=true",
            "--set",
            "train.batchSize=16",
            "--set",
            "train.epochs=5",
            "--out",
            run.toString());
    assertEquals(0, train.exit(), train.err());
    SavedModel model =
        ModelStore.load(
            run.resolve("model").toString(), new org.apache.hadoop.conf.Configuration());
    assertEquals(List.of(new Tie(2, 1, Tie.Mode.TRANSPOSE)), model.spec().ties());
    // 4·8+8 + 8·8+8 + 8 + 8·3+3 owned, plus γ, β of the three batch norms.
    assertEquals(40 + 72 + 8 + 27 + 48, model.parameters().length);
    assertEquals(ParameterLayout.of(model.spec()).size(), model.parameters().length);
    Path onnx = dir.resolve("tied.onnx");
    CliRun export =
        CliRun.of(
            "export",
            "--model",
            run.resolve("model").toString(),
            "--format",
            "onnx",
            "--output",
            onnx.toString());
    assertEquals(0, export.exit(), export.err());
    float[] features = irisFeatures();
    int rows = features.length / 4;
    double diff = OnnxParity.maxAbsDifference(model, Files.readAllBytes(onnx), features, rows);
    System.out.printf("descent export (tied iris net): max |ORT − Descent| = %.3g%n", diff);
    assertTrue(diff <= 1e-5, "max abs difference " + diff);
  }

  private static float[] irisFeatures() throws IOException {
    List<String> rows =
        Files.readAllLines(Path.of("../data/iris.csv")).stream()
            .skip(1)
            .filter(l -> !l.isBlank())
            .toList();
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
