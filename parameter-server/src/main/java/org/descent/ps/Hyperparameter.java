package org.descent.ps;

import java.util.Map;
import java.util.TreeMap;
import org.descent.ps.config.ConfigKey;
import org.descent.ps.config.UpdateKeys;

/**
 * The optimisers' hyperparameters, each over its key of {@link UpdateKeys}, which declares the
 * valid range and the one default every optimiser gets (a per-optimiser fallback could never apply:
 * a run's configuration always holds every key, at its default when not set).
 */
enum Hyperparameter {
  MOMENTUM(UpdateKeys.OPTIMIZER_MOMENTUM),
  BETA1(UpdateKeys.OPTIMIZER_BETA1),
  BETA2(UpdateKeys.OPTIMIZER_BETA2),
  EPS(UpdateKeys.OPTIMIZER_EPS),
  ALPHA(UpdateKeys.OPTIMIZER_ALPHA),
  WEIGHT_DECAY(UpdateKeys.OPTIMIZER_WEIGHT_DECAY);

  private final ConfigKey<Double> key;

  Hyperparameter(ConfigKey<Double> key) {
    this.key = key;
  }

  /**
   * Its value in {@code config}, or the key's default when absent; an error names key and range.
   */
  double read(FlatConfig config) {
    return key.read(config);
  }

  /** {@code value}, or the error a read of it would give when it is outside the range. */
  double check(double value) {
    return key.check(value);
  }

  /** {@code optimizer.name} and each hyperparameter, as {@link Optimizer#settings()} gives them. */
  static Map<String, String> settings(String name, Map<Hyperparameter, Double> values) {
    Map<String, String> out = new TreeMap<>();
    out.put(UpdateKeys.OPTIMIZER_NAME.name(), name);
    values.forEach((h, v) -> out.put(h.key.name(), Double.toString(v)));
    return Map.copyOf(out);
  }
}
