package org.descent.ml;

/**
 * The training summary of a {@link DescentRegressionModel} (see {@link DescentTrainingSummary}).
 */
public final class DescentRegressionTrainingSummary implements TrainingRunSummary {
  private final TrainingRun run;

  DescentRegressionTrainingSummary(TrainingRun run) {
    this.run = run;
  }

  @Override
  public TrainingRun run() {
    return run;
  }
}
