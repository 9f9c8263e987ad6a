package org.descent.ps;

import java.util.LinkedHashMap;
import java.util.Map;
import org.descent.ps.config.ConfigKey;
import org.descent.ps.config.UpdateKeys;

/**
 * The learning rate as a pure function of the 1-based step number {@code t} (the update that
 * produces the weights after {@code t} steps). Every schedule starts at the base rate {@code lr0}
 * ({@code optimizer.lr}): with {@code n = t − 1} completed steps,
 *
 * <ul>
 *   <li>{@code constant}: {@code lr0}
 *   <li>{@code step}: {@code lr0·γ^⌊n/k⌋} — × γ every k steps (PyTorch {@code StepLR})
 *   <li>{@code exponential}: {@code lr0·γ^n} (PyTorch {@code ExponentialLR})
 *   <li>{@code cosine}: {@code min + (lr0 − min)·(1 + cos(π·min(n, N)/N))/2} over N steps, then
 *       {@code min} (Loshchilov and Hutter 2017, without restarts; PyTorch {@code
 *       CosineAnnealingLR})
 *   <li>{@code cosine} with {@code schedule.cycleSteps} C > 0: warm restarts (SGDR, Loshchilov and
 *       Hutter 2017; PyTorch {@code CosineAnnealingWarmRestarts}): the same half cosine from {@code
 *       lr0} at a cycle's first step to {@code min} at its last, over cycles of C, C·m, C·m², …
 *       steps ({@code m = schedule.cycleMult} ≥ 1, lengths rounded; the first counts the warm-up);
 *       every cycle ends low, so a short first cycle gives a usable model early and the longer ones
 *       that follow a better one later
 * </ul>
 *
 * <p>A linear warm-up of W steps ({@link WarmUp}, Goyal et al. 2017) goes in front of any of them:
 * {@code lr(t) = lr0·t/W} for {@code t < W} (never 0), and from step W on the inner schedule,
 * counted from its own step 1 ({@code inner(t − W + 1)}): the ramp's last step, at {@code lr0}, is
 * the inner schedule's first, so its first rate is applied once, not twice. From configuration,
 * {@code schedule.totalSteps} counts the warm-up too: the cosine spans {@code totalSteps −
 * warmupSteps} steps and reaches {@code schedule.minLr} at step {@code totalSteps}.
 */
