package org.descent.ps.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.descent.nn.Activation;
import org.descent.nn.Initializer;
import org.descent.nn.Loss;
import org.descent.nn.NetworkSpec;
import org.descent.nn.ParameterLayout;
import org.descent.ps.FlatConfig;
import org.descent.ps.InvalidConfigException;
import org.descent.ps.ParameterServer;
import org.descent.ps.UpdateConfig;
import org.junit.jupiter.api.Test;

/** train.earlyStopMetric and train.earlyStopTol: which epoch is best and when a run gives up. */
class EarlyStopMetricTest {
  private static final NetworkSpec SPEC =
      NetworkSpec.of(new int[] {3, 4, 2}, Activation.RELU, Loss.SOFTMAX_CROSS_ENTROPY);

  private final ParameterLayout layout = ParameterLayout.of(SPEC);
  private final ParameterServer server =
      new ParameterServer(layout, Initializer.initialParameters(SPEC, 1), UpdateConfig.defaults());

  /** A validation of 100 rows of two classes: {@code correct} right, mean loss {@code loss}. */
  private static Evaluation validation(double loss, int correct) {
    Evaluation e = Evaluation.countingPairs(2);
    e.addLoss(loss * 100, 100);
    for (int i = 0; i < 100; i++) {
      int actual = i % 2;
      e.addPrediction(i < correct ? actual : 1 - actual, actual);
    }
    return e;
  }

  /** Moves the weights so that each epoch's weights differ. */
  private void step() {
    float[] g = new float[layout.size()];
    java.util.Arrays.fill(g, 1f);
    server.apply(g, 1);
  }

  @Test
  void byAccuracyTheBestEpochIsTheMostAccurateEvenWhenItsLossIsNotTheLowest() {
    BestWeights best = new BestWeights(server, 0, EarlyStopMetric.ACCURACY, 0);
    step();
    best.afterEpoch(1, validation(0.30, 80));
    step();
    float[] epoch2 = server.weights().clone();
    best.afterEpoch(2, validation(0.40, 90)); // higher loss, more accurate
    step();
    best.afterEpoch(3, validation(0.20, 85)); // lowest loss
    assertEquals(2, best.saved().epoch());
    assertArrayEquals(epoch2, best.saved().parameters());
  }

  @Test
  void byLossTheSameEpochsChooseTheLowestLoss() {
    BestWeights best = new BestWeights(server, 0, EarlyStopMetric.LOSS, 0);
    best.afterEpoch(1, validation(0.30, 80));
    best.afterEpoch(2, validation(0.40, 90));
    best.afterEpoch(3, validation(0.20, 85));
    assertEquals(3, best.saved().epoch());
  }

  @Test
  void gainsNoLargerThanTolCountTowardsPatienceButTheBestEpochIsStillKept() {
    BestWeights best = new BestWeights(server, 2, EarlyStopMetric.ACCURACY, 0.025);
    assertFalse(best.afterEpoch(1, validation(0.5, 80)));
    assertFalse(best.afterEpoch(2, validation(0.5, 81)), "+0.01 ≤ tol: an epoch without gain");
    assertTrue(best.afterEpoch(3, validation(0.5, 82)), "+0.02 from epoch 1 ≤ tol: stop");
    assertEquals(3, best.saved().epoch(), "the weights are the best seen, whatever tol");
  }

  @Test
  void aGainLargerThanTolResetsThePatience() {
    BestWeights best = new BestWeights(server, 2, EarlyStopMetric.ACCURACY, 0.025);
    best.afterEpoch(1, validation(0.5, 80));
    best.afterEpoch(2, validation(0.5, 81));
    assertFalse(best.afterEpoch(3, validation(0.5, 84)), "+0.04 from epoch 1 > tol");
    assertFalse(best.afterEpoch(4, validation(0.5, 84)));
    assertTrue(best.afterEpoch(5, validation(0.5, 83)));
    assertEquals(3, best.saved().epoch(), "the first of equal bests");
  }

  @Test
  void f1IsMllibsClassWeightedF1() {
    Evaluation e = Evaluation.countingPairs(2);
    // class 0: 6 rows, 5 right; class 1: 4 rows, 2 right. Predicted 0: 5 + 2 = 7, predicted 1: 3.
    for (int i = 0; i < 6; i++) {
      e.addPrediction(i < 5 ? 0 : 1, 0);
    }
    for (int i = 0; i < 4; i++) {
      e.addPrediction(i < 2 ? 1 : 0, 1);
    }
    double f0 = 2.0 * 5 / (6 + 7);
    double f1 = 2.0 * 2 / (4 + 3);
    assertEquals(0.6 * f0 + 0.4 * f1, EarlyStopMetric.F1.value(e), 1e-12);
  }

  @Test
  void rmseIsTheRootOfTheMeanSquaredError() {
    Evaluation e = new Evaluation();
    e.addRegression(1, 0);
    e.addRegression(0, 3);
    assertEquals(Math.sqrt(5), EarlyStopMetric.RMSE.value(e), 1e-12);
  }

  @Test
  void aMetricThatDoesNotFitTheHeadIsRefusedNamingTheKey() {
    InvalidConfigException forRegressor =
        assertThrows(
            InvalidConfigException.class,
            () ->
                EarlyStopMetric.of(
                    FlatConfig.of(Map.of("train.earlyStopMetric", "accuracy")), false));
    assertTrue(
        forRegressor.getMessage().contains("train.earlyStopMetric=accuracy is a classification"),
        forRegressor.getMessage());
    InvalidConfigException forClassifier =
        assertThrows(
            InvalidConfigException.class,
            () -> EarlyStopMetric.of(FlatConfig.of(Map.of("train.earlyStopMetric", "rmse")), true));
    assertTrue(forClassifier.getMessage().contains("rmse"), forClassifier.getMessage());
    InvalidConfigException unknown =
        assertThrows(
            InvalidConfigException.class,
            () ->
                EarlyStopMetric.of(
                    FlatConfig.of(Map.of("train.earlyStopMetric", "acuracy")), true));
    assertTrue(unknown.getMessage().contains("accuracy"), unknown.getMessage());
  }
}
