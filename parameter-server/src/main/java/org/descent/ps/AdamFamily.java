package org.descent.ps;

import static org.descent.ps.Hyperparameter.BETA1;
import static org.descent.ps.Hyperparameter.BETA2;
import static org.descent.ps.Hyperparameter.EPS;
import static org.descent.ps.Hyperparameter.WEIGHT_DECAY;

import java.util.List;
import java.util.Map;

/**
 * What Adam, AdamW and LAMB share: the hyperparameters β1, β2, eps and a weight decay, their checks
 * and settings, and the two moment estimates {@code exp_avg} = {@code m} and {@code exp_avg_sq} =
 * {@code v}. They differ in where the decay enters and in how {@code m̂ / (√v̂ + eps)} becomes a
 * step.
 */
interface AdamFamily extends Optimizer {

  double beta1();

  double beta2();

  double eps();

  double weightDecay();

  /** Checks each hyperparameter against its key's range ({@link Hyperparameter}). */
  static void check(double beta1, double beta2, double eps, double weightDecay) {
    BETA1.check(beta1);
    BETA2.check(beta2);
    EPS.check(eps);
    WEIGHT_DECAY.check(weightDecay);
  }

  /** A family member built from its four hyperparameters. */
  interface Constructor<T extends AdamFamily> {
    T of(double beta1, double beta2, double eps, double weightDecay);
  }

  /** The member {@code constructor} builds from {@code config} (the keys' defaults when absent). */
  static <T extends AdamFamily> T fromConfig(FlatConfig config, Constructor<T> constructor) {
    return constructor.of(
        BETA1.read(config), BETA2.read(config), EPS.read(config), WEIGHT_DECAY.read(config));
  }

  @Override
  default List<String> stateNames() {
    return List.of("exp_avg", "exp_avg_sq");
  }

  @Override
  default Map<String, String> settings() {
    return Hyperparameter.settings(
        name(), Map.of(BETA1, beta1(), BETA2, beta2(), EPS, eps(), WEIGHT_DECAY, weightDecay()));
  }
}
