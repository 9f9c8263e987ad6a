package org.descent.ps.config;

import java.util.List;
import org.descent.ps.FlatConfig.Range;

/**
 * The keys of the update rule ({@link org.descent.ps.UpdateConfig}): the optimiser and its
 * hyperparameters, regularisation, clipping, constraints and the learning-rate schedule. Declared
 * once here; {@link ConfigKeys} lists them in order.
 */
public final class UpdateKeys {
  private UpdateKeys() {}

  /** [1, ∞): a cycle-length multiplier. */
  private static final Range AT_LEAST_ONE = new Range(1, false, Double.POSITIVE_INFINITY, true);

  public static final ConfigKey<String> OPTIMIZER_NAME =
      ConfigKey.choice(
          "optimizer.name",
          "adam",
          List.of("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw", "lamb"),
          "The update rule (docs/optimizers.md).");

  public static final ConfigKey<Double> OPTIMIZER_LR =
      ConfigKey.number("optimizer.lr", "0.001", Range.POSITIVE, "Base learning rate.");

  public static final ConfigKey<Double> OPTIMIZER_MOMENTUM =
      ConfigKey.number(
          "optimizer.momentum",
          "0.9",
          Range.DECAY_RATE,
          "Momentum coefficient rho (momentum, nesterov).");

  public static final ConfigKey<Double> OPTIMIZER_BETA1 =
      ConfigKey.number(
          "optimizer.beta1", "0.9", Range.DECAY_RATE, "Adam/AdamW/LAMB first-moment decay.");

  public static final ConfigKey<Double> OPTIMIZER_BETA2 =
      ConfigKey.number(
          "optimizer.beta2", "0.999", Range.DECAY_RATE, "Adam/AdamW/LAMB second-moment decay.");

  public static final ConfigKey<Double> OPTIMIZER_EPS =
      ConfigKey.number(
          "optimizer.eps",
          "1e-8",
          Range.POSITIVE,
          "Added to the root of the second moment (adagrad, rmsprop, adam, adamw, lamb).");

  public static final ConfigKey<Double> OPTIMIZER_ALPHA =
      ConfigKey.number(
          "optimizer.alpha", "0.99", Range.DECAY_RATE, "RMSProp squared-gradient decay.");

  public static final ConfigKey<Double> OPTIMIZER_WEIGHT_DECAY =
      ConfigKey.number(
          "optimizer.weightDecay",
          "0",
          Range.NON_NEGATIVE,
          "Weight decay: added to the gradient (sgd…adam) or decoupled (adamw, "
              + "lamb); 0 = off.");

  public static final ConfigKey<Double> REGULARIZATION_L1 =
      ConfigKey.number(
          "regularization.l1",
          "0",
          Range.NON_NEGATIVE,
          "L1 strength lambda (adds lambda * sum|W| to the loss).");

  public static final ConfigKey<Double> REGULARIZATION_L2 =
      ConfigKey.number(
          "regularization.l2",
          "0",
          Range.NON_NEGATIVE,
          "L2 strength lambda (adds lambda * sum W^2 to the loss).");

  public static final ConfigKey<Boolean> REGULARIZATION_BIASES =
      ConfigKey.flag(
          "regularization.biases", false, "Also penalise biases (never batch-norm gamma/beta).");

  public static final ConfigKey<Double> CLIP_NORM =
      ConfigKey.number(
          "clip.norm",
          "0",
          Range.NON_NEGATIVE,
          "Clip the gradient's global L2 norm to this; 0 = off.");

  public static final ConfigKey<Double> CLIP_VALUE =
      ConfigKey.number(
          "clip.value", "0", Range.NON_NEGATIVE, "Clamp every gradient entry to [-v, v]; 0 = off.");

  public static final ConfigKey<Boolean> CONSTRAINT_NON_NEGATIVE =
      ConfigKey.flag(
          "constraint.nonNegative", false, "Project weights to >= 0 after every update.");

  public static final ConfigKey<Double> CONSTRAINT_MAX_NORM =
      ConfigKey.number(
          "constraint.maxNorm",
          "0",
          Range.NON_NEGATIVE,
          "Rescale each unit's incoming weight vector to L2 norm <= c after every"
              + " update; 0 = off.");

