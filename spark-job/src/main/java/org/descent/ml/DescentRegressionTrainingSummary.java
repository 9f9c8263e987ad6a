package org.descent.ml;

import java.util.List;
import org.descent.ps.train.EpochMetrics;

/**
 * The training summary of a {@link DescentRegressionModel} (see {@link DescentTrainingSummary}).
 */
public final class DescentRegressionTrainingSummary implements DescentTrainingSummary {
  private final TrainingRun run;

  DescentRegressionTrainingSummary(TrainingRun run) {
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
