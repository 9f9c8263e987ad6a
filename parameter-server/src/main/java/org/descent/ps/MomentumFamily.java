package org.descent.ps;

import static org.descent.ps.Hyperparameter.MOMENTUM;
import static org.descent.ps.Hyperparameter.WEIGHT_DECAY;

import java.util.Map;
import java.util.function.BiFunction;

/**
 * What {@link Momentum} and {@link Nesterov} share: a momentum factor and a coupled weight decay,
 * their checks, defaults and settings. They differ in their one state array and its update.
 */
interface MomentumFamily extends ElementwiseOptimizer {

  double momentum();

  double weightDecay();

  /** Checks each hyperparameter against its key's range ({@link Hyperparameter}). */
  static void check(double momentum, double weightDecay) {
    MOMENTUM.check(momentum);
    WEIGHT_DECAY.check(weightDecay);
  }

  /**
   * The member {@code constructor} builds from {@code config}, {@code (momentum, weightDecay)} with
   * momentum 0.9 and no decay by default.
   */
  static <T extends MomentumFamily> T fromConfig(
      FlatConfig config, BiFunction<Double, Double, T> constructor) {
    return constructor.apply(MOMENTUM.read(config), WEIGHT_DECAY.read(config));
  }

  @Override
  default Map<String, String> settings() {
    return Hyperparameter.settings(
        name(), Map.of(MOMENTUM, momentum(), WEIGHT_DECAY, weightDecay()));
  }
}
