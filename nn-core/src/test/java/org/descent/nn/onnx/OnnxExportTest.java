package org.descent.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.descent.nn.Activation;
import org.descent.nn.FeatureScaling;
import org.descent.nn.HiddenLayerSpec;
import org.descent.nn.Initializer;
import org.descent.nn.Loss;
import org.descent.nn.NetworkSpec;
import org.descent.nn.ParameterLayout;
import org.descent.nn.Tie;
import org.descent.nn.model.SavedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Exported models run in ONNX Runtime and give Descent's own outputs, max |difference| ≤ 1e-5 on
 * 400 rows, for every head and activation, with batch norm folded and dropout left out.
 */
class OnnxExportTest {
  private static final double TOLERANCE = 1e-5;
  private static final int ROWS = 400;
  private static final int WIDTH = 6;

  @Test
  void classifierWithBatchNormAndFeatureScalingMatchesOnnxRuntime() throws OrtException {
    NetworkSpec spec =
        new NetworkSpec(
            WIDTH,
            List.of(
                HiddenLayerSpec.of(16, Activation.RELU).withBatchNorm(true),
                HiddenLayerSpec.of(12, Activation.TANH).withBatchNorm(true)),
            3,
            Loss.SOFTMAX_CROSS_ENTROPY);
    float[] x = TinyTraining.features(ROWS, WIDTH, 1);
    float[] y = TinyTraining.classLabels(x, ROWS, WIDTH, 3);
    SavedModel model =
        TinyTraining.train(spec, x, y, ROWS, FeatureScaling.Mode.MINMAX, false, 600, 0.1f, 2);
    assertBatchNormIsNotTheIdentity(model);
    byte[] onnx = OnnxExport.toBytes(model);
    assertEquals(
        List.of("Sub", "Mul", "Gemm", "Relu", "Gemm", "Tanh", "Gemm", "Softmax"),
        ProtoReader.opTypes(onnx));
    assertMatches("softmax classifier with batch norm", model, onnx, x, ROWS);
  }

  @Test
  void regressorPredictsInTheTargetsUnits() throws OrtException {
    NetworkSpec spec =
        new NetworkSpec(
            WIDTH,
            List.of(HiddenLayerSpec.of(10, Activation.ELU).withBatchNorm(true)),
            2,
            Loss.MEAN_SQUARED_ERROR);
    float[] x = TinyTraining.features(ROWS, WIDTH, 3);
    float[] y = TinyTraining.regressionTargets(x, ROWS, WIDTH);
    SavedModel model =
        TinyTraining.train(spec, x, y, ROWS, FeatureScaling.Mode.STANDARDIZE, true, 400, 0.02f, 4);
    assertEquals(FeatureScaling.Mode.STANDARDIZE, model.targetScaling().mode());
    byte[] onnx = OnnxExport.toBytes(model);
    assertEquals(
        List.of("Sub", "Mul", "Gemm", "Elu", "Gemm", "Div", "Add"), ProtoReader.opTypes(onnx));
    assertMatches("mse regressor, target scaling inverted", model, onnx, x, ROWS);
  }

  @Test
  void sigmoidHeadOutputsTheProbabilityOfClassOne() throws OrtException {
    NetworkSpec spec =
        new NetworkSpec(
            WIDTH,
            List.of(HiddenLayerSpec.of(8, Activation.GELU).withBatchNorm(true)),
            1,
            Loss.BINARY_SIGMOID_CROSS_ENTROPY);
    float[] x = TinyTraining.features(ROWS, WIDTH, 5);
    float[] y = TinyTraining.classLabels(x, ROWS, WIDTH, 2);
    SavedModel model =
        TinyTraining.train(spec, x, y, ROWS, FeatureScaling.Mode.DIVIDE, false, 300, 0.1f, 6);
    byte[] onnx = OnnxExport.toBytes(model);
    assertEquals(List.of("probability", "logits"), OnnxExport.outputNames(spec.loss()));
    assertMatches("sigmoid head", model, onnx, x, ROWS);
  }

  @Test
  void hingeHeadOutputsTheRawScores() throws OrtException {
    NetworkSpec spec =
        NetworkSpec.of(new int[] {WIDTH, 9, 4}, Activation.SIGMOID, Loss.MULTICLASS_HINGE);
    float[] x = TinyTraining.features(ROWS, WIDTH, 7);
    float[] y = TinyTraining.classLabels(x, ROWS, WIDTH, 4);
    SavedModel model =
        TinyTraining.train(spec, x, y, ROWS, FeatureScaling.Mode.STANDARDIZE, false, 200, 0.05f, 8);
    assertMatches("hinge head", model, OnnxExport.toBytes(model), x, ROWS);
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void everyActivationMatchesOnnxRuntime(Activation activation) throws OrtException {
    NetworkSpec spec =
        new NetworkSpec(
            5,
            List.of(
                HiddenLayerSpec.of(7, activation).withActivationParam(0.2f),
                HiddenLayerSpec.of(6, activation).withActivationParam(0.2f)),
            3,
            Loss.MEAN_SQUARED_ERROR);
    float[] params = Initializer.initialParameters(spec, 11);
    SplittableRandom rng = new SplittableRandom(12);
    ParameterLayout layout = ParameterLayout.of(spec);
    for (int l = 0; l < layout.denseLayerCount(); l++) {
      ParameterLayout.Dense d = layout.dense(l);
      for (int j = 0; j < d.out(); j++) {
        params[d.biasOffset() + j] = (float) rng.nextGaussian();
      }
    }
    SavedModel model =
        new SavedModel(
            spec, params, new float[0], FeatureScaling.none(5), FeatureScaling.none(3), Map.of());
    // Inputs up to ±12 reach both sides of every kink and softplus's large-argument branch.
    float[] x = new float[ROWS * 5];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (4 * rng.nextGaussian());
    }
    byte[] onnx = OnnxExport.toBytes(model);
    assertMatches("activation " + activation.configName(), model, onnx, x, ROWS);
  }

