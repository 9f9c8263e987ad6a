package org.descent.ps;

import java.util.Map;
import java.util.TreeMap;
import org.descent.ps.FlatConfig.Range;

/**
 * The optimisers' hyperparameters, each key with its valid range declared once: an optimiser reads
 * and checks them here, with its own default (eps is 1e-8 for Adam, 1e-10 for AdaGrad, 1e-6 for
 * LAMB).
 */
enum Hyperparameter {
  MOMENTUM(UpdateConfig.OPTIMIZER_MOMENTUM, Range.DECAY_RATE),
  BETA1(UpdateConfig.OPTIMIZER_BETA1, Range.DECAY_RATE),
  BETA2(UpdateConfig.OPTIMIZER_BETA2, Range.DECAY_RATE),
  EPS(UpdateConfig.OPTIMIZER_EPS, Range.POSITIVE),
  ALPHA(UpdateConfig.OPTIMIZER_ALPHA, Range.DECAY_RATE),
  WEIGHT_DECAY(UpdateConfig.OPTIMIZER_WEIGHT_DECAY, Range.NON_NEGATIVE);

  private final String key;
  private final Range range;

  Hyperparameter(String key, Range range) {
    this.key = key;
    this.range = range;
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
    out.put(UpdateConfig.OPTIMIZER_NAME, name);
    values.forEach((h, v) -> out.put(h.key, Double.toString(v)));
    return Map.copyOf(out);
  }
}
