package org.descent.ml;

import java.util.List;
import org.descent.ps.train.EpochMetrics;

/**
 * The base of both training summaries: each answers {@link DescentTrainingSummary} from the {@link
 * TrainingRun} of its fit. An interface, because the classification summary already extends {@link
 * DescentClassificationSummary}.
 */
interface TrainingRunSummary extends DescentTrainingSummary {

  /** What the fit did. */
  TrainingRun run();

  @Override
  default List<EpochMetrics> history() {
    return run().history();
  }

  @Override
  default int bestEpoch() {
    return run().bestEpoch();
  }

  @Override
  default boolean stoppedEarly() {
    return run().stoppedEarly();
  }

  @Override
  default double wallTimeSeconds() {
    return run().wallTimeSeconds();
  }

  @Override
  default long skippedRows() {
    return run().skippedRows();
  }

  @Override
  default boolean sparseInput() {
    return run().sparseInput();
  }
}
