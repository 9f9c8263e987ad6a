package org.descent.ml;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.descent.ps.train.EpochMetrics;

/**
 * What a Descent model's training run did, as MLlib's training summaries say it: {@link
 * #objectiveHistory()} (the training loss of each epoch), {@link #totalIterations()} (optimiser
 * steps), the validation metrics of each epoch, the epochs run, the best epoch and the wall time. A
 * model has one right after {@code fit} ({@code model.hasSummary()}); a loaded model keeps its
 * per-epoch history ({@code trainingHistory()}) but not a summary, as in MLlib.
 */
public interface DescentTrainingSummary {

  /** One entry per epoch run, in order. */
  List<EpochMetrics> history();

  /**
   * The epoch (from 1) whose weights the model holds: best by {@code earlyStopMetric} on the
   * validation rows, else the last.
   */
  int bestEpoch();

  /** Whether early stopping ({@code patience}) ended the run before {@code maxIter} epochs. */
  boolean stoppedEarly();

  /** Seconds from the start of {@code fit} to the trained model, packing the data included. */
  double wallTimeSeconds();

  /** Rows left out as unusable under {@code onBadRecord=skip} (0 under fail). */
  long skippedRows();

  /**
   * Whether the rows trained as CSR blocks through the sparse first layer ({@code sparseInput}),
   * rather than densified.
   */
  boolean sparseInput();

  /** The training loss of each epoch (the mean minibatch loss, as MLlib's objective history). */
  default double[] objectiveHistory() {
    return history().stream().mapToDouble(EpochMetrics::trainLoss).toArray();
  }

  /** The number of epochs run (fewer than {@code maxIter} when early stopping ended the run). */
  default int epochsRun() {
    return history().size();
  }

  /** The optimiser steps taken over the whole run (MLlib's {@code totalIterations}). */
  default long totalIterations() {
    return history().stream().mapToLong(EpochMetrics::steps).sum();
  }

  /**
   * The validation metrics of each epoch, one array (one entry per epoch) per metric tracked:
   * {@code loss}, {@code accuracy} and {@code f1} (weighted by class, MLlib's) for a classifier,
   * {@code loss}, {@code mse}, {@code rmse}, {@code mae} and {@code r2} for a regressor — every
   * metric {@code earlyStopMetric} can stop on; empty when no rows were held out ({@code
   * validationFraction=0}).
   */
  default Map<String, double[]> validationHistory() {
    Map<String, ToDoubleFunction<EpochMetrics>> metrics = new LinkedHashMap<>();
    metrics.put("loss", EpochMetrics::validationLoss);
    metrics.put("accuracy", EpochMetrics::validationAccuracy);
    metrics.put("f1", EpochMetrics::validationF1);
    metrics.put("mse", EpochMetrics::validationMse);
    metrics.put("rmse", m -> Math.sqrt(m.validationMse()));
    metrics.put("mae", EpochMetrics::validationMae);
    metrics.put("r2", EpochMetrics::validationR2);
    Map<String, double[]> tracked = new LinkedHashMap<>();
    for (Map.Entry<String, ToDoubleFunction<EpochMetrics>> m : metrics.entrySet()) {
      double[] values = history().stream().mapToDouble(m.getValue()).toArray();
      // A metric that does not apply (accuracy of a regressor) or was not measured is NaN
      // throughout.
      for (double v : values) {
        if (!Double.isNaN(v)) {
          tracked.put(m.getKey(), values);
          break;
        }
      }
    }
    return tracked;
  }

  /**
   * The validation history of one metric, e.g. {@code validationHistory("accuracy")}; an untracked
   * metric is an error listing the tracked ones.
   */
  default double[] validationHistory(String metric) {
    Map<String, double[]> tracked = validationHistory();
    double[] values = tracked.get(metric);
    if (values == null) {
      throw new IllegalArgumentException(
          "no validation history for '"
              + metric
              + "': this run tracked "
              + (tracked.isEmpty()
                  ? "no validation metrics (validationFraction=0 held no rows out)"
                  : tracked.keySet()));
    }
    return values;
  }
}
