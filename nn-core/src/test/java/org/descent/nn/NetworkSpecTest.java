package org.descent.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The spec is validated with clear errors and travels to executors intact. */
class NetworkSpecTest {

  @Test
  void zeroWidthIsRefusedNamingTheLayer() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> NetworkSpec.of(new int[] {3, 0, 2}, Activation.RELU, Loss.SOFTMAX_CROSS_ENTROPY));
    assertTrue(e.getMessage().contains("layer 1 has width 0"), e.getMessage());
  }

  @Test
  void unknownActivationSuggestsTheNearestName() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Activation.parse("rleu"));
    assertTrue(e.getMessage().contains("did you mean 'relu'"), e.getMessage());
    assertEquals(Activation.LEAKY_RELU, Activation.parse(" Leaky_ReLU "));
  }

  @Test
  void headAndOutputWidthMustAgree() {
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    NetworkSpec.of(
                        new int[] {3, 2}, Activation.RELU, Loss.BINARY_SIGMOID_CROSS_ENTROPY))
            .getMessage()
            .contains("width 1"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> NetworkSpec.of(new int[] {3, 1}, Activation.RELU, Loss.SOFTMAX_CROSS_ENTROPY))
            .getMessage()
            .contains("at least 2 classes"));
  }

  @Test
  void dropoutOutsideZeroToOneIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> HiddenLayerSpec.of(3, Activation.RELU).withDropout(1f));
  }

  @Test
  void specSurvivesJavaSerializationForSparkClosures() throws Exception {
    NetworkSpec spec =
        new NetworkSpec(
            4,
            List.of(HiddenLayerSpec.of(8, Activation.GELU).withBatchNorm(true).withDropout(0.1f)),
            3,
            Loss.MULTICLASS_HINGE);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(spec);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertEquals(spec, in.readObject());
    }
  }

  @Test
  void layoutPutsEachLayersWeightsBiasesAndBatchNormInOrder() {
    NetworkSpec spec =
        new NetworkSpec(
            3,
            List.of(HiddenLayerSpec.of(4, Activation.RELU).withBatchNorm(true)),
            2,
            Loss.SOFTMAX_CROSS_ENTROPY);
    ParameterLayout layout = ParameterLayout.of(spec);
    assertEquals(3 * 4 + 4 + 4 + 4 + 4 * 2 + 2, layout.size());
    assertEquals(0, layout.dense(0).weightOffset());
    assertEquals(12, layout.dense(0).biasOffset());
    assertEquals(16, layout.batchNorm(0).gammaOffset());
    assertEquals(20, layout.batchNorm(0).betaOffset());
    assertEquals(24, layout.dense(1).weightOffset());
    assertEquals(8, layout.stateSize());
    assertEquals(ParameterLayout.Kind.BN_BETA, layout.segmentOf(21).kind());
  }

  @Test
  void summaryTableListsLayersAndTheTotal() {
    String table =
        NetworkSummary.of(
                NetworkSpec.of(new int[] {3, 4, 4, 1}, Activation.RELU, Loss.MEAN_SQUARED_ERROR))
            .format();
    assertTrue(table.contains("dense 1 (relu)"), table);
    assertTrue(table.matches("(?s).*total\\s+41\\s*"), table);
  }
}