  @Test
  void dropoutLayersAreNotEmittedAndTheModelStillMatches() throws OrtException {
    NetworkSpec spec =
        new NetworkSpec(
            WIDTH,
            List.of(
                HiddenLayerSpec.of(16, Activation.LEAKY_RELU).withDropout(0.5f),
                HiddenLayerSpec.of(8, Activation.SOFTPLUS).withBatchNorm(true).withDropout(0.3f)),
            3,
            Loss.SOFTMAX_CROSS_ENTROPY);
    float[] x = TinyTraining.features(ROWS, WIDTH, 9);
    float[] y = TinyTraining.classLabels(x, ROWS, WIDTH, 3);
    SavedModel model =
        TinyTraining.train(spec, x, y, ROWS, FeatureScaling.Mode.STANDARDIZE, false, 300, 0.1f, 10);
    byte[] onnx = OnnxExport.toBytes(model);
    List<String> ops = ProtoReader.opTypes(onnx);
    assertFalse(ops.contains("Dropout"), ops.toString());
    assertFalse(ops.contains("BatchNormalization"), ops.toString());
    assertEquals(
        List.of("Sub", "Mul", "Gemm", "LeakyRelu", "Gemm", "Softplus", "Gemm", "Softmax"), ops);
    assertMatches("dropout left out", model, onnx, x, ROWS);
  }

  @Test
  void linearModelWithoutScalingIsOneGemmAndTheBatchIsDynamic() throws OrtException {
    NetworkSpec spec =
        NetworkSpec.of(new int[] {WIDTH, 3}, Activation.RELU, Loss.SOFTMAX_CROSS_ENTROPY);
    float[] x = TinyTraining.features(ROWS, WIDTH, 13);
    float[] y = TinyTraining.classLabels(x, ROWS, WIDTH, 3);
    SavedModel model =
        TinyTraining.train(spec, x, y, ROWS, FeatureScaling.Mode.NONE, false, 100, 0.001f, 14);
    byte[] onnx = OnnxExport.toBytes(model);
    assertEquals(List.of("Gemm", "Softmax"), ProtoReader.opTypes(onnx));
    assertMatches("linear softmax", model, onnx, x, ROWS);
    assertMatches("linear softmax", model, onnx, java.util.Arrays.copyOf(x, WIDTH), 1);
  }