public sealed interface LearningRateSchedule
    permits LearningRateSchedule.Constant,
        LearningRateSchedule.StepDecay,
        LearningRateSchedule.Exponential,
        LearningRateSchedule.Cosine,
        LearningRateSchedule.CosineRestarts,
        LearningRateSchedule.WarmUp {

  /** The learning rate of step {@code step} (1-based). */
  double lr(long step);

  /** The {@code schedule.*} settings (with {@code optimizer.lr}) that rebuild this schedule. */
  Map<String, String> settings();

  /** {@code lr0} for every step. */
  record Constant(double lr0) implements LearningRateSchedule {
    public Constant {
      UpdateKeys.OPTIMIZER_LR.check(lr0);
    }

    @Override
    public double lr(long step) {
      checkStep(step);
      return lr0;
    }

    @Override
    public Map<String, String> settings() {
      return settingsOf("constant", lr0);
    }
  }

  /** {@code lr0·γ^⌊(t−1)/stepSize⌋}. */
  record StepDecay(double lr0, long stepSize, double gamma) implements LearningRateSchedule {
    public StepDecay {
      UpdateKeys.OPTIMIZER_LR.check(lr0);
      FlatConfig.checkRange(
          UpdateKeys.SCHEDULE_STEP_SIZE.name(), stepSize, FlatConfig.Range.POSITIVE);
      UpdateKeys.SCHEDULE_GAMMA.check(gamma);
    }

    @Override
    public double lr(long step) {
      checkStep(step);
      return lr0 * Math.pow(gamma, (double) ((step - 1) / stepSize));
    }

    @Override
    public Map<String, String> settings() {
      return settingsOf(
          "step", lr0, UpdateKeys.SCHEDULE_STEP_SIZE, stepSize, UpdateKeys.SCHEDULE_GAMMA, gamma);
    }
  }

  /** {@code lr0·γ^(t−1)}. */
  record Exponential(double lr0, double gamma) implements LearningRateSchedule {
    public Exponential {
      UpdateKeys.OPTIMIZER_LR.check(lr0);
      UpdateKeys.SCHEDULE_GAMMA.check(gamma);
    }

    @Override
    public double lr(long step) {
      checkStep(step);
      return lr0 * Math.pow(gamma, (double) (step - 1));
    }

    @Override
    public Map<String, String> settings() {
      return settingsOf("exponential", lr0, UpdateKeys.SCHEDULE_GAMMA, gamma);
    }
  }

  /** Half a cosine from {@code lr0} down to {@code minLr} over {@code steps} steps. */
  record Cosine(double lr0, double minLr, long steps) implements LearningRateSchedule {
    public Cosine {
      checkCosineRates(lr0, minLr);
      FlatConfig.checkRange(
          UpdateKeys.SCHEDULE_TOTAL_STEPS.name(), steps, FlatConfig.Range.POSITIVE);
    }

    @Override
    public double lr(long step) {
      checkStep(step);
      double progress = Math.min(step - 1, steps) / (double) steps;
      return halfCosine(lr0, minLr, progress);
    }

    @Override
    public Map<String, String> settings() {
      return settingsOf(
          "cosine", lr0, UpdateKeys.SCHEDULE_MIN_LR, minLr, UpdateKeys.SCHEDULE_TOTAL_STEPS, steps);
    }
  }

  /**
   * Half a cosine from {@code lr0} at a cycle's first step down to {@code minLr} at its last, cycle
   * after cycle: the first is {@code first} steps, cycle i ≥ 1 is {@code round(cycle·mult^i)} (at
   * least 2). From configuration {@code cycle = schedule.cycleSteps} counts the warm-up in the
   * first cycle, as {@code schedule.totalSteps} does for the plain cosine: behind a warm-up of W
   * steps (whose last step is this schedule's first) {@code first = cycle − W + 1}, so the rate is
   * {@code minLr} at steps C, C + C·m, … of the run.
   */
  record CosineRestarts(double lr0, double minLr, long first, long cycle, double mult)
      implements LearningRateSchedule {
    public CosineRestarts {
      checkCosineRates(lr0, minLr);
      FlatConfig.checkRange(UpdateKeys.SCHEDULE_CYCLE_STEPS.name(), cycle, AT_LEAST_TWO);
      FlatConfig.checkRange(UpdateKeys.SCHEDULE_CYCLE_STEPS.name(), first, AT_LEAST_TWO);
      UpdateKeys.SCHEDULE_CYCLE_MULT.check(mult);
    }

    @Override
    public double lr(long step) {
      checkStep(step);
      long n = step - 1;
      long start = 0;
      long length = first;
      double next = cycle;
      // lengths grow geometrically (or stay at cycle): a few dozen iterations before a long
      // overflows, except with mult 1, which jumps straight to its cycle
      while (n - start >= length) {
        start += length;
        next *= mult;
        length = Math.max(2, Math.round(next));
        if (mult == 1 && n - start >= length) {
          start += (n - start) / length * length;
        }
      }
      double progress = (n - start) / (double) (length - 1);
      return halfCosine(lr0, minLr, progress);
    }

    @Override
    public Map<String, String> settings() {
      return settingsOf(
          "cosine",
          lr0,
          UpdateKeys.SCHEDULE_MIN_LR,
          minLr,
          UpdateKeys.SCHEDULE_CYCLE_STEPS,
          cycle,
          UpdateKeys.SCHEDULE_CYCLE_MULT,
          mult);
    }
  }

  /**
   * The settings of schedule {@code name} at base rate {@code lr0}, with its own keys and values
   * ({@code ConfigKey}, value, …) after them.
   */
  private static Map<String, String> settingsOf(String name, double lr0, Object... keyValues) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put(UpdateKeys.SCHEDULE_NAME.name(), name);
    s.put(UpdateKeys.OPTIMIZER_LR.name(), Double.toString(lr0));
    for (int i = 0; i < keyValues.length; i += 2) {
      s.put(((ConfigKey<?>) keyValues[i]).name(), String.valueOf(keyValues[i + 1]));
    }
    return Map.copyOf(s);
  }

  /** The rate {@code progress} (0 to 1) along half a cosine from {@code lr0} to {@code minLr}. */
  private static double halfCosine(double lr0, double minLr, double progress) {
    return minLr + (lr0 - minLr) * 0.5 * (1 + Math.cos(Math.PI * progress));
  }

  /** A cosine's rates: {@code lr0 > 0} and {@code 0 ≤ minLr ≤ lr0}. */
  private static void checkCosineRates(double lr0, double minLr) {
    UpdateKeys.OPTIMIZER_LR.check(lr0);
    FlatConfig.checkRange(
        UpdateKeys.SCHEDULE_MIN_LR.name(), minLr, new FlatConfig.Range(0, false, lr0, false));
  }

  /** A cycle's least length: its first step at lr0, its last at minLr. */
  FlatConfig.Range AT_LEAST_TWO = new FlatConfig.Range(2, false, Double.POSITIVE_INFINITY, true);

  /** {@code schedule.cycleMult}'s range: a cycle is never shorter than the one before. */
  FlatConfig.Range AT_LEAST_ONE = new FlatConfig.Range(1, false, Double.POSITIVE_INFINITY, true);

  /**
   * Linear ramp {@code lr0·t/steps} for {@code t < steps}, then {@code after} from its step 1 at
   * {@code t = steps} (where the ramp reaches {@code lr0 = after.lr(1)}).
   */
  record WarmUp(long steps, LearningRateSchedule after) implements LearningRateSchedule {
    public WarmUp {
      FlatConfig.checkRange(
          UpdateKeys.SCHEDULE_WARMUP_STEPS.name(), steps, FlatConfig.Range.POSITIVE);
      if (after == null) {
        throw new IllegalArgumentException("a warm-up needs the schedule that follows it");
      }
    }

    @Override
    public double lr(long step) {
      checkStep(step);
      return step < steps ? after.lr(1) * step / steps : after.lr(step - steps + 1);
    }

    @Override
    public Map<String, String> settings() {
      Map<String, String> s = new LinkedHashMap<>(after.settings());
      s.put(UpdateKeys.SCHEDULE_WARMUP_STEPS.name(), Long.toString(steps));
      if (after instanceof Cosine c) {
        s.put(UpdateKeys.SCHEDULE_TOTAL_STEPS.name(), Long.toString(c.steps() + steps));
      }
      return s;
    }
  }

  /**
   * The schedule described by {@code schedule.*} with base rate {@code optimizer.lr} (default
   * 0.001), schedule {@code constant} by default.
   */
  static LearningRateSchedule fromConfig(FlatConfig c) {
    double lr0 = UpdateKeys.OPTIMIZER_LR.read(c);
    String name = UpdateKeys.SCHEDULE_NAME.read(c);
    long warmup = UpdateKeys.SCHEDULE_WARMUP_STEPS.read(c);
    LearningRateSchedule inner =
        switch (name) {
          case "constant" -> new Constant(lr0);
          case "step" ->
              new StepDecay(
                  lr0, UpdateKeys.SCHEDULE_STEP_SIZE.read(c), UpdateKeys.SCHEDULE_GAMMA.read(c));
          case "exponential" -> new Exponential(lr0, UpdateKeys.SCHEDULE_GAMMA.read(c));
          case "cosine" ->
              UpdateKeys.SCHEDULE_CYCLE_STEPS.read(c) > 0
                  ? restarts(c, lr0, warmup)
                  : cosine(c, lr0, warmup);
          default -> throw new IllegalStateException("schedule " + name + " has no factory");
        };
    return warmup > 0 ? new WarmUp(warmup, inner) : inner;
  }

  private static Cosine cosine(FlatConfig c, double lr0, long warmup) {
    long total = UpdateKeys.SCHEDULE_TOTAL_STEPS.read(c);
    if (total <= warmup) {
      throw new InvalidConfigException(
          UpdateKeys.SCHEDULE_TOTAL_STEPS.name(),
          setting(UpdateKeys.SCHEDULE_TOTAL_STEPS, total)
              + ": schedule.name=cosine needs the total number of training steps, more than "
              + setting(UpdateKeys.SCHEDULE_WARMUP_STEPS, warmup));
    }
    return new Cosine(lr0, minLr(c, lr0), total - warmup);
  }

  private static CosineRestarts restarts(FlatConfig c, double lr0, long warmup) {
    long cycle = UpdateKeys.SCHEDULE_CYCLE_STEPS.read(c);
    if (cycle < warmup + 1) {
      throw new InvalidConfigException(
          UpdateKeys.SCHEDULE_CYCLE_STEPS.name(),
          setting(UpdateKeys.SCHEDULE_CYCLE_STEPS, cycle)
              + ": the first cycle counts the warm-up and must be longer than "
              + setting(UpdateKeys.SCHEDULE_WARMUP_STEPS, warmup));
    }
    return new CosineRestarts(
        lr0,
        minLr(c, lr0),
        warmup > 0 ? cycle - warmup + 1 : cycle,
        cycle,
        UpdateKeys.SCHEDULE_CYCLE_MULT.read(c));
  }

  private static double minLr(FlatConfig c, double lr0) {
    double minLr = UpdateKeys.SCHEDULE_MIN_LR.read(c);
    if (minLr > lr0) {
      throw new InvalidConfigException(
          UpdateKeys.SCHEDULE_MIN_LR.name(),
          setting(UpdateKeys.SCHEDULE_MIN_LR, minLr)
              + " is above "
              + setting(UpdateKeys.OPTIMIZER_LR, lr0)
              + "; it must be ≤");
    }
    return minLr;
  }

  /** {@code key=value}, as the messages of the checks above quote a setting. */
  private static String setting(ConfigKey<?> key, Object value) {
    return key.name() + "=" + value;
  }

  private static void checkStep(long step) {
    if (step < 1) {
      throw new IllegalArgumentException("steps are numbered from 1, got step " + step);
    }
  }
}
