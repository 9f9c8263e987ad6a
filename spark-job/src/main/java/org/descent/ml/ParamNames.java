package org.descent.ml;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one registry between a training key's dotted configuration name ({@code optimizer.lr}, what
 * properties files, {@code --set} and {@code setConfig} use) and its spark.ml Param name, an
 * identifier in MLlib's style ({@code stepSize}) that Python wrappers and Spark Connect clients can
 * expose as an attribute. Where MLlib has a Param of the same meaning its name is used ({@code
 * maxIter}, {@code stepSize}, {@code batchSize}, {@code seed}, {@code aggregationDepth}, {@code
 * nonnegative}); the others are short camel-case names of the key.
 */
final class ParamNames {
  private ParamNames() {}

  private static final Map<String, String> BY_KEY = new LinkedHashMap<>();
  private static final Map<String, String> BY_NAME = new LinkedHashMap<>();

  static {
    name("model.activation", "activation");
    name("model.leakySlope", "leakySlope");
    name("model.head", "head");
    name("model.batchNorm", "batchNorm");
    name("model.dropout", "dropout");
    name("model.ties", "ties");
    name("data.scaling", "scaling");
    name("data.scalingDivisor", "scalingDivisor");
    name("data.validationFraction", "validationFraction");
    name("data.standardizeTargets", "standardizeTargets");
    name("data.sparse", "sparseInput");
    name("data.onBadRecord", "onBadRecord");
    name("train.epochs", "maxIter"); // MLlib: maximum number of iterations (here: epochs)
    name("train.batchSize", "batchSize");
    name("train.seed", "seed");
    name("train.shuffle", "shuffle");
    name("train.patience", "patience");
    name("train.earlyStopMetric", "earlyStopMetric");
    name("train.earlyStopTol", "earlyStopTol");
    name("train.partitions", "numPartitions");
    name("train.aggregationDepth", "aggregationDepth");
    name("train.stepTransport", "stepTransport");
    name("optimizer.name", "optimizer");
    name("optimizer.lr", "stepSize"); // MLlib's name for the learning rate
    name("optimizer.momentum", "momentum");
    name("optimizer.beta1", "beta1");
    name("optimizer.beta2", "beta2");
    name("optimizer.eps", "epsilon");
    name("optimizer.alpha", "rmsDecay");
    name("optimizer.weightDecay", "weightDecay");
    name("regularization.l1", "l1Reg");
    name("regularization.l2", "l2Reg");
    name("regularization.biases", "regularizeBiases");
    name("clip.norm", "clipNorm");
    name("clip.value", "clipValue");
    name("constraint.nonNegative", "nonnegative"); // MLlib's spelling (ALS)
    name("constraint.maxNorm", "maxNorm");
    name("schedule.name", "lrSchedule");
    name("schedule.stepSize", "lrDecaySteps");
    name("schedule.gamma", "lrDecayFactor");
    name("schedule.minLr", "minLr");
    name("schedule.totalSteps", "lrScheduleSteps");
    name("schedule.warmupSteps", "warmupSteps");
    name("schedule.cycleSteps", "lrCycleSteps");
    name("schedule.cycleMult", "lrCycleMult");
  }

  private static void name(String key, String name) {
    if (BY_KEY.put(key, name) != null || BY_NAME.put(name, key) != null) {
      throw new IllegalStateException("duplicate Param name entry " + key + " / " + name);
    }
  }

  /**
   * The Param name of a training key. A key missing from the table (a new key not yet named here;
   * ParamNamesTest fails for it) gets its namespace and rest in camel case, so it still works.
   */
  static String of(String key) {
    String name = BY_KEY.get(key);
    if (name != null) {
      return name;
    }
    int dot = key.indexOf('.');
    return dot < 0
        ? key
        : key.substring(0, dot)
            + Character.toUpperCase(key.charAt(dot + 1))
            + key.substring(dot + 2).replace(".", "");
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

  /** Dotted key → Param name, in the order of the defaults file. */
  static Map<String, String> table() {
    return Collections.unmodifiableMap(BY_KEY);
  }
}
