package org.descent.ml;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.descent.ps.config.ConfigKey;
import org.descent.ps.config.DataKeys;
import org.descent.ps.config.ModelKeys;
import org.descent.ps.config.TrainKeys;
import org.descent.ps.config.UpdateKeys;

/**
 * The one registry between a training key's dotted configuration name ({@code optimizer.lr}, what
 * properties files, {@code --set} and {@code setConfig} use) and its spark.ml Param name, an
 * identifier in MLlib's style ({@code stepSize}) that Python wrappers and Spark Connect clients can
 * expose as an attribute. Where MLlib has a Param of the same meaning its name is used ({@code
 * maxIter}, {@code stepSize}, {@code batchSize}, {@code seed}, {@code aggregationDepth}, {@code
 * nonnegative}); the others are short camel-case names of the key. The table is also the list of
 * keys that are Params: a registry key ({@link org.descent.ps.config.ConfigKeys}) missing here
 * belongs to the command-line job (files, checkpoints, logging) and is not a Param.
 */
final class ParamNames {
  private ParamNames() {}

  private static final Map<String, String> BY_KEY = new LinkedHashMap<>();
  private static final Map<String, String> BY_NAME = new LinkedHashMap<>();

  static {
    name(ModelKeys.ACTIVATION, "activation");
    name(ModelKeys.LEAKY_SLOPE, "leakySlope");
    name(ModelKeys.HEAD, "head");
    name(ModelKeys.BATCH_NORM, "batchNorm");
    name(ModelKeys.DROPOUT, "dropout");
    name(ModelKeys.TIES, "ties");
    name(DataKeys.SCALING, "scaling");
    name(DataKeys.SCALING_DIVISOR, "scalingDivisor");
    name(DataKeys.VALIDATION_FRACTION, "validationFraction");
    name(DataKeys.STANDARDIZE_TARGETS, "standardizeTargets");
    name(DataKeys.SPARSE, "sparseInput");
    name(DataKeys.ON_BAD_RECORD, "onBadRecord");
    name(TrainKeys.EPOCHS, "maxIter"); // MLlib: maximum number of iterations (here: epochs)
    name(TrainKeys.BATCH_SIZE, "batchSize");
    name(TrainKeys.SEED, "seed");
    name(TrainKeys.SHUFFLE, "shuffle");
    name(TrainKeys.PATIENCE, "patience");
    name(TrainKeys.EARLY_STOP_METRIC, "earlyStopMetric");
    name(TrainKeys.EARLY_STOP_TOL, "earlyStopTol");
    name(TrainKeys.PARTITIONS, "numPartitions");
    name(TrainKeys.AGGREGATION_DEPTH, "aggregationDepth");
    name(TrainKeys.STEP_TRANSPORT, "stepTransport");
    name(UpdateKeys.OPTIMIZER_NAME, "optimizer");
    name(UpdateKeys.OPTIMIZER_LR, "stepSize"); // MLlib's name for the learning rate
    name(UpdateKeys.OPTIMIZER_MOMENTUM, "momentum");
    name(UpdateKeys.OPTIMIZER_BETA1, "beta1");
    name(UpdateKeys.OPTIMIZER_BETA2, "beta2");
    name(UpdateKeys.OPTIMIZER_EPS, "epsilon");
    name(UpdateKeys.OPTIMIZER_ALPHA, "rmsDecay");
    name(UpdateKeys.OPTIMIZER_WEIGHT_DECAY, "weightDecay");
    name(UpdateKeys.REGULARIZATION_L1, "l1Reg");
    name(UpdateKeys.REGULARIZATION_L2, "l2Reg");
    name(UpdateKeys.REGULARIZATION_BIASES, "regularizeBiases");
    name(UpdateKeys.CLIP_NORM, "clipNorm");
    name(UpdateKeys.CLIP_VALUE, "clipValue");
    name(UpdateKeys.CONSTRAINT_NON_NEGATIVE, "nonnegative"); // MLlib's spelling (ALS)
    name(UpdateKeys.CONSTRAINT_MAX_NORM, "maxNorm");
    name(UpdateKeys.SCHEDULE_NAME, "lrSchedule");
    name(UpdateKeys.SCHEDULE_STEP_SIZE, "lrDecaySteps");
    name(UpdateKeys.SCHEDULE_GAMMA, "lrDecayFactor");
    name(UpdateKeys.SCHEDULE_MIN_LR, "minLr");
    name(UpdateKeys.SCHEDULE_TOTAL_STEPS, "lrScheduleSteps");
    name(UpdateKeys.SCHEDULE_WARMUP_STEPS, "warmupSteps");
    name(UpdateKeys.SCHEDULE_CYCLE_STEPS, "lrCycleSteps");
    name(UpdateKeys.SCHEDULE_CYCLE_MULT, "lrCycleMult");
  }

  private static void name(ConfigKey<?> key, String name) {
    if (BY_KEY.put(key.name(), name) != null || BY_NAME.put(name, key.name()) != null) {
      throw new IllegalStateException("duplicate Param name entry " + key + " / " + name);
    }
  }

  /**
   * Whether {@code key} is a training key, hence a Param: whether this table names it. The others
   * ({@code model.layers}, which comes from hiddenLayers and the data; files, checkpoints, logging)
   * belong to the command-line job.
   */
  static boolean isParamKey(String key) {
    return BY_KEY.containsKey(key);
  }

  /** The Param name of a training key ({@code key} itself for a key that is not a Param). */
  static String of(String key) {
    return BY_KEY.getOrDefault(key, key);
  }

  /** The dotted key of a Param name, or null when {@code name} names no training key. */
  static String keyOf(String name) {
    return BY_NAME.get(name);
  }

  /**
   * The Param name for {@code nameOrKey}: a dotted training key becomes its Param name, anything
   * else (a Param name, Spark's own {@code featuresCol}) is returned as it is.
   */
  static String resolve(String nameOrKey) {
    String name = BY_KEY.get(nameOrKey);
    return name != null ? name : nameOrKey;
  }

  /** Dotted key → Param name, in registry order. */
  static Map<String, String> table() {
    return Collections.unmodifiableMap(BY_KEY);
  }
}
