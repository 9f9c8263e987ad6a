package org.descent.nn.onnx;

import java.util.List;
import org.descent.nn.BatchNormKernel;
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
 *
 * <p>A weight matrix shared by tied layers ({@link org.descent.nn.Tie}) is one initializer, {@code
 * shared<k>.weight} after its owner dense layer k, read by every Gemm that uses it, with {@code
 * transB=1} where the use is transposed. Folding a batch norm into a shared matrix would unshare
 * it, so after such a layer the batch norm is emitted as Sub, Mul, Add (its inference map).
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
    if (isShared(layout, l)) {
      return sharedDense(g, layout, m, l, x, output);
    }
    BatchNormFolding.FoldedDense d =
        BatchNormFolding.fold(layout, m.parameters(), m.layerState(), l);
    String w = g.constant("dense" + l + ".weight", d.weights(), d.in(), d.out());
    String b = g.constant("dense" + l + ".bias", d.bias(), d.out());
    return g.node("Gemm", List.of(x, w, b), output);
  }

  /** Whether another dense layer multiplies by the same matrix as layer {@code l}. */
  private static boolean isShared(ParameterLayout layout, int l) {
    int offset = layout.dense(l).weightOffset();
    for (int k = 0; k < layout.denseLayerCount(); k++) {
      if (k != l && layout.dense(k).weightOffset() == offset) {
        return true;
      }
    }
    return false;
  }

  /**
   * Gemm with the shared initializer of the owner's matrix (transB=1 for a transposed use), then,
   * if batch norm follows, its inference map (z − μ_run)·s + β with s = γ/√(σ²_run + eps).
   */
  private static String sharedDense(
      OnnxGraphBuilder g, ParameterLayout layout, SavedModel m, int l, String x, String output) {
    ParameterLayout.Dense d = layout.dense(l);
    int owner = d.weightOwner();
    ParameterLayout.Dense o = layout.dense(owner);
    float[] p = m.parameters();
    String w = "shared" + owner + ".weight";
    if (!g.defines(w)) {
      float[] weights = new float[o.in() * o.out()];
      System.arraycopy(p, o.weightOffset(), weights, 0, weights.length);
      g.constant(w, weights, o.in(), o.out());
    }
    float[] bias = new float[d.out()];
    System.arraycopy(p, d.biasOffset(), bias, 0, bias.length);
    String b = g.constant("dense" + l + ".bias", bias, d.out());
    ParameterLayout.BatchNorm bn = layout.batchNorm(l);
    String gemmOut = bn == null ? output : "dense" + l + ".z";
    g.node(
        "Gemm",
        List.of(x, w, b),
        gemmOut,
        OnnxGraphBuilder.intAttribute("transB", d.transposed() ? 1 : 0));
    if (bn == null) {
      return output;
    }
    // As BatchNormKernel.forwardInference computes it: (z − μ_run)·s + β.
    float[] state = m.layerState();
    float[] mean = new float[d.out()];
    float[] scale = new float[d.out()];
    float[] beta = new float[d.out()];
    for (int j = 0; j < d.out(); j++) {
      mean[j] = state[bn.runningMeanOffset() + j];
      scale[j] =
          BatchNormKernel.inferenceScale(
              p[bn.gammaOffset() + j], state[bn.runningVarOffset() + j], BatchNormKernel.EPS);
      beta[j] = p[bn.betaOffset() + j];
    }
    String centred =
        g.node(
            "Sub",
            List.of(gemmOut, g.constant("batchnorm" + l + ".mean", mean, d.out())),
            "batchnorm" + l + ".centred");
    String scaled =
        g.node(
            "Mul",
            List.of(centred, g.constant("batchnorm" + l + ".scale", scale, d.out())),
            "batchnorm" + l + ".scaled");
    return g.node(
        "Add", List.of(scaled, g.constant("batchnorm" + l + ".beta", beta, d.out())), output);
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
