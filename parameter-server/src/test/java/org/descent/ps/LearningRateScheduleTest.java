package org.descent.ps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** lr(t) for 1-based steps; every schedule starts at lr0, a warm-up ramps up to it. */
class LearningRateScheduleTest {
  private static final double TOL = 1e-15;

  private static LearningRateSchedule fromConfig(String... keyValues) {
    Map<String, String> m = new java.util.HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return UpdateConfig.fromMap(m).schedule();
  }

  @Test
  void constantIsLr0AtEveryStep() {
    LearningRateSchedule s = new LearningRateSchedule.Constant(0.01);
    assertEquals(0.01, s.lr(1));
    assertEquals(0.01, s.lr(1_000_000));
  }

  @Test
  void stepDecayMultipliesByGammaEveryStepSizeSteps() {
    LearningRateSchedule s = new LearningRateSchedule.StepDecay(0.1, 10, 0.5);
    assertEquals(0.1, s.lr(1), TOL);
    assertEquals(0.1, s.lr(10), TOL);
    assertEquals(0.05, s.lr(11), TOL);
    assertEquals(0.05, s.lr(20), TOL);
    assertEquals(0.025, s.lr(21), TOL);
  }

  @Test
  void exponentialIsLr0TimesGammaToTheCompletedSteps() {
    LearningRateSchedule s = new LearningRateSchedule.Exponential(0.1, 0.9);
    assertEquals(0.1, s.lr(1), TOL);
    assertEquals(0.09, s.lr(2), TOL);
    assertEquals(0.1 * Math.pow(0.9, 99), s.lr(100), TOL);
  }

  @Test
  void cosineFallsFromLr0ToMinLrOverItsStepsThenStays() {
    LearningRateSchedule s = new LearningRateSchedule.Cosine(0.1, 0.01, 100);
    assertEquals(0.1, s.lr(1), TOL);
    assertEquals(0.055, s.lr(51), TOL); // halfway: the mean of lr0 and min
    assertEquals(0.01 + 0.09 * 0.5 * (1 + Math.cos(Math.PI * 0.25)), s.lr(26), TOL);
    assertEquals(0.01, s.lr(101), TOL);
    assertEquals(0.01, s.lr(5000), TOL);
  }

  @Test
  void warmUpRampsLinearlyToLr0AtItsLastStepWhichIsTheInnerSchedulesFirst() {
    LearningRateSchedule s =
        new LearningRateSchedule.WarmUp(4, new LearningRateSchedule.StepDecay(0.2, 3, 0.1));
    assertEquals(0.05, s.lr(1), TOL);
    assertEquals(0.10, s.lr(2), TOL);
    assertEquals(0.15, s.lr(3), TOL);
    assertEquals(0.20, s.lr(4), TOL); // ramp's end = inner step 1
    assertEquals(0.20, s.lr(6), TOL); // inner step 3
    assertEquals(0.02, s.lr(7), 1e-16); // inner step 4: first decay
  }

  @Test
  void warmUpAppliesTheFirstRateOfTheInnerScheduleOnce() {
    // Exponential decay changes the rate every step, so a repeated first rate shows.
    LearningRateSchedule inner = new LearningRateSchedule.Exponential(0.1, 0.5);
    LearningRateSchedule s = new LearningRateSchedule.WarmUp(3, inner);
    long atLr0 = 0;
    for (long t = 1; t <= 20; t++) {
      if (Math.abs(s.lr(t) - 0.1) < TOL) {
        atLr0++;
      }
    }
    assertEquals(1, atLr0, "steps run at the inner schedule's first rate");
    for (long t = 3; t <= 20; t++) {
      assertEquals(inner.lr(t - 2), s.lr(t), 1e-15, "step " + t);
    }
  }

  @Test
  void configuredCosineTotalStepsIncludeTheWarmUp() {
    LearningRateSchedule s =
        fromConfig(
            "optimizer.lr", "0.4",
            "schedule.name", "cosine",
            "schedule.totalSteps", "110",
            "schedule.warmupSteps", "10",
            "schedule.minLr", "0");
    assertEquals(0.04, s.lr(1), TOL);
    assertEquals(0.4, s.lr(10), TOL); // the ramp's end is the cosine's first step
    assertEquals(0.2 * (1 + Math.cos(Math.PI / 100)), s.lr(11), TOL);
    assertEquals(0.2, s.lr(60), TOL);
    assertEquals(0.0, s.lr(110), TOL); // schedule.totalSteps: the last step is at minLr
    assertEquals(0.0, s.lr(111), TOL);
  }

