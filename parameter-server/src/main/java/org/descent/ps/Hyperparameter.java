package org.descent.ps;

import java.util.Map;
import java.util.TreeMap;
import org.descent.ps.config.ConfigKey;
import org.descent.ps.config.UpdateKeys;

/**
 * The optimisers' hyperparameters, each over its key of {@link UpdateKeys} (which declares the
 * valid range): an optimiser reads and checks them here, with its own default (eps is 1e-8 for
 * Adam, 1e-10 for AdaGrad, 1e-6 for LAMB).
 */
enum Hyperparameter {
  MOMENTUM(UpdateKeys.OPTIMIZER_MOMENTUM),
  BETA1(UpdateKeys.OPTIMIZER_BETA1),
  BETA2(UpdateKeys.OPTIMIZER_BETA2),
  EPS(UpdateKeys.OPTIMIZER_EPS),
  ALPHA(UpdateKeys.OPTIMIZER_ALPHA),
  WEIGHT_DECAY(UpdateKeys.OPTIMIZER_WEIGHT_DECAY);

  private final String key;
  private final FlatConfig.Range range;

  Hyperparameter(ConfigKey<Double> key) {
    this.key = key.name();
    this.range = key.range();
  }

  /** Its value in {@code config}, or {@code fallback} when absent; an error names key and range. */
  double read(FlatConfig config, double fallback) {
    return config.number(key, fallback, range);
  }

  /** {@code value}, or the error a read of it would give when it is outside the range. */
  double check(double value) {
    return FlatConfig.checkRange(key, value, range);
  }

  /** {@code optimizer.name} and each hyperparameter, as {@link Optimizer#settings()} gives them. */
  static Map<String, String> settings(String name, Map<Hyperparameter, Double> values) {
    Map<String, String> out = new TreeMap<>();
    out.put(UpdateKeys.OPTIMIZER_NAME.name(), name);
    values.forEach((h, v) -> out.put(h.key, Double.toString(v)));
    return Map.copyOf(out);
  }
}
