package org.descent.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The network's analytic gradient (of the loss sum) against central differences of its own float32
 * loss, for every activation × head, for dropout with a fixed mask (same seed), and for batch norm
 * in training mode (gradient through the batch statistics). Tolerance: relative error ≤ 2e-2 with
 * an absolute floor of 1e-2 at h = 1e-2 (GradientCheck's float32 settings): a smaller step drowns
 * in the float32 rounding of the activations (≈ 6e-8·loss/h), and the fixed seeds keep every
 * pre-activation and hinge margin farther than h from its kink. Tied nets ({@link Tie}) are checked
 * the same way: perturbing one owned weight moves every layer that uses it, so the finite
 * difference is the sum over the uses the network must produce.
 */
class NetworkGradientCheckTest {
  private static final double H = 1e-2;
  private static final double TOLERANCE = 2e-2;

  @TestFactory
  List<DynamicTest> everyActivationAndHeadMatchesFiniteDifferences() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Activation a : Activation.values()) {
      for (Loss loss : Loss.values()) {
        tests.add(
            DynamicTest.dynamicTest(
                a.configName() + " + " + loss.configName(),
                () -> {
                  int out = loss == Loss.BINARY_SIGMOID_CROSS_ENTROPY ? 1 : 3;
                  NetworkSpec spec = NetworkSpec.of(new int[] {4, 6, 5, out}, a, loss);
                  assertGradientMatches(spec, 7, 11L);
                }));
      }
    }
    return tests;
  }

  @Test
  void dropoutWithAFixedMaskHasTheExactGradient() {
    NetworkSpec spec =
        new NetworkSpec(
            4,
            List.of(
                HiddenLayerSpec.of(6, Activation.TANH).withDropout(0.3f),
                HiddenLayerSpec.of(5, Activation.SIGMOID).withDropout(0.5f)),
            3,
            Loss.SOFTMAX_CROSS_ENTROPY);
    assertGradientMatches(spec, 8, 5L);
  }

  @Test
  void batchNormInTrainingModeHasTheExactGradient() {
    NetworkSpec spec =
        new NetworkSpec(
            4,
            List.of(
                HiddenLayerSpec.of(6, Activation.TANH).withBatchNorm(true),
                HiddenLayerSpec.of(5, Activation.ELU).withBatchNorm(true).withDropout(0.2f)),
            2,
            Loss.MEAN_SQUARED_ERROR);
    assertGradientMatches(spec, 9, 3L);
  }

  @Test
  void leakySlopeIsConfigurable() {
    NetworkSpec spec =
        new NetworkSpec(
            3,
            List.of(HiddenLayerSpec.of(5, Activation.LEAKY_RELU).withActivationParam(0.2f)),
            2,
            Loss.MULTICLASS_HINGE);
    // Piecewise-linear throughout: the seed puts no pre-activation or margin within h of a kink
    // (seed 9 does, and central differences across a kink are not a derivative).
    assertGradientMatches(spec, 6, 10L);
  }

  @Test
  void tiedAutoencoderHasTheSumOfBothUsesAsGradient() {
    NetworkSpec spec =
        NetworkSpec.of(new int[] {6, 3, 6}, Activation.TANH, Loss.MEAN_SQUARED_ERROR)
            .withTies(List.of(new Tie(1, 0, Tie.Mode.TRANSPOSE)));
    assertGradientMatches(spec, 7, 21L);
  }

  @Test
  void sharedSquareMatrixUsedTwiceAsItIs() {
    NetworkSpec spec =
        NetworkSpec.of(new int[] {4, 5, 5, 5, 5, 3}, Activation.SIGMOID, Loss.SOFTMAX_CROSS_ENTROPY)
            .withTies(List.of(new Tie(2, 1, Tie.Mode.SAME), new Tie(3, 1, Tie.Mode.TRANSPOSE)));
    assertGradientMatches(spec, 6, 4L);
  }

  @Test
  void aLayerMayBorrowFromALaterLayerWithBatchNormAndDropoutAround() {
    // Layer 1 (4 → 6) uses layer 2's 6×4 matrix transposed: backward meets the owner first.
    NetworkSpec spec =
        new NetworkSpec(
                4,
                List.of(
                    HiddenLayerSpec.of(6, Activation.TANH).withBatchNorm(true).withDropout(0.2f)),
                4,
                Loss.MEAN_SQUARED_ERROR)
            .withTies(List.of(new Tie(0, 1, Tie.Mode.TRANSPOSE)));
    assertGradientMatches(spec, 8, 12L);
  }

  @Test
  void accumulatingATiedGradientAddsToTheBuffer() {
    NetworkSpec spec =
        NetworkSpec.of(new int[] {5, 3, 5}, Activation.ELU, Loss.MEAN_SQUARED_ERROR)
            .withTies(List.of(new Tie(1, 0, Tie.Mode.TRANSPOSE)));
    Network net = new Network(spec);
    SplittableRandom rng = new SplittableRandom(2);
    float[] params = Initializer.initialParameters(spec, 2);
    float[] x = new float[4 * 5];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextGaussian();
    }
    Workspace ws = net.workspace(4);
    float[] fresh = new float[params.length];
    net.gradient(params, Minibatch.of(x, 0, 4).targets(x, 0), ws, fresh, 1L, false);
    float[] acc = new float[params.length];
    java.util.Arrays.fill(acc, 0.5f);
    net.gradient(params, Minibatch.of(x, 0, 4).targets(x, 0), ws, acc, 1L, true);
    for (int i = 0; i < acc.length; i++) {
      org.junit.jupiter.api.Assertions.assertEquals(fresh[i] + 0.5f, acc[i], 1e-5f, "index " + i);
    }
  }

  private static void assertGradientMatches(NetworkSpec spec, int rows, long seed) {
    Network net = new Network(spec);
    SplittableRandom rng = new SplittableRandom(seed);
    float[] params = Initializer.initialParameters(spec, seed);
    // Non-trivial biases and batch-norm γ/β so every path carries gradient.
    for (int i = 0; i < params.length; i++) {
      if (params[i] == 0f || params[i] == 1f) {
        params[i] += (float) (rng.nextDouble() - 0.5);
      }
    }
    float[] x = new float[rows * spec.inputWidth()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextGaussian();
    }
    float[] t = targets(spec, rows, rng);
    Workspace ws = net.workspace(rows);
    float[] grad = new float[params.length];
    net.gradient(params, Minibatch.of(x, 0, rows).targets(t, 0), ws, grad, 77L, false);
    float[] scratch = new float[params.length];
    GradientCheck.Result r =
        GradientCheck.check(
            p -> net.gradient(p, Minibatch.of(x, 0, rows).targets(t, 0), ws, scratch, 77L, false),
            params,
            grad,
            H);
    assertTrue(r.passes(TOLERANCE), () -> spec + ": " + r);
  }

  private static float[] targets(NetworkSpec spec, int rows, SplittableRandom rng) {
    Loss loss = spec.loss();
    int out = spec.outputWidth();
    float[] t = new float[rows * loss.targetWidth(out)];
    for (int i = 0; i < t.length; i++) {
      t[i] =
          switch (loss) {
            case SOFTMAX_CROSS_ENTROPY, MULTICLASS_HINGE -> rng.nextInt(out);
            case BINARY_SIGMOID_CROSS_ENTROPY -> rng.nextInt(2);
            case MEAN_SQUARED_ERROR -> (float) rng.nextGaussian();
          };
    }
    return t;
  }
}
