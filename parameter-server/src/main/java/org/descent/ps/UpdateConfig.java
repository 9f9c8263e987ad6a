package org.descent.ps;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.descent.nn.Names;
import org.descent.nn.ParameterLayout;
import org.descent.ps.config.ConfigKey;
import org.descent.ps.config.ConfigKeys;

/**
 * Everything that decides how a gradient becomes the next weights, read from flat keys (the names a
 * properties file and the command line use): the optimiser and its hyperparameters, the
 * learning-rate schedule, regularisation, clipping and constraints. Immutable.
 *
 * <p>Keys in the namespaces {@code optimizer.}, {@code regularization.}, {@code schedule.}, {@code
 * clip.} and {@code constraint.} must be known ({@link #KEYS}); an unknown one is an error with the
 * nearest valid name. Other namespaces ({@code model.}, {@code train.}, …) are left to their
 * owners. Every known key's value is type-checked even when the chosen optimiser or schedule does
 * not use it. Defaults: adam with lr 0.001, constant schedule, no regularisation, clipping or
 * constraints.
 */
public final class UpdateConfig {

  /** The namespaces this class owns. */
  public static final List<String> NAMESPACES =
      List.of("optimizer.", "regularization.", "schedule.", "clip.", "constraint.");

  /** Every key this class reads, by name (sorted), from the registry. */
  private static final Map<String, ConfigKey<?>> TYPES = types();

  /** Every key this class reads. */
  public static final Set<String> KEYS = Collections.unmodifiableSet(TYPES.keySet());

  private final FlatConfig optimizerSettings;
  private final String optimizerName;
  private final LearningRateSchedule schedule;
  private final Regularization regularization;
  private final GradientClipping clipping;
  private final WeightConstraints constraints;

  private UpdateConfig(FlatConfig c) {
    checkKeysAndTypes(c);
    Optimizer optimizer = Optimizer.fromConfig(c, null); // validates its hyperparameters
    this.optimizerName = optimizer.name();
    this.optimizerSettings = FlatConfig.of(optimizer.settings());
    this.schedule = LearningRateSchedule.fromConfig(c);
    this.regularization = Regularization.fromConfig(c);
    this.clipping = GradientClipping.fromConfig(c);
    this.constraints = WeightConstraints.fromConfig(c);
  }

  /** The configuration described by {@code settings}; keys outside {@link #NAMESPACES} ignored. */
  public static UpdateConfig fromMap(Map<String, String> settings) {
    return new UpdateConfig(FlatConfig.of(settings));
  }

  /** Adam, lr 0.001, constant schedule, nothing else. */
  public static UpdateConfig defaults() {
    return fromMap(Map.of());
  }

  /**
   * The resolved settings, defaults included, of every key that applies to this configuration
   * (sorted). {@code fromMap(toMap())} is an equal configuration; numbers are written so that they
   * parse back to the same double.
   */
  public Map<String, String> toMap() {
    Map<String, String> out = new TreeMap<>(optimizerSettings.asMap());
    out.putAll(schedule.settings());
    out.putAll(regularization.settings());
    out.putAll(clipping.settings());
    out.putAll(constraints.settings());
    return Collections.unmodifiableMap(out);
  }

  /** A new optimiser instance; {@code layout} gives LAMB its layers (may be null otherwise). */
  public Optimizer optimizer(ParameterLayout layout) {
    return Optimizer.fromConfig(optimizerSettings, layout);
  }

  public String optimizerName() {
    return optimizerName;
  }

  public LearningRateSchedule schedule() {
    return schedule;
  }

  public Regularization regularization() {
    return regularization;
  }

  public GradientClipping clipping() {
    return clipping;
  }

  public WeightConstraints constraints() {
    return constraints;
  }

  private static void checkKeysAndTypes(FlatConfig c) {
    String[] known = TYPES.keySet().toArray(new String[0]);
    for (Map.Entry<String, String> e : c.asMap().entrySet()) {
      String key = e.getKey();
      String namespace = NAMESPACES.stream().filter(key::startsWith).findFirst().orElse(null);
      if (namespace == null) {
        continue;
      }
      ConfigKey<?> type = TYPES.get(key);
      if (type == null) {
        throw new InvalidConfigException(
            key,
            "unknown key '"
                + key
                + "'"
                + Names.suggestion(key, known)
                + "; the keys under "
                + namespace
                + " are "
                + String.join(
                    ", ", TYPES.keySet().stream().filter(k -> k.startsWith(namespace)).toList()));
      }
      // The type only: each reader checks its own range (and gives its own message) later.
      switch (type.type()) {
        case NUMBER -> c.number(key, 0, FlatConfig.Range.NON_NEGATIVE);
        case INT, LONG -> c.whole(key, 0, 0);
        case FLAG -> c.flag(key, false);
        case TEXT -> {}
      }
    }
  }

  private static Map<String, ConfigKey<?>> types() {
    Map<String, ConfigKey<?>> t = new TreeMap<>();
    for (ConfigKey<?> k : ConfigKeys.all()) {
      if (NAMESPACES.stream().anyMatch(k.name()::startsWith)) {
        t.put(k.name(), k);
      }
    }
    return Collections.unmodifiableMap(t);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UpdateConfig u && toMap().equals(u.toMap());
  }

  @Override
  public int hashCode() {
    return toMap().hashCode();
  }

  @Override
  public String toString() {
    return "UpdateConfig" + toMap();
  }
}
