package org.descent.ps;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.descent.nn.Names;
import org.descent.nn.ParameterLayout;

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
  public static final String OPTIMIZER_NAME = "optimizer.name";
  public static final String OPTIMIZER_LR = "optimizer.lr";
  public static final String OPTIMIZER_MOMENTUM = "optimizer.momentum";
  public static final String OPTIMIZER_BETA1 = "optimizer.beta1";
  public static final String OPTIMIZER_BETA2 = "optimizer.beta2";
  public static final String OPTIMIZER_EPS = "optimizer.eps";
  public static final String OPTIMIZER_ALPHA = "optimizer.alpha";
  public static final String OPTIMIZER_WEIGHT_DECAY = "optimizer.weightDecay";
  public static final String REGULARIZATION_L1 = "regularization.l1";
  public static final String REGULARIZATION_L2 = "regularization.l2";
  public static final String REGULARIZATION_BIASES = "regularization.biases";
  public static final String CLIP_NORM = "clip.norm";
  public static final String CLIP_VALUE = "clip.value";
  public static final String CONSTRAINT_NON_NEGATIVE = "constraint.nonNegative";
  public static final String CONSTRAINT_MAX_NORM = "constraint.maxNorm";
  public static final String SCHEDULE_NAME = "schedule.name";
  public static final String SCHEDULE_STEP_SIZE = "schedule.stepSize";
  public static final String SCHEDULE_GAMMA = "schedule.gamma";
  public static final String SCHEDULE_MIN_LR = "schedule.minLr";
  public static final String SCHEDULE_TOTAL_STEPS = "schedule.totalSteps";
  public static final String SCHEDULE_WARMUP_STEPS = "schedule.warmupSteps";
  public static final String SCHEDULE_CYCLE_STEPS = "schedule.cycleSteps";
  public static final String SCHEDULE_CYCLE_MULT = "schedule.cycleMult";

  /** The namespaces this class owns. */
  public static final List<String> NAMESPACES =
      List.of("optimizer.", "regularization.", "schedule.", "clip.", "constraint.");

  private enum Type {
    NAME,
    NUMBER,
    WHOLE,
    FLAG
  }

  private static final Map<String, Type> TYPES = types();

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
      Type type = TYPES.get(key);
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
      switch (type) {
        case NUMBER -> c.number(key, 0, FlatConfig.Range.NON_NEGATIVE);
        case WHOLE -> c.whole(key, 0, 0);
        case FLAG -> c.flag(key, false);
        case NAME -> {}
      }
    }
  }

  private static Map<String, Type> types() {
    Map<String, Type> t = new TreeMap<>();
    for (String k : Arrays.asList(OPTIMIZER_NAME, SCHEDULE_NAME)) {
      t.put(k, Type.NAME);
    }
    for (String k :
        Arrays.asList(
            OPTIMIZER_LR,
            OPTIMIZER_MOMENTUM,
            OPTIMIZER_BETA1,
            OPTIMIZER_BETA2,
            OPTIMIZER_EPS,
            OPTIMIZER_ALPHA,
            OPTIMIZER_WEIGHT_DECAY,
            REGULARIZATION_L1,
            REGULARIZATION_L2,
            CLIP_NORM,
            CLIP_VALUE,
            CONSTRAINT_MAX_NORM,
            SCHEDULE_GAMMA,
            SCHEDULE_MIN_LR,
            SCHEDULE_CYCLE_MULT)) {
      t.put(k, Type.NUMBER);
    }
    for (String k :
        Arrays.asList(
            SCHEDULE_STEP_SIZE,
            SCHEDULE_TOTAL_STEPS,
            SCHEDULE_WARMUP_STEPS,
            SCHEDULE_CYCLE_STEPS)) {
      t.put(k, Type.WHOLE);
    }
    for (String k : Arrays.asList(REGULARIZATION_BIASES, CONSTRAINT_NON_NEGATIVE)) {
      t.put(k, Type.FLAG);
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
