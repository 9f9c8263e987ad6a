package org.descent.ps.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one epoch achieved. Validation fields are NaN without validation data; accuracy is NaN for
 * regression and MSE/MAE/R² are NaN for classifiers. F1 (weighted by class, MLlib's {@code f1}) is
 * NaN where the evaluation did not count (actual, predicted) pairs.
 */
public record EpochMetrics(
    int epoch,
    long steps,
    double trainLoss,
    double validationLoss,
    double validationAccuracy,
    double validationF1,
    double validationMse,
    double validationMae,
    double validationR2,
    double seconds)
    implements java.io.Serializable {

  /**
   * An epoch's metrics from its validation ({@code null}: none), the classifier's or the
   * regressor's fields filled and the others NaN: what every trainer reports.
   */
  public static EpochMetrics of(
      int epoch, long steps, double trainLoss, Evaluation val, boolean classifier, double seconds) {
    double nan = Double.NaN;
    if (val == null) {
      return new EpochMetrics(epoch, steps, trainLoss, nan, nan, nan, nan, nan, nan, seconds);
    }
    return new EpochMetrics(
        epoch,
        steps,
        trainLoss,
        val.loss(),
        classifier ? val.accuracy() : nan,
        classifier ? val.weightedF1() : nan,
        classifier ? nan : val.mse(),
        classifier ? nan : val.mae(),
        classifier ? nan : val.r2(),
        seconds);
  }

  /** The fields by their names, in declaration order: what metrics files and histories write. */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("epoch", epoch);
    m.put("steps", steps);
    m.put("trainLoss", trainLoss);
    m.put("validationLoss", validationLoss);
    m.put("validationAccuracy", validationAccuracy);
    m.put("validationF1", validationF1);
    m.put("validationMse", validationMse);
    m.put("validationMae", validationMae);
    m.put("validationR2", validationR2);
    m.put("seconds", seconds);
    return m;
  }
}
