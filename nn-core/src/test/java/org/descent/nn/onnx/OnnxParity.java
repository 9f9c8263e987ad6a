package org.descent.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.descent.nn.Loss;
import org.descent.nn.Minibatch;
import org.descent.nn.Network;
import org.descent.nn.Workspace;
import org.descent.nn.model.SavedModel;

/**
 * Runs an exported model in ONNX Runtime and Descent's own inference on the same raw rows, and
 * measures how far apart their outputs are. Shared with spark-job's CLI test through nn-core's test
 * jar.
 */
public final class OnnxParity {
  private OnnxParity() {}

  /** Max |ONNX Runtime − Descent| over every output of the graph. */
  public static double maxAbsDifference(SavedModel model, byte[] onnx, float[] raw, int rows)
      throws OrtException {
    return differences(model, onnx, raw, rows).values().stream()
        .mapToDouble(Double::doubleValue)
        .max()
        .orElseThrow();
  }

  /**
   * Max |ONNX Runtime − Descent| per graph output; checks that the outputs are exactly {@link
   * OnnxExport#outputNames} with shape {@code [rows, width]}.
   */
  public static Map<String, Double> differences(
      SavedModel model, byte[] onnx, float[] raw, int rows) throws OrtException {
    Map<String, float[]> expected = descentOutputs(model, raw, rows);
    Map<String, float[]> actual = onnxRuntimeOutputs(onnx, raw, rows, model.spec().inputWidth());
    assertEquals(expected.keySet(), actual.keySet(), "graph outputs");
    Map<String, Double> result = new LinkedHashMap<>();
    for (Map.Entry<String, float[]> e : expected.entrySet()) {
      float[] a = actual.get(e.getKey());
      assertEquals(e.getValue().length, a.length, e.getKey() + " length");
      double max = 0;
      for (int i = 0; i < a.length; i++) {
        max = Math.max(max, Math.abs((double) a[i] - e.getValue()[i]));
      }
      result.put(e.getKey(), max);
    }
    return result;
  }

  /** The exported graph's outputs as Descent computes them: scale, predict, unscale targets. */
  public static Map<String, float[]> descentOutputs(SavedModel model, float[] raw, int rows) {
    int width = model.spec().outputWidth();
    float[] x = raw.clone();
    model.featureScaling().apply(x, 0, rows);
    Network net = new Network(model.spec());
    Workspace ws = net.workspace(rows);
    float[] out = new float[rows * width];
    net.predict(model.parameters(), model.layerState(), Minibatch.of(x, 0, rows), ws, out, 0);
    float[] logits = java.util.Arrays.copyOf(ws.logits(), rows * width);
    Map<String, float[]> result = new LinkedHashMap<>();
    Loss loss = model.spec().loss();
    switch (loss) {
      case SOFTMAX_CROSS_ENTROPY -> result.put(OnnxExport.PROBABILITIES, out);
      case BINARY_SIGMOID_CROSS_ENTROPY -> result.put(OnnxExport.PROBABILITY, out);
      case MULTICLASS_HINGE -> result.put(OnnxExport.SCORES, out);
      case MEAN_SQUARED_ERROR -> {
        model.targetScaling().invert(out, 0, rows);
        result.put(OnnxExport.PREDICTIONS, out);
      }
    }
    if (OnnxExport.outputNames(loss).contains(OnnxExport.LOGITS)) {
      result.put(OnnxExport.LOGITS, logits);
    }
    return result;
  }

  /** Every output of {@code onnx} on {@code rows} rows of {@code raw}, checked to be [rows, *]. */
  public static Map<String, float[]> onnxRuntimeOutputs(
      byte[] onnx, float[] raw, int rows, int width) throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    Map<String, float[]> result = new LinkedHashMap<>();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      try (OrtSession session = env.createSession(onnx, options);
          OnnxTensor input =
              OnnxTensor.createTensor(env, FloatBuffer.wrap(raw), new long[] {rows, width});
          OrtSession.Result r = session.run(Map.of(OnnxExport.FEATURES, input))) {
        for (Map.Entry<String, OnnxValue> e : r) {
          OnnxTensor t = (OnnxTensor) e.getValue();
          long[] shape = t.getInfo().getShape();
          assertEquals(rows, shape[0], e.getKey() + " rows");
          FloatBuffer b = t.getFloatBuffer();
          float[] values = new float[b.remaining()];
          b.get(values);
          assertArrayEquals(new long[] {rows, values.length / rows}, shape, e.getKey() + " shape");
          result.put(e.getKey(), values);
        }
      }
    }
    return result;
  }
}
