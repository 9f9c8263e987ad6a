package org.descent.ps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Clipping by value (clamp each entry), then by global L2 norm (scale all, keep direction). */
class GradientClippingTest {

  @Test
  void clippingByNormScalesTheWholeGradientDownToTheLimit() {
    float[] g = {3, 4, 0, -12}; // norm 13
    double before = GradientClipping.clipByNorm(g, 6.5);
    assertEquals(13, before, 1e-12);
    assertArrayEquals(new float[] {1.5f, 2f, 0f, -6f}, g);
  }

  @Test
  void aGradientWithinTheNormLimitIsUnchanged() {
    float[] g = {3, 4};
    GradientClipping.clipByNorm(g, 5);
    assertArrayEquals(new float[] {3, 4}, g);
  }

  @Test
  void clippingByValueClampsEachEntry() {
    float[] g = {-3, -0.5f, 0, 0.5f, 3};
    GradientClipping.clipByValue(g, 1);
    assertArrayEquals(new float[] {-1, -0.5f, 0, 0.5f, 1}, g);
  }

  @Test
  void valueClippingHappensBeforeNormClipping() {
    float[] g = {10, 0, 0, 0};
    new GradientClipping(0.5, 2).clip(g); // clamp to 2, then scale norm 2 down to 0.5
    assertArrayEquals(new float[] {0.5f, 0, 0, 0}, g);
  }

  @Test
  void zeroLimitsTurnClippingOff() {
    float[] g = {100, -100};
    GradientClipping.NONE.clip(g);
    assertArrayEquals(new float[] {100, -100}, g);
  }
}
