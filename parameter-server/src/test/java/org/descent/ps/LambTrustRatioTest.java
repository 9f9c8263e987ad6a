package org.descent.ps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.descent.nn.ParameterLayout;
import org.junit.jupiter.api.Test;

/**
 * LAMB's trust ratio ‖w‖/‖u‖ (You et al. 2019) per parameter tensor: each segment of the layout
 * (weights, biases, batch-norm γ and β) on its own.
 */
class LambTrustRatioTest {
  private static final ParameterLayout LAYOUT = SmallNetworks.withBatchNorm();

  private static double norm(float[] x, ParameterLayout.Segment s) {
    double sum = 0;
    for (int i = s.offset(); i < s.end(); i++) {
      sum += (double) x[i] * x[i];
    }
    return Math.sqrt(sum);
  }

  private static float[] difference(float[] a, float[] b) {
    float[] d = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i] - b[i];
    }
    return d;
  }

  @Test
  void eachTensorMovesByLrTimesItsOwnNorm() {
    // Δp_ℓ = lr·(‖p_ℓ‖/‖u_ℓ‖)·u_ℓ, so ‖Δp_ℓ‖ = lr·‖p_ℓ‖ whatever the gradient's scale.
    Random random = new Random(1);
    Lamb lamb = new Lamb(0.9, 0.999, 1e-6, 0.01, LAYOUT);
    float[] params = SmallNetworks.gaussian(random, LAYOUT.size(), 0.3);
    float[] grads = SmallNetworks.gaussian(random, LAYOUT.size(), 50);
    float[] before = params.clone();
    float lr = 0.02f;
    lamb.update(params, grads, OptimizerState.zeros(lamb, params.length).buffers(), 1, lr);
    float[] step = difference(params, before);
    assertEquals(6, LAYOUT.segments().size());
    for (ParameterLayout.Segment s : LAYOUT.segments()) {
      double expected = lr * norm(before, s);
      assertEquals(expected, norm(step, s), 1e-5 * expected + 1e-12, s.toString());
    }
  }

  @Test
  void aBiasStepDoesNotDependOnItsLayersWeightGradients() {
    Random random = new Random(5);
    float[] params = SmallNetworks.gaussian(random, LAYOUT.size(), 0.5);
    float[] grads = SmallNetworks.gaussian(random, LAYOUT.size(), 1);
    float[] louder = grads.clone();
    ParameterLayout.Segment weights = LAYOUT.segments().get(0);
    ParameterLayout.Segment bias = LAYOUT.segments().get(1);
    assertEquals(ParameterLayout.Kind.BIAS, bias.kind());
    for (int i = weights.offset(); i < weights.end(); i++) {
      louder[i] *= 1000;
    }
    Lamb lamb = new Lamb(0.9, 0.999, 1e-6, 0.01, LAYOUT);
    float[] a = params.clone();
    float[] b = params.clone();
    lamb.update(a, grads, OptimizerState.zeros(lamb, a.length).buffers(), 1, 0.01f);
    lamb.update(b, louder, OptimizerState.zeros(lamb, b.length).buffers(), 1, 0.01f);
    assertArrayEquals(
        Arrays.copyOfRange(a, bias.offset(), bias.end()),
        Arrays.copyOfRange(b, bias.offset(), bias.end()));
  }

  @Test
  void trustRatioIsOneWhenTheLayersWeightsAreZero() {
    // p = 0: at step 1, u = m̂/(√v̂ + eps) = g/(|g| + eps) ≈ sign(g), applied with ratio 1.
    Lamb lamb = new Lamb(0.9, 0.999, 1e-6, 0.01, LAYOUT);
    float[] params = new float[LAYOUT.size()];
    float[] grads = new float[LAYOUT.size()];
    Arrays.fill(grads, -2f);
    lamb.update(params, grads, OptimizerState.zeros(lamb, params.length).buffers(), 1, 0.1f);
    for (float p : params) {
      assertEquals(0.1 * 2 / (2 + 1e-6), p, 1e-7);
    }
  }

  @Test
  void trustRatioIsOneWhenTheUpdateIsZero() {
    Lamb lamb = new Lamb(0.9, 0.999, 1e-6, 0, LAYOUT);
    float[] params = SmallNetworks.gaussian(new Random(2), LAYOUT.size(), 1);
    float[] before = params.clone();
    lamb.update(
        params,
        new float[params.length],
        OptimizerState.zeros(lamb, params.length).buffers(),
        1,
        0.1f);
    assertArrayEquals(before, params, "zero gradient and no decay: nothing moves, no NaN");
  }

  @Test
  void aLayersStepDoesNotDependOnOtherLayersGradients() {
    Random random = new Random(3);
    float[] params = SmallNetworks.gaussian(random, LAYOUT.size(), 0.5);
    float[] grads = SmallNetworks.gaussian(random, LAYOUT.size(), 1);
    float[] louder = grads.clone();
    ParameterLayout.Segment lastWeights = LAYOUT.segments().get(LAYOUT.segments().size() - 2);
    assertEquals(1, lastWeights.layer());
    for (int i = lastWeights.offset(); i < lastWeights.end(); i++) {
      louder[i] *= 100;
    }
    Lamb lamb = new Lamb(0.9, 0.999, 1e-6, 0.01, LAYOUT);
    float[] a = params.clone();
    float[] b = params.clone();
    lamb.update(a, grads, OptimizerState.zeros(lamb, a.length).buffers(), 1, 0.01f);
    lamb.update(b, louder, OptimizerState.zeros(lamb, b.length).buffers(), 1, 0.01f);
    int layer0End = LAYOUT.dense(1).weightOffset();
    assertArrayEquals(Arrays.copyOf(a, layer0End), Arrays.copyOf(b, layer0End));
  }

  @Test
  void withoutALayoutTheWholeVectorIsOneLayer() {
    Random random = new Random(4);
    float[] params = SmallNetworks.gaussian(random, 12, 0.5);
    float[] before = params.clone();
    Lamb lamb = new Lamb(0.9, 0.999, 1e-6, 0.01, null);
    lamb.update(
        params,
        SmallNetworks.gaussian(random, 12, 1),
        OptimizerState.zeros(lamb, 12).buffers(),
        1,
        0.05f);
    double expected = 0.05 * GradientClipping.l2Norm(before);
    assertEquals(expected, GradientClipping.l2Norm(difference(params, before)), 1e-5 * expected);
  }
}
