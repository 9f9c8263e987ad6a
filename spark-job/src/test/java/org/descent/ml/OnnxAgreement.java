package org.descent.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.descent.nn.onnx.OnnxParity;

/** A spark.ml model's exported ONNX file gives what the model's transform gives, per row. */
final class OnnxAgreement {
  private OnnxAgreement() {}

  /**
   * @param predicted the model's transform output
   * @param column a Vector (probability) or double (prediction) column of it
   * @param onnxOutput the graph output holding the same values
   * @return the largest difference relative to max(1, |value|), asserted ≤ 1e-5: both compute in
   *     float32, whose spacing at a regression target of ~300 is already 3e-5
   */
  static double check(Dataset<Row> predicted, String column, Path onnxFile, String onnxOutput)
      throws Exception {
    List<Row> rows = predicted.select("features", column).collectAsList();
    assertTrue(rows.size() >= 100, "only " + rows.size() + " rows");
    int width = ((Vector) rows.get(0).get(0)).size();
    float[] raw = new float[rows.size() * width];
    for (int r = 0; r < rows.size(); r++) {
      double[] v = ((Vector) rows.get(r).get(0)).toArray();
      for (int i = 0; i < width; i++) {
        raw[r * width + i] = (float) v[i];
      }
    }
    Map<String, float[]> onnx =
        OnnxParity.onnxRuntimeOutputs(Files.readAllBytes(onnxFile), raw, rows.size(), width);
    float[] out = onnx.get(onnxOutput);
    int outWidth = out.length / rows.size();
    double max = 0;
    for (int r = 0; r < rows.size(); r++) {
      Object value = rows.get(r).get(1);
      double[] expected =
          value instanceof Vector vec ? vec.toArray() : new double[] {(Double) value};
      assertEquals(outWidth, expected.length, "width of " + column);
      for (int c = 0; c < outWidth; c++) {
        double scale = Math.max(1, Math.abs(expected[c]));
        max = Math.max(max, Math.abs(expected[c] - out[r * outWidth + c]) / scale);
      }
    }
    assertTrue(max <= 1e-5, "max |spark.ml − ONNX Runtime| / max(1, |value|) = " + max);
    return max;
  }
}