  @Test
  void writeStreamsTheSameBytesAsToBytesAndCarriesTheProvenance() throws IOException {
    NetworkSpec spec =
        NetworkSpec.of(new int[] {3, 4, 2}, Activation.TANH, Loss.SOFTMAX_CROSS_ENTROPY);
    SavedModel model =
        new SavedModel(
            spec,
            Initializer.initialParameters(spec, 1),
            new float[0],
            FeatureScaling.none(3),
            FeatureScaling.none(1),
            Map.of("descent.version", "9.9", "data.train", "data/iris.csv"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OnnxExport.write(model, out);
    byte[] bytes = OnnxExport.toBytes(model);
    assertTrue(java.util.Arrays.equals(bytes, out.toByteArray()));
    assertEquals(
        OnnxExport.IR_VERSION, ProtoReader.all(bytes, OnnxFields.Model.IR_VERSION).get(0).value());
    assertEquals("9.9", ProtoReader.all(bytes, OnnxFields.Model.PRODUCER_VERSION).get(0).text());
    byte[] opset = ProtoReader.all(bytes, OnnxFields.Model.OPSET_IMPORT).get(0).bytes();
    assertEquals(
        OnnxExport.OPSET, ProtoReader.all(opset, OnnxFields.OperatorSetId.VERSION).get(0).value());
    List<String> keys =
        ProtoReader.all(bytes, OnnxFields.Model.METADATA_PROPS).stream()
            .map(f -> ProtoReader.all(f.bytes(), OnnxFields.StringStringEntry.KEY).get(0).text())
            .toList();
    assertEquals(List.of("data.train", "descent.head", "descent.network", "descent.version"), keys);
  }

  @Test
  void tiedAutoencoderReusesOneInitializerTransposedInTheDecoder() throws OrtException {
    NetworkSpec spec =
        NetworkSpec.of(new int[] {WIDTH, 3, WIDTH}, Activation.TANH, Loss.MEAN_SQUARED_ERROR)
            .withTies(List.of(new Tie(1, 0, Tie.Mode.TRANSPOSE)));
    float[] x = TinyTraining.features(ROWS, WIDTH, 15);
    SavedModel model =
        TinyTraining.train(
            spec, x, x, ROWS, FeatureScaling.Mode.STANDARDIZE, false, 300, 0.02f, 16);
    byte[] onnx = OnnxExport.toBytes(model);
    assertEquals(List.of("Sub", "Mul", "Gemm", "Tanh", "Gemm"), ProtoReader.opTypes(onnx));
    List<String> weights =
        ProtoReader.initializerNames(onnx).stream().filter(n -> n.endsWith(".weight")).toList();
    assertEquals(List.of("shared0.weight"), weights, "one matrix for encoder and decoder");
    assertEquals(List.of(0L, 1L), ProtoReader.intAttributes(onnx, "transB"));
    assertMatches("tied autoencoder", model, onnx, x, ROWS);
  }

  @Test
  void sharedMatrixWithBatchNormAfterItsUsesStaysOneInitializer() throws OrtException {
    // Layers 2 and 3 (8 → 8) share one matrix; batch norm after both cannot be folded into it.
    NetworkSpec spec =
        new NetworkSpec(
            WIDTH,
            List.of(
                HiddenLayerSpec.of(8, Activation.RELU),
                HiddenLayerSpec.of(8, Activation.TANH).withBatchNorm(true),
                HiddenLayerSpec.of(8, Activation.ELU).withBatchNorm(true)),
            3,
            Loss.SOFTMAX_CROSS_ENTROPY,
            List.of(new Tie(2, 1, Tie.Mode.SAME)));
    float[] x = TinyTraining.features(ROWS, WIDTH, 17);
    float[] y = TinyTraining.classLabels(x, ROWS, WIDTH, 3);
    SavedModel model =
        TinyTraining.train(spec, x, y, ROWS, FeatureScaling.Mode.MINMAX, false, 400, 0.1f, 18);
    assertBatchNormIsNotTheIdentity(model);
    byte[] onnx = OnnxExport.toBytes(model);
    List<String> weights =
        ProtoReader.initializerNames(onnx).stream().filter(n -> n.endsWith(".weight")).toList();
    assertEquals(List.of("dense0.weight", "shared1.weight", "dense3.weight"), weights);
    assertFalse(ProtoReader.opTypes(onnx).contains("BatchNormalization"));
    assertMatches("shared matrix with batch norm", model, onnx, x, ROWS);
  }

  @Test
  void aModelBeyondTheTwoGigabyteProtobufLimitIsRefusedWithTheReason() {
    OnnxExport.checkFitsInOneFile(OnnxExport.MAX_PARAMETERS);
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> OnnxExport.checkFitsInOneFile(OnnxExport.MAX_PARAMETERS + 1));
    assertTrue(e.getMessage().contains("at most 2 GB"), e.getMessage());
  }

  private static void assertMatches(String what, SavedModel model, byte[] onnx, float[] x, int rows)
      throws OrtException {
    Map<String, Double> diffs = OnnxParity.differences(model, onnx, x, rows);
    StringBuilder line = new StringBuilder();
    diffs.forEach((name, d) -> line.append(String.format(" %s %.3g", name, d)));
    System.out.printf("ONNX export, %s, %d rows: max |ORT − Descent|:%s%n", what, rows, line);
    diffs.forEach(
        (name, d) -> assertTrue(d <= TOLERANCE, what + ": " + name + " differs by up to " + d));
  }

  /** Training moved every batch-norm layer away from its initial identity state. */
  private static void assertBatchNormIsNotTheIdentity(SavedModel m) {
    ParameterLayout layout = ParameterLayout.of(m.spec());
    float[] p = m.parameters();
    float[] s = m.layerState();
    for (int l = 0; l < layout.denseLayerCount(); l++) {
      ParameterLayout.BatchNorm bn = layout.batchNorm(l);
      if (bn == null) {
        continue;
      }
      double gamma = 0;
      double beta = 0;
      double mean = 0;
      double var = 0;
      for (int j = 0; j < bn.width(); j++) {
        gamma = Math.max(gamma, Math.abs(p[bn.gammaOffset() + j] - 1));
        beta = Math.max(beta, Math.abs(p[bn.betaOffset() + j]));
        mean = Math.max(mean, Math.abs(s[bn.runningMeanOffset() + j]));
        var = Math.max(var, Math.abs(s[bn.runningVarOffset() + j] - 1));
      }
      String where = "batch norm after dense layer " + l;
      assertTrue(gamma > 0.02, where + ": gamma stayed ≈ 1 (max |γ−1| " + gamma + ")");
      assertTrue(beta > 0.02, where + ": beta stayed ≈ 0 (max |β| " + beta + ")");
      assertTrue(mean > 0.1, where + ": running mean stayed ≈ 0 (" + mean + ")");
      assertTrue(var > 0.1, where + ": running variance stayed ≈ 1 (" + var + ")");
    }
  }
}
