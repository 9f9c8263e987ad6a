package org.descent.ml;

import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;

/**
 * One {@code fit} of either estimator: trains, measures the wall time for the training summary, and
 * gives the caller back the job description it had set (the trainer describes its own jobs).
 */
final class EstimatorFit {
  /** Spark's local property behind {@code setJobDescription}. */
  static final String JOB_DESCRIPTION = "spark.job.description";

  private EstimatorFit() {}

  record Result(TrainedNetwork trainedNetwork, TrainingRun run) {}

  static Result fit(
      Dataset<?> dataset, String featuresCol, String labelCol, DescentParams<?> params) {
    SparkContext sc = dataset.sparkSession().sparkContext();
    String description = sc.getLocalProperty(JOB_DESCRIPTION);
    long start = System.nanoTime();
    try {
      DescentTraining.Fitted fitted =
          DescentTraining.fit(dataset, featuresCol, labelCol, params, params.isRegressor());
      return new Result(
          fitted.trainedNetwork(),
          new TrainingRun(
              fitted.trainedNetwork().history(),
              fitted.bestEpoch(),
              fitted.stoppedEarly(),
              (System.nanoTime() - start) / 1e9,
              fitted.skippedRows(),
              fitted.sparseBlocks()));
    } finally {
      // null removes the property: a caller without a description gets none back.
      sc.setLocalProperty(JOB_DESCRIPTION, description);
    }
  }
}
