package org.descent.nn.onnx;

import java.util.List;
import org.descent.nn.FeatureScaling;
import org.descent.nn.HiddenLayerSpec;
import org.descent.nn.Loss;
import org.descent.nn.NetworkSpec;
import org.descent.nn.ParameterLayout;
import org.descent.nn.model.SavedModel;

/**
 * The inference graph of a saved model, node by node as {@code Network.predict} computes it:
 * feature scaling, then per dense layer a Gemm (batch norm folded in, see {@link BatchNormFolding})
 * and the activation, then the head. Dropout is the identity at inference and is not emitted. The
 * graph's inputs and outputs are documented on {@link OnnxExport}.
 */
final class NetworkGraph {
  private static final String FEATURES = OnnxExport.FEATURES;
  private static final String PROBABILITIES = OnnxExport.PROBABILITIES;
  private static final String PROBABILITY = OnnxExport.PROBABILITY;
  private static final String LOGITS = OnnxExport.LOGITS;
  private static final String SCORES = OnnxExport.SCORES;
  private static final String PREDICTIONS = OnnxExport.PREDICTIONS;

  private NetworkGraph() {}

  static OnnxGraphBuilder of(SavedModel model) {
    NetworkSpec spec = model.spec();
    ParameterLayout layout = ParameterLayout.of(spec);
    OnnxGraphBuilder g = new OnnxGraphBuilder();
    String x =
        g.input(
            FEATURES,
            spec.inputWidth(),
            "raw features, one row per example, before the model's own feature scaling");
    x = scaleFeatures(g, model.featureScaling(), x);
    int last = layout.denseLayerCount() - 1;
    for (int l = 0; l < last; l++) {
      HiddenLayerSpec h = spec.hidden().get(l);
      String z = dense(g, layout, model, l, x, "dense" + l);
      x = ActivationNodes.emit(g, h.activation(), h.activationParam(), z, "hidden" + l);
    }
    head(g, layout, model, x);
    return g;
  }

  /** (x − shift)·factor per column, as {@link FeatureScaling#apply}; nothing for mode none. */
  private static String scaleFeatures(OnnxGraphBuilder g, FeatureScaling s, String x) {
    if (s.mode() == FeatureScaling.Mode.NONE) {
      return x;
    }
    long w = s.width();
    String centred =
        g.node(
            "Sub",
            List.of(x, g.constant("feature_scaling.shift", s.shift(), w)),
            "centred_features");
    return g.node(
        "Mul",
        List.of(centred, g.constant("feature_scaling.factor", s.factor(), w)),
        "scaled_features");
  }

  /** Gemm: x·W' + b' with W' [in, out] row-major and b' broadcast over the rows. */
  private static String dense(
      OnnxGraphBuilder g, ParameterLayout layout, SavedModel m, int l, String x, String output) {
    BatchNormFolding.FoldedDense d =
        BatchNormFolding.fold(layout, m.parameters(), m.layerState(), l);
    String w = g.constant("dense" + l + ".weight", d.weights(), d.in(), d.out());
    String b = g.constant("dense" + l + ".bias", d.bias(), d.out());
    return g.node("Gemm", List.of(x, w, b), output);
  }

  private static void head(OnnxGraphBuilder g, ParameterLayout layout, SavedModel m, String x) {
    NetworkSpec spec = m.spec();
    int l = layout.denseLayerCount() - 1;
    int width = spec.outputWidth();
    Loss loss = spec.loss();
    switch (loss) {
      case SOFTMAX_CROSS_ENTROPY -> {
        String logits = dense(g, layout, m, l, x, LOGITS);
        g.node("Softmax", List.of(logits), PROBABILITIES, OnnxGraphBuilder.intAttribute("axis", 1));
        g.output(PROBABILITIES, width, "class probabilities (softmax of logits), rows sum to 1");
        g.output(LOGITS, width, "the output layer's linear scores, one per class");
      }
      case BINARY_SIGMOID_CROSS_ENTROPY -> {
        String logits = dense(g, layout, m, l, x, LOGITS);
        g.node("Sigmoid", List.of(logits), PROBABILITY);
        g.output(PROBABILITY, 1, "probability of class 1, σ(logit); class 0 has 1 − p");
        g.output(LOGITS, 1, "the output layer's linear score s; class 1 when s ≥ 0");
      }
      case MULTICLASS_HINGE -> {
        dense(g, layout, m, l, x, SCORES);
        g.output(SCORES, width, "raw class scores of the hinge head; the class is their argmax");
      }
      case MEAN_SQUARED_ERROR -> {
        FeatureScaling t = m.targetScaling();
        if (t.mode() == FeatureScaling.Mode.NONE) {
          dense(g, layout, m, l, x, PREDICTIONS);
        } else {
          // The network predicts scaled targets; invert as FeatureScaling.invert: x/factor + shift.
          String scaled = dense(g, layout, m, l, x, "scaled_predictions");
          String divided =
              g.node(
                  "Div",
                  List.of(scaled, g.constant("target_scaling.factor", t.factor(), width)),
                  "unscaled_predictions");
          g.node(
              "Add",
              List.of(divided, g.constant("target_scaling.shift", t.shift(), width)),
              PREDICTIONS);
        }
        g.output(PREDICTIONS, width, "predicted values in the target's own units");
      }
    }
  }
}
