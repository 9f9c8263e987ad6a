package org.descent.ml;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The training summary of a {@link DescentClassificationModel}: the run ({@link
 * DescentTrainingSummary}) and MLlib's classification metrics on the DataFrame given to {@code fit}
 * (all its rows, the ones held out for per-epoch validation included).
 */
public final class DescentClassificationTrainingSummary extends DescentClassificationSummary
    implements TrainingRunSummary {
  private final TrainingRun run;

  DescentClassificationTrainingSummary(
      TrainingRun run,
      Dataset<Row> predictions,
      String predictionCol,
      String labelCol,
      String weightCol) {
    super(predictions, predictionCol, labelCol, weightCol);
    this.run = run;
  }

  @Override
  public TrainingRun run() {
    return run;
  }
}
