package org.descent.ps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Optimiser state never stays subnormal, which would make every update pay x86's assists. */
class SubnormalsTest {
  private static boolean subnormal(float x) {
    return x != 0 && Math.abs(x) < Float.MIN_NORMAL;
  }

  @Test
  void flushZeroesSubnormalsAndNothingElse() {
    float[] a = {
      Float.MIN_VALUE,
      -Float.MIN_VALUE,
      Math.nextDown(Float.MIN_NORMAL),
      -1e-39f,
      Float.MIN_NORMAL,
      -Float.MIN_NORMAL,
      1e-30f,
      0f,
      -0f,
      1f,
      Float.MAX_VALUE,
      Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY,
      Float.NaN
    };
    float[] expected = a.clone();
    expected[0] = 0f;
    expected[1] = -0f;
    expected[2] = 0f;
    expected[3] = -0f;
    Subnormals.flush(a, 0, a.length);
    assertArrayEquals(expected, a);
  }

  @Test
  void onlyEverySixteenthStepFlushes() {
    float[] a = {1e-40f, 1e-40f};
    Subnormals.flushEvery(15, 0, 2, a);
    assertEquals(1e-40f, a[0]);
    Subnormals.flushEvery(16, 0, 1, a);
    assertEquals(0f, a[0]);
    assertEquals(1e-40f, a[1], "outside the range");
  }

  /**
   * One entry gets a gradient once, then 0 for 12,000 steps: its decaying state passes through the
   * subnormal range (RMSProp's at α = 0.99 after ≈ 8,000 steps), and after every 16th step none of
   * it is subnormal.
   */
  @ParameterizedTest
  @ValueSource(strings = {"momentum", "nesterov", "rmsprop", "adam", "adamw", "lamb"})
  void decayingStateIsNeverLeftSubnormal(String name) {
    Optimizer opt = Optimizer.fromConfig(FlatConfig.of(Map.of("optimizer.name", name)), null);
    float[] params = {0.5f, -0.25f};
    float[][] state = new float[opt.stateBuffers()][params.length];
    boolean wentSubnormal = false;
    for (long step = 1; step <= 12_000; step++) {
      float[] grads = {step == 1 ? 1f : 0f, 0.01f};
      opt.update(params, grads, state, step, 0.001f);
      for (float[] s : state) {
        if (subnormal(s[0])) {
          wentSubnormal = true;
          assertTrue(step % Subnormals.EVERY != 0, name + " left a subnormal at step " + step);
        }
      }
    }
    assertTrue(wentSubnormal, name + ": the test did not reach the subnormal range");
    for (float[] s : state) {
      assertTrue(s[0] == 0f || Math.abs(s[0]) >= Float.MIN_NORMAL, name + ": " + s[0]);
    }
  }
}
