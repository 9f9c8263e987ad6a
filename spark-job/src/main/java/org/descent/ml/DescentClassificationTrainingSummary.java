package org.descent.ml;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.descent.ps.train.EpochMetrics;

/**
 * The training summary of a {@link DescentClassificationModel}: the run ({@link
 * DescentTrainingSummary}) and MLlib's classification metrics on the DataFrame given to {@code fit}
 * (all its rows, the ones held out for per-epoch validation included).
 */
public final class DescentClassificationTrainingSummary extends DescentClassificationSummary
    implements DescentTrainingSummary {
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
  public List<EpochMetrics> history() {
    return run.history();
  }

  @Override
  public int bestEpoch() {
    return run.bestEpoch();
  }

  @Override
  public boolean stoppedEarly() {
    return run.stoppedEarly();
  }

  @Override
  public double wallTimeSeconds() {
    return run.wallTimeSeconds();
  }

  @Override
  public long skippedRows() {
    return run.skippedRows();
  }

  @Override
  public boolean sparseInput() {
    return run.sparseInput();
  }
}
