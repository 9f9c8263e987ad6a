package org.descent.nn.onnx;

import org.descent.nn.BatchNormKernel;
import org.descent.nn.ParameterLayout;

/**
 * Folds an inference-mode batch norm into the dense layer before it. Batch norm at inference is the
 * per-unit affine map y = (z − μ_run)·s + β with s = γ/√(σ²_run + eps) ({@link BatchNormKernel}'s
 * inference path, same eps, same float rounding of s), and z = x·W + b is affine too, so
 *
 * <pre>
 *   y = x·(W·diag(s)) + ((b − μ_run)·s + β)
 * </pre>
 *
 * is one dense layer with weights W'_ij = W_ij·s_j and bias b'_j = (b_j − μ_run,j)·s_j + β_j. It
 * differs from the two-step computation only by float rounding.
 */
public final class BatchNormFolding {
  private BatchNormFolding() {}

  /**
   * One dense layer's weights (row-major {@code [in, out]}, as {@link ParameterLayout}) and bias.
   */
  public record FoldedDense(int in, int out, float[] weights, float[] bias) {}

  /**
   * Dense layer {@code layer} of {@code params}, with the batch norm that follows it (if any)
   * folded in using the running statistics in {@code state}; without batch norm, a copy of the
   * layer's weights and bias. A tied layer gets a copy of the matrix it multiplies by (the owner's,
   * transposed for a transposed use), so the result is always the layer's own {@code [in, out]}.
   */
  public static FoldedDense fold(ParameterLayout layout, float[] params, float[] state, int layer) {
    ParameterLayout.Dense d = layout.dense(layer);
    int in = d.in();
    int out = d.out();
    float[] weights = new float[in * out];
    float[] bias = new float[out];
    if (d.transposed()) {
      for (int i = 0; i < in; i++) {
        for (int j = 0; j < out; j++) {
          weights[i * out + j] = params[d.weightOffset() + j * in + i]; // owner is [out, in]
        }
      }
    } else {
      System.arraycopy(params, d.weightOffset(), weights, 0, weights.length);
    }
    System.arraycopy(params, d.biasOffset(), bias, 0, out);
    ParameterLayout.BatchNorm bn = layout.batchNorm(layer);
    if (bn == null) {
      return new FoldedDense(in, out, weights, bias);
    }
    float[] scale = new float[out];
    for (int j = 0; j < out; j++) {
      scale[j] =
          BatchNormKernel.inferenceScale(
              params[bn.gammaOffset() + j], state[bn.runningVarOffset() + j], BatchNormKernel.EPS);
      double mean = state[bn.runningMeanOffset() + j];
      bias[j] = (float) ((bias[j] - mean) * scale[j] + params[bn.betaOffset() + j]);
    }
    for (int i = 0; i < in; i++) {
      for (int j = 0; j < out; j++) {
        weights[i * out + j] *= scale[j];
      }
    }
    return new FoldedDense(in, out, weights, bias);
  }
}