  @Test
  void configuredScheduleDefaultsToConstantAtOptimizerLr() {
    LearningRateSchedule s = fromConfig("optimizer.lr", "0.03");
    assertInstanceOf(LearningRateSchedule.Constant.class, s);
    assertEquals(0.03, s.lr(77));
  }

  @Test
  void configuredStepAndExponentialReadGammaAndStepSize() {
    LearningRateSchedule step =
        fromConfig(
            "optimizer.lr",
            "1",
            "schedule.name",
            "step",
            "schedule.stepSize",
            "2",
            "schedule.gamma",
            "0.5");
    assertEquals(0.25, step.lr(5), TOL);
    LearningRateSchedule exp =
        fromConfig("optimizer.lr", "1", "schedule.name", "exponential", "schedule.gamma", "0.5");
    assertEquals(0.125, exp.lr(4), TOL);
  }

  @Test
  void stepZeroIsRejectedBecauseStepsCountFromOne() {
    assertThrows(
        IllegalArgumentException.class, () -> new LearningRateSchedule.Constant(0.1).lr(0));
  }

  @Test
  void cosineWithoutTotalStepsIsAConfigError() {
    InvalidConfigException e =
        assertThrows(InvalidConfigException.class, () -> fromConfig("schedule.name", "cosine"));
    assertEquals("schedule.totalSteps", e.key());
  }

  @Test
  void cosineRestartsGoFromLr0AtACyclesFirstStepToMinLrAtItsLast() {
    LearningRateSchedule s = new LearningRateSchedule.CosineRestarts(0.1, 0.01, 11, 11, 1);
    for (long cycleStart : new long[] {1, 12, 23, 1101}) {
      assertEquals(0.1, s.lr(cycleStart), TOL);
      assertEquals(0.055, s.lr(cycleStart + 5), TOL); // halfway through an 11-step cycle
      assertEquals(0.01, s.lr(cycleStart + 10), TOL);
    }
  }

  @Test
  void cosineRestartsCyclesGrowByCycleMult() {
    // cycles of 5, 10 and 20 steps: they start at steps 1, 6, 16 and 36
    LearningRateSchedule s = new LearningRateSchedule.CosineRestarts(0.2, 0.02, 5, 5, 2);
    assertEquals(0.2, s.lr(1), TOL);
    assertEquals(0.11, s.lr(3), TOL); // halfway through the first cycle: the mean of lr0 and min
    assertEquals(0.02, s.lr(5), TOL);
    assertEquals(0.2, s.lr(6), TOL);
    assertEquals(0.02 + 0.18 * 0.5 * (1 + Math.cos(Math.PI * 2 / 9)), s.lr(8), TOL);
    assertEquals(0.02, s.lr(15), TOL);
    assertEquals(0.2, s.lr(16), TOL);
    assertEquals(0.02, s.lr(35), TOL);
    assertEquals(0.2, s.lr(36), TOL);
  }

  @Test
  void configuredCycleStepsCountTheWarmUpAsTotalStepsDo() {
    LearningRateSchedule s =
        fromConfig(
            "optimizer.lr", "0.4",
            "schedule.name", "cosine",
            "schedule.warmupSteps", "2",
            "schedule.cycleSteps", "6",
            "schedule.cycleMult", "2");
    assertEquals(0.2, s.lr(1), TOL); // the ramp
    assertEquals(0.4, s.lr(2), TOL); // the ramp's end is the first cycle's cosine's first step
    assertEquals(0.2, s.lr(4), TOL); // halfway from step 2 to step 6
    assertEquals(0.0, s.lr(6), TOL); // the first cycle ends at step cycleSteps
    assertEquals(0.4, s.lr(7), TOL); // the second (12 steps: 7..18) begins
    assertEquals(0.0, s.lr(18), TOL);
    assertEquals(0.4, s.lr(19), TOL);
    assertEquals(s.settings(), fromMap(s.settings()).settings()); // settings rebuild it
  }

  @Test
  void cycleMultBelowOneIsAConfigError() {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () ->
                fromConfig(
                    "schedule.name", "cosine",
                    "schedule.cycleSteps", "10",
                    "schedule.cycleMult", "0.5"));
    assertEquals("schedule.cycleMult", e.key());
  }

  private static LearningRateSchedule fromMap(Map<String, String> m) {
    return UpdateConfig.fromMap(m).schedule();
  }
}
