package org.descent.ps.train;

import org.descent.ps.FlatConfig;
import org.descent.ps.InvalidConfigException;
import org.descent.ps.config.TrainKeys;

/**
 * The validation metric early stopping watches ({@code train.earlyStopMetric}) and what counts as
 * an improvement ({@code train.earlyStopTol}). Each metric is turned into a score where lower is
 * better, so {@link BestWeights} compares one number whatever the metric.
 */
public enum EarlyStopMetric {
  /** The mean data loss of the validation rows (every head). */
  LOSS,
  /** The share of validation rows classified right (classifiers). */
  ACCURACY,
  /**
   * F1 averaged over the classes weighted by their share of the validation rows: MLlib's {@code
   * MulticlassClassificationEvaluator} metric {@code f1} (classifiers).
   */
  F1,
  /** Root mean squared error in the target's own units (regressors). */
  RMSE;

  public static final String KEY = TrainKeys.EARLY_STOP_METRIC.name();
  public static final String TOL_KEY = TrainKeys.EARLY_STOP_TOL.name();

  /**
   * The configured metric, refused with a one-line error when it does not fit the head: accuracy
   * and f1 need a classifier, rmse a regressor.
   */
  public static EarlyStopMetric of(FlatConfig conf, boolean classification) {
    String name = TrainKeys.EARLY_STOP_METRIC.read(conf);
    EarlyStopMetric m = valueOf(name.toUpperCase(java.util.Locale.ROOT));
    if (classification && m == RMSE) {
      throw new InvalidConfigException(
          KEY, KEY + "=rmse is a regression metric; a classifier stops on loss, accuracy or f1");
    }
    if (!classification && (m == ACCURACY || m == F1)) {
      throw new InvalidConfigException(
          KEY, KEY + "=" + name + " is a classification metric; a regressor stops on loss or rmse");
    }
    return m;
  }

  /** {@code train.earlyStopTol}: the least gain (≥ 0, in the metric's units) that is a gain. */
  public static double tol(FlatConfig conf) {
    return TrainKeys.EARLY_STOP_TOL.read(conf);
  }

  /** The metric's value on {@code e}, as reported (accuracy 0.93, not −0.93). */
  public double value(Evaluation e) {
    return switch (this) {
      case LOSS -> e.loss();
      case ACCURACY -> e.accuracy();
      case F1 -> e.weightedF1();
      case RMSE -> Math.sqrt(e.mse());
    };
  }

  /** Lower is better: the value, negated for the metrics where higher is better. */
  public double score(Evaluation e) {
    double v = value(e);
    return this == ACCURACY || this == F1 ? -v : v;
  }

  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
