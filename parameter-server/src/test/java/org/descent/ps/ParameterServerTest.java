package org.descent.ps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.descent.nn.ParameterLayout;
import org.descent.nn.ParameterLayout.Kind;
import org.descent.nn.ParameterLayout.Segment;
import org.junit.jupiter.api.Test;

/** One step: Σgrad/rows → +∂R/∂W → clip → optimiser(lr(t), t) → constraints → step++. */
class ParameterServerTest {
  private static final ParameterLayout LAYOUT = SmallNetworks.withBatchNorm();

  private static UpdateConfig config(String... keyValues) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return UpdateConfig.fromMap(m);
  }

  private static float[] initialWeights() {
    return SmallNetworks.gaussian(new Random(11), LAYOUT.size(), 0.5);
  }

  @Test
  void anExplicitLearningRateReplacesTheScheduleForThatStepOnly() {
    float[] w0 = initialWeights();
    ParameterServer overridden =
        new ParameterServer(LAYOUT, w0, config("optimizer.name", "adam", "optimizer.lr", "0.01"));
    ParameterServer configured =
        new ParameterServer(LAYOUT, w0, config("optimizer.name", "adam", "optimizer.lr", "0.3"));
    float[] sum = SmallNetworks.gaussian(new Random(13), LAYOUT.size(), 4);
    overridden.apply(sum, 4, 0.3);
    configured.apply(sum, 4);
    assertArrayEquals(configured.weights(), overridden.weights());
    assertEquals(1, overridden.step());
    assertEquals(0.01, overridden.config().schedule().lr(overridden.step() + 1), 0);
  }

  @Test
  void applyDividesTheGradientSumByTheRowCount() {
    float[] w0 = initialWeights();
    ParameterServer ps =
        new ParameterServer(LAYOUT, w0, config("optimizer.name", "sgd", "optimizer.lr", "0.5"));
    float[] sum = SmallNetworks.gaussian(new Random(12), LAYOUT.size(), 8);
    ps.apply(sum, 8);
    for (int i = 0; i < w0.length; i++) {
      assertEquals((float) (w0[i] - 0.5f * (sum[i] / 8.0)), ps.weights()[i], "index " + i);
    }
    assertEquals(1, ps.step());
  }

  @Test
  void aSumOverFourRowsStepsAsItsMeanDoesWithATotalOfOne() {
    UpdateConfig c =
        config("optimizer.name", "adam", "regularization.l2", "0.01", "clip.norm", "1");
    ParameterServer fromSum = new ParameterServer(LAYOUT, initialWeights(), c);
    ParameterServer fromMean = new ParameterServer(LAYOUT, initialWeights(), c);
    Random random = new Random(13);
    for (int s = 0; s < 5; s++) {
      float[] sum = SmallNetworks.gaussian(random, LAYOUT.size(), 4);
      float[] mean = new float[sum.length];
      for (int i = 0; i < sum.length; i++) {
        mean[i] = (float) (sum[i] / 4.0);
      }
      fromSum.apply(sum, 4);
      fromMean.apply(mean, 1);
    }
    assertArrayEquals(fromMean.weights(), fromSum.weights());
  }

  @Test
  void aFractionalWeightTotalDividesInDoubleAndAWholeOneAsTheRowCount() {
    UpdateConfig c = config("optimizer.name", "adam");
    ParameterServer byRows = new ParameterServer(LAYOUT, initialWeights(), c);
    ParameterServer byWeight = new ParameterServer(LAYOUT, initialWeights(), c);
    Random random = new Random(14);
    for (int s = 0; s < 3; s++) {
      float[] sum = SmallNetworks.gaussian(random, LAYOUT.size(), 4);
      byRows.apply(sum, 4);
      byWeight.apply(sum, 4.0);
      float[] mean = new float[sum.length];
      for (int i = 0; i < sum.length; i++) {
        mean[i] = (float) (sum[i] / 2.5);
      }
      byWeight.apply(sum, 2.5); // then a fractional total on the same sum
      byRows.apply(mean, 1);
    }
    assertArrayEquals(byRows.weights(), byWeight.weights());
    float[] sum = new float[LAYOUT.size()];
    for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> byWeight.apply(sum, bad));
      assertTrue(e.getMessage().contains("positive, finite total weight"), e.getMessage());
    }
    assertEquals(6, byWeight.step());
  }

  @Test
  void stepRegularisesThenClipsThenOptimisesThenConstrains() {
    double lambda = 0.5;
    double clip = 0.1;
    float lr = 0.3f;
    float[] w0 = initialWeights();
    ParameterServer ps =
        new ParameterServer(
            LAYOUT,
            w0,
            config(
                "optimizer.name", "sgd",
                "optimizer.lr", Float.toString(lr),
                "regularization.l2", Double.toString(lambda),
                "clip.norm", Double.toString(clip),
                "constraint.nonNegative", "true"));
    float[] sum = SmallNetworks.gaussian(new Random(14), LAYOUT.size(), 3);
    ps.apply(sum, 3);

    double[] g = new double[w0.length];
    double squares = 0;
    for (Segment s : LAYOUT.segments()) {
      for (int i = s.offset(); i < s.end(); i++) {
        g[i] = sum[i] / 3.0 + (s.kind() == Kind.WEIGHT ? 2 * lambda * w0[i] : 0);
        squares += g[i] * g[i];
      }
    }
    double scale = Math.min(1, clip / Math.sqrt(squares));
    for (Segment s : LAYOUT.segments()) {
      for (int i = s.offset(); i < s.end(); i++) {
        double w = w0[i] - lr * g[i] * scale;
        double expected = s.kind() == Kind.WEIGHT ? Math.max(0, w) : w;
        assertEquals(expected, ps.weights()[i], 1e-6, s + " index " + i);
      }
    }
  }

  @Test
  void eachStepUsesTheScheduledLearningRateOfItsOneBasedNumber() {
    float[] w0 = new float[LAYOUT.size()];
    ParameterServer ps =
        new ParameterServer(
            LAYOUT,
            w0,
            config(
                "optimizer.name",
                "sgd",
                "optimizer.lr",
                "1",
                "schedule.name",
                "exponential",
                "schedule.gamma",
                "0.5"));
    float[] ones = new float[LAYOUT.size()];
    Arrays.fill(ones, 1f);
    assertEquals(1.0, ps.config().schedule().lr(ps.step() + 1));
    ps.apply(ones, 1); // lr(1) = 1
    assertEquals(-1f, ps.weights()[0]);
    ps.apply(ones, 1); // lr(2) = 0.5
    assertEquals(-1.5f, ps.weights()[0]);
    assertEquals(0.25, ps.config().schedule().lr(ps.step() + 1));
  }

  @Test
  void aNonFiniteGradientIsRefusedNamingStepAndLayerAndChangesNothing() {
    ParameterServer ps = new ParameterServer(LAYOUT, initialWeights(), UpdateConfig.defaults());
    Random random = new Random(15);
    for (int s = 0; s < 3; s++) {
      ps.apply(SmallNetworks.gaussian(random, LAYOUT.size(), 1), 2);
    }
    float[] weights = ps.weights().clone();
    float[] m = ps.optimizerState().buffer("exp_avg").clone();
    float[] v = ps.optimizerState().buffer("exp_avg_sq").clone();

    float[] bad = SmallNetworks.gaussian(random, LAYOUT.size(), 1);
    int biasOfLayer1 = LAYOUT.dense(1).biasOffset() + 1;
    bad[biasOfLayer1] = Float.NaN;
    NonFiniteGradientException e =
        assertThrows(NonFiniteGradientException.class, () -> ps.apply(bad, 2));

    assertEquals(4, e.step());
    assertEquals(1, e.layer());
    assertEquals(Kind.BIAS, e.kind());
    assertTrue(e.getMessage().contains("step 4"), e.getMessage());
    assertTrue(e.getMessage().contains("layer 1 BIAS"), e.getMessage());
    assertEquals(3, ps.step());
    assertArrayEquals(weights, ps.weights());
    assertArrayEquals(m, ps.optimizerState().buffer("exp_avg"));
    assertArrayEquals(v, ps.optimizerState().buffer("exp_avg_sq"));
  }

  @Test
  void anInfiniteWeightGradientIsRefusedWithItsRowAndColumn() {
    ParameterServer ps = new ParameterServer(LAYOUT, initialWeights(), UpdateConfig.defaults());
    float[] bad = new float[LAYOUT.size()];
    Segment w0 = LAYOUT.segments().get(0);
    bad[w0.offset() + 2 * w0.cols() + 1] = Float.NEGATIVE_INFINITY;
    NonFiniteGradientException e =
        assertThrows(NonFiniteGradientException.class, () -> ps.apply(bad, 1));
    assertEquals(1, e.step());
    assertEquals(0, e.layer());
    assertEquals(Kind.WEIGHT, e.kind());
    assertTrue(e.getMessage().contains("row 2, column 1"), e.getMessage());
    assertEquals(0, ps.step());
  }

  @Test
  void layerStateIsKeptAndReplacedButNotInterpreted() {
    ParameterServer ps = new ParameterServer(LAYOUT, initialWeights(), UpdateConfig.defaults());
    assertEquals(LAYOUT.stateSize(), ps.layerState().length);
    float[] state = SmallNetworks.gaussian(new Random(16), LAYOUT.stateSize(), 1);
    ps.setLayerState(state);
    assertArrayEquals(state, ps.layerState());
    ps.apply(new float[LAYOUT.size()], 1);
    assertArrayEquals(state, ps.layerState());
    assertThrows(IllegalArgumentException.class, () -> ps.setLayerState(new float[3]));
  }

  @Test
  void initialWeightsAreCopiedAndCheckedAgainstTheLayout() {
    float[] w0 = initialWeights();
    ParameterServer ps = new ParameterServer(LAYOUT, w0, UpdateConfig.defaults());
    w0[0] = 42;
    assertTrue(ps.weights()[0] != 42);
    assertThrows(
        IllegalArgumentException.class,
        () -> new ParameterServer(LAYOUT, new float[5], UpdateConfig.defaults()));
  }

  @Test
  void aGradientOfTheWrongLengthOrANonPositiveRowCountIsRefused() {
    ParameterServer ps = new ParameterServer(LAYOUT, initialWeights(), UpdateConfig.defaults());
    assertThrows(IllegalArgumentException.class, () -> ps.apply(new float[3], 1));
    assertThrows(IllegalArgumentException.class, () -> ps.apply(new float[LAYOUT.size()], 0));
    assertEquals(0, ps.step());
  }
}
