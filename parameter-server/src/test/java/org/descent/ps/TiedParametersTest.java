package org.descent.ps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.descent.nn.Activation;
import org.descent.nn.Loss;
import org.descent.nn.NetworkSpec;
import org.descent.nn.ParameterLayout;
import org.descent.nn.Tie;
import org.junit.jupiter.api.Test;

/**
 * The parameter server on a tied net: it sees the owned parameters only, so a penalty counts a
 * shared matrix once, a constraint projects it once, the optimiser keeps one state per owned entry,
 * and a snapshot records the tied layout.
 */
class TiedParametersTest {
  /** The tied autoencoder 6 → 3 → 6 (decoder = encoderᵀ): W0 [6,3], b0, b1 — 27 parameters. */
  private static final NetworkSpec TIED =
      NetworkSpec.of(new int[] {6, 3, 6}, Activation.TANH, Loss.MEAN_SQUARED_ERROR)
          .withTies(List.of(new Tie(1, 0, Tie.Mode.TRANSPOSE)));

  private static final ParameterLayout LAYOUT = ParameterLayout.of(TIED);

  private static ParameterServer server(Map<String, String> conf, float[] w) {
    return new ParameterServer(LAYOUT, w.clone(), UpdateConfig.fromMap(conf));
  }

  private static double sumOfSquaresOfTheOwnedMatrix(float[] w) {
    double s = 0;
    for (int i = 0; i < 18; i++) {
      s += (double) w[i] * w[i];
    }
    return s;
  }

  @Test
  void layoutHoldsTheEncoderOnceAndBothBiases() {
    assertEquals(6 * 3 + 3 + 6, LAYOUT.size());
    assertEquals(6 * 3 + 3 + 3 * 6 + 6, LAYOUT.untiedSize());
  }

  @Test
  void penaltyCountsTheSharedMatrixOnce() {
    float[] w = SmallNetworks.gaussian(new Random(1), LAYOUT.size(), 1);
    ParameterServer ps =
        server(
            Map.of("optimizer.name", "sgd", "optimizer.lr", "0.1", "regularization.l2", "0.5"), w);
    assertEquals(
        0.5 * sumOfSquaresOfTheOwnedMatrix(w),
        ps.config().regularization().asPenalty().value(ps.weights(), ps.layout()),
        1e-9);
    // One SGD step on a zero data gradient: W ← W − lr·2λW for each owned weight, once.
    ps.apply(new float[LAYOUT.size()], 1);
    for (int i = 0; i < 18; i++) {
      assertEquals(w[i] * (1 - 0.1f * 2 * 0.5f), ps.weights()[i], 1e-6f, "weight " + i);
    }
    for (int i = 18; i < LAYOUT.size(); i++) {
      assertEquals(w[i], ps.weights()[i], "bias " + i + " is not penalised");
    }
  }

  @Test
  void optimiserKeepsOneStatePerOwnedParameter() {
    float[] w = SmallNetworks.gaussian(new Random(2), LAYOUT.size(), 1);
    ParameterServer ps = server(Map.of("optimizer.name", "adam", "optimizer.lr", "0.01"), w);
    float[] g = SmallNetworks.gaussian(new Random(3), LAYOUT.size(), 1);
    ps.apply(g, 1);
    for (String name : ps.optimizer().stateNames()) {
      assertEquals(LAYOUT.size(), ps.optimizerState().buffer(name).length, name);
    }
    // Adam's first moment after step 1 is (1 − β1)·g for every owned entry.
    float[] m = ps.optimizerState().buffer("exp_avg");
    for (int i = 0; i < m.length; i++) {
      assertEquals(0.1f * g[i], m[i], 1e-6f, "exp_avg " + i);
    }
  }

  @Test
  void maxNormProjectsTheOwnedMatrixOnce() {
    float[] w = SmallNetworks.gaussian(new Random(4), LAYOUT.size(), 3);
    ParameterServer ps =
        server(
            Map.of("optimizer.name", "sgd", "optimizer.lr", "0.1", "constraint.maxNorm", "1"), w);
    ps.apply(new float[LAYOUT.size()], 1);
    float[] once = w.clone();
    new WeightConstraints(false, 1).apply(once, LAYOUT);
    assertArrayEquals(once, ps.weights());
  }

  @Test
  void nonNegativityClipsTheOwnedMatrixAndLeavesTheBiases() {
    float[] w = SmallNetworks.gaussian(new Random(7), LAYOUT.size(), 1);
    float[] p = w.clone();
    new WeightConstraints(true, 0).apply(p, LAYOUT);
    for (int i = 0; i < LAYOUT.size(); i++) {
      assertEquals(i < 18 ? Math.max(0f, w[i]) : w[i], p[i], "index " + i);
    }
  }

  @Test
  void snapshotRecordsTheTiedLayoutAndAnUntiedNetRefusesIt() {
    float[] w = SmallNetworks.gaussian(new Random(5), LAYOUT.size(), 1);
    ParameterServer ps = server(Map.of("optimizer.name", "adam", "optimizer.lr", "0.01"), w);
    ps.apply(SmallNetworks.gaussian(new Random(6), LAYOUT.size(), 1), 1);
    byte[] snapshot = ps.snapshot();
    ParameterServer back = ParameterServer.restore(snapshot, LAYOUT);
    assertArrayEquals(ps.weights(), back.weights());
    assertArrayEquals(
        ps.optimizerState().buffer("exp_avg_sq"), back.optimizerState().buffer("exp_avg_sq"));
    ParameterLayout untied = ParameterLayout.of(TIED.withTies(List.of()));
    assertThrows(RuntimeException.class, () -> ParameterServer.restore(snapshot, untied));
  }
}
