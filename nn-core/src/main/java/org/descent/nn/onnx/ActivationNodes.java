package org.descent.nn.onnx;

import java.util.List;
import org.descent.nn.Activation;

/**
 * Each {@link Activation} as standard ONNX operators of opset {@value OnnxExport#OPSET}, computing
 * what {@link Activation#forward} computes. GELU has no operator before opset 20, so it is written
 * out as its definition x·½·(1 + erf(x/√2)); ELU's alpha and softplus's beta are 1 as in Descent.
 */
final class ActivationNodes {
  private static final float INV_SQRT2 = (float) (1.0 / Math.sqrt(2.0));

  private ActivationNodes() {}

  /**
   * Adds the nodes of {@code activation} (with Descent's {@code param}: the leaky ReLU slope) from
   * {@code input}; returns the name of the activated value, which is {@code input} itself for the
   * identity.
   */
  static String emit(
      OnnxGraphBuilder g, Activation activation, float param, String input, String output) {
    return switch (activation) {
      case SIGMOID -> g.node("Sigmoid", List.of(input), output);
      case TANH -> g.node("Tanh", List.of(input), output);
      case RELU -> g.node("Relu", List.of(input), output);
      case LEAKY_RELU ->
          g.node(
              "LeakyRelu", List.of(input), output, OnnxGraphBuilder.floatAttribute("alpha", param));
      case ELU ->
          g.node("Elu", List.of(input), output, OnnxGraphBuilder.floatAttribute("alpha", 1f));
      case SOFTPLUS -> g.node("Softplus", List.of(input), output);
      case GELU -> gelu(g, input, output);
      case IDENTITY -> input;
    };
  }

  private static String gelu(OnnxGraphBuilder g, String x, String output) {
    String scaled =
        g.node(
            "Mul",
            List.of(x, g.scalar(output + ".inv_sqrt2", INV_SQRT2)),
            output + ".x_over_sqrt2");
    String erf = g.node("Erf", List.of(scaled), output + ".erf");
    String onePlus =
        g.node("Add", List.of(erf, g.scalar(output + ".one", 1f)), output + ".one_plus_erf");
    String times = g.node("Mul", List.of(x, onePlus), output + ".x_times");
    return g.node("Mul", List.of(times, g.scalar(output + ".half", 0.5f)), output);
  }
}