  public static final ConfigKey<String> SCHEDULE_NAME =
      ConfigKey.choice(
          "schedule.name",
          "constant",
          List.of("constant", "step", "exponential", "cosine"),
          "constant, step, exponential, cosine (with schedule.cycleSteps > 0: "
              + "cosine with warm restarts).");

  public static final ConfigKey<Integer> SCHEDULE_STEP_SIZE =
      ConfigKey.whole(
          "schedule.stepSize",
          1000,
          1,
          "steps",
          "step: multiply the rate by schedule.gamma every schedule.stepSize " + "steps.");

  public static final ConfigKey<Double> SCHEDULE_GAMMA =
      ConfigKey.number(
          "schedule.gamma",
          "0.1",
          Range.DECAY_FACTOR,
          "step: the factor every schedule.stepSize steps; exponential: the factor every"
              + " step, so near 1 (e.g. 0.999: set it, the default is step's).");

  public static final ConfigKey<Double> SCHEDULE_MIN_LR =
      ConfigKey.number(
          "schedule.minLr",
          "0",
          Range.NON_NEGATIVE,
          "cosine: the rate reached at schedule.totalSteps (with restarts: at the"
              + " end of every cycle).");

  public static final ConfigKey<Integer> SCHEDULE_TOTAL_STEPS =
      ConfigKey.whole(
          "schedule.totalSteps",
          0,
          0,
          "steps",
          "cosine: steps over which the rate decays (warm-up included); 0 = the "
              + "whole run (epochs x steps per epoch).");

  public static final ConfigKey<Integer> SCHEDULE_WARMUP_STEPS =
      ConfigKey.whole(
          "schedule.warmupSteps",
          0,
          0,
          "steps",
          "Linear warm-up over this many steps in front of the schedule (its last"
              + " step is the schedule's first); 0 = none.");

  public static final ConfigKey<Integer> SCHEDULE_CYCLE_STEPS =
      ConfigKey.whole(
          "schedule.cycleSteps",
          0,
          0,
          "steps",
          "cosine with warm restarts (SGDR): the first cycle's steps (warm-up "
              + "included); each cycle goes from optimizer.lr at its first step to "
              + "schedule.minLr at its last; 0 = one cosine over schedule.totalSteps.");

  public static final ConfigKey<Double> SCHEDULE_CYCLE_MULT =
      ConfigKey.number(
          "schedule.cycleMult",
          "1",
          AT_LEAST_ONE,
          "cosine with warm restarts: each cycle is this many times as long as "
              + "the one before (>= 1).");

  /** The keys of section "optimizer", in order. */
  static final List<ConfigKey<?>> OPTIMIZER =
      List.of(
          OPTIMIZER_NAME,
          OPTIMIZER_LR,
          OPTIMIZER_MOMENTUM,
          OPTIMIZER_BETA1,
          OPTIMIZER_BETA2,
          OPTIMIZER_EPS,
          OPTIMIZER_ALPHA,
          OPTIMIZER_WEIGHT_DECAY);

  /** The keys of section "regularisation, clipping, constraints", in order. */
  static final List<ConfigKey<?>> PENALTIES =
      List.of(
          REGULARIZATION_L1,
          REGULARIZATION_L2,
          REGULARIZATION_BIASES,
          CLIP_NORM,
          CLIP_VALUE,
          CONSTRAINT_NON_NEGATIVE,
          CONSTRAINT_MAX_NORM);

  /** The keys of section "learning-rate schedule", in order. */
  static final List<ConfigKey<?>> SCHEDULE =
      List.of(
          SCHEDULE_NAME,
          SCHEDULE_STEP_SIZE,
          SCHEDULE_GAMMA,
          SCHEDULE_MIN_LR,
          SCHEDULE_TOTAL_STEPS,
          SCHEDULE_WARMUP_STEPS,
          SCHEDULE_CYCLE_STEPS,
          SCHEDULE_CYCLE_MULT);
}
