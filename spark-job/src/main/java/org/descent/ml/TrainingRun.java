package org.descent.ml;

import java.util.List;
import org.descent.ps.train.EpochMetrics;

/**
 * What one {@code fit} did, for the model's training summary: the per-epoch metrics, the epoch
 * whose weights the model holds (by the early-stop metric, else the last), whether early stopping
 * ended the run, the fit's wall time, the rows skipped as bad and whether the blocks were sparse.
 */
record TrainingRun(
    List<EpochMetrics> history,
    int bestEpoch,
    boolean stoppedEarly,
    double wallTimeSeconds,
    long skippedRows,
    boolean sparseInput) {
  TrainingRun {
    history = List.copyOf(history);
  }
}
