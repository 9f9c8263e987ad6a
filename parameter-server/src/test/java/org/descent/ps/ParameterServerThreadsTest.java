package org.descent.ps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.descent.nn.ParameterLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An update spread over threads gives the bits of the one-thread update, for every optimiser. */
class ParameterServerThreadsTest {
  private static final ParameterLayout LAYOUT = SmallNetworks.plain();

  /** Three ranges over the small layout's parameters, so that every step is split. */
  private static final UpdateThreads THREE = new UpdateThreads(3, 8);

  @ParameterizedTest
  @ValueSource(
      strings = {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw", "lamb"})
  void threadsChangeNoBitOfWeightsOrState(String optimizer) {
    assertTrue(THREE.ranges(LAYOUT.size()) == 3, "the layout is split in three");
    UpdateConfig config =
        UpdateConfig.fromMap(
            Map.of(
                "optimizer.name", optimizer,
                "optimizer.lr", "0.01",
                "optimizer.weightDecay", "0.01"));
    float[] w0 = SmallNetworks.gaussian(new Random(3), LAYOUT.size(), 0.5);
    ParameterServer one =
        new ParameterServer(LAYOUT, w0, config).updateThreads(UpdateThreads.sequential());
    ParameterServer three = new ParameterServer(LAYOUT, w0, config).updateThreads(THREE);
    Random random = new Random(5);
    for (int step = 1; step <= 40; step++) { // past the 16th and 32nd steps' subnormal flushes
      float[] sum = SmallNetworks.gaussian(random, LAYOUT.size(), 1);
      if (step % 2 == 0) {
        one.apply(sum, 7);
        three.apply(sum, 7);
      } else { // a weight total that is no row count divides in double
        one.apply(sum, 2.5);
        three.apply(sum, 2.5);
      }
    }
    assertArrayEquals(one.weights(), three.weights());
    for (String name : one.optimizer().stateNames()) {
      assertArrayEquals(
          one.optimizerState().buffer(name), three.optimizerState().buffer(name), name);
    }
  }

  /**
   * The server's step (for Adam and AdamW the division fused into the update) against the plain
   * route: the mean gradient written out whole, then the optimiser's own update; with and without
   * an addend, on 1 and 3 threads.
   */
  @ParameterizedTest
  @ValueSource(strings = {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"})
  void aStepEqualsDividingFirstThenUpdating(String name) {
    ParameterLayout layout =
        ParameterLayout.of(
            org.descent.nn.NetworkSpec.of(
                new int[] {40, 60, 30, 10},
                org.descent.nn.Activation.RELU,
                org.descent.nn.Loss.SOFTMAX_CROSS_ENTROPY));
    UpdateConfig config =
        UpdateConfig.fromMap(
            Map.of(
                "optimizer.name", name, "optimizer.lr", "0.01", "optimizer.weightDecay", "0.01"));
    float[] w0 = SmallNetworks.gaussian(new Random(3), layout.size(), 0.5);
    for (UpdateThreads threads : new UpdateThreads[] {UpdateThreads.sequential(), THREE}) {
      for (boolean withAddend : new boolean[] {false, true}) {
        ParameterServer server = new ParameterServer(layout, w0, config).updateThreads(threads);
        Optimizer plain = config.optimizer(layout);
        float[] w = w0.clone();
        float[][] state = OptimizerState.zeros(plain, layout.size()).buffers();
        Random random = new Random(5);
        for (int step = 1; step <= 20; step++) {
          float[] sum = SmallNetworks.gaussian(random, layout.size(), 1);
          float[] addend = withAddend ? SmallNetworks.gaussian(random, layout.size(), 1) : null;
          server.apply(sum, addend, 7);
          float[] g = new float[sum.length];
          for (int i = 0; i < g.length; i++) {
            g[i] = (withAddend ? sum[i] + addend[i] : sum[i]) / 7f;
          }
          plain.update(w, g, state, step, (float) config.schedule().lr(step));
        }
        assertArrayEquals(w, server.weights(), name + ", addend " + withAddend);
      }
    }
  }

  @Test
  void withRegularisationAndClippingBetweenDivisionAndOptimiserTheBitsAreTheSameToo() {
    UpdateConfig config =
        UpdateConfig.fromMap(
            Map.of(
                "optimizer.name", "adam",
                "regularization.l2", "0.01",
                "clip.norm", "0.5",
                "clip.value", "0.2"));
    float[] w0 = SmallNetworks.gaussian(new Random(3), LAYOUT.size(), 0.5);
    ParameterServer one =
        new ParameterServer(LAYOUT, w0, config).updateThreads(UpdateThreads.sequential());
    ParameterServer three = new ParameterServer(LAYOUT, w0, config).updateThreads(THREE);
    Random random = new Random(6);
    for (int step = 1; step <= 20; step++) {
      float[] sum = SmallNetworks.gaussian(random, LAYOUT.size(), 1);
      one.apply(sum, 3);
      three.apply(sum, 3);
    }
    assertArrayEquals(one.weights(), three.weights());
  }

  @Test
  void aSumGivenAsTwoAddendsStepsAsTheirSumDoes() {
    for (UpdateThreads threads : new UpdateThreads[] {UpdateThreads.sequential(), THREE}) {
      for (double total : new double[] {7, 2.5}) { // a row count, and a weight total
        UpdateConfig config = UpdateConfig.fromMap(Map.of("optimizer.name", "adam"));
        float[] w0 = SmallNetworks.gaussian(new Random(3), LAYOUT.size(), 0.5);
        ParameterServer added = new ParameterServer(LAYOUT, w0, config).updateThreads(threads);
        ParameterServer apart = new ParameterServer(LAYOUT, w0, config).updateThreads(threads);
        Random random = new Random(8);
        for (int step = 1; step <= 5; step++) {
          float[] a = SmallNetworks.gaussian(random, LAYOUT.size(), 1);
          float[] b = SmallNetworks.gaussian(random, LAYOUT.size(), 1);
          float[] sum = new float[a.length];
          for (int i = 0; i < a.length; i++) {
            sum[i] = a[i] + b[i];
          }
          added.apply(sum, total);
          apart.apply(a, b, total);
        }
        assertArrayEquals(added.weights(), apart.weights(), "total " + total);
      }
    }
  }

  @Test
  void aNonFiniteEntryOfTheAddendIsRefusedNamingItsIndex() {
    ParameterServer ps =
        new ParameterServer(
                LAYOUT,
                SmallNetworks.gaussian(new Random(7), LAYOUT.size(), 0.5),
                UpdateConfig.defaults())
            .updateThreads(THREE);
    float[] weights = ps.weights().clone();
    float[] addend = new float[LAYOUT.size()];
    addend[40] = Float.NaN;
    NonFiniteGradientException e =
        assertThrows(
            NonFiniteGradientException.class,
            () -> ps.apply(SmallNetworks.gaussian(new Random(9), LAYOUT.size(), 1), addend, 2));
    assertEquals(40, e.index());
    assertEquals(0, ps.step());
    assertArrayEquals(weights, ps.weights());
  }

  @Test
  void aNonFiniteEntryInAHelpersRangeIsRefusedAndChangesNothing() {
    ParameterServer ps =
        new ParameterServer(
                LAYOUT,
                SmallNetworks.gaussian(new Random(7), LAYOUT.size(), 0.5),
                UpdateConfig.defaults())
            .updateThreads(THREE);
    ps.apply(SmallNetworks.gaussian(new Random(8), LAYOUT.size(), 1), 2);
    float[] weights = ps.weights().clone();
    float[] m = ps.optimizerState().buffer("exp_avg").clone();
    float[] bad = SmallNetworks.gaussian(new Random(9), LAYOUT.size(), 1);
    bad[LAYOUT.size() - 1] = Float.POSITIVE_INFINITY; // in the last range, not the caller's

    NonFiniteGradientException e =
        assertThrows(NonFiniteGradientException.class, () -> ps.apply(bad, 2));

    assertEquals(2, e.step());
    assertEquals(LAYOUT.size() - 1, e.index());
    assertEquals(1, ps.step());
    assertArrayEquals(weights, ps.weights());
    assertArrayEquals(m, ps.optimizerState().buffer("exp_avg"));
  }
}
